"""Which objects a name bound in several modules names, its aliases followed, and which of them is its home.

A name's *bindings* are its definition sites (``domain/rules/definition_sites.py`` with no
policy: a ``class``/``def``, or an assignment binding the name to anything but an object
of the same name) and the ``from M import name`` statements of the tree. Each leads to one
*object* (``name_origins``):

- a ``class``/``def`` site is its own object;
- an assignment is followed, through import bindings and assignment chains across the
  tree's modules (``name_origins.MAX_HOPS`` at most, cycles stop), to what it names:
  ``UnifiedWebSocketManager = _UnifiedWebSocketManagerImplementation`` names that class,
  ``WebSocketManager = UnifiedWebSocketManager`` after ``from .unified_manager import
  UnifiedWebSocketManager`` names the same class — an *alias* of it, grouped under its
  site, not another definition. An assignment of anything else (a call, a literal), or
  one that cannot be followed, is an object of its own;
- ``from M import name`` gives what ``M`` binds the name to, followed the same way.

The **home** is the object ``--emit-policy`` takes for ``defined_in``, by this rule, in order:

1. made in the tree (a module, or an object outside the project, is never a home);
2. not a subclass of another of the name's objects (through the bases written on the class,
   followed as aliases are): a wrapper ``class WebSocketManager(UnifiedWebSocketManager)``
   is a variant of the object it extends, never its home, however often it is imported;
3. the most *uses* under the name: imports that give it, plus assignments aliasing it — the
   class nineteen modules alias, rather than a copy two modules import;
4. a ``class``/``def`` before an object an assignment makes (``X = make_x()``);
5. the shortest module path (fewest dots, then fewest characters, then by name), then the
   earliest line.

A name is listed only when one of its objects is a ``class``/``def`` of the tree; its home is
then one too, unless an object made otherwise is used more (Django's ``gettext_lazy =
lazy(gettext, str)``, imported 62 times, over a backend's ``gettext_lazy = gettext``).

Objects are listed in that order, so the home comes first.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from importlinter_ssot.domain.module_facts import ModuleFacts, SiteFact
from importlinter_ssot.domain.name_origins import Kind, NameOrigins, Origin, Resolved, Unproven
from importlinter_ssot.domain.records import NamedTuple

MAX_ANCESTRY = 16  # base classes followed up from one class: far beyond any real hierarchy of rogue copies

ObjectKey = tuple[str, str]  # ``Origin.key``: equal keys, the same object


class NamedObject(NamedTuple):
    """One object a name is bound to somewhere in the tree."""

    key: ObjectKey
    shown: str  # for people: `a/b.py:6`, `pathlib.Path` (outside the project), the module `x`
    kind: str  # class | def | assignment (its own object) | module | outside
    module: str  # where it is made ("" for a module or an object outside the project)
    name: str  # the name it is made under ("" likewise)
    line: int  # of its definition site (0 likewise)
    column: int
    sites: tuple[tuple[str, SiteFact], ...]  # (module, site) of each of the name's definition sites bound to it
    imports: tuple[tuple[str, int], ...]  # (module, uses) of each `from module import name` giving it, most used first
    aliases: tuple[str, ...]  # the other names it is bound under in the modules the name's assignments lead through
    not_followed: str  # an assignment of its own because it could not be followed: why ("" otherwise)
    derives_from: ObjectKey | None  # another of the name's objects this class extends (directly or not)

    @property
    def is_definition(self) -> bool:
        """A ``class`` or ``def`` of the tree: what a home can be."""
        return self.kind in ("class", "def")

    @property
    def uses(self) -> int:
        """Imports giving it under the name, plus assignments aliasing it (its own site is no use)."""
        aliased = sum(1 for _, site in self.sites if site.kind == "assignment" and self.kind != "assignment")
        return sum(count for _, count in self.imports) + aliased


class NameSurvey(NamedTuple):
    """A name's objects (the home first) and the import paths of it that could not be followed."""

    name: str
    objects: tuple[NamedObject, ...]
    not_followed: tuple[tuple[str, int, str], ...]  # (module, uses, why), most used first

    @property
    def names_a_definition(self) -> bool:
        """Whether one of its objects is a ``class`` or ``def`` of the tree (what makes a name listed)."""
        return any(item.is_definition for item in self.objects)


class NameSurveyor:
    """Follows names through the tree's modules; each module's facts read once, each answer kept."""

    def __init__(self, facts: Callable[[str], ModuleFacts | None], origins: NameOrigins) -> None:
        """``facts``: a module's facts (None: no file that parses); ``origins``: over the same modules' tables."""
        self._facts = facts
        self._origins = origins
        self._lines: dict[str, dict[int, SiteFact]] = {}
        self._ancestry: dict[ObjectKey, tuple[ObjectKey, ...]] = {}

    def survey(self, name: str, sites: Iterable[tuple[str, SiteFact]], imports: Mapping[str, int]) -> NameSurvey:
        """The objects ``name`` is bound to by ``sites`` ((module, site)) and ``imports`` ({module: uses})."""
        found: dict[ObjectKey, _Gathered] = {}
        for module, site in sites:
            origin, hops, why = self._site_origin(module, name, site)
            gathered = found.setdefault(origin.key, _Gathered(origin))
            gathered.sites.append((module, site))
            gathered.aliases.update(hop for hop in hops if hop != name)
            if why and not gathered.why:
                gathered.why = why
        not_followed: list[tuple[str, int, str]] = []
        for module, count in imports.items():
            result = self._origins.resolve(module, name)
            if isinstance(result, Unproven):
                not_followed.append((module, count, result.why))
            else:
                found.setdefault(result.origin.key, _Gathered(result.origin)).imports[module] += count
        objects = [self._object(gathered) for gathered in found.values()]
        keys = {item.key for item in objects if item.kind == "class"}
        objects = [item._replace(derives_from=self._derives_from(item, keys)) for item in objects]
        objects.sort(key=_rank)
        not_followed.sort(key=lambda entry: (-entry[1], shortness(entry[0])))
        return NameSurvey(name, tuple(objects), tuple(not_followed))

    # -- one site ------------------------------------------------------------------------------

    def _site_origin(self, module: str, name: str, site: SiteFact) -> tuple[Origin, tuple[str, ...], str]:
        """The object a definition site binds the name to, the names followed to it, and why it was not followed.

        A site holding a ``class``/``def`` is that object; a site of assignments only (in
        alternative arms) is what its first assignment binds.
        """
        own = _site_origin_key(module, site.line, site.kind)
        facts = self._facts(module)
        if facts is None or site.kind != "assignment":
            return own, (), ""  # a class or def is its own object, whatever an alternative arm binds
        row = next((row for row in facts.bindings if row.name == name and row.line == site.line), None)
        if row is None or row.kind != Kind.ALIAS.value:
            return own, (), ""  # the value of a call, a literal: an object of its own
        result = self._origins.binding_origin(module, name, row.binding())
        if isinstance(result, Unproven):
            return own, (), result.why
        # The names it is published under elsewhere: a rename or chain inside this module is its own business.
        return result.origin, tuple(hop for hop_module, hop, _ in result.hops if hop_module != module), ""

    # -- one object ----------------------------------------------------------------------------

    def _object(self, gathered: _Gathered) -> NamedObject:
        origin = gathered.origin
        where, what = origin.key
        kind, module, name, line, column = ("outside" if where == "external" else "module"), "", "", 0, 0
        if where == "site":
            module, _, line_text = what.rpartition(":")
            line, column = int(line_text), 1
            site = self._site_at(module, line)
            kind = "assignment" if site is None else site.kind
            if site is not None:
                name, line, column = site.name, site.line, site.column
        return NamedObject(
            key=origin.key,
            shown=origin.shown,
            kind=kind,
            module=module,
            name=name,
            line=line,
            column=column,
            sites=tuple(gathered.sites),
            imports=tuple(sorted(gathered.imports.items(), key=lambda item: (-item[1], shortness(item[0])))),
            aliases=tuple(sorted(gathered.aliases)),
            not_followed=gathered.why,
            derives_from=None,
        )

    def _site_at(self, module: str, line: int) -> SiteFact | None:
        """The site one of whose definitions is at ``line`` of the module (a class or def first)."""
        if module not in self._lines:
            facts = self._facts(module)
            index: dict[int, SiteFact] = {}
            for site in facts.sites if facts is not None else ():
                for at in site.lines:
                    if at not in index or (index[at].kind == "assignment" and site.kind != "assignment"):
                        index[at] = site
            self._lines[module] = index
        return self._lines[module].get(line)

    # -- subclasses ----------------------------------------------------------------------------

    def _derives_from(self, item: NamedObject, classes: set[ObjectKey]) -> ObjectKey | None:
        """The first other class among ``classes`` that ``item`` extends, directly or through its bases."""
        if item.kind != "class":
            return None
        for ancestor in self._ancestors(item.key, item.module, item.line):
            if ancestor in classes and ancestor != item.key:
                return ancestor
        return None

    def _ancestors(self, key: ObjectKey, module: str, line: int) -> tuple[ObjectKey, ...]:
        """The classes the class at ``module:line`` extends, nearest first (``MAX_ANCESTRY`` levels; cycles stop)."""
        if key in self._ancestry:
            return self._ancestry[key]
        self._ancestry[key] = ()  # a class reached again while its own bases are followed: a cycle
        found: list[ObjectKey] = []
        pending = [(module, line, 0)]
        seen = {key}
        while pending:
            at_module, at_line, depth = pending.pop(0)
            if depth >= MAX_ANCESTRY:
                continue
            for origin in self._bases(at_module, at_line):
                if origin.key in seen:
                    continue
                seen.add(origin.key)
                found.append(origin.key)
                if origin.key[0] == "site":
                    base_module, _, base_line = origin.key[1].rpartition(":")
                    pending.append((base_module, int(base_line), depth + 1))
        self._ancestry[key] = tuple(found)
        return self._ancestry[key]

    def _bases(self, module: str, line: int) -> list[Origin]:
        """What the bases of the class at ``module:line`` name, each followed as the class statement reads it."""
        facts = self._facts(module)
        if facts is None:
            return []
        found = []
        for at, bases in facts.bases:
            if at != line:
                continue
            for base in bases:
                origin = self._dotted_before(facts, module, base.split("."), line)
                if origin is not None:
                    found.append(origin)
        return found

    def _dotted_before(self, facts: ModuleFacts, module: str, parts: list[str], line: int) -> Origin | None:
        """What ``a.b.C``, written at ``line``, names: ``a`` as the bindings above that line bind it."""
        first, rest = parts[0], parts[1:]
        # The latest binding above the line (``class Manager(Manager)`` extends the imported one).
        above = [row for row in facts.bindings if row.name == first and row.line < line and row.kind != "star"]
        if not above:
            return None
        row = above[-1]
        result: Resolved | Unproven = self._origins.binding_origin(module, first, row.binding())
        for attribute in rest:
            if isinstance(result, Unproven) or result.origin.key[0] != "module":
                return None
            result = self._origins.resolve(result.origin.key[1], attribute)
        return None if isinstance(result, Unproven) else result.origin


class _Gathered:
    """An object's bindings as they are found (mutable while a name is surveyed, then frozen into a NamedObject)."""

    def __init__(self, origin: Origin) -> None:
        self.origin = origin
        self.sites: list[tuple[str, SiteFact]] = []
        self.imports: Counter[str] = Counter()
        self.aliases: set[str] = set()
        self.why = ""


def _site_origin_key(module: str, line: int, kind: str) -> Origin:
    """A site's own object, keyed as ``name_origins`` keys a definition site."""
    return Origin(("site", f"{module}:{line}"), f"`{module}` line {line} ({kind})")


def _rank(item: NamedObject) -> tuple[bool, bool, int, bool, tuple[int, int, str], int]:
    """The home rule of this module's docstring: the smallest key is the home."""
    outside = item.kind in ("module", "outside")
    return (
        outside,
        item.derives_from is not None,
        -item.uses,
        not item.is_definition,
        shortness(item.module),
        item.line,
    )


@functools.lru_cache(maxsize=4096)
def shortness(module: str) -> tuple[int, int, str]:
    """Ties are broken by the shortest module path: fewest dots, then fewest characters, then by name."""
    return module.count("."), len(module), module
