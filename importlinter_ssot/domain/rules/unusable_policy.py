"""SOT901: the editors' own code (flake8 plugin, language server) — the policy cannot be used, nothing was checked.

An editor shows flake8's diagnostics and hides its stderr: a plugin that stopped flake8 on a
broken policy left the editor silent, as if the code were fine. The plugin reports the reason
as a diagnostic instead, once per checked file, at its first line; the language server does
the same for each open Python file, besides a diagnostic at the key in the policy file.
``ssot check`` and ``lint-imports`` say the same on their own terms (exit status 2, a
configuration error), so no engine check decides this rule: it is registered for its code,
name and docs.
"""

from __future__ import annotations

from importlinter_ssot.domain.findings import Severity
from importlinter_ssot.domain.rule_definition import Example, Rule, RuleDoc, Scope

UNUSABLE_POLICY = Rule(
    code="SOT901",
    name="unusable-policy",
    severity=Severity.ERROR,
    scope=Scope.FILE,
    summary="the editors' own (flake8 plugin, language server): the policy or its settings cannot be used, "
    "so nothing was checked",
    messages={
        # The place in words, never `path:line:col:`: editors' flake8 parsers (pylsp's) take the last
        # such text of a line for the diagnostic's own place and code.
        "policy": "policy has errors: {place}: {problem}{more}; nothing checked",
        "settings": "{problem}; nothing checked",
    },
    doc=RuleDoc(
        what="""\
Reported by the flake8 plugin at line 1, column 1 of every file flake8 checks — and by the
language server at the top of each open Python file, and at the key in the policy file
itself — when the policy cannot be applied: a policy file that is missing, is not valid TOML or has
errors (the first one is named, located, with how many more there are), a root package the
policy names that does not exist, a broken `[tool.ssot]` in pyproject.toml, or an invalid
`--ssot-today` (for the language server, also a baseline that cannot be read). Nothing else is
reported until the problem is fixed; the plugin also lists every problem on flake8's stderr,
the server shows each one in its file, at its key.""",
        why="""\
Editors show diagnostics, not flake8's stderr or a server's log. Were the plugin to stop
flake8, or an editor's front end to stay quiet, a broken policy would look exactly like clean
code.""",
        example=Example(
            before="A policy with a bad date and a misspelt key "
            "([docs/examples/project/broken/ssot.toml](examples/project/broken/ssot.toml)):",
            files=(),
            args=("--select", "SOT", "--ssot-policy", "broken/ssot.toml", "chat/routes/lobby.py"),
            today="2026-06-01",
            tool="flake8",
        ),
        instead="""\
Fix the policy: `ssot check --policy FILE` lists every problem, located, the same way.""",
        notes=(
            "`ssot check` and `lint-imports` never report SOT901: they stop with exit status 2 (a configuration "
            "error for `lint-imports`) and list the problems.",
            "A project without any policy is not an error: the plugin and the server stay silent there.",
            "The message names the problem's place in words (`broken/ssot.toml, line 9, column 49`), never as "
            "`path:line:col:`, which editors' flake8 parsers would take for the diagnostic's own place.",
        ),
        reported_by="Scope: one file. The editors' own code (the flake8 plugin, `ssot server`): not reported by "
        "`ssot check` or `lint-imports`.",
    ),
)
