"""The report use case: the same evaluation as `ssot check` (and its cache), aggregated into where a migration stands.

Every number comes from the engine's per-file results: the findings (each verdict), the
inventory fact (definitions, references and module-rule hits, exempt ones included), the
path-usage fact (every reference to an old path) and SOT022's fact (definitions per
``[[duplicates]]`` rule). Nothing is parsed or decided here; the one judgement of its own is
*removable* (the issue's "remove deprecated paths only after complete migration"): no file
outside the path's own package refers to it in any way, and it is, or holds, no canonical or
``defined_in`` module (``report_usage``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from importlinter_ssot.application.analysis.check import scope_filter
from importlinter_ssot.application.analysis.scheduling import evaluate_projects
from importlinter_ssot.application.policy.policy_warnings import policy_warnings
from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.application.ports import CacheStore, FileSystem, TaskRunner
from importlinter_ssot.application.report.report_model import (
    CANONICAL,
    EXEMPT,
    FORMS,
    DefinitionSite,
    DeprecatedPathReport,
    DuplicateName,
    DuplicatesReport,
    FlaggedReference,
    FormCount,
    Importer,
    ImportPattern,
    ModuleRuleReport,
    PolicyReport,
    Report,
    SymbolReport,
    Totals,
)
from importlinter_ssot.application.report.report_usage import PathUsage
from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.globs import is_within
from importlinter_ssot.domain.policy import ModuleRule, SymbolRule
from importlinter_ssot.domain.problems import PolicyProblem
from importlinter_ssot.domain.rules import duplicates
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.evaluation import FileResult, decide_project
from importlinter_ssot.domain.rules.registry import RULES
from importlinter_ssot.domain.source import SourceFile

# What each symbol-path code says of the path an import goes through: the rules say it.
_STATUS_OF_CODE = {rule.code: rule.path_status for rule in RULES if rule.path_status is not None}


def build_report(
    file_system: FileSystem,
    projects: Sequence[Project],
    today: datetime.date,
    scope: Iterable[str] | None = None,
    *,
    runner: TaskRunner,
    cache: CacheStore | None = None,
) -> Report:
    """The report of every project; only files inside ``scope`` count (all when None), as in ``run_check``."""
    in_scope = scope_filter(scope)
    per_project = evaluate_projects(file_system, projects, today, runner, cache)
    policies: list[PolicyReport] = []
    every_finding: dict[tuple[str, int, int, str, str], Finding] = {}
    every_checked: set[str] = set()
    warnings: list[PolicyProblem] = []
    for project, results in zip(projects, per_project, strict=True):
        report, findings, checked = _policy_report(project, results, today, in_scope)
        policies.append(report)
        for finding in findings:
            every_finding.setdefault(finding.identity(), finding)
        every_checked.update(checked)
        warnings.extend(policy_warnings(project, results.values()))
    return Report(today, tuple(policies), _totals(every_finding.values(), len(every_checked)), tuple(warnings))


def _policy_report(
    project: Project, results: dict[str, FileResult], today: datetime.date, in_scope: Callable[[str], bool]
) -> tuple[PolicyReport, list[Finding], set[str]]:
    policy = project.policy
    is_module = project.module_index.modules.__contains__
    evaluated = [(source, results[source.path]) for source in project.files]
    findings: dict[tuple[str, int, int, str, str], Finding] = {}
    symbols = {symbol.name: _SymbolTally(symbol, today) for symbol in policy.symbols}
    modules = [_ModuleTally(rule) for rule in policy.modules]
    checked: set[str] = set()
    usage = PathUsage(policy, is_module)
    for source, result in evaluated:
        if result.facts.path_usage is not None:
            usage.add(source, result.facts.path_usage)  # every file: a path used anywhere stays
        if not in_scope(source.path):
            continue
        checked.add(source.path)
        file_findings = result.findings_given(is_module)
        for finding in file_findings:
            findings.setdefault(finding.identity(), finding)
        fact = result.facts.inventory
        if fact is None:
            continue
        definitions, references, hits, _ = fact
        verdicts = {
            (finding.line, finding.column, finding.symbol): finding.code
            for finding in file_findings
            if finding.code in _STATUS_OF_CODE
        }
        for symbol_name, name, line, column in definitions:
            symbols[symbol_name].define(source, name, line, column)
        for symbol_name, form, module, name, line, column, exempt, condition in references:
            if condition and not is_module(condition):
                continue  # `from p import m` where p.m is no module: `m.Name` is no reference to a module
            code = verdicts.get((line, column, symbol_name))
            symbols[symbol_name].refer(source, form, module, name, line, column, bool(exempt), code)
        for rule_index, covered, form, line, column, exempt in hits:
            modules[rule_index].hit(source, covered, form, line, column, bool(exempt))
    context = RuleContext(policy, today)
    for finding in decide_project(context, evaluated):
        if in_scope(finding.path):
            findings.setdefault(finding.identity(), finding)
    report = PolicyReport(
        name=policy.name,
        path=policy.path,
        symbols=tuple(tally.report(usage) for tally in symbols.values()),
        modules=tuple(tally.report(today, usage, index) for index, tally in enumerate(modules)),
        duplicates=tuple(_duplicates(project, evaluated, in_scope)),
        totals=_totals(findings.values(), len(checked)),
    )
    return report, list(findings.values()), checked


class _SymbolTally:
    """A symbol's definitions and references, gathered file by file."""

    def __init__(self, symbol: SymbolRule, today: datetime.date) -> None:
        self.symbol = symbol
        self.today = today
        self.definitions: list[DefinitionSite] = []
        # (module, name) -> [uses, exempt uses, uses left, code of the uses left]
        self.patterns: dict[tuple[str, str], list[Any]] = {}
        self.references: list[FlaggedReference] = []
        self.through: dict[str, list[Importer]] = {path.module: [] for path in symbol.deprecated}
        self.through_exempt: dict[str, int] = {path.module: 0 for path in symbol.deprecated}
        # form -> [references through a canonical path, references left to migrate]
        self.forms: dict[str, list[int]] = {}

    def define(self, source: SourceFile, name: str, line: int, column: int) -> None:
        is_source = source.module == self.symbol.defined_in
        self.definitions.append(DefinitionSite(source.path, source.module, line, column, name, is_source))

    def refer(
        self,
        source: SourceFile,
        form: str,
        module: str,
        name: str,
        line: int,
        column: int,
        exempt: bool,
        code: str | None,
    ) -> None:
        counts = self.forms.setdefault(form, [0, 0])
        counts[0] += module in self.symbol.canonical
        counts[1] += code is not None
        if form == "import":
            uses = self.patterns.setdefault((module, name), [0, 0, 0, None])
            uses[0] += 1
            uses[1] += exempt
            if code is not None:
                uses[2] += 1
                uses[3] = code
        elif code is not None:
            self.references.append(FlaggedReference(source.path, line, column, form, module, name, code))
        if module in self.through:
            # Its own package and allow_importers may keep using the path; anyone else blocks its removal.
            own = is_within(source.module, module)
            if own or any(glob.matches(source.module) for glob in self.symbol.allow_importers):
                self.through_exempt[module] += 1
            else:
                self.through[module].append(Importer(source.path, line, column, form, name))

    def report(self, usage: PathUsage) -> SymbolReport:
        symbol = self.symbol
        patterns = []
        for (module, name), (count, exempt, left, code) in self.patterns.items():
            deprecated = symbol.deprecated_path(module)
            if module in symbol.canonical:
                status = CANONICAL
            elif code is not None:
                status = _STATUS_OF_CODE[code]
            else:
                status = EXEMPT
            until = deprecated.until if deprecated is not None else None
            patterns.append(ImportPattern(module, name, status, count, exempt, left, until))
        patterns.sort(key=lambda pattern: (-pattern.uses, pattern.module, pattern.name))
        return SymbolReport(
            name=symbol.name,
            aliases=symbol.aliases,
            defined_in=symbol.defined_in,
            canonical=symbol.canonical,
            definitions=tuple(sorted(self.definitions)),
            patterns=tuple(patterns),
            budget=symbol.max_import_patterns,
            references=tuple(sorted(self.references)),
            forms=tuple(
                FormCount(form, *self.forms[form]) for form in FORMS if form in self.forms and any(self.forms[form])
            ),
            deprecated=tuple(
                DeprecatedPathReport(
                    module=path.module,
                    until=path.until,
                    expired=path.has_expired(self.today),
                    message=path.message,
                    importers=tuple(sorted(self.through[path.module])),
                    exempt=self.through_exempt[path.module],
                    users=users,
                    kept_by=kept,
                )
                for path in symbol.deprecated
                for users, kept in [usage.of_path(path.module)]
            ),
        )


class _ModuleTally:
    """A module rule's hits, gathered file by file."""

    def __init__(self, rule: ModuleRule) -> None:
        self.rule = rule
        self.importers: list[Importer] = []
        self.exempt = 0

    def hit(self, source: SourceFile, covered: str, form: str, line: int, column: int, exempt: bool) -> None:
        if exempt:
            self.exempt += 1
        else:
            self.importers.append(Importer(source.path, line, column, form, covered))

    def report(self, today: datetime.date, usage: PathUsage, index: int) -> ModuleRuleReport:
        rule = self.rule
        users, kept = usage.of_rule(index, rule)
        return ModuleRuleReport(
            name=rule.name.pattern,
            status=rule.status.value,
            until=rule.until,
            expired=rule.has_expired(today),
            replacement=rule.replacement,
            importers=tuple(sorted(self.importers)),
            exempt=self.exempt,
            users=users,
            kept_by=kept,
        )


def _duplicates(
    project: Project, evaluated: list[tuple[SourceFile, FileResult]], in_scope: Callable[[str], bool]
) -> list[DuplicatesReport]:
    """Each rule's duplicated names (as SOT022 groups them, over every file) with a definition in scope."""
    facts = [(source, fact) for source, result in evaluated if (fact := result.facts.duplicates) is not None]
    reports = []
    for index, rule in enumerate(project.policy.duplicates):
        names = []
        for name, places in sorted(duplicates.duplicated_names(index, facts).items()):
            if any(in_scope(source.path) for source, _, _ in places):
                sites = sorted(
                    DefinitionSite(source.path, source.module, line, column, name) for source, line, column in places
                )
                names.append(DuplicateName(name, tuple(sites)))
        reports.append(DuplicatesReport(rule.pattern, tuple(glob.pattern for glob in rule.within), tuple(names)))
    return reports


def _totals(findings: Iterable[Finding], files_checked: int) -> Totals:
    counts: dict[str, int] = {}
    errors = warnings = 0
    paths: set[str] = set()
    for finding in findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
        paths.add(finding.path)
        if finding.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return Totals(tuple(sorted(counts.items())), errors, warnings, len(paths), files_checked)
