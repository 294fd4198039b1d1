"""SOT020/SOT021: a governed name defined outside its single source, or twice in one file."""

from __future__ import annotations

from collections.abc import Iterator

from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.rule_definition import Example, Rule, RuleDoc, RuleFamily, Scope
from importlinter_ssot.domain.rules.checks import FileCheck
from importlinter_ssot.domain.rules.context import RuleContext, quoted
from importlinter_ssot.domain.rules.definition_sites import FileBindings, place_definitions, policy_equivalents
from importlinter_ssot.domain.rules.symbol_paths import governed_names
from importlinter_ssot.domain.source import Definition, ParsedSource, SourceFile

FAMILY = RuleFamily(
    title="Definition rules",
    intro="""\
A *definition* binds a name at module level — in the module body, or recursively in
module-level `if`/`elif`/`else`, `try`/`except`/`else`/`finally` and `with` blocks; not inside
loops, `match`, functions or class bodies. It is

- a `class`, `def` or `async def`, reported at its `class`/`def` line, not at a decorator; or
- an assignment — `N = value` (every name it binds, in `A = B = value` and in unpacking
  too), `N: T = value` (`N: TypeAlias = value` alike: the value counts, not the annotation),
  `type N = value` — reported at the name, unless it is an *alias*, which defines nothing:
  `N = None` (a placeholder, as in `except ImportError:`), or a value that is, through the
  statements of the file before it, an object bound under a name *equivalent* to `N` — any
  name or alias of its symbol for a governed name, `N` itself for any other:
  `from m import UnifiedWebSocketManager` then `WebSocketManager = UnifiedWebSocketManager`;
  `WebSocketManager = m.WebSocketManager` where only import statements bind `m`;
  `X = UnifiedWebSocketManager` then `WebSocketManager = X` (every earlier binding of `X`
  must be such, whichever branch it is in; `None` placeholders aside). A class or function
  of the file under a name that is not equivalent, another imported name, a call, a literal
  or a subscript is another object: a definition. (A class of the file under an equivalent
  name is an alias: outside `defined_in` that class is the definition reported.) Annotations
  without a value, `N += …`, `for`/`with` targets and `:=` are no definitions.

Definitions of one name that cannot both run, or that build one object, make one
*definition site*, reported once, at its first definition:

- definitions in different arms of one module-level `if` (`elif` chains included) or `try`
  (its body with its `else`; each `except` handler) — not `finally`, which runs after them
  all. `if sys.version_info >= …:`/`else:`, `try:`/`except ImportError:` fallbacks and
  `if TYPE_CHECKING:`/`else:` are such `if`s and `try`s, no more special than any other;
- `@typing.overload` stubs and the `def` after them (the implementation), reported at the
  first stub; `overload` imported from `typing` or `typing_extensions`, under any name
  (`from typing import overload as ov`, `import typing as t` then `@t.overload`);
- a `def N` decorated with `@N.setter`, `@N.getter` or `@N.deleter`, and the definition of `N` before it.

*Governed names* are the `name` and `aliases` of every `[[symbol]]`. A `[[duplicates]]`
pattern does not make a name governed. Each file is judged alone, from its own statements.""",
)

DEFINITION_OUTSIDE_SOURCE = Rule(
    code="SOT020",
    name="definition-outside-source",
    severity=Severity.ERROR,
    scope=Scope.FILE,
    summary="a governed name defined in a module other than its `defined_in`",
    messages={
        "definition": "`{name}` defined in `{module}`, but its single source of truth is `{defined_in}`; "
        "import it from {canonical} instead of redefining it",
        "assignment": "`{name}` bound to {value} in `{module}`, not to the governed object defined in "
        "`{defined_in}`; import it from {canonical}{hint}",
    },
    family=FAMILY,
    doc=RuleDoc(
        what="""\
Flags every definition site of a governed name or alias in a module other than the symbol's
`defined_in`: a `class` or `def`, or an assignment binding the name to anything but the
governed object (see [Definition rules](#definition-rules-sot020-sot021-sot022)).""",
        why="""\
Two classes with the same name are two different objects: `isinstance` checks fail across
them, state is split between them, and fixes land in one copy only. This is how a codebase
ends up with eleven `WebSocketManager` classes. Binding the name to another class
(`WebSocketManager = ConnectionExecutor`) does the same without a `class` statement: whoever
imports `WebSocketManager` from there gets another object.""",
        example=Example(files=("chat/services/connection.py", "chat/services/executor.py"), today="2026-06-01"),
        instead="""\
```python
from chat.websocket_core.websocket_manager import WebSocketManager

__all__ = ["WebSocketManager"]
```

An alias of the governed object is no definition: `WebSocketManager = UnifiedWebSocketManager`
after `from chat.websocket_core.websocket_manager import UnifiedWebSocketManager`. Another class
keeps its own name (`ConnectionExecutor`); code that needs the manager imports it.""",
        notes=(
            "`allow_importers` does not exempt definitions; only `defined_in` may define the name. Files "
            "matched by `[policy] exclude` are not scanned at all (in the example, "
            "`chat/websocket_core/backups/old_manager.py` defines `WebSocketManager` and is not reported).",
            'One finding per definition site: a class in both arms of `if sys.platform == "win32":`/`else:` '
            "is one finding, at the first; `@overload` stubs and their implementation are one, at the first stub.",
            "For an assignment, the message says what the name is bound to — for an imported object, where it "
            "comes from — and, for an imported object, that importing it under its governed name is the way to "
            "keep it if it is the governed object after all: each file is judged alone, so an object imported "
            "under another name is not known to be the governed one.",
            "`WebSocketManager = None` (a placeholder) defines nothing.",
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
        "definition": "`{name}` defined again in this file (first defined at line {first_line}); keep one definition",
        "assignment": "`{name}` bound again in this file (first defined at line {first_line}), to {value}; "
        "keep one definition",
    },
    family=FAMILY,
    doc=RuleDoc(
        what="""\
Flags a definition of a governed name that may replace an earlier definition of it in the
same file — `defined_in` included: a second `class`/`def`, or an assignment rebinding the name
to another object. "Earlier" is source order; an earlier definition in another arm of the same
`if` or `try` never ran before it, so it is none.""",
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
            "Alternatives are no redefinitions (see [Definition rules](#definition-rules-sot020-sot021-sot022)): "
            "a class in each arm of an `if`/`else`, in a `try` body and in its `except ImportError:` handler. A "
            "definition in `finally` runs after them: it is one.",
            "`@overload` stubs followed by their implementation, and a `def` decorated with its own "
            "`@name.setter`/`.getter`/`.deleter`, continue the definition before them; a stub after the "
            "implementation, or a second implementation, is a redefinition.",
            "An alias (`UnifiedWebSocketManager = WebSocketManager`, above) rebinds nothing; neither does "
            "`WebSocketManager = None`.",
            "Outside `defined_in`, a redefinition that starts a new definition site also gets SOT020.",
            "Only governed names; names matched only by a `[[duplicates]]` pattern are not checked within one file.",
        ),
        options=("symbol.name", "symbol.aliases"),
    ),
)


def _check(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> Iterator[Finding]:
    symbols = context.symbols_by_name
    if not any(definition.name in symbols for definition in parsed.definitions):
        return
    bindings = FileBindings(parsed)
    equivalents = policy_equivalents(symbols)
    for placed in place_definitions(parsed, equivalents, symbols.__contains__, bindings):
        definition = placed.definition
        symbol = symbols[definition.name]
        form = "assignment" if definition.value is not None else "definition"
        value, origin = bindings.describe(definition, source)
        if placed.starts_site and source.module != symbol.defined_in:
            message = DEFINITION_OUTSIDE_SOURCE.message(
                form,
                name=definition.name,
                module=source.module,
                defined_in=symbol.defined_in,
                canonical=quoted(symbol.canonical),
                value=value,
                hint=_hint(origin),
            )
            yield _finding(context, source, definition, DEFINITION_OUTSIDE_SOURCE, message, symbol.canonical[0])
        if placed.redefines is not None:
            message = REDEFINITION_IN_FILE.message(
                form, name=definition.name, first_line=placed.redefines.position.line, value=value
            )
            yield _finding(context, source, definition, REDEFINITION_IN_FILE, message, symbol.canonical[0])


def _hint(origin: str | None) -> str:
    """For a name bound to an imported object: how to keep it if that object is the governed one."""
    return f", or, if `{origin}` is that object, import it under its governed name" if origin else ""


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
