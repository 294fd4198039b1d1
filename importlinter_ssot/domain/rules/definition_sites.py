"""Which module-level bindings of a file are definitions, and which definitions make one site.

The vocabulary of the definition rules (SOT020/SOT021/SOT022), ``ssot report`` and
``ssot discover``, decided from one file alone:

- **Definitions.** Every ``class``/``def`` is one. An assignment is one unless it is an
  *alias*: it binds ``None`` (a placeholder, e.g. in ``except ImportError:``), or what it
  binds is, through the file's own bindings, an object bound under a name *equivalent* to
  the assigned one — its governed names when it is governed, else the name itself:

  - a name every module-level binding of which (at least one; ``None`` placeholders do not
    count) is an import of an equivalent name (``from m import Equivalent [as Y]``), a
    ``class``/``def`` of an equivalent name, or an assignment of such a value (a chain);
  - an attribute chain ``r.….Equivalent`` on a name ``r`` that only import statements bind.

- **Sites.** Two definitions of a name in different arms of one module-level ``if``
  (elif chains included) or ``try`` (the body with its ``else``, each ``except`` handler;
  not ``finally``, which runs after all of them) are *alternatives*: at most one of them
  runs. A definition *continues* the latest earlier definition of its name that is not an
  alternative of it when that one is a ``@typing.overload`` stub (the next ``def`` is the
  overload's implementation, or another stub), or when it is a ``def`` decorated with
  ``@Name.setter``, ``@Name.getter`` or ``@Name.deleter`` (built from the previous binding).
  A definition that is neither an alternative nor a continuation of an earlier one starts a
  *site*; the others belong to an earlier site. A definition *redefines* the name when an
  earlier definition of it may have run before it (one that is not an alternative of it)
  and it does not continue one.

``typing.overload`` is recognised through the file's imports: ``from typing import overload
[as o]`` then ``@o``, ``import typing [as t]`` then ``@t.overload`` — ``typing_extensions``
alike.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from importlinter_ssot.domain.policy import SymbolRule
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.source import (
    FINALLY,
    BoundValue,
    Definition,
    ModuleBinding,
    ParsedSource,
    Position,
    SourceFile,
    bound_module,
    resolve_relative,
)

_OVERLOAD_MODULES = frozenset({"typing", "typing_extensions"})
# A name bound, through its chain of assignments, to objects of more names than this is taken
# for another object (no symbol has that many names); it keeps the sets small.
_MOST_ORIGINS = 64
_ACCESSORS = frozenset({"setter", "getter", "deleter"})

# The names bound to the same object as a name, as far as an assignment can tell: a
# governed name's symbol names, else the name itself.
Equivalents = Callable[[str], Collection[str]]


def same_name(name: str) -> Collection[str]:
    """No policy: only the name itself names its object."""
    return (name,)


class PlacedDefinition(NamedTuple):
    """A definition and how it relates to the earlier definitions of its name in the file."""

    definition: Definition
    site: int  # which site of the file it belongs to (numbered in source order of their first definitions)
    starts_site: bool  # neither an alternative nor a continuation of an earlier definition
    redefines: Definition | None  # the first earlier definition it may replace (SOT021); None: none


class Site(NamedTuple):
    """One definition site: where it is reported, and what it defines."""

    definition: Definition  # its first definition
    kind: str  # "class" or "def" when one of its definitions is one (the first such), else "assignment"


_Binding = ModuleBinding | Definition


class FileBindings:
    """A file's module-level bindings by name: what a name written somewhere there is bound to.

    A name used by a module-level statement is bound by the statements that ran before it:
    only bindings earlier in the file count (every one of them, whichever arm it lies in).
    """

    def __init__(self, parsed: ParsedSource) -> None:
        self._bindings: list[tuple[str, Position, _Binding]] = [
            (imported.name, imported.position, imported.binding) for imported in parsed.import_bindings
        ]
        self._bindings += [(definition.name, definition.position, definition) for definition in parsed.definitions]
        imports = len(parsed.import_bindings)
        self._index = {definition: imports + index for index, definition in enumerate(parsed.definitions)}
        self._by_name: dict[str, list[tuple[Position, _Binding]]] = {}
        for name, position, binding in self._bindings:
            self._by_name.setdefault(name, []).append((position, binding))
        self._origins: list[frozenset[str] | None] | None = None  # see ``_all_origins``, when first asked

    def before(self, name: str, position: Position) -> list[_Binding]:
        """Every module-level binding of ``name`` earlier in the file than ``position``."""
        return [binding for where, binding in self._by_name.get(name, ()) if where < position]

    def is_alias(self, definition: Definition, equivalents: Collection[str]) -> bool:
        """Whether an assignment binds nothing new: None, or an object bound under one of ``equivalents``."""
        if definition.value is None:
            return False
        if definition.value.kind == "none":
            return True
        if self._origins is None:
            self._origins = self._all_origins()
        origins = self._origins[self._index[definition]]
        return bool(origins) and origins is not None and origins <= frozenset(equivalents)

    def _all_origins(self) -> list[frozenset[str] | None]:
        """Per binding, the names its object is bound under where it comes from; None: another object, or unknown.

        An import of ``Z``, a ``class``/``def`` ``Z``, ``r.….Z`` on a name that only imports
        bind so far: ``{Z}``. A None placeholder: ``{}`` (no object). An assignment of a name:
        the union of the origins of the name's earlier bindings (None if one is None, or if
        there is none). Anything else: None. One pass in source order, keeping per name the
        union of its bindings so far: a value only refers to earlier bindings, so each is
        known when it is needed, and no chain of assignments is followed twice.
        """
        origins: list[frozenset[str] | None] = [None] * len(self._bindings)
        so_far: dict[str, frozenset[str] | None] = {}  # name → the union of its bindings' origins so far
        only_imported: dict[str, bool] = {}  # name → whether only import statements bound it so far
        for index in sorted(range(len(self._bindings)), key=lambda index: self._bindings[index][1]):
            name, _, binding = self._bindings[index]
            found = origins[index] = _origin(binding, so_far, only_imported)
            previous = so_far.get(name, frozenset())
            so_far[name] = None if previous is None or found is None else _capped(previous | found)
            only_imported[name] = only_imported.get(name, True) and isinstance(binding, ModuleBinding)
        return origins

    def is_overload(self, decorator: str, position: Position) -> bool:
        """Whether ``decorator`` (dotted, as written at ``position``) is ``typing.overload`` through the imports."""
        head, _, rest = decorator.partition(".")
        bindings = [binding for binding in self.before(head, position) if isinstance(binding, ModuleBinding)]
        if not rest:
            return any(
                binding.name == "overload" and binding.level == 0 and binding.module in _OVERLOAD_MODULES
                for binding in bindings
            )
        return rest == "overload" and any(
            binding.name is None and binding.module in _OVERLOAD_MODULES for binding in bindings
        )

    def describe(self, definition: Definition, importer: SourceFile) -> tuple[str, str | None]:
        """What an assignment binds, for a message, and the dotted origin of an imported object (None: not one)."""
        value = definition.value
        if value is None:
            return "", None
        if value.kind == "name":
            return self._describe_name(value.dotted, definition.position, importer)
        if value.kind == "attribute":
            root, _, rest = value.dotted.partition(".")
            bindings = self.before(root, definition.position)
            if len(bindings) == 1 and isinstance(bindings[0], ModuleBinding):
                module = bound_module(bindings[0], importer)
                if module:
                    origin = f"{module}.{rest}"
                    base, _, last = origin.rpartition(".")
                    return f"`{value.dotted}` (`{last}` from `{base}`)", origin
            return f"`{value.dotted}`", None
        return _describe_other(value), None

    def _describe_name(self, name: str, position: Position, importer: SourceFile) -> tuple[str, str | None]:
        bindings = self.before(name, position)
        if not bindings:
            return f"`{name}` (not bound in this file)", None
        if len(bindings) > 1:
            return f"`{name}` (bound {len(bindings)} times in this file)", None
        binding = bindings[0]
        if isinstance(binding, ModuleBinding):
            if binding.name is None:
                return f"`{name}` (module `{binding.module}`)", None
            module = resolve_relative(binding.module, binding.level, importer)
            if module is None:
                return f"`{name}`", None
            imported = "" if binding.name == name else f"`{binding.name}` "
            return f"`{name}` ({imported}from `{module}`)", f"{module}.{binding.name}"
        what = {"class": "a class", "def": "a function"}.get(binding.kind, "an assignment")
        return f"`{name}` ({what} of this file)", None


def _origin(
    binding: _Binding, so_far: Mapping[str, frozenset[str] | None], only_imported: Mapping[str, bool]
) -> frozenset[str] | None:
    """One binding's origins (see ``FileBindings._all_origins``), from what the bindings before it gave."""
    if isinstance(binding, ModuleBinding):
        return None if binding.name is None else frozenset((binding.name,))  # ``import m`` binds a module
    value = binding.value
    if value is None:  # a class or def binds its own name
        return frozenset((binding.name,))
    if value.kind == "none":
        return frozenset()
    if value.kind == "name":
        return so_far.get(value.dotted)  # None when nothing bound it before
    if value.kind == "attribute":
        root, _, rest = value.dotted.partition(".")
        if only_imported.get(root, False):
            return frozenset((rest.rpartition(".")[2],))
    return None


def _capped(names: frozenset[str]) -> frozenset[str] | None:
    return names if len(names) <= _MOST_ORIGINS else None


_KIND_DESCRIPTIONS = {
    "literal": "a literal",
    "lambda": "a lambda",
    "unpacked": "an item unpacked from a value",
    "type alias": "a `type` alias",
}


def _describe_other(value: BoundValue) -> str:
    if value.kind == "call":
        return f"the result of calling `{value.dotted}`" if value.dotted else "the result of a call"
    if value.kind == "subscript":
        return f"a subscript of `{value.dotted}`" if value.dotted else "a subscript"
    return _KIND_DESCRIPTIONS.get(value.kind, "an expression")


def place_definitions(
    parsed: ParsedSource,
    equivalents: Equivalents,
    wanted: Callable[[str], bool] = lambda name: True,
    bindings: FileBindings | None = None,
) -> list[PlacedDefinition]:
    """The definitions of the ``wanted`` names in the file (aliases left out), in source order, each placed."""
    candidates = [definition for definition in parsed.definitions if wanted(definition.name)]
    if not candidates:
        return []
    bindings = bindings or FileBindings(parsed)
    placed: list[PlacedDefinition] = []
    earlier: dict[str, list[tuple[PlacedDefinition, bool]]] = {}  # name → (placed, is an overload stub)
    # (name, if/try statement) → (index in ``earlier[name]``, arm) of the definitions in it.
    in_statement: dict[tuple[str, int], list[tuple[int, int]]] = {}
    new_sites = 0
    for definition in candidates:
        if definition.value is not None and bindings.is_alias(definition, equivalents(definition.name)):
            continue
        before = earlier.setdefault(definition.name, [])
        alternatives = _alternatives(definition, in_statement)
        # The first and the latest earlier definitions that may have run before it (skipping
        # only alternatives, so a name bound many times costs no pairwise comparisons).
        first = next((index for index in range(len(before)) if index not in alternatives), None)
        latest = next((index for index in reversed(range(len(before))) if index not in alternatives), None)
        continued = before[latest] if latest is not None else None
        continues = False
        if continued is not None and definition.kind == "def" and (continued[1] or _is_accessor(definition)):
            site, continues = continued[0].site, True
        elif alternatives:
            site = before[min(alternatives)][0].site  # the arm it replaces: one site with it
        else:
            site, new_sites = new_sites, new_sites + 1
        entry = PlacedDefinition(
            definition,
            site=site,
            starts_site=not continues and not alternatives,
            redefines=None if continues or first is None else before[first][0].definition,
        )
        placed.append(entry)
        for branch in definition.branches:
            in_statement.setdefault((definition.name, branch.statement), []).append((len(before), branch.arm))
        before.append((entry, definition.kind == "def" and _is_stub(definition, bindings)))
    return placed


def _alternatives(definition: Definition, in_statement: dict[tuple[str, int], list[tuple[int, int]]]) -> set[int]:
    """The earlier definitions of its name that lie in another arm of an if/try enclosing it (not ``finally``).

    At most one of two such definitions runs. Only the statements enclosing it are looked at,
    so a file rebinding a name many times is not compared pair by pair.
    """
    found: set[int] = set()
    for branch in definition.branches:
        for index, arm in in_statement.get((definition.name, branch.statement), ()):
            if arm != branch.arm and FINALLY not in (arm, branch.arm):
                found.add(index)
    return found


def _is_stub(definition: Definition, bindings: FileBindings) -> bool:
    return any(bindings.is_overload(decorator, definition.position) for decorator in definition.decorators)


def _is_accessor(definition: Definition) -> bool:
    return any(
        decorator.partition(".")[0] == definition.name and decorator.partition(".")[2] in _ACCESSORS
        for decorator in definition.decorators
    )


def sites(placed: Iterable[PlacedDefinition]) -> list[Site]:
    """One per site, in source order of their first definitions."""
    first: dict[int, Definition] = {}
    kinds: dict[int, str] = {}
    for entry in placed:
        first.setdefault(entry.site, entry.definition)
        if entry.definition.kind != "assignment":
            kinds.setdefault(entry.site, entry.definition.kind)
    return [Site(definition, kinds.get(site, "assignment")) for site, definition in first.items()]


def policy_equivalents(symbols_by_name: Mapping[str, SymbolRule]) -> Equivalents:
    """Equivalent names under a policy: a governed name's symbol names, else the name itself."""

    def equivalents(name: str) -> Collection[str]:
        symbol = symbols_by_name.get(name)
        return (name,) if symbol is None else symbol.names

    return equivalents
