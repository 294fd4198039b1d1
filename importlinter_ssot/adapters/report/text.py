"""A report for the terminal (plain text) and for PR comments and issues (markdown)."""

from __future__ import annotations

from collections.abc import Iterable

from importlinter_ssot.adapters.presentation import display_path
from importlinter_ssot.adapters.report import phrases
from importlinter_ssot.application.report.report_compare import ReportChanges
from importlinter_ssot.application.report.report_model import (
    DefinitionSite,
    OldPath,
    PolicyReport,
    Report,
    SymbolReport,
)


def _site(site: DefinitionSite) -> str:
    return f"{display_path(site.path)}:{site.line}:{site.column}"


def _unparsed_note(policy: PolicyReport) -> list[str]:
    return [f"Note: {note}" for note in phrases.rule_notes(policy.totals)]


# -- plain text -----------------------------------------------------------------------------------


def render_report_text(report: Report, changes: ReportChanges | None = None) -> str:
    """The report as indented plain text."""
    lines: list[str] = []
    for policy in report.policies:
        lines.append(f"== {policy.name} ({display_path(policy.path)}), {report.today.isoformat()}")
        lines.append("")
        for symbol in policy.symbols:
            lines.extend(_symbol_text(symbol))
            lines.append("")
        if policy.modules:
            lines.append("Module rules")
            for rule in policy.modules:
                lines.extend(_path_text(rule, "  "))
            lines.append("")
        for duplicates in policy.duplicates:
            within = f" within {', '.join(duplicates.within)}" if duplicates.within else ""
            lines.append(f"Duplicates `{duplicates.pattern}`{within}: {len(duplicates.names)} duplicated name(s)")
            for item in duplicates.names:
                lines.append(f"  {item.name}: {', '.join(_site(site) for site in item.sites)}")
            lines.append("")
        lines.append(f"Totals: {phrases.totals_line(policy.totals)}; {phrases.codes_line(policy.totals)}")
        lines.extend(_unparsed_note(policy))
        for symbol in policy.symbols:
            lines.append(f"  {symbol.name}: {phrases.progress(symbol)}; {phrases.budget(symbol)}")
        lines.append("")
    if len(report.policies) > 1:
        lines.append(f"All policies: {phrases.totals_line(report.totals)}; {phrases.codes_line(report.totals)}")
        lines.append("")
    if changes is not None:
        lines.append(f"{phrases.since(changes)}:")
        lines.extend(f"  {subject}: {text}" for subject, text in phrases.change_lines(changes))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _symbol_text(symbol: SymbolReport) -> list[str]:
    aliases = f" (aliases: {', '.join(symbol.aliases)})" if symbol.aliases else ""
    lines = [
        f"{symbol.name}{aliases}",
        f"  progress: {phrases.progress(symbol)}; {phrases.budget(symbol)}",
        f"  defined_in {symbol.defined_in}; canonical {', '.join(symbol.canonical)}",
        "  definitions:",
    ]
    for site in symbol.definitions:
        where = "  (defined_in)" if site.is_defined_in else ""
        lines.append(f"    {_site(site)} {site.name}{where}")
    if not symbol.definitions:
        lines.append("    none found")
    lines.append("  import patterns:")
    lines.append(f"    {'uses':>4} {'exempt':>6} {'left':>4}  {'status':<13}  pattern")
    for pattern in symbol.patterns:
        until = f" (until {pattern.until.isoformat()})" if pattern.until else ""
        lines.append(
            f"    {pattern.uses:>4} {pattern.exempt:>6} {pattern.left:>4}  {pattern.status:<13}  {pattern.text}{until}"
        )
    if symbol.references:
        lines.append("  other references (not import statements) through other paths:")
        for reference in symbol.references:
            lines.append(
                f"    {display_path(reference.path)}:{reference.line}:{reference.column} {reference.code} "
                f"{reference.form} {reference.module}.{reference.name}"
            )
    if symbol.deprecated:
        lines.append("  deprecated paths:")
        for path in symbol.deprecated:
            lines.extend(_path_text(path, "    "))
    return lines


def _path_text(path: OldPath, indent: str) -> list[str]:
    """An old path's state, then its importers and the files referring to it, indented below."""
    return [
        f"{indent}{path.subject}: {phrases.path_state(path)}",
        *(f"{indent}  {phrases.importer_place(importer)}" for importer in path.importers),
        *(f"{indent}  referred to by {place}" for place in phrases.referring_places(path.users)),
    ]


# -- markdown -------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_report_markdown(report: Report, changes: ReportChanges | None = None) -> str:
    """The report as GitHub-flavoured markdown: headings and tables."""
    out: list[str] = [f"# SSOT report, {report.today.isoformat()}", ""]
    if changes is not None:
        out += [f"## {phrases.since(changes)}", ""]
        out += [f"- **{_cell(subject)}**: {_cell(text)}" for subject, text in phrases.change_lines(changes)]
        out.append("")
    for policy in report.policies:
        out += [f"## {policy.name}", "", f"Policy `{display_path(policy.path)}`.", ""]
        out += [
            "| Symbol | Canonical references | Left to migrate | Left by form | Progress | Import patterns | Budget |"
        ]
        out += ["|---|---:|---:|---|---:|---:|---:|"]
        for symbol in policy.symbols:
            allowed = "—" if symbol.budget is None else str(symbol.budget)
            left = phrases.forms_split([(count.form, count.left) for count in symbol.forms]) or "—"
            out.append(
                f"| `{symbol.name}` | {symbol.canonical_references} | {symbol.references_left} | {left} | "
                f"{phrases.percent(symbol.progress)} | {len(symbol.patterns)} | {allowed} |"
            )
        out.append("")
        out.append(f"Findings: {phrases.totals_line(policy.totals)}; {phrases.codes_line(policy.totals)}.")
        out += [f"\n{note}" for note in _unparsed_note(policy)]
        out.append("")
        for symbol in policy.symbols:
            out += _symbol_markdown(symbol)
        if policy.modules:
            out += ["### Module rules", "", *_path_table("Module", policy.modules)]
        for duplicates in policy.duplicates:
            within = f" within `{', '.join(duplicates.within)}`" if duplicates.within else ""
            out += [f"### Duplicates `{_cell(duplicates.pattern)}`{within}", ""]
            if not duplicates.names:
                out += ["No duplicated name.", ""]
                continue
            out += ["| Name | Definitions |", "|---|---|"]
            for item in duplicates.names:
                out.append(f"| `{item.name}` | {'<br>'.join(_site(site) for site in item.sites)} |")
            out.append("")
    if len(report.policies) > 1:
        out += [f"All policies: {phrases.totals_line(report.totals)}; {phrases.codes_line(report.totals)}.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _symbol_markdown(symbol: SymbolReport) -> list[str]:
    aliases = f" (aliases: {', '.join(f'`{alias}`' for alias in symbol.aliases)})" if symbol.aliases else ""
    out = [
        f"### `{symbol.name}`{aliases}",
        "",
        f"{phrases.progress(symbol)}; {phrases.budget(symbol)}. `defined_in` `{symbol.defined_in}`, canonical "
        + ", ".join(f"`{module}`" for module in symbol.canonical)
        + ".",
        "",
        "| Import pattern | Status | Uses | Exempt | Left |",
        "|---|---|---:|---:|---:|",
    ]
    for pattern in symbol.patterns:
        until = f" (until {pattern.until.isoformat()})" if pattern.until else ""
        out.append(
            f"| `{pattern.text}` | {pattern.status}{until} | {pattern.uses} | {pattern.exempt} | {pattern.left} |"
        )
    out.append("")
    definitions = ", ".join(
        f"{_site(site)}{' (defined_in)' if site.is_defined_in else ''}" for site in symbol.definitions
    )
    out += [f"Definitions: {definitions or 'none found'}.", ""]
    if symbol.references:
        out.append("Other references (not import statements) through other paths:")
        out += [
            f"- {display_path(item.path)}:{item.line}:{item.column} {item.code} {item.form} `{item.module}.{item.name}`"
            for item in symbol.references
        ]
        out.append("")
    if symbol.deprecated:
        out += _path_table("Deprecated path", symbol.deprecated)
    return out


def _path_table(heading: str, paths: Iterable[OldPath]) -> list[str]:
    """A table of old paths: each one's state, importers and the files referring to it."""
    out = [f"| {heading} | State | Importers left | Referred to by |", "|---|---|---|---|"]
    for path in paths:
        places = "<br>".join(_cell(phrases.importer_place(importer)) for importer in path.importers) or "—"
        users = "<br>".join(_cell(place) for place in phrases.referring_places(path.users)) or "—"
        out.append(f"| `{path.subject}` | {_cell(phrases.path_state(path))} | {places} | {users} |")
    out.append("")
    return out
