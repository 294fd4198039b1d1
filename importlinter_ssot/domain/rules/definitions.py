"""SOT020/SOT021 (one file) and SOT022 (across files): definitions outside the single source."""

from __future__ import annotations

import fnmatch
from collections import defaultdict

from importlinter_ssot.domain.findings import Code, Finding
from importlinter_ssot.domain.policy import DuplicatesRule
from importlinter_ssot.domain.rules.context import RuleContext, quoted
from importlinter_ssot.domain.source import Definition, ParsedSource, SourceFile


def check_definitions(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> list[Finding]:
    findings: list[Finding] = []
    first_line: dict[str, int] = {}
    for definition in parsed.definitions:
        symbol = context.symbols_by_name.get(definition.name)
        if symbol is None:
            continue
        if source.module != symbol.defined_in:
            findings.append(
                _finding(
                    context,
                    source,
                    definition,
                    Code.DEFINITION_OUTSIDE_SOURCE,
                    f"`{definition.name}` defined in `{source.module}`, but its single source of truth is "
                    f"`{symbol.defined_in}`; import it from {quoted(symbol.canonical)} instead of redefining it",
                    symbol.name,
                    symbol.canonical[0],
                )
            )
        if definition.name in first_line:
            findings.append(
                _finding(
                    context,
                    source,
                    definition,
                    Code.REDEFINITION_IN_FILE,
                    f"`{definition.name}` defined again in this file (first defined at line "
                    f"{first_line[definition.name]}); keep one definition",
                    symbol.name,
                    symbol.canonical[0],
                )
            )
        else:
            first_line[definition.name] = definition.position.line
    return findings


def duplicate_candidates(rule: DuplicatesRule, source: SourceFile, parsed: ParsedSource) -> tuple[Definition, ...]:
    """This file's definitions that ``rule`` groups across files."""
    if not rule.applies_to_module(source.module):
        return ()
    return tuple(definition for definition in parsed.definitions if fnmatch.fnmatchcase(definition.name, rule.pattern))


def check_duplicates(
    context: RuleContext, rule: DuplicatesRule, candidates: list[tuple[SourceFile, tuple[Definition, ...]]]
) -> list[Finding]:
    """SOT022 from every file's ``duplicate_candidates`` for ``rule``."""
    by_name: dict[str, list[tuple[SourceFile, Definition]]] = defaultdict(list)
    for source, definitions in candidates:
        for definition in definitions:
            by_name[definition.name].append((source, definition))
    findings: list[Finding] = []
    for name, places in by_name.items():
        if len({source.path for source, _ in places}) < 2:
            continue
        for source, definition in places:
            others = _describe_others(source, places)
            findings.append(
                _finding(
                    context,
                    source,
                    definition,
                    Code.DUPLICATE_DEFINITION,
                    f"`{name}` is also defined in {others}; "
                    f"keep one definition and import it everywhere else (duplicates pattern `{rule.pattern}`)",
                    name,
                    None,
                )
            )
    return findings


def _describe_others(source: SourceFile, places: list[tuple[SourceFile, Definition]]) -> str:
    others: dict[str, list[int]] = {}
    for other, definition in places:
        if other.path != source.path:
            others.setdefault(other.module, []).append(definition.position.line)
    return ", ".join(
        f"`{module}` (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})"
        for module, lines in sorted(others.items())
    )


def _finding(
    context: RuleContext,
    source: SourceFile,
    definition: Definition,
    code: Code,
    message: str,
    symbol: str | None,
    replacement: str | None,
) -> Finding:
    return Finding(
        path=source.path,
        line=definition.position.line,
        column=definition.position.column,
        code=code,
        message=message,
        symbol=symbol,
        replacement=replacement,
        policy=context.policy.name,
    )
