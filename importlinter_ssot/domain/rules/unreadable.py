"""SOT900: a file that cannot be read, decoded or parsed, so no other rule can vouch for it."""

from __future__ import annotations

from collections.abc import Iterator

from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.rule import Example, FileCheck, Needles, Rule, RuleDoc, Scope
from importlinter_ssot.domain.source import ParsedSource, SourceFile

UNREADABLE_FILE = Rule(
    code="SOT900",
    name="unreadable-file",
    severity=Severity.ERROR,
    scope=Scope.FILE,
    summary="a file that cannot be read, decoded or parsed",
    messages={"failure": "{reason}"},
    doc=RuleDoc(
        what="""\
Flags a checked file that cannot be read, decoded as Python decodes it (PEP 263 coding
cookie, BOM, else strict UTF-8) or parsed by the running interpreter. One finding per file,
at the error's line (and column, when known). Every other file is still checked.""",
        why="""\
The file cannot be analysed, so none of the other rules can vouch for it — and usually it
cannot be imported either.""",
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
