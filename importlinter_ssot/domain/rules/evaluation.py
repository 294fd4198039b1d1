"""Runs every check of the registry for one policy: per file, then over the whole project."""

from collections.abc import Callable, Sequence

from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.checks import Conditional
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.registry import FACT_SLOTS, FILE_CHECKS, NO_FACTS, CheckFacts, collect_facts
from importlinter_ssot.domain.source import ParsedSource, SourceFile


class FileResult(NamedTuple):
    """What one file yields for one policy: its own findings and its facts for the project checks.

    Derived from the file's path and content and the policy only, so a front end can keep
    it per file (a cache) and decide the project checks without holding every parsed file.
    """

    findings: tuple[Finding, ...]
    facts: CheckFacts
    conditional: tuple[Conditional, ...] = ()  # findings that need a module of the tree to exist

    @property
    def is_empty(self) -> bool:
        """Nothing found and nothing to contribute: most files of a tree."""
        return not self.findings and not self.conditional and not any(self.facts)

    def findings_given(self, is_module: Callable[[str], bool]) -> list[Finding]:
        """The findings, the conditional ones included where their module exists."""
        held = [item.finding for item in self.conditional if is_module(item.module)]
        return [*self.findings, *held] if held else list(self.findings)


EMPTY_RESULT = FileResult(findings=(), facts=NO_FACTS)


def evaluate_file(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> FileResult:
    """Every file check's findings and every project check's fact for one file."""
    findings, conditional = _file_checks(context, source, parsed)
    result = FileResult(tuple(findings), collect_facts(context, source, parsed), tuple(conditional))
    return EMPTY_RESULT if result.is_empty else result


def file_findings(
    context: RuleContext, source: SourceFile, parsed: ParsedSource, is_module: Callable[[str], bool]
) -> list[Finding]:
    """The findings decided by this file alone (what an editor shows while typing)."""
    findings, conditional = _file_checks(context, source, parsed)
    return findings + [item.finding for item in conditional if is_module(item.module)]


def _file_checks(
    context: RuleContext, source: SourceFile, parsed: ParsedSource
) -> tuple[list[Finding], list[Conditional]]:
    findings: list[Finding] = []
    conditional: list[Conditional] = []
    for check in FILE_CHECKS:
        for item in check.check(context, source, parsed):
            if isinstance(item, Conditional):
                conditional.append(item)
            else:
                findings.append(item)
    return findings, conditional


def decide_project(context: RuleContext, results: Sequence[tuple[SourceFile, FileResult]]) -> list[Finding]:
    """The project checks' findings, from every file's facts."""
    facts = [(source, result.facts) for source, result in results]
    return [finding for slot in FACT_SLOTS for finding in slot.decide(context, facts)]
