"""What a run reports of what the engine finds: the selected codes, minus what ``# noqa`` comments suppress.

One value for the check's report and for ``--fix``, which judges each file again from the
bytes it is about to replace (in worker processes: the value crosses to them) and fixes
only what the run would report there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from importlinter_ssot.application.gate.suppression import apply_noqa, read_noqa
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.records import NamedTuple

if TYPE_CHECKING:
    from importlinter_ssot.application.analysis.check import CheckResult
    from importlinter_ssot.application.ports import FileSystem


class ReportFilter(NamedTuple):
    """The codes a run reports and whether ``# noqa`` comments suppress findings."""

    codes: frozenset[str] | None = None  # None: every code
    noqa: bool = False

    def result(self, file_system: FileSystem, result: CheckResult) -> CheckResult:
        """``result`` with only the findings reported; the ones noqa suppressed kept apart."""
        findings = tuple(self._selected(result.findings))
        suppressed: tuple[Finding, ...] = ()
        if self.noqa:
            findings, suppressed = apply_noqa(file_system, findings)
        return dataclasses.replace(result, findings=findings, suppressed=suppressed)

    def in_file(self, findings: Iterable[Finding], data: bytes) -> list[Finding]:
        """Those of one file's ``findings`` the run reports, its comments read from ``data`` (the file's bytes)."""
        kept = self._selected(findings)
        if not self.noqa or not kept:
            return kept
        comments = read_noqa(data, max(finding.line for finding in kept))
        return [finding for finding in kept if not comments.suppresses(finding.code, finding.line)]

    def _selected(self, findings: Iterable[Finding]) -> list[Finding]:
        return [finding for finding in findings if self.codes is None or finding.code in self.codes]
