"""The starter policy ``ssot discover --emit-policy`` proposes for what it discovered.

One ``[[symbol]]`` per *home* — the object a discovered name names, its aliases followed
(``domain/name_objects.py`` says how it is chosen among several objects of one name: never a
subclass of another of them, then the most imported or aliased, a ``class``/``def`` on a tie).
Discovered names with the same home are one object under several names: one symbol.

- ``name``: of those names, the one most imported as that object (ties: the object's own
  name, then the order names are listed in); ``aliases``: the others, and every name an
  alias chain passes on the way to the object, the object's own included — so the check
  takes ``WebSocketManager = UnifiedWebSocketManager`` for the alias it is. A name another
  symbol has already is left to it;
- ``defined_in``: the module holding the home;
- ``canonical``: the module most imports of ``name`` giving that object come from (ties:
  ``defined_in``, then the shortest module path); with none, ``defined_in`` when the home
  is bound there under ``name``, else the shortest module binding ``name`` to it;
- ``deprecated``: every other module a name of the symbol is imported from as that object
  (no ``until``: set one), and those whose object could not be proven (each said in a
  comment, with why). A module a name is imported from as *another* object — a rogue
  class of the same name — is no path of the symbol: it is left out and named in a
  comment, for SOT020/SOT022 to report the class;
- ``max_import_patterns``: today's number of patterns of all its names, as SOT030 counts
  them (every ``from M import n``, whatever object it gives), a ratchet;
- one ``[[duplicates]]`` rule per ``--pattern`` given, else one per discovered name.
"""

from __future__ import annotations

from collections import Counter

from importlinter_ssot.application.report.discover import DiscoveredName, Discovery, FoundObject, Layout
from importlinter_ssot.domain.name_objects import shortness
from importlinter_ssot.domain.records import NamedTuple


class ProposedSymbol(NamedTuple):
    """A ``[[symbol]]`` of the starter policy."""

    name: str
    aliases: tuple[str, ...]
    defined_in: str
    canonical: str
    deprecated: tuple[str, ...]
    max_import_patterns: int
    home: FoundObject
    discovered: tuple[DiscoveredName, ...]  # the discovered names it governs, its name's first
    unproven: tuple[tuple[str, str], ...]  # (deprecated module, why it is not proven to give the object)
    elsewhere: tuple[tuple[str, str, FoundObject], ...]  # (module, name, the other object importing it there gives)


class ProposedPolicy(NamedTuple):
    """The starter policy ``--emit-policy`` writes."""

    layout: Layout
    symbols: tuple[ProposedSymbol, ...]
    duplicates: tuple[str, ...]  # one [[duplicates]] pattern each


def propose_policy(discovery: Discovery) -> ProposedPolicy:
    """A starter policy for the discovered names, by the heuristic in this module's docstring."""
    groups: dict[tuple[str, str], list[DiscoveredName]] = {}
    for found in discovery.names:
        groups.setdefault(found.home.key, []).append(found)
    surveyed = {found.name: found for found in (*discovery.names, *discovery.aliases)}
    claimed = {found.name for found in discovery.names}  # each discovered name is its own home's
    symbols = []
    for group in groups.values():
        home = group[0].home
        order = {found.name: index for index, found in enumerate(group)}
        named = min(group, key=lambda found: (-_uses(found, home), found.name != home.name, order[found.name]))
        others = [found.name for found in group if found is not named]
        chained = sorted({alias for found in group for alias in (*found.home.aliases, home.name)})
        aliases = tuple(dict.fromkeys([*others, *(alias for alias in chained if alias not in claimed)]))
        aliases = tuple(alias for alias in aliases if alias != named.name)
        claimed.update(aliases)
        symbols.append(_symbol(named, aliases, home, group, surveyed))
    duplicates = discovery.patterns or tuple(found.name for found in discovery.names)
    return ProposedPolicy(discovery.layout, tuple(symbols), duplicates)


def _symbol(
    named: DiscoveredName,
    aliases: tuple[str, ...],
    home: FoundObject,
    group: list[DiscoveredName],
    surveyed: dict[str, DiscoveredName],
) -> ProposedSymbol:
    same: Counter[str] = Counter()  # module → imports of a name of the symbol giving the home
    unproven: dict[str, str] = {}
    other: dict[str, tuple[str, FoundObject]] = {}
    patterns = 0
    for name in (named.name, *aliases):
        found = surveyed.get(name)
        if found is None:
            continue
        patterns += len(found.imports)
        for item in found.objects:
            for module, count in item.imports:
                if item.key == home.key:
                    same[module] += count
                else:
                    other.setdefault(module, (name, item))
        for module, _, why in found.not_followed:
            unproven.setdefault(module, f"`{module}.{name}`: {why}")
    own = {module: count for module, count in _home_of(named, home).imports}
    if own:
        canonical = min(own, key=lambda module: (-own[module], module != home.module, shortness(module)))
    elif home.name == named.name:
        canonical = home.module
    else:
        binding = [definition.module for definition in _home_of(named, home).definitions] or [home.module]
        canonical = min(binding, key=shortness)
    unproven = {module: why for module, why in unproven.items() if module not in same}  # proven for another name
    paths = Counter({module: 0 for module in unproven})
    paths.update(same)
    deprecated = tuple(
        module
        for module, _ in sorted(paths.items(), key=lambda item: (-item[1], shortness(item[0])))
        if module != canonical
    )
    elsewhere = tuple(
        (module, name, item)
        for module, (name, item) in sorted(other.items())
        if module not in paths and module != canonical
    )
    return ProposedSymbol(
        named.name,
        aliases,
        home.module,
        canonical,
        deprecated,
        # At least 1 (a policy needs it): the canonical path the name will be imported through.
        max(1, patterns),
        home,
        (named, *(found for found in group if found is not named)),
        tuple((module, why) for module, why in sorted(unproven.items()) if module in deprecated),
        elsewhere,
    )


def _home_of(found: DiscoveredName, home: FoundObject) -> FoundObject:
    """The name's own record of the home object (its imports and sites under that name)."""
    return next((item for item in found.objects if item.key == home.key), home)


def _uses(found: DiscoveredName, home: FoundObject) -> int:
    return sum(count for _, count in _home_of(found, home).imports)
