"""Runs every rule of one policy: per file (imports, definitions) and per project (duplicates, budget)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from importlinter_ssot.domain.findings import Code, Finding
from importlinter_ssot.domain.rules.budget import check_budget
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.definitions import check_definitions, check_duplicates, duplicate_candidates
from importlinter_ssot.domain.rules.modules import ImportedModule, check_module_imports
from importlinter_ssot.domain.rules.symbols import check_symbol_import
from importlinter_ssot.domain.source import Definition, ImportStatement, ParsedSource, SourceFile, resolve_from_module


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
    """Whether ``M.n`` counts as an imported module for the module rules.

    The specification also counts modules of the scanned tree, but that never changes a
    verdict: a rule whose target covers ``M.n`` either covers ``M`` too (then ``M`` is
    reported first) or has ``M.n`` itself as its target, i.e. matches it by name. So a
    file's findings depend on the file and the policy only, which is what lets a cache
    keep them per file.
    """
    return any(rule.name.matches(module) for rule in context.policy.modules)


@dataclass(frozen=True)
class FileFacts:
    """What one file contributes to the whole-project rules.

    Small and derived from one file only, so a front end can keep it per file (a cache)
    and decide SOT022/SOT030 without holding every parsed file.
    """

    # Per [[duplicates]] rule (same order as the policy): this file's matching definitions.
    duplicate_definitions: tuple[tuple[Definition, ...], ...] = ()
    # One (symbol, absolute module, imported name) per `from M import n` of a governed name.
    import_patterns: tuple[tuple[str, str, str], ...] = ()


def file_facts(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> FileFacts:
    patterns: list[tuple[str, str, str]] = []
    for statement in parsed.imports:
        if not statement.is_from or statement.is_star:
            continue
        module = resolve_from_module(statement, source)
        if module is None or not context.policy.is_first_party(module):
            continue
        for name in statement.names:
            symbol = context.symbols_by_name.get(name.name)
            if symbol is not None:
                patterns.append((symbol.name, module, name.name))
    return FileFacts(
        duplicate_definitions=tuple(duplicate_candidates(rule, source, parsed) for rule in context.policy.duplicates),
        import_patterns=tuple(patterns),
    )


def check_project(context: RuleContext, files: list[tuple[SourceFile, ParsedSource]]) -> list[Finding]:
    """Findings that need every file: SOT022 duplicates and SOT030 import-pattern budgets."""
    return check_project_facts(context, [(source, file_facts(context, source, parsed)) for source, parsed in files])


def check_project_facts(context: RuleContext, facts: list[tuple[SourceFile, FileFacts]]) -> list[Finding]:
    findings: list[Finding] = []
    for index, rule in enumerate(context.policy.duplicates):
        candidates = [(source, file.duplicate_definitions[index]) for source, file in facts]
        findings.extend(check_duplicates(context, rule, candidates))
    budgeted = [symbol for symbol in context.policy.symbols if symbol.max_import_patterns is not None]
    if budgeted:
        patterns: dict[str, Counter[tuple[str, str]]] = {}
        for _, file in facts:
            for symbol_name, module, name in file.import_patterns:
                patterns.setdefault(symbol_name, Counter())[(module, name)] += 1
        for symbol in budgeted:
            finding = check_budget(context, symbol, patterns.get(symbol.name, Counter()))
            if finding is not None:
                findings.append(finding)
    return findings
