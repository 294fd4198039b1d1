"""The wording every report format shares: one phrase per fact, so text, markdown and HTML say the same."""

from __future__ import annotations

import datetime

from importlinter_ssot.adapters.presentation import display_path, plural
from importlinter_ssot.application.report.report_compare import Delta, ReportChanges, SymbolChange
from importlinter_ssot.application.report.report_model import (
    Importer,
    ModuleRuleReport,
    OldPath,
    PathUsers,
    SymbolReport,
    Totals,
)
from importlinter_ssot.domain.rules.registry import RULES

_RULES_BY_CODE = {rule.code: rule for rule in RULES}


def report_moment(today: datetime.date, generated: datetime.datetime | None) -> str:
    """``judged on 2027-01-15, written 2026-12-07 20:15 UTC`` (the time only when the report says it)."""
    judged = f"judged on {today.isoformat()}"
    return judged if generated is None else f"{judged}, written {generated:%Y-%m-%d %H:%M} UTC"


def since(changes: ReportChanges) -> str:
    """What a comparison is between: both reports' dates and times."""
    previous = report_moment(changes.previous_today, changes.previous_generated)
    if changes.current_today is None:
        return f"Since the report {previous}"
    return f"Since the report {previous} (this one: {report_moment(changes.current_today, changes.current_generated)})"


def percent(value: float | int | None) -> str:
    """``61.5 %``; ``n/a`` when there is nothing to count."""
    return "n/a" if value is None else f"{value:.1f} %"


def progress(symbol: SymbolReport) -> str:
    """``33.3 % canonical (4 references canonical: 4 import; 8 left to migrate: 6 import, 2 patch)``."""
    canonical = forms_split([(count.form, count.canonical) for count in symbol.forms])
    left = forms_split([(count.form, count.left) for count in symbol.forms])
    return (
        f"{percent(symbol.progress)} canonical ({plural(symbol.canonical_references, 'reference')} canonical"
        f"{': ' + canonical if canonical else ''}; {symbol.references_left} left to migrate"
        f"{': ' + left if left else ''})"
    )


def forms_split(counts: list[tuple[str, int]]) -> str:
    """``6 import, 2 patch``: the non-zero counts per form."""
    return ", ".join(f"{count} {form}" for form, count in counts if count)


def budget(symbol: SymbolReport) -> str:
    """``8 import patterns, budget 4 (over)``."""
    used = plural(len(symbol.patterns), "import pattern")
    if symbol.budget is None:
        return f"{used}, no budget"
    over = " (over)" if len(symbol.patterns) > symbol.budget else ""
    return f"{used}, budget {symbol.budget}{over}"


def path_state(path: OldPath) -> str:
    """Where an old path stands: ``until 2027-03-31, 1 importer left; not removable: 2 files refer to it (…)``.

    A module rule says its status first: ``forbidden, 3 importers left, 1 exempt; removable``.
    """
    parts = [path.status] if isinstance(path, ModuleRuleReport) else []
    if path.until is not None:
        parts.append(f"{'expired' if path.expired else 'until'} {path.until.isoformat()}")
    parts.append(f"{plural(len(path.importers), 'importer')} left")
    if path.exempt:
        parts.append(f"{path.exempt} exempt")
    return ", ".join(parts) + "; " + removal(path)


def removal(path: OldPath) -> str:
    """``removable``, or why not: the canonical modules it holds, the files that still refer to it."""
    if path.removable:
        return "removable"
    reasons = []
    if path.subject in path.kept_by:
        reasons.append("a canonical or defined_in module itself")
    held = [f"`{module}`" for module in path.kept_by if module != path.subject]
    if held:
        reasons.append(f"holds {', '.join(held)} (canonical or defined_in)")
    if path.users is not None and path.users.files:
        reasons.append(f"{referring(path.users)} refer{'s' if path.users.files == 1 else ''} to it")
    return "not removable: " + "; ".join(reasons) if reasons else "not removable"


def referring(users: PathUsers) -> str:
    """``3 files (4 references: 3 import, 1 attribute)``."""
    return f"{plural(users.files, 'file')} ({plural(users.references, 'reference')}: {forms_split(list(users.forms))})"


def referring_places(users: PathUsers | None) -> list[str]:
    """The first few referring files, each at its first reference, and how many more there are."""
    if users is None:
        return []
    places = [importer_place(importer) for importer in users.first]
    if users.files > len(users.first):
        places.append(f"… and {plural(users.files - len(users.first), 'more file')}")
    return places


def importer_place(importer: Importer) -> str:
    """``path:line:col (form name)``."""
    return f"{display_path(importer.path)}:{importer.line}:{importer.column} ({importer.form} {importer.name})"


def totals_line(totals: Totals) -> str:
    """``24 errors and 5 warnings in 12 files (23 checked)``."""
    return (
        f"{plural(totals.errors, 'error')} and {plural(totals.warnings, 'warning')} in "
        f"{plural(totals.files_touched, 'file')} ({totals.files_checked} checked)"
    )


def codes_line(totals: Totals) -> str:
    """``SOT001 3, SOT002 5``; ``no findings``."""
    return ", ".join(f"{code} {count}" for code, count in totals.findings) or "no findings"


def rule_notes(totals: Totals) -> list[str]:
    """What the rules with findings say those findings mean for the report's numbers (SOT900: files not counted).

    A report read back from JSON may hold a code this version does not know: it has no note.
    """
    notes = []
    for code, count in totals.findings:
        rule = _RULES_BY_CODE.get(code)
        if count and rule is not None and rule.report_note is not None:
            notes.append(rule.report_note.format(count=count, code=code))
    return notes


def arrow(delta: Delta, *, as_percent: bool = False) -> str:
    """``14 → 6``; ``61.0 % → 88.0 %``; ``new: 6``; ``gone (was 6)``."""
    show = percent if as_percent else lambda value: "n/a" if value is None else str(value)
    return f"{show(delta.before)} → {show(delta.after)}"


def symbol_change(change: SymbolChange) -> str:
    """``patterns 14 → 6, canonical 61.0 % → 88.0 %, left to migrate 20 → 3; `pkg.old` now removable``."""
    if change.before_missing:
        return f"new symbol: {change.patterns.after} patterns, {percent(change.progress.after)} canonical"
    if change.after_missing:
        return "no longer in the policy"
    parts = [f"patterns {arrow(change.patterns)}", f"canonical {arrow(change.progress, as_percent=True)}"]
    if change.references_left.changed:
        parts.append(f"left to migrate {arrow(change.references_left)}")
    if change.definitions.changed:
        parts.append(f"definitions {arrow(change.definitions)}")
    line = ", ".join(parts)
    for module in change.now_removable:
        line += f"; `{module}` now removable"
    for module in change.no_longer_removable:
        line += f"; `{module}` no longer removable"
    return line


def change_lines(changes: ReportChanges) -> list[tuple[str, str]]:
    """(subject, what changed) lines: the totals, then each symbol, module rule and duplicates rule that changed."""
    lines: list[tuple[str, str]] = []
    findings = [f"{code} {arrow(delta)}" for code, delta in changes.findings if delta.changed]
    lines.append(
        (
            "findings",
            f"errors {arrow(changes.errors)}, warnings {arrow(changes.warnings)}, files {arrow(changes.files_touched)}"
            + (f" ({', '.join(findings)})" if findings else ""),
        )
    )
    for change in changes.symbols:
        lines.append((f"`{change.name}`", symbol_change(change)))
    for module in changes.modules:
        if module.importers.changed or module.now_removable or module.no_longer_removable:
            text = f"importers {arrow(module.importers)}"
            if module.now_removable:
                text += ", now removable"
            if module.no_longer_removable:
                text += ", no longer removable"
            lines.append((f"module `{module.name}`", text))
    for duplicates in changes.duplicates:
        if duplicates.names.changed or duplicates.resolved or duplicates.new:
            text = f"duplicated names {arrow(duplicates.names)}"
            if duplicates.resolved:
                text += f" (resolved: {', '.join(duplicates.resolved)})"
            if duplicates.new:
                text += f" (new: {', '.join(duplicates.new)})"
            lines.append((f"duplicates `{duplicates.pattern}`", text))
    return lines
