"""A report as a versioned JSON document (docs/output.md), and back: `--compare` reads a previous one."""

from __future__ import annotations

import datetime
import json
from typing import Any, TypedDict

from importlinter_ssot import __version__
from importlinter_ssot.adapters.presentation import display_path
from importlinter_ssot.adapters.report.json_fields import Fields
from importlinter_ssot.application.gate.json_document import JsonError, load_json
from importlinter_ssot.application.report.report_compare import Delta, ReportChanges
from importlinter_ssot.application.report.report_model import (
    CANONICAL,
    STATUSES,
    DefinitionSite,
    DeprecatedPathReport,
    DuplicateName,
    DuplicatesReport,
    FlaggedReference,
    FormCount,
    Importer,
    ImportPattern,
    ModuleRuleReport,
    OldPath,
    PathUsers,
    PolicyReport,
    Report,
    SymbolReport,
    Totals,
)

REPORT_KIND = "ssot-report"
REPORT_SCHEMA_VERSION = 2
# 2: `removable` means unused (no reference of any kind from outside the path, no canonical module in it),
# with `referenced_by` and `kept_by`; `progress` counts every kind of reference. `--compare` reads both.
READABLE_SCHEMA_VERSIONS = (1, 2)


class ReportFormatError(Exception):
    """A file given to ``--compare`` is not a JSON report this version can read."""


def report_document(report: Report, changes: ReportChanges | None = None) -> dict[str, Any]:
    """The report as the documented JSON structure (the HTML page embeds the same numbers)."""
    document: dict[str, Any] = {
        "kind": REPORT_KIND,
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": "importlinter-ssot", "version": __version__},
        "today": report.today.isoformat(),
        "generated": _timestamp(report.generated),
        "policies": [_policy(policy) for policy in report.policies],
        "totals": _totals(report.totals),
    }
    if changes is not None:
        document["changes"] = _changes(changes)
    return document


def render_report_json(report: Report, changes: ReportChanges | None = None) -> str:
    """The JSON report, indented, one trailing newline."""
    return json.dumps(report_document(report, changes), indent=2, ensure_ascii=False) + "\n"


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _policy(policy: PolicyReport) -> dict[str, Any]:
    return {
        "name": policy.name,
        "path": display_path(policy.path),
        "totals": _totals(policy.totals),
        "symbols": [_symbol(symbol) for symbol in policy.symbols],
        "modules": [_module(rule) for rule in policy.modules],
        "duplicates": [_duplicates(rule) for rule in policy.duplicates],
    }


# Totals and the places in files are written as their records are: every field under its own
# name, in the record's order (the loaders below read them back in that order); paths relative.
def _totals(totals: Totals) -> dict[str, Any]:
    return {**totals._asdict(), "findings": dict(totals.findings)}


def _place(place: DefinitionSite | Importer | FlaggedReference) -> dict[str, Any]:
    return {**place._asdict(), "path": display_path(place.path)}


def _users(users: PathUsers | None) -> dict[str, Any] | None:
    if users is None:
        return None
    return {
        "files": users.files,
        "references": users.references,
        "by_form": dict(users.forms),
        "first": [_place(importer) for importer in users.first],
    }


def _symbol(symbol: SymbolReport) -> dict[str, Any]:
    return {
        "name": symbol.name,
        "aliases": list(symbol.aliases),
        "defined_in": symbol.defined_in,
        "canonical": list(symbol.canonical),
        "progress": {
            "canonical_imports": symbol.canonical_imports,
            "imports_left": symbol.imports_left,
            "canonical_references": symbol.canonical_references,
            "references_left": symbol.references_left,
            "by_form": {count.form: {"canonical": count.canonical, "left": count.left} for count in symbol.forms},
            "percent": symbol.progress,
        },
        "budget": {"used": len(symbol.patterns), "allowed": symbol.budget},
        "definitions": [_place(site) for site in symbol.definitions],
        "patterns": [
            {
                "pattern": pattern.text,
                "module": pattern.module,
                "name": pattern.name,
                "status": pattern.status,
                "until": _date(pattern.until),
                "uses": pattern.uses,
                "exempt": pattern.exempt,
                "left": pattern.left,
            }
            for pattern in symbol.patterns
        ],
        "references": [_place(reference) for reference in symbol.references],
        "deprecated_paths": [
            {
                "module": path.module,
                "until": _date(path.until),
                "expired": path.expired,
                "message": path.message,
                **_old_path(path),
            }
            for path in symbol.deprecated
        ],
    }


def _module(rule: ModuleRuleReport) -> dict[str, Any]:
    return {
        "name": rule.name,
        "status": rule.status,
        "until": _date(rule.until),
        "expired": rule.expired,
        "replacement": rule.replacement,
        **_old_path(rule),
    }


def _old_path(path: OldPath) -> dict[str, Any]:
    """Who still refers to an old path and whether it can go: the same keys, last, for both kinds."""
    return {
        "importers_left": [_place(importer) for importer in path.importers],
        "exempt_importers": path.exempt,
        "removable": path.removable,
        "kept_by": list(path.kept_by),
        "referenced_by": _users(path.users),
    }


def _duplicates(rule: DuplicatesReport) -> dict[str, Any]:
    return {
        "pattern": rule.pattern,
        "within": list(rule.within),
        "names": [{"name": item.name, "sites": [_place(site) for site in item.sites]} for item in rule.names],
    }


def _timestamp(moment: datetime.datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _delta(delta: Delta) -> dict[str, Any]:
    return {"before": delta.before, "after": delta.after}


def _changes(changes: ReportChanges) -> dict[str, Any]:
    return {
        "previous_today": changes.previous_today.isoformat(),
        "previous_generated": _timestamp(changes.previous_generated),
        "findings": {code: _delta(delta) for code, delta in changes.findings},
        "errors": _delta(changes.errors),
        "warnings": _delta(changes.warnings),
        "files_touched": _delta(changes.files_touched),
        "symbols": [
            {
                "policy": change.policy,
                "name": change.name,
                "patterns": _delta(change.patterns),
                "progress": _delta(change.progress),
                "imports_left": _delta(change.imports_left),
                "references_left": _delta(change.references_left),
                "definitions": _delta(change.definitions),
                "now_removable": list(change.now_removable),
                "no_longer_removable": list(change.no_longer_removable),
            }
            for change in changes.symbols
        ],
        "modules": [
            {
                "policy": change.policy,
                "name": change.name,
                "importers": _delta(change.importers),
                "now_removable": change.now_removable,
                "no_longer_removable": change.no_longer_removable,
            }
            for change in changes.modules
        ],
        "duplicates": [
            {
                "policy": change.policy,
                "pattern": change.pattern,
                "names": _delta(change.names),
                "resolved": list(change.resolved),
                "new": list(change.new),
            }
            for change in changes.duplicates
        ],
    }


# -- reading a previous report back ---------------------------------------------------------------


def load_report_json(text: str, source: str) -> Report:
    """The report a previous ``ssot report --format json`` wrote; ReportFormatError naming ``source`` if not one."""
    try:
        document = load_json(text)
    except JsonError as error:
        raise ReportFormatError(f"{source}:{error.line}:{error.column}: not JSON: {error.message}") from None
    if not isinstance(document, dict) or document.get("kind") != REPORT_KIND:
        raise ReportFormatError(f'{source}: not an `ssot report --format json` document (no "kind": "{REPORT_KIND}")')
    version = document.get("schema_version")
    if type(version) is not int or version not in READABLE_SCHEMA_VERSIONS:
        readable = " and ".join(str(known) for known in READABLE_SCHEMA_VERSIONS)
        raise ReportFormatError(f"{source}: report schema_version {version!r}; this version reads {readable}")
    try:
        fields = Fields(document)
        return Report(
            today=fields.date("today"),
            generated=_load_timestamp(fields),
            policies=tuple(_load_policy(item) for item in fields.objects("policies")),
            totals=_load_totals(fields.object("totals")),
        )
    except ValueError as error:  # a missing key or a wrong type, named with its place in the document
        raise ReportFormatError(f"{source}: malformed report: {error}") from None


def _load_timestamp(data: Fields) -> datetime.datetime | None:
    """``generated``: absent from reports of older versions; else a UTC time, to the second."""
    text = data.optional_text("generated") if data.has("generated") else None
    if text is None:
        return None
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise ValueError(f"`generated` must be a UTC time (YYYY-MM-DDTHH:MM:SSZ), not {text!r}") from None


def _load_totals(data: Fields) -> Totals:
    return Totals(
        data.counts("findings"),
        data.integer("errors"),
        data.integer("warnings"),
        data.integer("files_touched"),
        data.integer("files_checked"),
    )


def _load_site(data: Fields) -> DefinitionSite:
    return DefinitionSite(
        data.text("path"),
        data.text("module"),
        data.integer("line"),
        data.integer("column"),
        data.text("name"),
        data.flag("is_defined_in"),
    )


def _load_importer(data: Fields) -> Importer:
    return Importer(
        data.text("path"), data.integer("line"), data.integer("column"), data.text("form"), data.text("name")
    )


def _load_users(data: Fields | None) -> PathUsers | None:
    if data is None:
        return None  # schema 1: not counted
    first = tuple(_load_importer(item) for item in data.objects("first"))
    return PathUsers(data.integer("files"), data.integer("references"), data.ordered_counts("by_form"), first)


def _load_forms(
    progress: Fields, patterns: list[ImportPattern], references: tuple[FlaggedReference, ...]
) -> tuple[FormCount, ...]:
    """The references per form; a schema 1 report counted imports, and listed the flagged uses of other forms."""
    if progress.has("by_form"):
        by_form = progress.object("by_form")
        return tuple(
            FormCount(form, by_form.object(form).integer("canonical"), by_form.object(form).integer("left"))
            for form in by_form.keys()
        )
    canonical = sum(pattern.uses for pattern in patterns if pattern.status == CANONICAL)
    forms = {"import": [canonical, sum(pattern.left for pattern in patterns)]}
    for reference in references:
        forms.setdefault(reference.form, [0, 0])[1] += 1
    return tuple(FormCount(form, *counts) for form, counts in forms.items() if any(counts))


class _OldPathFields(TypedDict):
    """The fields ``_old_path`` wrote, as both kinds of old path take them."""

    importers: tuple[Importer, ...]
    exempt: int
    users: PathUsers | None
    kept_by: tuple[str, ...]


def _load_old_path(data: Fields) -> _OldPathFields:
    return _OldPathFields(
        importers=tuple(_load_importer(importer) for importer in data.objects("importers_left")),
        exempt=data.integer("exempt_importers"),
        users=_load_users(data.optional_object("referenced_by")),
        kept_by=data.texts("kept_by") if data.has("kept_by") else (),
    )


def _load_policy(data: Fields) -> PolicyReport:
    return PolicyReport(
        name=data.text("name"),
        path=data.text("path"),
        symbols=tuple(_load_symbol(item) for item in data.objects("symbols")),
        modules=tuple(
            ModuleRuleReport(
                name=item.text("name"),
                status=item.text("status"),
                until=item.optional_date("until"),
                expired=item.flag("expired"),
                replacement=item.optional_text("replacement"),
                **_load_old_path(item),
            )
            for item in data.objects("modules")
        ),
        duplicates=tuple(
            DuplicatesReport(
                pattern=item.text("pattern"),
                within=item.texts("within"),
                names=tuple(
                    DuplicateName(name.text("name"), tuple(_load_site(site) for site in name.objects("sites")))
                    for name in item.objects("names")
                ),
            )
            for item in data.objects("duplicates")
        ),
        totals=_load_totals(data.object("totals")),
    )


def _load_symbol(data: Fields) -> SymbolReport:
    patterns = []
    for item in data.objects("patterns"):
        status = item.text("status")
        if status not in STATUSES:
            raise ValueError(f"unknown pattern status {status!r}")
        patterns.append(
            ImportPattern(
                item.text("module"),
                item.text("name"),
                status,
                item.integer("uses"),
                item.integer("exempt"),
                item.integer("left"),
                item.optional_date("until"),
            )
        )
    references = tuple(
        FlaggedReference(
            item.text("path"),
            item.integer("line"),
            item.integer("column"),
            item.text("form"),
            item.text("module"),
            item.text("name"),
            item.text("code"),
        )
        for item in data.objects("references")
    )
    return SymbolReport(
        name=data.text("name"),
        aliases=data.texts("aliases"),
        defined_in=data.text("defined_in"),
        canonical=data.texts("canonical"),
        definitions=tuple(_load_site(site) for site in data.objects("definitions")),
        patterns=tuple(patterns),
        budget=data.object("budget").optional_integer("allowed"),
        references=references,
        forms=_load_forms(data.object("progress"), patterns, references),
        deprecated=tuple(
            DeprecatedPathReport(
                module=item.text("module"),
                until=item.optional_date("until"),
                expired=item.flag("expired"),
                message=item.optional_text("message"),
                **_load_old_path(item),
            )
            for item in data.objects("deprecated_paths")
        ),
    )
