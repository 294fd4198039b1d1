"""SOT900: a file that cannot be read, decoded or parsed, so no other rule can vouch for it."""

from __future__ import annotations

from collections.abc import Iterator

from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.rule_definition import Example, Rule, RuleDoc, Scope
from importlinter_ssot.domain.rules.checks import FileCheck, Needles
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.source import ParsedSource, SourceFile

UNREADABLE_FILE = Rule(
    code="SOT900",
    name="unreadable-file",
    severity=Severity.ERROR,
    scope=Scope.FILE,
    summary="a file that may matter to a policy and cannot be read, decoded or parsed",
    messages={"failure": "{reason}"},
    # The report's numbers come from what files import: those it could not read are missing from them.
    report_note="{count} file(s) could not be read or parsed ({code}); what they import is not counted.",
    doc=RuleDoc(
        what="""\
Flags a checked file that *may matter* to a policy and cannot be read, decoded as Python
decodes it (PEP 263 coding cookie, BOM, else strict UTF-8) or parsed by the running
interpreter. One finding per file, at the error's line (and column, when known). Every
other file is still checked.

Whether a file may matter is decided from its content alone, exactly so. The *needles* of
a policy are: every governed name and alias, the longest literal run of the last dotted
segment of every `[[module]]` name, the longest literal run of every `[[duplicates]]`
pattern, and `install_shim` (the helper a generated shim calls, SOT041); a rule whose
literal run is empty (e.g. pattern `*`) makes every file matter. A file may matter when

1. its bytes contain a needle; or
2. it has a non-ASCII byte or `coding` in one of its first two lines (Python normalises
   identifiers with NFKC, and a cookie changes how bytes read), and its text — decoded as
   Python decodes source (cookie/BOM, else UTF-8) and NFKC-normalised — contains a needle; or
3. it cannot be read or decoded at all.

Files that cannot matter are not parsed at all — but for what SOT040 reads: a deprecated
module's own file and files that spell `warnings`, `DeprecationWarning` or `install_shim`
are analysed for the warnings they give, and never draw SOT900 unless they may matter.""",
        why="""\
`ssot` is a policy checker, not a syntax checker. SOT900 exists so that no violation hides
in a file that could not be analysed — and a file that cannot hold a finding cannot hide
one. Checking the syntax of every file is the job of ruff, flake8 (E999) or `compileall`,
which already report every syntax error.""",
        example=Example(
            files=("chat/scripts/migrate.py",),
            today="2026-06-01",
            after="""\
Other real SOT900 messages (Python 3.11): `cannot decode file: unknown encoding: klingon`,
`cannot parse file: too many nested parentheses`, `cannot decode file: invalid or missing
encoding declaration`, `cannot parse file: source code string cannot contain null bytes`.""",
        ),
        instead="""\
Fix the file —

```python
from chat.websocket_core.websocket_manager import WebSocketManager


def migrate():
    return WebSocketManager()
```

— or, for files that are not meant to be Python source (templates, fixtures of broken code),
exclude them with `[policy] exclude`.""",
        notes=(
            "JSON: `symbol` and `replacement` are `null`.",
            "The parser is the interpreter running `ssot`: run it with a Python at least as new as the "
            "syntax your code uses.",
            "Files in directories without `__init__.py` are checked too (as `chat/scripts/` above).",
            "A broken file that names nothing a policy governs is not reported: it cannot hide a finding. "
            "The example file names `WebSocketManager`, so it may matter.",
            "With several policies covering the file, it is reported once.",
            "Under flake8 a file that does not parse is flake8's own E999, so the plugin never reports SOT900.",
        ),
        options=("policy.exclude",),
    ),
)


def _check(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> Iterator[Finding]:
    if parsed.failure is not None:
        yield Finding(
            path=source.path,
            line=parsed.failure.position.line,
            column=parsed.failure.position.column,
            rule=UNREADABLE_FILE,
            message=UNREADABLE_FILE.message("failure", reason=parsed.failure.message),
            policy=context.policy.name,
        )


def _no_needles(policy: Policy) -> Needles:
    # Decided for the files that matter to the other rules, never a reason to read one.
    return frozenset()


CHECK = FileCheck(rules=(UNREADABLE_FILE,), needles=_no_needles, check=_check)
