"""`ssot discover` output: the duplicated names for a terminal, and the starter policy as TOML."""

from __future__ import annotations

import json

from importlinter_ssot.adapters.presentation import display_path, plural
from importlinter_ssot.application.discover import Discovery, Layout, ProposedPolicy


def _where(layout: Layout) -> str:
    roots = ", ".join(layout.root_packages)
    sources = ", ".join(layout.source_roots)
    return f"root packages {roots} under {sources} (project root {display_path(layout.project_root) or '.'})"


def render_discovery_text(discovery: Discovery) -> str:
    """Each duplicated name, its definition sites and how it is imported today, then a summary."""
    lines: list[str] = []
    for found in discovery.names:
        kinds = sorted({definition.kind for definition in found.definitions})
        lines.append(f"{found.name} ({'/'.join(kinds)}) defined in {plural(len(found.modules), 'module')}:")
        for definition in found.definitions:
            where = f"{display_path(definition.path)}:{definition.line}:{definition.column}"
            # Which site is the class and which the assignment, when a name has both.
            kind = f"  ({definition.kind})" if len(kinds) > 1 else ""
            lines.append(f"  {where}  {definition.module}{kind}")
        if found.imports:
            lines.append("  imported as:")
            lines.extend(f"    {count:>4}  from {module} import {found.name}" for module, count in found.imports)
        else:
            lines.append("  never imported with `from … import`")
        lines.append("")
    for path in discovery.unparsable:
        lines.append(f"{display_path(path)}: cannot be read or parsed; its definitions and imports are not counted")
    limited = f" matching {', '.join(discovery.patterns)}" if discovery.patterns else ""
    lines.append(
        f"Found {plural(len(discovery.names), 'name')}{limited} defined in more than one module "
        f"({plural(discovery.files_scanned, 'file')} scanned; {_where(discovery.layout)})."
    )
    return "\n".join(lines) + "\n"


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
        "# defined_in: the defining module most imported from (ties: the shortest module path);",
        "# canonical: where most imports already come from; deprecated: the other paths in use",
        "# (add `until` dates); max_import_patterns: today's count, a ratchet (lower it as you go).",
        "",
        "[policy]",
        'name = "Discovered SSOT policy"',
        f"root_packages = {_strings(layout.root_packages)}",
        f"source_roots = {_strings(layout.source_roots)}",
    ]
    if layout.exclude:
        out.append(f"exclude = {_strings(layout.exclude)}")
    for symbol in policy.symbols:
        found = symbol.discovered
        out += ["", "# Defined in " + ", ".join(found.modules) + "."]
        if found.imports:
            out.append("# Imported from " + ", ".join(f"{module} ({count}×)" for module, count in found.imports) + ".")
        out += [
            "[[symbol]]",
            f"name = {_string(symbol.name)}",
            f"defined_in = {_string(symbol.defined_in)}",
            f"canonical = {_strings([symbol.canonical])}",
        ]
        if symbol.deprecated:
            entries = ", ".join("{ module = " + _string(module) + " }" for module in symbol.deprecated)
            out.append(f"deprecated = [{entries}]")
        out.append(f"max_import_patterns = {symbol.max_import_patterns}")
    for pattern in policy.duplicates:
        out += ["", "[[duplicates]]", f"pattern = {_string(pattern)}"]
    return "\n".join(out) + "\n"
