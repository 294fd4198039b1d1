"""SOT001/SOT002/SOT003: a governed symbol imported from a path that is not canonical."""

from __future__ import annotations

from collections.abc import Iterator

from importlinter_ssot.domain.findings import Finding, Reference, Severity
from importlinter_ssot.domain.policy import DeprecatedPath, Policy, SymbolRule
from importlinter_ssot.domain.rule_definition import Example, Rule, RuleDoc, RuleFamily, Scope
from importlinter_ssot.domain.rules.checks import Conditional, FileCheck, Needles
from importlinter_ssot.domain.rules.context import RuleContext, optional, quoted
from importlinter_ssot.domain.source import (
    AttributeUse,
    ImportedName,
    ParsedSource,
    PatchTarget,
    Position,
    SourceFile,
    StarUse,
    bound_module,
    from_imports,
    resolve_relative,
)

FAMILY = RuleFamily(
    title="Symbol rules",
    intro="""\
These look at `from M import n` where `n` is the name or an alias of a `[[symbol]]` and `M` —
absolute, after resolving a relative import against the importing module's package — is
first-party (a root package or below one). `M` in `canonical` is fine; `M` in `deprecated` is
SOT001 or SOT003; any other first-party `M` is SOT002. Imports from outside the root packages
are never symbol imports.

They also judge references that are not import statements:

- **Attribute uses through a module**: `x.s1.….sk.N`, where `N` is a governed name and `x` is a
  name that Python resolves (function, lambda, class and comprehension scopes; class bodies
  do not enclose nested scopes; `global`/`nonlocal` honoured — the compiler's own symbol
  table decides) to a scope where *every* binding of `x` is an import statement binding one
  module: `import a.b.c` binds `a`, `import a.b as x` binds `x` to `a.b`, and
  `from p import m [as x]` binds `x` to `p.m` when `p.m` is a module of the scanned tree. It
  is judged exactly as `from <module of x>.s1.….sk import N` in the same place, reported at
  `N`, in load, store and del contexts alike. A star import in that scope may bind any name,
  so it stops the judgement. Attribute uses do not count toward `max_import_patterns`.
  `getattr(x.s1, "N")` with a literal name is the same use, reported at the string.
- **Dynamically imported modules**: the same chain starting from a dynamic import
  (`importlib.import_module("M").N`; `__import__("a.b").b.N`, since `__import__` returns the
  top package), or from a name every binding of which in its scope is `x = import_module("M")`
  (or any other binding of a module above), is judged the same way.
- **Patch targets**: the first positional argument, a string literal containing a dot, of a
  call or decorator whose callee's last name is `patch` (`patch`, `mock.patch`,
  `unittest.mock.patch`, `mocker.patch`), or whose callee is an attribute named `setattr`
  (`monkeypatch.setattr("a.b.C", value)`). Split at its last dot into `P.A`: if `A` is
  governed and `P` is one of its deprecated paths, SOT001 (SOT003 after `until`) — never
  SOT002, because patching a name where it is looked up is right. Patching through a
  deprecated re-export patches the re-export, not what the code under test looks up once
  its imports move: such tests silently stop patching during the migration.
  `mock.patch.object(x, "A")` and `monkeypatch.setattr(x, "A", value)`, with `x` a chain as in
  an attribute use, patch `<module of x>.A` and are judged the same way, reported at `"A"`.
- **String annotations**: a string in an annotation (a parameter's, a return's, an annotated
  assignment's, also inside one: `Optional["a.b.N"]`) or the first argument of `cast(...)` is
  parsed as the expression type checkers evaluate; its attribute chains are attribute uses,
  reported inside the string.

A name is read from a string (`getattr`, `patch.object`, an annotation) only when the
string's source spells its value as it is, on one line: no escape, no implicit concatenation
(what the relevance prefilter sees of a file is its text).
- **Star imports**: `from M import *`, when it is the file's only star import, is judged for
  each governed name the file uses (reads, in any scope) that no other statement of the file
  binds: as `from M import N`, once per name, reported at the `*` (the message names the first
  use). With two star imports the name may come from either, which only the other modules'
  contents tell: it is not judged.

Not symbol references, so never reported by these rules: dynamic imports themselves (no name
is imported; the module rules judge them), and the names a star import brings that the file
does not use.

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
    messages={
        "import": "`{name}` imported from deprecated `{module}`{until}{note}; {instead}",
        "attribute": "`{name}` used through deprecated `{module}` (via `{via}`){until}{note}; {instead}",
        "patch": "patch target `{target}` patches `{name}` through deprecated `{module}`{until}{note}; once "
        "importers move, it no longer patches what they use: patch `{name}` where the code under test looks it up",
        "dynamic": "`{name}` used through deprecated `{module}` (dynamically imported, via `{via}`){until}{note}; "
        "{instead}",
        "string": "`{name}` named through deprecated `{module}` in the string `{target}`{until}{note}; {instead}",
        "star": "`{name}` taken from deprecated `{module}` by a star import (used on line {used}){until}{note}; "
        "{instead}",
    },
    family=FAMILY,
    path_status="deprecated",
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
            files=("chat/routes/lobby.py", "chat/routes/admin.py", "chat/routes/stats.py", "chat/routes/test_lobby.py"),
            today="2026-06-01",
        ),
        instead="""\
```python
# chat/routes/lobby.py
from chat.websocket_core.websocket_manager import WebSocketManager

# chat/routes/admin.py
from chat.websocket_core.websocket_manager import WebSocketManager as Manager

# chat/routes/stats.py
import chat.websocket_core.websocket_manager as canonical

...canonical.WebSocketManager.active()
```

For a patch target, patch the name where the code under test looks it up (the module that
imports it), e.g. `mock.patch("chat.routes.lobby.WebSocketManager")`.""",
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
    messages={
        "import": "`{name}` imported from non-canonical `{module}`; {instead}",
        "attribute": "`{name}` used through non-canonical `{module}` (via `{via}`); {instead}",
        "dynamic": "`{name}` used through non-canonical `{module}` (dynamically imported, via `{via}`); {instead}",
        "string": "`{name}` named through non-canonical `{module}` in the string `{target}`; {instead}",
        "star": "`{name}` taken from non-canonical `{module}` by a star import (used on line {used}); {instead}",
    },
    family=FAMILY,
    path_status="non-canonical",
    doc=RuleDoc(
        what="""\
Flags `from M import n` of a governed symbol where `M` is first-party but neither canonical
nor deprecated — including the symbol's own `defined_in`.""",
        why="""\
Each extra import path for the same object is another place that breaks when the code moves,
and another route for a second copy to creep in. Importing from `defined_in` bypasses the
canonical module, which is what lets the implementation move without touching importers.""",
        example=Example(files=("chat/agents/runner.py", "chat/agents/metrics.py"), today="2026-06-01"),
        instead="""\
```python
from chat.websocket_core.websocket_manager import WebSocketManager
```""",
        notes=(
            "Any first-party `M` counts, whether or not such a module exists. Imports from third-party "
            "modules are never checked.",
            "When `canonical` is omitted it defaults to `[defined_in]`, and importing from `defined_in` is then fine.",
            "An attribute use through any other first-party module (`impl.WebSocketManager` above) is SOT002 too; "
            "a patch target never is.",
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
    messages={
        "import": "`{name}` imported from `{module}`, whose deprecation ended on {until}{note}; {instead}",
        "attribute": "`{name}` used through `{module}` (via `{via}`), whose deprecation ended on {until}{note}; "
        "{instead}",
        "patch": "patch target `{target}` patches `{name}` through `{module}`, whose deprecation ended on "
        "{until}{note}; patch `{name}` where the code under test looks it up",
        "dynamic": "`{name}` used through `{module}` (dynamically imported, via `{via}`), whose deprecation ended "
        "on {until}{note}; {instead}",
        "string": "`{name}` named through `{module}` in the string `{target}`, whose deprecation ended on "
        "{until}{note}; {instead}",
        "star": "`{name}` taken from `{module}` by a star import (used on line {used}), whose deprecation ended "
        "on {until}{note}; {instead}",
    },
    family=FAMILY,
    path_status="expired",
    doc=RuleDoc(
        what="""\
Flags `from M import n` of a governed symbol where `M` is a `deprecated` path whose `until`
date is before today.""",
        why="""\
The deprecation period is over: the path is scheduled for removal, and every remaining
importer will break when it goes.""",
        example=Example(
            before="The same files and policy as SOT001, judged after 2027-03-31:",
            files=("chat/routes/lobby.py", "chat/routes/test_lobby.py"),
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
    return _judge(context, importer, module, name.name, name.position, "import")


def _judge(
    context: RuleContext,
    importer: SourceFile,
    module: str,
    name: str,
    position: Position,
    form: str,
    **values: str,
) -> Finding | None:
    """``name`` taken from ``module`` by an import, an attribute use or a patch target.

    Judged as ``from module import name`` is; ``form`` picks the message.
    """
    if not context.policy.is_first_party(module):
        return None
    symbol = context.symbols_by_name.get(name)
    if symbol is None or symbol.is_exempt_importer(importer.module) or module in symbol.canonical:
        return None
    deprecated = symbol.deprecated_path(module)
    if deprecated is None:
        if form == "patch":
            return None  # patching a name where it is looked up is right: never SOT002
        rule = NON_CANONICAL_SYMBOL_PATH
        message = rule.message(form, name=name, module=module, instead=_instead(symbol), **values)
    else:
        expired = deprecated.has_expired(context.today)
        rule, message = deprecated_path_message(symbol, deprecated, name, expired=expired, form=form, **values)
    return Finding(
        path=importer.path,
        line=position.line,
        column=position.column,
        rule=rule,
        message=message,
        symbol=symbol.name,
        replacement=symbol.canonical[0],
        policy=context.policy.name,
        via=module,
        reference=Reference(form),
    )


def deprecated_path_message(
    symbol: SymbolRule, path: DeprecatedPath, name: str, *, expired: bool, form: str = "import", **values: str
) -> tuple[Rule, str]:
    """The rule and message for ``name`` taken from the deprecated ``path`` (SOT001, or SOT003 once ``expired``).

    Also the wording of the warning a generated shim gives at run time.
    """
    values.update(name=name, module=path.module, instead=_instead(symbol), note=optional(": ", path.message))
    if expired:
        rule, values["until"] = EXPIRED_SYMBOL_PATH, str(path.until)
    else:
        rule, values["until"] = DEPRECATED_SYMBOL_PATH, optional(" (until ", path.until, ")")
    return rule, rule.message(form, **values)


def _instead(symbol: SymbolRule) -> str:
    return f"import it from {quoted(symbol.canonical)}"


def _check(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> Iterator[Finding | Conditional]:
    for module, statement in from_imports(parsed.imports, source):
        for name in statement.names:
            finding = symbol_import_finding(context, source, module, name)
            if finding is not None:
                yield finding
    for use in parsed.attribute_uses:
        yield from _attribute_use(context, source, use)
    for target in parsed.patch_targets:
        finding = patch_target_finding(context, source, target)
        if finding is not None:
            yield finding
    for star in parsed.star_uses:
        finding = star_use_finding(context, source, star)
        if finding is not None:
            yield finding


def star_use_finding(context: RuleContext, importer: SourceFile, use: StarUse) -> Finding | None:
    """The finding for a name taken from the file's star import, judged as ``from M import name`` at the ``*``."""
    module = resolve_relative(use.module, use.level, importer)
    if module is None:
        return None
    return _judge(context, importer, module, use.name, use.position, "star", used=str(use.used.line))


def patch_target_finding(context: RuleContext, importer: SourceFile, target: PatchTarget) -> Finding | None:
    """The symbol finding for a patch target ``P.A`` (only through deprecated paths), if any."""
    module, _, patched = target.target.rpartition(".")
    return _judge(context, importer, module, patched, target.position, "patch", target=target.target)


def attribute_use_module(source: SourceFile, use: AttributeUse) -> tuple[str, str | None] | None:
    """The module ``use`` takes its name from, and the module that must exist for it to be one (or None).

    None when the bindings of ``x`` give different modules (or one above the root): not one module.
    """
    modules = {bound_module(binding, source) for binding in use.bindings}
    if len(modules) != 1 or None in modules:
        return None
    (bound,) = modules
    assert bound is not None
    # `from p import m` binds a module only if p.m is one: the use holds on that condition.
    condition = bound if all(binding.name is not None for binding in use.bindings) else None
    return ".".join([bound, *use.path]), condition


def _attribute_use(context: RuleContext, source: SourceFile, use: AttributeUse) -> Iterator[Finding | Conditional]:
    target = attribute_use_module(source, use)
    if target is None:
        return
    module, condition = target
    finding = _judge(
        context,
        source,
        module,
        use.name,
        use.position,
        use.form,
        via=use.via,
        target=use.text or f"{module}.{use.name}",
    )
    if finding is None:
        return
    yield finding if condition is None else Conditional(finding, condition)


def governed_names(policy: Policy) -> Needles:
    """Every governed name and alias: a file that spells none of them imports or defines no symbol."""
    return frozenset(name.encode() for symbol in policy.symbols for name in symbol.names)


CHECK = FileCheck(
    rules=(DEPRECATED_SYMBOL_PATH, NON_CANONICAL_SYMBOL_PATH, EXPIRED_SYMBOL_PATH),
    needles=governed_names,
    check=_check,
)
