"""SOT040: a module the policy names as deprecated that does not warn when it is used.

Decided over the project: a module warns through its own code or through first-party
functions it calls, which may live in other files (SciPy's deprecated namespaces each
``return _sub_module_deprecation(...)`` from ``__getattr__``, a helper in
``scipy/_lib/deprecation.py`` that calls ``warnings.warn``). Each file contributes, as
plain data (a ``RuntimeFact``): for a deprecated module, what its module level and its ``__getattr__``
warn and call; for any file that spells a warning word, what each of its functions
warns and calls, and the bases of its warning classes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.policy import ModuleRule, ModuleStatus, Policy
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rule_definition import Example, Rule, RuleDoc, Scope
from importlinter_ssot.domain.rules.checks import Needles, ProjectCheck, Reads
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.fact_shape import STR, Shape, many, optional, record
from importlinter_ssot.domain.rules.shim_spec import other_roles, shim_specs
from importlinter_ssot.domain.runtime_terms import (
    BUILTIN_WARNINGS,
    DEPRECATION_CATEGORIES,
    DEPRECATION_DECORATORS,
    EVERY_OTHER_NAME,
    LOCALS,
    RUNTIME_CATEGORY,
    WARN_FUNCTIONS,
    WARNING_WORDS,
    is_shim_helper,
)
from importlinter_ssot.domain.source import (
    Call,
    FunctionFacts,
    NameBinding,
    ParsedSource,
    RuntimeFacts,
    SourceFile,
    bound_module,
)

# How many calls deep a warning is looked for: module → helper → … (SciPy needs one).
CALL_DEPTH = 4
# The same from a decorator or wrapper factory of a deprecated name: SQLAlchemy's `moved_20` warns
# five calls deep (moved_20 → deprecated → _decorate_with_warning → _warn_with_version → _warnings_warn).
NAME_CALL_DEPTH = 6
# Added to the message when some of the names the policy deprecates in the module warn and some do not.
SOME_NAMES_WARN = (
    " (of the names the policy deprecates there, {silent} {silent_verb} not warn when used; {warned} {warned_verb})"
)

SILENT_DEPRECATED_MODULE = Rule(
    code="SOT040",
    name="silent-deprecated-module",
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    summary="a module the policy names as deprecated that does not warn when it is used",
    messages={
        "shim": "deprecated module `{module}` does not warn when it is used: code no linter sees is not told "
        "to move; make it warn: `ssot shim --write {module}` (a shim; a module with code of its own keeps it "
        "and gets a warning block)",
        "block": "deprecated path `{module}` of {names} does not warn when it is used: code no linter sees is not "
        "told to move; the module is also {roles}, so keep it and add a block that serves only {names} with "
        "a warning: `ssot shim --write {module}`",
        "warn": "deprecated module `{module}` does not warn when it is used: code no linter sees is not told "
        "to move; call `warnings.warn(..., DeprecationWarning, stacklevel=2)` at its module level or in its "
        "`__getattr__`",
    },
    doc=RuleDoc(
        what="""\
Flags a module of the scanned tree that the policy names as deprecated — a symbol's
`deprecated` path, or a `[[module]]` with `status = "deprecated"` (each module its `name`
matches, not their submodules) — when neither its module level nor its module-level
`__getattr__` warns: it neither calls the shim helper (`ssot shim`) nor
`warnings.warn` with `DeprecationWarning` or a subclass of it defined in the tree (the
category positional, `category=`, or a warning instance), directly or through the
first-party functions it calls there, followed a few levels deep (up to 4 calls). The
shim helper is the public `importlinter_ssot.runtime.install_shim` or a package's copy of it
(`<package>._ssot_compat.install_shim`, what generated shims call).

A symbol's deprecated path (one no `[[module]]` deprecates) also warns when every name the
policy deprecates there — the symbols' names and aliases — warns when it is *used*: each is
bound by a `def`/`class` with a deprecation decorator, or by `name = wrapper(...)`. The
decorators known by name are PEP 702's `warnings.deprecated`, `typing_extensions.deprecated`,
the `deprecated` package's (`deprecated`, `deprecated.classic`, `deprecated.sphinx`) and the
`deprecation` package's (their `category=`, if given, must be a deprecation category);
a first-party decorator, decorator factory, decorator class or wrapper factory counts
when it, the functions it defines (the wrapper it returns) or the functions they call warn
(up to 6 calls), as SQLAlchemy's `@util.moved_20(...)` does. When only some of the names
warn, the module is still flagged, and the message says which do not. Reported at line 1 of
the module's file; when the policy also names the module as canonical, a definition or a
replacement, the message proposes a warning block for the deprecated names only.""",
        why="""\
The linter tells the code it sees. A deprecated path is kept working for the code it does
not see — notebooks, scripts, other repositories, plugins — and only a warning at run time
tells that code to move before the path goes away.""",
        example=Example(
            before="""\
```toml
[[symbol]]
name = "WebSocketManager"
deprecated = [
  { module = "chat.websocket_core", until = 2027-03-31, message = "package re-export is going away" },
  { module = "chat.websocket_core.manager" },
]
```""",
            files=("chat/websocket_core/manager.py",),
            today="2026-06-01",
        ),
        instead="""\
Generate its warnings from the policy: `ssot shim --write chat.websocket_core.manager`. A
module with code of its own keeps it, byte for byte, and gets a block at its end that serves
only the deprecated names (or, if it binds one of them itself, the command says which line and
how to rename it, and writes nothing). A module that only re-exports them, as this one does,
is replaced once you confirm with `--force`, its docstring and `__all__` kept:

```python
# chat/websocket_core/manager.py
\"\"\"A compatibility shim: the manager's old path.\"\"\"

__all__ = ["WebSocketManager"]

# ssot-shim: begin (generated by `ssot shim` from contracts/ssot.toml; edit the policy, not this block)
from chat._ssot_compat import install_shim

install_shim(
    globals(),
    {
        "UnifiedWebSocketManager": (
            "chat.websocket_core.websocket_manager",
            "WebSocketManager",
            None,
            "`UnifiedWebSocketManager` imported from deprecated `chat.websocket_core.manager`; "
            "import it from `chat.websocket_core.websocket_manager`",
            None,
        ),
        ...
    },
)
# ssot-shim: end
```

(`chat/_ssot_compat.py`, the helper it imports, is written with it: a copy of
`importlinter_ssot.runtime`, so that the package needs no runtime dependency on the linter),
or warn in your own words: `warnings.warn("...", DeprecationWarning, stacklevel=2)` at the
module level (the first import) or in a module `__getattr__` (every use).""",
        notes=(
            "JSON: `symbol` is `null`, `replacement` the module's replacement (the first canonical module of "
            "the symbols it serves, or the `[[module]]`'s `replacement`).",
            "A warning in a function only counts if the module level or `__getattr__` calls that function "
            "(`__getattr__ = partial(helper, ...)` counts as calling `helper`), and a warning in a function it "
            "defines only if it calls that one too: a decorated function warns when it is called, not when the "
            "module is imported. Calls are followed into module-level functions and methods (`Class.method`) "
            "of the tree and the functions they define, through `import`/`from … import` names (a name taken "
            "from a package that is defined in exactly one module below it counts as that one: the package's "
            "`__init__.py` re-exports it); only files that spell `warnings`, `DeprecationWarning` or the "
            "helper's name are read for them (a file spelling none of them cannot warn by itself), and the "
            "deprecated module's own file. So a first-party module that only re-exports a deprecation "
            "decorator without spelling one of those words is not seen, and its decorator does not count.",
            "A category known only at run time — a parameter without a default, a variable, a warning instance "
            "passed in (`warnings.warn(message, category)`) — counts as a deprecation when a function on the "
            "way to that call names `DeprecationWarning` or a subclass of it (in its body or signature): "
            "SQLAlchemy's `moved_20` passes `MovedIn20Warning` down to the helper that warns.",
            "A name bound again after it is wrapped (`from x import name` below the decorated `def`) is the "
            "binding in force; of bindings in `if`/`try` blocks, every one that may be in force must warn. "
            "Bindings under `if TYPE_CHECKING:` are not counted. A name the module does not bind at its top "
            "level (one its `__getattr__` serves) warns only if the module does.",
            "A `[[module]]` deprecation needs the module itself to warn when it is imported or when a name is "
            "taken from it: its names warning when they are called do not count.",
            "`PendingDeprecationWarning` and `FutureWarning` are not `DeprecationWarning`s; a warning sent "
            "through `logging` is not a warning either.",
            "A module file that cannot be parsed draws no SOT040 (SOT900 says why, if it may matter).",
            "Whole-project rule: `ssot check PATHS` reports it for the modules in `PATHS`; the functions it "
            "follows come from every file.",
        ),
        options=("symbol.deprecated", "module.status"),
    ),
)


# The fact of one file (``RuntimeFact``), None when it has nothing. Names are absolute (``_Resolver``).
# A category RUNTIME_CATEGORY: a warning whose category is known only at run time.


class Wrapper(NamedTuple):
    """What wraps a binding of a name: a decorator or ``name = callee(...)`` (category: its ``category=``)."""

    callee: str
    category: str | None  # None: none given; _CALLED: the binding's own function, called


# The bindings of a name that decide (_deciding), each as what wraps it (see _bindings).
Bindings = tuple[tuple[Wrapper, ...], ...]


class DeprecatedName(NamedTuple):
    """A name the policy deprecates in the module, and its deciding bindings."""

    name: str
    bindings: Bindings


class ModuleEntry(NamedTuple):
    """What a deprecated module's level and ``__getattr__`` do, together."""

    categories: tuple[str, ...]  # the categories they warn with
    calls: tuple[str, ...]  # the first-party functions (and deprecation decorators) they call
    mentions: tuple[str, ...]  # the names they mention
    # For a symbol's deprecated path that no [[module]] deprecates: each name the policy deprecates there.
    names: tuple[DeprecatedName, ...]
    getattr: Bindings  # the bindings of __getattr__ (``= factory(...)``)


class FunctionEntry(NamedTuple):
    """A function of the file (nested ones as ``f.<locals>.g``); a name the file imports from a deprecation
    decorator's module is a function calling the decorator."""

    name: str  # qualified
    categories: tuple[str, ...]
    calls: tuple[str, ...]
    mentions: tuple[str, ...]


class WarningClass(NamedTuple):
    """A class with a base whose name ends in "Warning"."""

    name: str  # qualified
    bases: tuple[str, ...]


class RuntimeFact(NamedTuple):
    """One file's contribution: its module entry if it is deprecated, its functions and warning classes."""

    module: ModuleEntry | None
    functions: tuple[FunctionEntry, ...]
    classes: tuple[WarningClass, ...]


def _collect(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> RuntimeFact | None:
    facts = parsed.runtime
    if facts is None:
        return None
    is_deprecated = context.deprecated_modules.names(source.module)
    if not is_deprecated and not facts.by_content:
        return None  # read for another policy's deprecated module: not this policy's business
    resolve = _Resolver(context.policy, source, facts)
    module_entry: ModuleEntry | None = None
    if is_deprecated:
        scope = [*facts.module_level, *(facts.getattr or ())]
        getattr_mentions = [
            name for function in facts.functions if function.name == "__getattr__" for name in function.mentions
        ]
        module_entry = ModuleEntry(
            _categories(resolve, scope),
            resolve.calls(scope),
            resolve.mentions([*facts.mentions, *getattr_mentions]),
            _names(context.policy, source, facts, resolve),
            _bindings(source, facts, resolve, "__getattr__"),
        )
    parents = {function.name.partition(LOCALS)[0] for function in facts.functions if LOCALS in function.name}
    functions = tuple(
        _function(resolve, f"{source.module}.{function.name}", function, function.name in parents)
        for function in facts.functions
    )
    functions = tuple(function for function in functions if function.categories or function.calls or function.mentions)
    functions += tuple(
        FunctionEntry(f"{source.module}.{local}", (), (decorator,), ())
        for local, decorator in resolve.decorator_imports()
    )
    classes = tuple(
        WarningClass(f"{source.module}.{name}", tuple(resolve.name(base) for base in bases))
        for name, bases in facts.classes
        if any(base.rpartition(".")[2].endswith("Warning") for base in bases)
    )
    if module_entry is None and not functions and not classes:
        return None
    return RuntimeFact(module_entry, functions, classes)


def _function(resolve: _Resolver, name: str, function: FunctionFacts, defines: bool) -> FunctionEntry:
    """A function's entry."""
    categories, calls = _categories(resolve, function.calls), resolve.calls(function.calls)
    # What a function names matters to the calls it makes and to the functions it runs with
    # (those it defines, a class's constructors and __call__); alone, it is nothing (a test
    # naming DeprecationWarning), and is left out of the fact.
    shares = defines or LOCALS in function.name or function.name.rpartition(".")[2] in _CALLED_METHODS
    mentions = resolve.mentions(function.mentions) if categories or calls or shares else ()
    return FunctionEntry(name, categories, calls, mentions)


def _categories(resolve: _Resolver, calls: Sequence[Call]) -> tuple[str, ...]:
    """The categories ``calls`` warn with; one known only at run time (a parameter, a variable) as RUNTIME_CATEGORY."""
    at_run_time = {
        call.category
        for call in calls
        if call.category is not None
        and resolve.name(call.callee) in WARN_FUNCTIONS
        and resolve.at_run_time(call.category)
    }
    known = tuple(category for category in resolve.categories(calls) if category not in at_run_time)
    return (*known, RUNTIME_CATEGORY) if at_run_time else known


def _names(policy: Policy, source: SourceFile, facts: RuntimeFacts, resolve: _Resolver) -> tuple[DeprecatedName, ...]:
    """What wraps each name the policy deprecates in this module: () when the module itself must warn."""
    if any(_deprecates(rule, source.module) for rule in policy.modules):
        return ()  # a [[module]] deprecation: importing the module must warn, whatever its names do
    deprecated = (name for symbol in policy.symbols if symbol.deprecated_path(source.module) for name in symbol.names)
    return tuple(DeprecatedName(name, _bindings(source, facts, resolve, name)) for name in dict.fromkeys(deprecated))


def _bindings(source: SourceFile, facts: RuntimeFacts, resolve: _Resolver, name: str) -> Bindings:
    """The bindings of ``name`` that decide whether using it warns, each as what wraps it.

    A ``def``/``class`` is also wrapped by itself, called (category ``_CALLED``): a function
    whose own body warns warns when it is used.
    """
    return tuple(
        (
            *(
                Wrapper(
                    resolve.name(wrapper.callee),
                    resolve.name(wrapper.category) if wrapper.category else wrapper.category,
                )
                for wrapper in binding.wrappers
            ),
            *((Wrapper(f"{source.module}.{name}", _CALLED),) if binding.definition else ()),
        )
        for binding in _deciding(facts.names, name)
    )


def _deciding(bindings: Sequence[NameBinding], name: str) -> list[NameBinding]:
    """The bindings of ``name`` that may be the one in force: the last unconditional one and any after it."""
    deciding: list[NameBinding] = []
    for binding in bindings:
        if binding.name == name:
            deciding = [*deciding, binding] if binding.conditional else [binding]
    return deciding


def _deprecates(rule: ModuleRule, module: str) -> bool:
    """Whether a ``[[module]]`` deprecation names ``module`` itself (as SOT040 reads it, not its submodules)."""
    return rule.status is ModuleStatus.DEPRECATED and (
        rule.name.pattern == module if rule.name.is_literal else rule.name.matches(module)
    )


class _Resolver:
    """Names as written in a file → absolute dotted names, through its imports and its own definitions."""

    def __init__(self, policy: Policy, source: SourceFile, facts: RuntimeFacts) -> None:
        self.policy = policy
        self.source = source
        self.bindings: dict[str, str | None] = {}
        for local, binding in facts.bindings:
            self.bindings.setdefault(local, bound_module(binding, source))
        self.local = {function.name.partition(".")[0] for function in facts.functions} | {
            name for name, _ in facts.classes
        }

    def name(self, written: str) -> str:
        head, dot, rest = written.partition(".")
        if head in self.bindings:
            base = self.bindings[head]
            return f"{base}{dot}{rest}" if base else written
        if head in self.local:
            return f"{self.source.module}.{written}"
        return written  # a builtin (DeprecationWarning) or a name the file does not bind

    def categories(self, calls: Sequence[Call]) -> tuple[str, ...]:
        found: list[str] = []
        for call in calls:
            callee = self.name(call.callee)
            if is_shim_helper(callee):
                found.append("DeprecationWarning")
            elif callee in WARN_FUNCTIONS and call.category is not None:
                found.append(self.name(call.category))
        return tuple(dict.fromkeys(found))

    def calls(self, calls: Sequence[Call]) -> tuple[str, ...]:
        resolved = (self.name(call.callee) for call in calls)
        return tuple(
            dict.fromkeys(
                name for name in resolved if self.policy.is_first_party(name) or name in DEPRECATION_DECORATORS
            )
        )

    def at_run_time(self, written: str) -> bool:
        """Whether a category is known only at run time: no builtin, nothing the file imports or defines."""
        head = written.partition(".")[0]
        return written not in BUILTIN_WARNINGS and head not in self.bindings and head not in self.local

    def mentions(self, written: Sequence[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.name(name) for name in written))

    def decorator_imports(self) -> list[tuple[str, str]]:
        """The names the file imports from a deprecation decorator (``from warnings import deprecated``)."""
        resolved = ((local, self.name(local)) for local in self.bindings)
        return [(local, name) for local, name in resolved if name in DEPRECATION_DECORATORS]


def _decide(context: RuleContext, facts: Sequence[tuple[SourceFile, RuntimeFact]]) -> Iterator[Finding]:
    modules: list[tuple[SourceFile, ModuleEntry]] = []
    functions: dict[str, _Function] = {}
    objects: dict[str, set[str]] = {}
    bases: dict[str, tuple[str, ...]] = {}
    for source, (module_entry, file_functions, file_classes) in facts:
        if module_entry is not None:
            modules.append((source, module_entry))
        for name, categories, calls, mentions in file_functions:
            functions.setdefault(name, (categories, calls, mentions))
            # What the module defines at its top (a function, a class with methods), by its own name.
            top = name[len(source.module) + 1 :].partition(".")[0]
            objects.setdefault(top, set()).add(f"{source.module}.{top}")
        for name, class_bases in file_classes:
            bases.setdefault(name, class_bases)
    if not modules:
        return
    deprecations = _deprecation_categories(bases)
    warns = _Warns(functions, deprecations, objects)
    replacements = _replacements(context)
    for source, (categories, calls, mentions, names, getattr_bindings) in modules:
        if warns.scope(categories, calls, mentions) or _name_warns(warns, getattr_bindings):
            continue  # importing it, or taking any name from it, warns
        silent = [name for name, bindings in names if not _name_warns(warns, bindings)]
        if names and not silent:
            continue  # every name it deprecates warns when it is used
        replacement = replacements.get(source.module)
        template, values = _advice(context, source.module, replacement)
        message = SILENT_DEPRECATED_MODULE.message(template, module=source.module, **values)
        yield Finding(
            path=source.path,
            line=1,
            column=1,
            rule=SILENT_DEPRECATED_MODULE,
            message=message + _some_names_warn(names, silent),
            replacement=replacement,
            policy=context.policy.name,
        )


# (categories, calls, mentions) of a function.
_Function = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
# The category of a binding's own function among what wraps it: no written name can be it.
_CALLED = "()"


def _name_warns(warns: _Warns, bindings: Bindings) -> bool:
    """Whether a name warns when it is used: each binding that may be in force is wrapped by something that warns."""
    return bool(bindings) and all(
        any(warns.wrapper(callee, category) for callee, category in wrappers) for wrappers in bindings
    )


def _some_names_warn(names: Sequence[DeprecatedName], silent: Sequence[str]) -> str:
    """What the message adds when some of the names the policy deprecates there warn and some do not."""
    warned = [name for name, _ in names if name not in silent]
    if not warned:
        return ""
    return SOME_NAMES_WARN.format(
        silent=", ".join(f"`{name}`" for name in silent),
        silent_verb="does" if len(silent) == 1 else "do",
        warned=", ".join(f"`{name}`" for name in warned),
        warned_verb="does" if len(warned) == 1 else "do",
    )


def _deprecation_categories(bases: dict[str, tuple[str, ...]]) -> set[str]:
    """DeprecationWarning and the classes of the tree that derive from it."""
    found = set(DEPRECATION_CATEGORIES)
    grown = True
    while grown:
        grown = False
        for name, class_bases in bases.items():
            if name not in found and found.intersection(class_bases):
                found.add(name)
                grown = True
    return found


class _Warns:
    """Whether calling a function warns with a deprecation category, ``depth`` calls deep at most.

    ``wrapper``: whether calling what it *returns* warns — a decorator, a wrapper factory —
    as far as the linter can tell without running it: the functions it defines (at any
    depth) count as its own, and so do those of every function it calls. A category known
    only at run time counts when a function on the way names a deprecation category
    (``moved_20(...)`` passes ``MovedIn20Warning`` down to the helper that warns).
    """

    def __init__(self, functions: dict[str, _Function], categories: set[str], objects: dict[str, set[str]]) -> None:
        self.functions = functions
        self.categories = categories
        self.objects = objects  # a module-level function or class's own name → where it is defined
        self.known: dict[tuple[str, int, bool, bool], bool] = {}
        self.inner: dict[str, list[str]] = {}  # a function → the functions it defines, at any depth
        for name in functions:
            parts = name.split(LOCALS)
            for cut in range(1, len(parts)):
                self.inner.setdefault(LOCALS.join(parts[:cut]), []).append(name)

    def scope(self, categories: tuple[str, ...], calls: tuple[str, ...], mentions: tuple[str, ...]) -> bool:
        """Whether a module's own code warns: what it does itself and the functions it calls."""
        mentioned = bool(self.categories.intersection(mentions))
        return self._warn(categories, mentioned) or any(self(call, CALL_DEPTH, False, mentioned) for call in calls)

    def wrapper(self, callee: str, category: str | None) -> bool:
        """Whether what ``callee`` wraps (a decorator, ``name = callee(...)``) warns when it is used."""
        if category == _CALLED:
            return self(callee, CALL_DEPTH, False, False)  # the name's own function: calling it warns
        if callee in DEPRECATION_DECORATORS:
            return category is None or category in self.categories  # None: the default, DeprecationWarning
        return self(callee, NAME_CALL_DEPTH, True, category in self.categories)

    def __call__(self, name: str, depth: int, wrapper: bool, mentioned: bool) -> bool:
        if name in DEPRECATION_DECORATORS:
            return wrapper  # what it returns warns; calling it does not
        key = (name, depth, wrapper, mentioned)
        if key not in self.known:
            self.known[key] = False  # a recursive call does not warn by recursing
            self.known[key] = self._group(self._targets(name, wrapper), depth, wrapper, mentioned)
        return self.known[key]

    def _group(self, targets: tuple[str, ...], depth: int, wrapper: bool, mentioned: bool) -> bool:
        """Whether running ``targets`` (together: a class's methods share what they name) warns."""
        members = [*targets, *(inner for name in targets for inner in self.inner.get(name, ()))] if wrapper else targets
        entries = [self.functions.get(member, _NOTHING) for member in members]
        mentioned = mentioned or any(self.categories.intersection(mentions) for _, _, mentions in entries)
        if any(self._warn(categories, mentioned) for categories, _, _ in entries):
            return True
        return depth > 1 and any(self(call, depth - 1, wrapper, mentioned) for _, calls, _ in entries for call in calls)

    def _warn(self, categories: tuple[str, ...], mentioned: bool) -> bool:
        return bool(self.categories.intersection(categories)) or (mentioned and RUNTIME_CATEGORY in categories)

    def _targets(self, name: str, wrapper: bool) -> tuple[str, ...]:
        """The functions calling ``name`` runs: itself, a class's methods, or those of what a package re-exports."""
        found = self._runs(name, wrapper)
        if not found:
            reexported = self._reexported(name)
            found = self._runs(reexported, wrapper) if reexported is not None else ()
        return found

    def _runs(self, name: str, wrapper: bool) -> tuple[str, ...]:
        if self._defined(name):
            return (name,)
        methods = _CALLED_METHODS if wrapper else _CONSTRUCTORS
        return tuple(f"{name}.{method}" for method in methods if self._defined(f"{name}.{method}"))

    def _defined(self, name: str) -> bool:
        # A function that does nothing of note itself is known by the functions it defines.
        return name in self.functions or name in self.inner

    def _reexported(self, name: str) -> str | None:
        """``pkg.f`` for ``pkg.sub.f`` when that is the only ``f`` under ``pkg``: a package re-exporting it.

        A package's ``__init__.py`` that re-exports helpers spells no warning word, so it is
        not read; the one function of that name below it is the one it re-exports.
        """
        package, _, own = name.rpartition(".")
        found = [defined for defined in self.objects.get(own, ()) if defined.startswith(f"{package}.")]
        return found[0] if package and len(found) == 1 and found[0] != name else None


_NOTHING: _Function = ((), (), ())
# Calling a class runs its constructors; calling what a class decorator returns (an instance) runs __call__.
_CONSTRUCTORS = ("__new__", "__init__")
_CALLED_METHODS = (*_CONSTRUCTORS, "__call__")


def _replacements(context: RuleContext) -> dict[str, str]:
    """Per module that ``ssot shim`` can generate: what the shim points to first."""
    return {module: spec.exports[0].module for module, spec in shim_specs(context.policy).items()}


def _advice(context: RuleContext, module: str, replacement: str | None) -> tuple[str, dict[str, str]]:
    """The message that says what to do: a shim, a block in a module the policy has other uses for, or a warning."""
    if replacement is None:
        return "warn", {}
    roles = other_roles(context.policy, module)
    if not roles:
        return "shim", {}
    names = [
        f"the names of `{export.module}`" if export.name == EVERY_OTHER_NAME else f"`{export.name}`"
        for export in shim_specs(context.policy)[module].exports
    ]
    return "block", {
        "names": " and ".join(", ".join(names).rsplit(", ", 1)),
        "roles": " and ".join(", ".join(roles).rsplit(", ", 1)),
    }


def _reads(context: RuleContext) -> Reads:
    if context.deprecated_modules.is_empty:
        return Reads()
    return Reads(
        needles=frozenset(word.encode() for word in WARNING_WORDS), modules=context.deprecated_modules, runtime=True
    )


def _no_needles(policy: Policy) -> Needles:
    # Nothing here can be hidden by a broken file: what SOT040 reads, it reads through `reads`.
    return frozenset()


# ``_collect``'s fact.
_NAMES = many(STR)
_BINDINGS = many(many(record(Wrapper, STR, optional(STR))))
_SHAPE = record(
    RuntimeFact,
    optional(record(ModuleEntry, _NAMES, _NAMES, _NAMES, many(record(DeprecatedName, STR, _BINDINGS)), _BINDINGS)),
    many(record(FunctionEntry, STR, _NAMES, _NAMES, _NAMES)),
    many(record(WarningClass, STR, _NAMES)),
)


def _shape(policy: Policy) -> Shape[RuntimeFact]:
    return _SHAPE


CHECK: ProjectCheck[RuntimeFact] = ProjectCheck(
    rules=(SILENT_DEPRECATED_MODULE,),
    needles=_no_needles,
    collect=_collect,
    decide=_decide,
    shape=_shape,
    reads=_reads,
)
