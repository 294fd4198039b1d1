"""SOT901: the flake8 plugin's own code — the policy cannot be used, so nothing was checked.

An editor shows flake8's diagnostics and hides its stderr: a plugin that stopped flake8 on a
broken policy left the editor silent, as if the code were fine. The plugin reports the reason
as a diagnostic instead, once per checked file, at its first line. ``ssot check`` and
``lint-imports`` say the same on their own terms (exit status 2, a configuration error), so
no engine check decides this rule: it is registered for its code, name and docs.
"""

from __future__ import annotations

from importlinter_ssot.domain.findings import Severity
from importlinter_ssot.domain.rule_definition import Example, Rule, RuleDoc, Scope

UNUSABLE_POLICY = Rule(
    code="SOT901",
    name="unusable-policy",
    severity=Severity.ERROR,
    scope=Scope.FILE,
    summary="the flake8 plugin's own: the policy or its settings cannot be used, so nothing was checked",
    messages={
        "policy": "policy has errors: {problem}{more}; nothing checked",
        "settings": "{problem}; nothing checked",
    },
    doc=RuleDoc(
        what="""\
Reported by the flake8 plugin only, at line 1, column 1 of every file flake8 checks, when the
plugin cannot apply its policy: a policy file that is missing, is not valid TOML or has
errors (the first one is named, located, with how many more there are), a root package the
policy names that does not exist, a broken `[tool.ssot]` in pyproject.toml, or an invalid
`--ssot-today`. Nothing else is reported by the plugin until the problem is fixed; every
problem is also listed on flake8's stderr.""",
        why="""\
Editors show diagnostics, not flake8's stderr. Were the plugin to stop flake8, or to stay
quiet, a broken policy would look exactly like clean code.""",
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
            "A project without any policy is not an error: the plugin stays silent there.",
        ),
        reported_by="Scope: one file. The flake8 plugin's own code: not reported by `ssot check` or `lint-imports`.",
    ),
)
