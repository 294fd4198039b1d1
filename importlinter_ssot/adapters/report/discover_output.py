"""`ssot discover` output: the duplicated names for a terminal, and the starter policy as TOML."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from importlinter_ssot.adapters.presentation import display_path, plural
from importlinter_ssot.application.report.discover import DiscoveredName, Discovery, FoundObject, Layout
from importlinter_ssot.application.report.discover_policy import ProposedPolicy, ProposedSymbol
from importlinter_ssot.domain.rules.definitions import DEFINITION_OUTSIDE_SOURCE
from importlinter_ssot.domain.rules.duplicates import DUPLICATE_DEFINITION


def _where(layout: Layout) -> str:
    roots = ", ".join(layout.root_packages)
    sources = ", ".join(layout.source_roots)
    return f"root packages {roots} under {sources} (project root {display_path(layout.project_root) or '.'})"


TOP = 10  # names the summary shows
# The rules that report the other objects of a discovered name where they are bound.
_DEFINITION_RULES = f"{DEFINITION_OUTSIDE_SOURCE.code} and {DUPLICATE_DEFINITION.code}"


def render_discovery_text(discovery: Discovery, *, summary_only: bool = False) -> str:
    """The summary, then each name with its objects, their definition sites and imports, then the unreadable files."""
    lines = render_summary(discovery)
    if summary_only or not discovery.names and not discovery.unparsable:
        return "\n".join(lines) + "\n"
    lines.append("")
    shown = functools.lru_cache(maxsize=None)(display_path)  # a file holds many sites; the cwd is fixed meanwhile
    for found in discovery.names:
        lines += _name_lines(found, shown)
        lines.append("")
    for failure in discovery.unparsable:
        lines.append(f"{display_path(failure.path)}: {failure.message}; its definitions and imports are not counted")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def render_summary(discovery: Discovery) -> list[str]:
    """What was found, in a few lines: the counts, then the names with the most objects and sites."""
    names = discovery.names
    limited = f" matching {', '.join(discovery.patterns)}" if discovery.patterns else ""
    several = sum(1 for found in names if len(found.objects) > 1)
    lines = [
        f"Found {plural(len(names), 'name')}{limited} defined in more than one module, "
        f"{several} of them bound to more than one object; "
        f"{plural(discovery.files_scanned, 'file')} scanned; {_where(discovery.layout)}."
    ]
    if names:
        lines.append("  " + _sites_line(names))
    if discovery.unparsable_total:
        shown = len(discovery.unparsable)
        which = "listed" if shown == discovery.unparsable_total else f"{shown} that may matter listed"
        lines.append(
            f"  {plural(discovery.unparsable_total, 'file')} cannot be read or parsed "
            f"(the definitions and imports there are not counted): {which} at the end."
        )
    if names:
        top = names[:TOP]
        heading = "All of them" if len(top) == len(names) else f"The first {len(top)} of them"
        lines.append(f"  {heading}, most objects first, then most definition sites:")
        objects = max(len(str(len(found.objects))) for found in top)
        sites = max(len(str(len(found.definitions))) for found in top)
        lines += [
            f"    {_count(len(found.objects), objects, 'object')}  {_count(len(found.definitions), sites, 'site')}  "
            f"{found.name}"
            for found in top
        ]
    return lines


def _sites_line(names: tuple[DiscoveredName, ...]) -> str:
    """How many definition sites, of which kinds, and how many assignments were followed to a class or def."""
    sites = [(item, definition) for found in names for item in found.objects for definition in item.definitions]
    assigned = [(item, definition) for item, definition in sites if definition.kind == "assignment"]
    if not assigned:
        return f"{plural(len(sites), 'definition site')}, all class/def."
    aliases = sum(1 for item, _ in assigned if item.is_definition)
    return (
        f"{plural(len(sites), 'definition site')}: {len(sites) - len(assigned)} class/def, "
        f"{plural(len(assigned), 'assignment')}; {aliases} {'alias' if aliases == 1 else 'aliases'} "
        "followed to a class or def."
    )


def _count(count: int, width: int, word: str) -> str:
    """``3 objects``, `` 1 object `` : right-aligned to ``width`` digits, the singular padded to the plural's width."""
    return f"{count:>{width}} {word + ' ' if count == 1 else word + 's'}"


def _name_lines(found: DiscoveredName, shown: Callable[[str], str]) -> list[str]:
    lines = [
        f"{found.name}: {plural(len(found.objects), 'object')}, "
        f"{plural(len(found.definitions), 'definition site')} in {plural(len(found.modules), 'module')}"
    ]
    for index, item in enumerate(found.objects):
        lines.append("  " + _object_heading(item, shown, home=index == 0))
        own = (item.module, item.line)
        bound = [definition for definition in item.definitions if (definition.module, definition.line) != own]
        if bound:
            lines.append(f"    bound as {found.name} at:")
            lines += [
                f"      {shown(definition.path)}:{definition.line}:{definition.column}  "
                f"{definition.module}  ({definition.kind})"
                for definition in bound
            ]
        if item.imports:
            lines.append("    imported as:")
            lines += [f"      {count:>4}  from {module} import {found.name}" for module, count in item.imports]
    if found.not_followed:
        lines.append("  imported from where it could not be followed:")
        lines += [
            f"      {count:>4}  from {module} import {found.name}  ({why})" for module, count, why in found.not_followed
        ]
    if not found.imports:
        lines.append("  never imported with `from … import`")
    return lines


def _object_heading(item: FoundObject, shown: Callable[[str], str], *, home: bool) -> str:
    if not item.path:
        return f"{item.kind}: {item.shown}"
    where = f"{shown(item.path)}:{item.line}:{item.column}"
    notes = []
    if home:
        notes.append("home")
    if item.subclass_of:
        notes.append(f"a subclass of {item.subclass_of}")
    if item.not_followed:
        notes.append(f"not followed: {item.not_followed}")
    suffix = f"  ({'; '.join(notes)})" if notes else ""
    return f"{item.kind} {item.dotted}  {where}{suffix}"


def _string(value: str) -> str:
    # A JSON string is a TOML basic string for what module names and globs hold.
    return json.dumps(value, ensure_ascii=False)


def _strings(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(_string(value) for value in values) + "]"


def render_policy_toml(policy: ProposedPolicy) -> str:
    """The starter policy, with comments saying where each choice came from."""
    layout = policy.layout
    out = [
        "# Starter SSOT policy written by `ssot discover --emit-policy`: review every choice.",
        "# defined_in: the module of the object the names name, aliases followed: never a subclass of",
        "# another of their objects, then the most imported or aliased (a class or def on a tie);",
        "# canonical: where most imports of it already come from; deprecated: the other paths it is",
        "# imported from (add `until` dates); max_import_patterns: today's count, a ratchet (lower it",
        f"# as you go). Other objects under the same names are no paths of the symbol: {_DEFINITION_RULES}",
        "# report where they are bound.",
        "",
        "[policy]",
        'name = "Discovered SSOT policy"',
        f"root_packages = {_strings(layout.root_packages)}",
        f"source_roots = {_strings(layout.source_roots)}",
    ]
    if layout.exclude:
        out.append(f"exclude = {_strings(layout.exclude)}")
    for symbol in policy.symbols:
        out += ["", *(f"# {_comment(line)}" for line in _symbol_comments(symbol))]
        out += ["[[symbol]]", f"name = {_string(symbol.name)}"]
        if symbol.aliases:
            out.append(f"aliases = {_strings(symbol.aliases)}")
        out += [f"defined_in = {_string(symbol.defined_in)}", f"canonical = {_strings([symbol.canonical])}"]
        if symbol.deprecated:
            entries = ", ".join("{ module = " + _string(module) + " }" for module in symbol.deprecated)
            out.append(f"deprecated = [{entries}]")
        out.append(f"max_import_patterns = {symbol.max_import_patterns}")
    for pattern in policy.duplicates:
        out += ["", "[[duplicates]]", f"pattern = {_string(pattern)}"]
    return "\n".join(out) + "\n"


def _symbol_comments(symbol: ProposedSymbol) -> list[str]:
    home = symbol.home
    names = [found.name for found in symbol.discovered]
    objects = {item.key for found in symbol.discovered for item in found.objects}
    lines = [
        f"{' and '.join(f'`{name}`' for name in names)} {'names' if len(names) == 1 else 'name'} "
        f"{plural(len(objects), 'object')}; the home: the {home.kind} `{home.dotted}` (line {home.line})."
    ]
    same = [(module, count) for module, count in _home_imports(symbol)]
    if same:
        lines.append("Imported as it from " + ", ".join(f"{module} ({count}×)" for module, count in same) + ".")
    lines += [f"Deprecated, though not proven to give it: {module} ({why})." for module, why in symbol.unproven]
    for found in symbol.discovered:
        for item in found.objects:
            if item.key == home.key or item.kind not in ("class", "def", "assignment"):
                continue
            extends = f", a subclass of {item.subclass_of}" if item.subclass_of else ""
            own = (item.module, item.line)
            aliased = sorted({site.module for site in item.definitions if (site.module, site.line) != own})
            bound = f", bound as {found.name} in {', '.join(aliased)}" if aliased else ""
            lines.append(
                f"Another object, for {_DEFINITION_RULES} to report where it is bound: {item.kind} `{item.dotted}` "
                f"(line {item.line}){extends}{bound}."
            )
    lines += [
        f"Not a path of it: `from {module} import {name}` gives {item.kind} `{item.dotted}`."
        for module, name, item in symbol.elsewhere
    ]
    return lines


def _home_imports(symbol: ProposedSymbol) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for found in symbol.discovered:
        for item in found.objects:
            if item.key == symbol.home.key:
                for module, count in item.imports:
                    counts[module] = counts.get(module, 0) + count
    return sorted(counts.items(), key=lambda entry: (-entry[1], entry[0]))


def _comment(text: str) -> str:
    """A TOML comment holds one line."""
    return " ".join(text.splitlines())
