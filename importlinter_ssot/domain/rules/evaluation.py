"""Runs every rule of one policy: per file (imports, definitions) and per project (duplicates, budget)."""

from __future__ import annotations

from collections import Counter

from importlinter_ssot.domain.findings import Code, Finding
from importlinter_ssot.domain.rules.budget import check_budget
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.definitions import check_definitions, check_duplicates
from importlinter_ssot.domain.rules.modules import ImportedModule, check_module_imports
from importlinter_ssot.domain.rules.symbols import check_symbol_import
from importlinter_ssot.domain.source import ImportStatement, ParsedSource, SourceFile, resolve_from_module


def check_file(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> list[Finding]:
    """Findings decided by this file alone (everything but SOT022 and SOT030)."""
    if parsed.failure is not None:
        return [
            Finding(
                path=source.path,
                line=parsed.failure.position.line,
                column=parsed.failure.position.column,
                code=Code.UNREADABLE_FILE,
                message=parsed.failure.message,
                policy=context.policy.name,
            )
        ]
    findings: list[Finding] = []
    for statement in parsed.imports:
        findings.extend(_check_statement(context, source, statement))
    findings.extend(check_definitions(context, source, parsed))
    return findings


def _check_statement(context: RuleContext, source: SourceFile, statement: ImportStatement) -> list[Finding]:
    if not statement.is_from:
        return check_module_imports(
            context, source, [ImportedModule(name.name, name.position) for name in statement.names]
        )
    module = resolve_from_module(statement, source)
    if module is None:
        return []  # a relative import that climbs above its root package
    findings: list[Finding] = []
    with_symbol_finding: set[int] = set()
    if not statement.is_star and context.policy.is_first_party(module):
        for index, name in enumerate(statement.names):
            finding = check_symbol_import(context, source, module, name)
            if finding is not None:
                findings.append(finding)
                with_symbol_finding.add(index)
    if not context.policy.modules:
        return findings
    imported: list[ImportedModule] = []
    # A statement whose every name already got a symbol finding says nothing new about its module.
    if len(with_symbol_finding) < len(statement.names):
        imported.append(ImportedModule(module, statement.position))
    if not statement.is_star:
        for index, name in enumerate(statement.names):
            submodule = f"{module}.{name.name}"
            if index not in with_symbol_finding and _is_module(context, submodule):
                imported.append(ImportedModule(submodule, name.position))
    findings.extend(check_module_imports(context, source, imported))
    return findings


def _is_module(context: RuleContext, module: str) -> bool:
    if module in context.index.modules:
        return True
    return any(rule.name.matches(module) for rule in context.policy.modules)


def check_project(context: RuleContext, files: list[tuple[SourceFile, ParsedSource]]) -> list[Finding]:
    """Findings that need every file: SOT022 duplicates and SOT030 import-pattern budgets."""
    findings: list[Finding] = []
    for rule in context.policy.duplicates:
        findings.extend(check_duplicates(context, rule, files))
    budgeted = [symbol for symbol in context.policy.symbols if symbol.max_import_patterns is not None]
    if budgeted:
        patterns = count_import_patterns(context, files)
        for symbol in budgeted:
            finding = check_budget(context, symbol, patterns.get(symbol.name, Counter()))
            if finding is not None:
                findings.append(finding)
    return findings


def count_import_patterns(
    context: RuleContext, files: list[tuple[SourceFile, ParsedSource]]
) -> dict[str, Counter[tuple[str, str]]]:
    """Per governed symbol: how often each (absolute module, imported name) is written, in all files."""
    counts: dict[str, Counter[tuple[str, str]]] = {}
    for source, parsed in files:
        for statement in parsed.imports:
            if not statement.is_from or statement.is_star:
                continue
            module = resolve_from_module(statement, source)
            if module is None or not context.policy.is_first_party(module):
                continue
            for name in statement.names:
                symbol = context.symbols_by_name.get(name.name)
                if symbol is not None:
                    counts.setdefault(symbol.name, Counter())[(module, name.name)] += 1
    return counts
