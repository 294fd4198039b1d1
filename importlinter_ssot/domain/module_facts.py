"""What ``ssot discover`` keeps of one module's file: its definition sites, its imports, and how it binds its names.

These facts depend on the file alone (its content, its module name, the root packages),
so they are cached per file like the check's results; everything that crosses files —
which object an alias names, which module is a name's home — is decided from them
afterwards (``domain/name_objects.py``).

The bindings are the module's table for ``name_origins`` (``module_table``), read from
what the definition rules read (``application/analysis/module_bindings.py``): the module body and
its top-level ``if``/``try``/``with`` blocks. A binding *always* runs when it lies in no
``if``/``try`` arm; what one that always runs binds replaces the bindings above it. A
``None`` placeholder binds no object, as for the definition rules. Unlike the fixer's
tables (``application/fix/object_bindings.py``), these do not tell ``if TYPE_CHECKING:`` apart,
and do not see names bound in loops, by ``:=`` or ``del``: for a survey, what a module
binds at its top level is enough, and it costs nothing beyond the parse discover makes anyway.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from importlinter_ssot.domain.name_origins import Binding, Kind, ModuleBindings
from importlinter_ssot.domain.records import NamedTuple

SITE_KINDS = ("class", "def", "assignment")
BINDING_KINDS = tuple(kind.value for kind in Kind)


class SiteFact(NamedTuple):
    """A definition site (``domain/rules/definition_sites.py``, no policy): where, what, and all its lines."""

    name: str
    line: int
    column: int
    kind: str  # class | def | assignment: ``Site.kind``
    lines: tuple[int, ...]  # of each definition of the site (alternatives, overloads), the first's included


class BindingRow(NamedTuple):
    """One module-level binding of a name, as ``name_origins.Binding`` takes it (``binding``)."""

    name: str
    kind: str  # a ``name_origins.Kind`` value
    line: int
    target: str = ""  # from, module, star: the module, absolute ("": a relative import above the root)
    path: str = ""  # from: the imported name; alias: the dotted name (one string: cheap to store and check)
    what: str = ""  # definition: class, def or assignment
    always: bool = False  # in no if/try arm: runs whenever the module does

    def binding(self) -> Binding:
        """The row as ``name_origins`` follows it."""
        path = tuple(self.path.split(".")) if self.path else ()
        return Binding(Kind(self.kind), self.line, self.target, path, self.what, runtime_always=self.always)


class ModuleFacts(NamedTuple):
    """What discover keeps of one parsed file."""

    sites: tuple[SiteFact, ...]
    imports: tuple[tuple[str, str], ...]  # (module, name) of each name of a first-party ``from M import``, anywhere
    bindings: tuple[BindingRow, ...]  # the module-level bindings, in source order (star imports included)
    all_names: tuple[str, ...] | None  # a literal ``__all__`` at the top level; None: none, or not a literal
    bases: tuple[tuple[int, tuple[str, ...]], ...]  # (line of a class, its bases that are dotted names)


def module_table(module: str, is_package: bool, facts: ModuleFacts) -> ModuleBindings:
    """The module's bindings as ``name_origins`` follows them (each name's made when it is first looked up)."""
    rows: dict[str, list[BindingRow]] = {}
    stars: list[Binding] = []
    definite: set[str] = set()
    for row in facts.bindings:
        if row.kind == Kind.STAR.value:
            stars.append(row.binding())
            if row.always:
                definite.add(f"*{row.target}")
        else:
            rows.setdefault(row.name, []).append(row)
            if row.always:
                definite.add(row.name)
    return ModuleBindings(
        module,
        is_package,
        _Names(rows),
        tuple(stars),
        frozenset(definite),
        None if facts.all_names is None else frozenset(facts.all_names),
        # Bound, but not to a literal: which names a star import takes is unknown.
        facts.all_names is None and "__all__" in rows,
        "__getattr__" in rows,
        frozenset(),
    )


class _Names(Mapping[str, tuple[Binding, ...]]):
    """A module's bindings by name, each name's made from its rows when first looked up.

    A survey looks up a few names of most modules it passes through; a module has hundreds.
    """

    def __init__(self, rows: dict[str, list[BindingRow]]) -> None:
        self._rows = rows
        self._made: dict[str, tuple[Binding, ...]] = {}

    def __getitem__(self, name: str) -> tuple[Binding, ...]:
        made = self._made.get(name)
        if made is None:
            made = self._made[name] = tuple(row.binding() for row in self._rows[name])
        return made

    def get(self, name: str, default: Any = None) -> Any:
        """``Mapping.get`` without raising for a name the module does not bind (most names asked about)."""
        return self[name] if name in self._rows else default

    def __contains__(self, name: object) -> bool:
        return name in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)
