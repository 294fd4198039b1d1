"""Which object ``from M import N`` gives, proven without running anything: a definition site, or not proven.

A module's bindings (``ModuleBindings``, read from its file by the application) say how
each module-level name is bound. Following them — ``from X import N [as M]`` (relative
ones made absolute), ``import X`` then ``N = X.M``, ``N = M``, star imports of the
project's modules (their ``__all__``, else their public names) — leads to one **origin**:

- a definition site: a ``class``, a ``def`` or an assignment of anything else, in one
  module, at one line (each run of the module makes its own object there);
- a name outside the project (``pathlib.Path``): the same dotted name is the same object;
- a module (``import X``, or ``from P import X`` with ``P/X.py``).

Two imports give the same object when they lead to the same origin. What cannot be
proven is said, not guessed: a name bound only under ``if TYPE_CHECKING:`` (absent at run
time), served only by a module ``__getattr__`` or possibly by a star import from outside
the project, deleted or rebound from a function (``global``), bound several times to
different origins (exclusive branches, ``try``/``except`` fallbacks: proven only when every
binding leads to the same origin), a chain that goes round or is longer than
``MAX_HOPS``, a module of the project without a file that parses.
"""

from __future__ import annotations

import builtins
import enum
from collections.abc import Callable, Mapping

from importlinter_ssot.domain.records import NamedTuple

MAX_HOPS = 64  # re-exports followed from one name before giving up: far beyond any real chain

_BUILTINS = frozenset(dir(builtins))


class Kind(enum.Enum):
    """How a module binds a name."""

    DEFINITION = "definition"  # class, def, or an assignment of anything else: the object is made here
    FROM = "from"  # ``from target import name``
    MODULE = "module"  # ``import target`` (``import a.b`` binds ``a``; ``import a.b as m``, ``a.b``)
    ALIAS = "alias"  # ``N = a.b.c``: path is the dotted name
    STAR = "star"  # ``from target import *``


class Binding(NamedTuple):
    """One module-level binding of a name."""

    kind: Kind
    line: int
    target: str = ""  # FROM, MODULE, STAR: the module, absolute ("": a relative import above the root)
    path: tuple[str, ...] = ()  # FROM: (name,); ALIAS: the dotted name
    what: str = ""  # DEFINITION: "class", "def" or "assignment"
    runtime: bool = True  # False: only under ``if TYPE_CHECKING:``
    checker: bool = True  # False: only in the ``else`` of ``if TYPE_CHECKING:`` (type checkers skip it)
    # Runs whenever the module does, in order (no condition, loop or ``try`` on the way): what
    # it binds replaces every binding above it (``@overload`` defs, then the real one).
    runtime_always: bool = False
    checker_always: bool = False  # the same, as a type checker reads the module


class ModuleBindings(NamedTuple):
    """How a module's file binds its module-level names."""

    module: str
    is_package: bool
    names: Mapping[str, tuple[Binding, ...]]  # name → its bindings (star imports aside), in source order
    stars: tuple[Binding, ...]  # ``from X import *``, in source order
    definite: frozenset[str]  # bound whenever the module runs (not only in conditional code); ``*X``: that star import
    all_names: frozenset[str] | None  # a literal ``__all__``; None when there is none
    dynamic_all: bool  # an ``__all__`` that cannot be read without running the module
    getattr: bool  # a module-level ``__getattr__``
    unstable: frozenset[str]  # deleted at module level, or declared ``global`` in a function

    @property
    def defined(self) -> frozenset[str]:
        """The names a ``class`` or ``def`` of the module itself binds."""
        return frozenset(
            name
            for name, bindings in self.names.items()
            if any(binding.kind is Kind.DEFINITION and binding.what != "assignment" for binding in bindings)
        )

    @property
    def file(self) -> str:
        """The module's file, relative to its source root."""
        return self.module.replace(".", "/") + ("/__init__.py" if self.is_package else ".py")


class Origin(NamedTuple):
    """Where an object comes from: equal origins, the same object."""

    key: tuple[str, str]  # ("site", "module:line") | ("external", dotted name) | ("module", name)
    shown: str  # for people: `pydantic/version.py:6`, `pathlib.Path` (outside the project), the module `x`


class Resolved(NamedTuple):
    """A name proven to be the object of ``origin``, through ``hops``."""

    origin: Origin
    # (module, name, bound whenever the module runs) for each name followed, from the first.
    hops: tuple[tuple[str, str, bool], ...]


class Failure(enum.Enum):
    """Why a name's object is not proven."""

    NOT_BOUND = "not-bound"  # the module does not bind the name at all
    TYPE_CHECKING_ONLY = "type-checking-only"  # bound only under ``if TYPE_CHECKING:``
    UNPROVEN = "unproven"  # bound, but how cannot be followed


class Unproven(NamedTuple):
    """Why ``module.name`` (where the chain broke) is not proven."""

    failure: Failure
    module: str
    name: str
    why: str  # the words, naming the module and name where the chain broke


class NameOrigins:
    """The origin of ``module.name``, following the project's modules; each answer kept (per process).

    ``tables`` gives a module's bindings (None when it has no file that parses),
    ``has_file`` whether the project has a file for a module, and ``in_project`` whether a
    module name belongs to the project (a top-level package of it) — one of those without a
    file is unknown, never taken for a module outside the project.
    """

    def __init__(
        self,
        tables: Callable[[str], ModuleBindings | None],
        has_file: Callable[[str], bool],
        in_project: Callable[[str], bool],
    ) -> None:
        self.tables = tables
        self.has_file = has_file
        self.in_project = in_project
        self._known: dict[tuple[str, str, bool], Resolved | Unproven] = {}
        self._exports: dict[str, frozenset[str] | None] = {}

    def resolve(self, module: str, name: str, *, checker: bool = False) -> Resolved | Unproven:
        """The origin of ``from module import name`` at run time, or for a type checker (``checker``)."""
        return self._resolve(module, name, checker, ())

    def binding_origin(self, module: str, name: str, binding: Binding) -> Resolved | Unproven:
        """The origin one binding of ``name`` in ``module`` gives it at run time (an assignment's value, a base class).

        ``resolve`` weighs every binding of the name; this follows only ``binding``, as
        ``ssot discover`` asks of each definition site.
        """
        table = self.tables(module)
        if table is None:
            return self._without_table(module, name)
        return self._binding(table, name, binding, False, ((module, name),))

    def _resolve(
        self, module: str, name: str, checker: bool, visiting: tuple[tuple[str, str], ...]
    ) -> Resolved | Unproven:
        key = (module, name, checker)
        if key in self._known:
            return self._known[key]
        if (module, name) in visiting:
            return Unproven(Failure.UNPROVEN, module, name, f"`{module}.{name}` is re-exported in a cycle")
        if len(visiting) >= MAX_HOPS:
            why = f"`{module}.{name}` is more than {MAX_HOPS} re-exports away"
            return Unproven(Failure.UNPROVEN, module, name, why)
        result = self._compute(module, name, checker, (*visiting, (module, name)))
        # An answer is never wrong, only cautious: a cycle or a long chain seen from elsewhere stays unproven.
        self._known[key] = result
        return result

    def _compute(
        self, module: str, name: str, checker: bool, visiting: tuple[tuple[str, str], ...]
    ) -> Resolved | Unproven:
        table = self.tables(module)
        if table is None:
            return self._without_table(module, name)
        if name in table.unstable:
            why = f"`{module}.{name}` is deleted, or rebound from a function (`global`)"
            return Unproven(Failure.UNPROVEN, module, name, why)
        every = table.names.get(name, ())
        bindings = [binding for binding in every if (binding.checker if checker else binding.runtime)]
        unknown_stars: list[Binding] = []
        definite = name in table.definite
        for star in table.stars:
            if not (star.checker if checker else star.runtime):
                continue
            exports = self.exports(star.target, ()) if star.target else None
            if exports is None:
                unknown_stars.append(star)
            elif name in exports:
                bindings.append(star._replace(kind=Kind.FROM, path=(name,)))
                definite = definite or f"*{star.target}" in table.definite
        bindings.sort(key=lambda binding: binding.line)
        straight = [
            binding.line for binding in bindings if (binding.checker_always if checker else binding.runtime_always)
        ]
        if straight:
            bindings = [binding for binding in bindings if binding.line >= straight[-1]]  # the ones above are replaced
        if unknown_stars and (
            not bindings
            or not definite
            or max(star.line for star in unknown_stars) > min(binding.line for binding in bindings)
        ):
            source = unknown_stars[-1].target or "a relative module above the root"
            why = f"`{module}.{name}` may come from `from {source} import *`, whose names are unknown"
            return Unproven(Failure.UNPROVEN, module, name, why)
        submodule = f"{module}.{name}" if table.is_package and self.has_file(f"{module}.{name}") else None
        if not bindings:
            return self._unbound(table, name, every, checker, submodule)
        hop = (module, name, definite)
        found: list[Resolved] = []
        for binding in bindings:
            result = self._binding(table, name, binding, checker, visiting)
            if isinstance(result, Unproven):
                return result
            if found and result.origin != found[0].origin:
                why = (
                    f"`{module}.{name}` is bound to different objects depending on what runs: "
                    f"{found[0].origin.shown} and {result.origin.shown}"
                )
                return Unproven(Failure.UNPROVEN, module, name, why)
            found.append(result)
        origin = found[0].origin
        if submodule is not None and origin != _module(submodule):
            why = f"`{module}.{name}` is also the submodule `{submodule}`, which importing it puts in its place"
            return Unproven(Failure.UNPROVEN, module, name, why)
        return Resolved(origin, (hop, *found[0].hops))

    def _without_table(self, module: str, name: str) -> Resolved | Unproven:
        """``module.name`` when ``module`` has no file that parses: outside the project, namespace, unknown."""
        if self.has_file(f"{module}.{name}") and not self.has_file(module):
            return Resolved(_module(f"{module}.{name}"), ((module, name, True),))  # a namespace package's submodule
        if self.has_file(module) or self.in_project(module):
            why = f"`{module}` has no file in the project that parses"
            return Unproven(Failure.UNPROVEN, module, name, why)
        dotted = f"{module}.{name}"
        return Resolved(Origin(("external", dotted), f"`{dotted}` (outside the project)"), ((module, name, True),))

    def _unbound(
        self,
        table: ModuleBindings,
        name: str,
        every: tuple[Binding, ...],
        checker: bool,
        submodule: str | None,
    ) -> Resolved | Unproven:
        module = table.module
        if submodule is not None:
            return Resolved(_module(submodule), ((module, name, True),))  # ``from P import m`` imports P/m.py
        if not checker and any(binding.checker for binding in every):
            why = f"`{module}` binds `{name}` only under `if TYPE_CHECKING:`: " + (
                f"at run time only `{module}.__getattr__` may serve it, which only running it would tell"
                if table.getattr
                else "at run time the import would fail"
            )
            return Unproven(Failure.TYPE_CHECKING_ONLY, module, name, why)
        if table.getattr:
            why = f"`{module}.{name}` is served by `{module}.__getattr__`, which only running it would tell"
            return Unproven(Failure.UNPROVEN, module, name, why)
        why = f"`{module}` does not bind `{name}` at module level"
        return Unproven(Failure.NOT_BOUND, module, name, why)

    def _binding(
        self,
        table: ModuleBindings,
        name: str,
        binding: Binding,
        checker: bool,
        visiting: tuple[tuple[str, str], ...],
    ) -> Resolved | Unproven:
        """The origin one binding of ``name`` in ``table`` gives it."""
        module = table.module
        if binding.kind is Kind.DEFINITION:
            return Resolved(_site(table, binding.line), ())
        if binding.kind is Kind.MODULE:
            return Resolved(_module(binding.target), ())
        if not binding.target and binding.kind is Kind.FROM:
            why = f"`{module}.{name}` is imported from above the root package"
            return Unproven(Failure.UNPROVEN, module, name, why)
        if binding.kind is Kind.FROM and binding.target == module and self.has_file(f"{module}.{binding.path[0]}"):
            return Resolved(_module(f"{module}.{binding.path[0]}"), ())  # ``from . import sub`` in the package
        if binding.kind is Kind.FROM:
            return self._resolve(binding.target, binding.path[0], checker, visiting)
        # ALIAS: ``name = first.rest...``
        first, *rest = binding.path
        if first == name and len(binding.path) == 1:
            why = f"`{module}.{name}` is assigned from itself"
            return Unproven(Failure.UNPROVEN, module, name, why)
        current = self._resolve(module, first, checker, visiting)
        if isinstance(current, Unproven):
            if current.failure is Failure.NOT_BOUND and current.module == module and first in _BUILTINS:
                current = Resolved(Origin(("external", f"builtins.{first}"), f"`builtins.{first}`"), ())
            else:
                return current
        for attribute in rest:
            if current.origin.key[0] != "module":
                # An attribute of an object that is not a module may be made anew on each access (a bound method).
                return Resolved(_site(table, binding.line), ())
            following = self._resolve(current.origin.key[1], attribute, checker, visiting)
            if isinstance(following, Unproven):
                return following
            current = following
        return current

    def exports(self, module: str, visiting: tuple[str, ...]) -> frozenset[str] | None:
        """The names ``from module import *`` binds; None when they cannot be known without running it."""
        if module in self._exports:
            return self._exports[module]
        table = self.tables(module)
        if table is None or table.dynamic_all or module in visiting:
            return None
        found: frozenset[str] | None
        if table.all_names is not None:
            found = table.all_names
        else:
            public = {
                name
                for name, bindings in table.names.items()
                if not name.startswith("_") and any(binding.runtime for binding in bindings)
            }
            found = frozenset(public)
            for star in table.stars:
                more = self.exports(star.target, (*visiting, module)) if star.target and star.runtime else None
                if star.runtime and more is None:
                    found = None
                    break
                if more is not None:
                    found = found | {name for name in more if not name.startswith("_")}
        self._exports[module] = found
        return found


def _site(table: ModuleBindings, line: int) -> Origin:
    return Origin(("site", f"{table.module}:{line}"), f"`{table.file}:{line}`")


def _module(name: str) -> Origin:
    return Origin(("module", name), f"the module `{name}`")
