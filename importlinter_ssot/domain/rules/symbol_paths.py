"""SOT001/SOT002/SOT003: a governed symbol imported from a path that is not canonical."""

from __future__ import annotations

from collections.abc import Iterator

from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.rules.context import RuleContext, optional, quoted
from importlinter_ssot.domain.rules.rule import Example, FileCheck, Needles, Rule, RuleDoc, RuleFamily, Scope
from importlinter_ssot.domain.source import ImportedName, ParsedSource, SourceFile, resolve_from_module

FAMILY = RuleFamily(
    title="Symbol rules",
    intro="""\
These look at `from M import n` where `n` is the name or an alias of a `[[symbol]]` and `M` —
absolute, after resolving a relative import against the importing module's package — is
first-party (a root package or below one). `M` in `canonical` is fine; `M` in `deprecated` is
SOT001 or SOT003; any other first-party `M` is SOT002. Imports from outside the root packages
are never symbol imports.

Not symbol imports, so never reported by these rules: `import M` followed by attribute use
(`M.WebSocketManager`), `from M import *`, and dynamic imports (`importlib`, `__import__`).

Exempt importers (no symbol finding for the symbol, whatever `M` is): the symbol's
`defined_in`, `canonical` and `deprecated` modules themselves — exactly those modules, not
their submodules, because they are the plumbing that re-exports it — and every module
matching one of the symbol's `allow_importers` globs.""",
)

_EXEMPTIONS = "Exemptions: see [Symbol rules](#symbol-rules-sot001-sot002-sot003)."

DEPRECATED_SYMBOL_PATH = Rule(
    code="SOT001",
    name="deprecated-symbol-path",
    severity=Severity.WARNING,
    scope=Scope.FILE,
    summary="a governed symbol imported from a deprecated path that has not expired",
    messages={"import": "`{name}` imported from deprecated `{module}`{until}{note}; {instead}"},
    family=FAMILY,
    doc=RuleDoc(
        what="""\
Flags `from M import n` of a governed symbol where `M` is one of the symbol's `deprecated`
paths and today is not after its `until` date (or it has no `until`).""",
        why="""\
A deprecated path still works — a package re-export, a compatibility shim — but every import
through it is one more thing to migrate before the shim can be deleted. The warning lets the
migration proceed gradually while keeping the list of remaining importers visible.""",
        example=Example(
            before="""\
```toml
[[symbol]]
name = "WebSocketManager"
canonical = ["chat.websocket_core.websocket_manager"]
deprecated = [
  { module = "chat.websocket_core", until = 2027-03-31, message = "package re-export is going away" },
  { module = "chat.websocket_core.manager" },
]
```""",
            files=("chat/routes/lobby.py", "chat/routes/admin.py"),
            today="2026-06-01",
        ),
        instead="""\
```python
# chat/routes/lobby.py
from chat.websocket_core.websocket_manager import WebSocketManager

# chat/routes/admin.py
from chat.websocket_core.websocket_manager import WebSocketManager as Manager
```""",
        notes=(
            "The message names the `until` date and the entry's `message` when they are set, and the "
            "canonical module(s) to import from. The JSON `replacement` is the first `canonical` module.",
            "A deprecated path without `until` never expires. With one, the same import becomes "
            "[SOT003](#sot003-expired-symbol-path) the day after `until`.",
            "An aliased import (`as Manager`) is reported at the imported name, not at the alias. "
            "Names listed in `aliases` are governed the same way; the message names what was imported.",
            _EXEMPTIONS,
        ),
        options=("symbol.name", "symbol.aliases", "symbol.canonical", "symbol.deprecated", "symbol.allow_importers"),
    ),
)

NON_CANONICAL_SYMBOL_PATH = Rule(
    code="SOT002",
    name="non-canonical-symbol-path",
    severity=Severity.ERROR,
    scope=Scope.FILE,
    summary="a governed symbol imported from any other first-party module (its `defined_in` included)",
    messages={"import": "`{name}` imported from non-canonical `{module}`; {instead}"},
    family=FAMILY,
    doc=RuleDoc(
        what="""\
Flags `from M import n` of a governed symbol where `M` is first-party but neither canonical
nor deprecated — including the symbol's own `defined_in`.""",
        why="""\
Each extra import path for the same object is another place that breaks when the code moves,
and another route for a second copy to creep in. Importing from `defined_in` bypasses the
canonical module, which is what lets the implementation move without touching importers.""",
        example=Example(files=("chat/agents/runner.py",), today="2026-06-01"),
        instead="""\
```python
from chat.websocket_core.websocket_manager import WebSocketManager
```""",
        notes=(
            "Any first-party `M` counts, whether or not such a module exists. Imports from third-party "
            "modules are never checked.",
            "When `canonical` is omitted it defaults to `[defined_in]`, and importing from `defined_in` is then fine.",
            _EXEMPTIONS + " To allow a package's internals to import the implementation directly, list "
            "them in `allow_importers`.",
        ),
        options=("symbol.name", "symbol.aliases", "symbol.defined_in", "symbol.canonical", "symbol.allow_importers"),
    ),
)

EXPIRED_SYMBOL_PATH = Rule(
    code="SOT003",
    name="expired-symbol-path",
    severity=Severity.ERROR,
    scope=Scope.FILE,
    summary="a governed symbol imported from a deprecated path after its `until` date",
    messages={"import": "`{name}` imported from `{module}`, whose deprecation ended on {until}{note}; {instead}"},
    family=FAMILY,
    doc=RuleDoc(
        what="""\
Flags `from M import n` of a governed symbol where `M` is a `deprecated` path whose `until`
date is before today.""",
        why="""\
The deprecation period is over: the path is scheduled for removal, and every remaining
importer will break when it goes.""",
        example=Example(
            before="The same file and policy as SOT001, judged after 2027-03-31:",
            files=("chat/routes/lobby.py",),
            today="2027-04-01",
        ),
        instead="""\
```python
from chat.websocket_core.websocket_manager import WebSocketManager
```""",
        notes=(
            "On the `until` date itself the import is still SOT001; see [Dates](#dates).",
            "To give importers more time, move `until` in the policy; to make the path permanent, make it canonical.",
            _EXEMPTIONS,
        ),
        options=("symbol.deprecated",),
    ),
)


def symbol_import_finding(
    context: RuleContext, importer: SourceFile, module: str, name: ImportedName
) -> Finding | None:
    """The finding for ``from module import name`` (``module`` absolute), if any."""
    if not context.policy.is_first_party(module):
        return None
    symbol = context.symbols_by_name.get(name.name)
    if symbol is None or symbol.is_exempt_importer(importer.module) or module in symbol.canonical:
        return None
    instead = f"import it from {quoted(symbol.canonical)}"
    deprecated = symbol.deprecated_path(module)
    if deprecated is None:
        rule = NON_CANONICAL_SYMBOL_PATH
        message = rule.message("import", name=name.name, module=module, instead=instead)
    else:
        note = optional(": ", deprecated.message)
        if deprecated.has_expired(context.today):
            rule = EXPIRED_SYMBOL_PATH
            message = rule.message(
                "import", name=name.name, module=module, until=deprecated.until, note=note, instead=instead
            )
        else:
            rule = DEPRECATED_SYMBOL_PATH
            until = optional(" (until ", deprecated.until, ")")
            message = rule.message("import", name=name.name, module=module, until=until, note=note, instead=instead)
    return Finding(
        path=importer.path,
        line=name.position.line,
        column=name.position.column,
        rule=rule,
        message=message,
        symbol=symbol.name,
        replacement=symbol.canonical[0],
        policy=context.policy.name,
    )


def _check(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> Iterator[Finding]:
    for statement in parsed.imports:
        if not statement.is_from or statement.is_star:
            continue
        module = resolve_from_module(statement, source)
        if module is None:
            continue  # a relative import that climbs above its root package
        for name in statement.names:
            finding = symbol_import_finding(context, source, module, name)
            if finding is not None:
                yield finding


def governed_names(policy: Policy) -> Needles:
    """Every governed name and alias: a file that spells none of them imports or defines no symbol."""
    return frozenset(name.encode() for symbol in policy.symbols for name in symbol.names)


CHECK = FileCheck(
    rules=(DEPRECATED_SYMBOL_PATH, NON_CANONICAL_SYMBOL_PATH, EXPIRED_SYMBOL_PATH),
    needles=governed_names,
    check=_check,
)
