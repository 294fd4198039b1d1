"""SOT020/SOT021: a governed name defined outside its single source, or twice in one file."""

from __future__ import annotations

from collections.abc import Iterator

from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.rules.context import RuleContext, quoted
from importlinter_ssot.domain.rules.rule import Example, FileCheck, Rule, RuleDoc, RuleFamily, Scope
from importlinter_ssot.domain.rules.symbol_paths import governed_names
from importlinter_ssot.domain.source import Definition, ParsedSource, SourceFile

FAMILY = RuleFamily(
    title="Definition rules",
    intro="""\
A *definition* is a module-level `class`, `def` or `async def`, also inside module-level
`if`/`elif`/`else`, `try`/`except`/`else`/`finally` and `with` blocks, recursively — not
inside loops, `match`, functions or class bodies. Assignments (`Alias = WebSocketManager`)
are not definitions. A definition is reported at its `class`/`def` line, not at a decorator.

*Governed names* are the `name` and `aliases` of every `[[symbol]]`. A `[[duplicates]]`
pattern does not make a name governed.""",
)

DEFINITION_OUTSIDE_SOURCE = Rule(
    code="SOT020",
    name="definition-outside-source",
    severity=Severity.ERROR,
    scope=Scope.FILE,
    summary="a governed name defined in a module other than its `defined_in`",
    messages={
        "definition": "`{name}` defined in `{module}`, but its single source of truth is `{defined_in}`; "
        "import it from {canonical} instead of redefining it"
    },
    family=FAMILY,
    doc=RuleDoc(
        what="Flags every definition of a governed name or alias in a module other than the symbol's `defined_in`.",
        why="""\
Two classes with the same name are two different objects: `isinstance` checks fail across
them, state is split between them, and fixes land in one copy only. This is how a codebase
ends up with eleven `WebSocketManager` classes.""",
        example=Example(files=("chat/services/connection.py",), today="2026-06-01"),
        instead="""\
```python
from chat.websocket_core.websocket_manager import WebSocketManager

__all__ = ["WebSocketManager"]
```""",
        notes=(
            "`allow_importers` does not exempt definitions; only `defined_in` may define the name. Files "
            "matched by `[policy] exclude` are not scanned at all (in the example, "
            "`chat/websocket_core/backups/old_manager.py` defines `WebSocketManager` and is not reported).",
        ),
        options=("symbol.name", "symbol.aliases", "symbol.defined_in"),
    ),
)

REDEFINITION_IN_FILE = Rule(
    code="SOT021",
    name="redefinition-in-file",
    severity=Severity.ERROR,
    scope=Scope.FILE,
    summary="a governed name defined a second time in the same file",
    messages={
        "definition": "`{name}` defined again in this file (first defined at line {first_line}); keep one definition"
    },
    family=FAMILY,
    doc=RuleDoc(
        what="""\
Flags the second and later definitions (in source order) of the same governed name in one
file — `defined_in` included.""",
        why="""\
The last definition silently wins. Whatever was fixed or added in the earlier one is dead
code, and readers cannot tell which one runs.""",
        example=Example(files=("chat/websocket_core/unified_manager.py",), today="2026-06-01"),
        instead="""\
```python
class WebSocketManager:
    \"\"\"The one implementation.\"\"\"

    def send(self, message): ...


UnifiedWebSocketManager = WebSocketManager
```""",
        notes=(
            "Definitions in both branches of a module-level `if`/`else` or `try`/`except` count (see "
            "[Definition rules](#definition-rules-sot020-sot021-sot022)), so a fallback class in an "
            "`except ImportError:` block is reported too.",
            "Outside `defined_in`, every definition also gets SOT020.",
            "Only governed names; names matched only by a `[[duplicates]]` pattern are not checked within one file.",
        ),
        options=("symbol.name", "symbol.aliases"),
    ),
)


def _check(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> Iterator[Finding]:
    first_line: dict[str, int] = {}
    for definition in parsed.definitions:
        symbol = context.symbols_by_name.get(definition.name)
        if symbol is None:
            continue
        if source.module != symbol.defined_in:
            message = DEFINITION_OUTSIDE_SOURCE.message(
                "definition",
                name=definition.name,
                module=source.module,
                defined_in=symbol.defined_in,
                canonical=quoted(symbol.canonical),
            )
            yield _finding(context, source, definition, DEFINITION_OUTSIDE_SOURCE, message, symbol.canonical[0])
        if definition.name in first_line:
            message = REDEFINITION_IN_FILE.message(
                "definition", name=definition.name, first_line=first_line[definition.name]
            )
            yield _finding(context, source, definition, REDEFINITION_IN_FILE, message, symbol.canonical[0])
        else:
            first_line[definition.name] = definition.position.line


def _finding(
    context: RuleContext, source: SourceFile, definition: Definition, rule: Rule, message: str, replacement: str
) -> Finding:
    symbol = context.symbols_by_name[definition.name]
    return Finding(
        path=source.path,
        line=definition.position.line,
        column=definition.position.column,
        rule=rule,
        message=message,
        symbol=symbol.name,
        replacement=replacement,
        policy=context.policy.name,
    )


CHECK = FileCheck(rules=(DEFINITION_OUTSIDE_SOURCE, REDEFINITION_IN_FILE), needles=governed_names, check=_check)
