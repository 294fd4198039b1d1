"""Runs every check of the registry for one policy: per file, then over the whole project."""

from collections.abc import Sequence
from typing import NamedTuple

from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.registry import FILE_CHECKS, PROJECT_CHECKS
from importlinter_ssot.domain.rules.rule import Fact
from importlinter_ssot.domain.source import ParsedSource, SourceFile


class FileResult(NamedTuple):
    """What one file yields for one policy: its own findings and its facts for the project checks.

    Derived from the file's path and content and the policy only, so a front end can keep
    it per file (a cache) and decide the project checks without holding every parsed file.
    """

    findings: tuple[Finding, ...]
    facts: tuple[Fact, ...]  # one per PROJECT_CHECKS entry, same order; () when nothing

    @property
    def is_empty(self) -> bool:
        """Nothing found and nothing to contribute: most files of a tree."""
        return not self.findings and not any(self.facts)


EMPTY_RESULT = FileResult(findings=(), facts=((),) * len(PROJECT_CHECKS))


def evaluate_file(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> FileResult:
    """Every file check's findings and every project check's fact for one file."""
    findings = tuple(finding for check in FILE_CHECKS for finding in check.check(context, source, parsed))
    facts = tuple(check.collect(context, source, parsed) for check in PROJECT_CHECKS)
    result = FileResult(findings, facts)
    return EMPTY_RESULT if result.is_empty else result


def file_findings(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> list[Finding]:
    """The findings decided by this file alone (what an editor shows while typing)."""
    return [finding for check in FILE_CHECKS for finding in check.check(context, source, parsed)]


def decide_project(context: RuleContext, results: Sequence[tuple[SourceFile, FileResult]]) -> list[Finding]:
    """The project checks' findings, from every file's facts."""
    findings: list[Finding] = []
    for index, check in enumerate(PROJECT_CHECKS):
        facts = [(source, result.facts[index]) for source, result in results]
        findings.extend(check.decide(context, facts))
    return findings
