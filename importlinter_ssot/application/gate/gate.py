"""Which findings fail a run: the one rule every front end applies to its exit status.

Against a baseline, every finding it does not cover fails, whatever its severity: a baseline
freezes what is there so that nothing new gets in — a new deprecated import (a warning) too,
as with ruff's and mypy's baselines. Without one, errors fail, and warnings only when strict
(``--strict``, ``[tool.ssot] strict = true``): a codebase mid-migration is full of them.
"""

from __future__ import annotations

from importlinter_ssot.application.analysis.check import CheckResult
from importlinter_ssot.domain.findings import Finding, Severity


def failing_findings(result: CheckResult, *, strict: bool) -> tuple[Finding, ...]:
    """The findings of ``result`` (after the baseline, if one was applied) that fail the run."""
    if strict or result.baseline is not None:
        return result.findings
    return tuple(finding for finding in result.findings if finding.severity is Severity.ERROR)
