"""Report formats: one module per format, one registry for the command line, the docs and the tests.

Every format renders the same ``CheckResult`` — the findings a run reports, after code
selection, ``# noqa`` and the baseline — so they all carry the same findings as ``json``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from importlinter_ssot.domain.records import NamedTuple

if TYPE_CHECKING:
    from importlinter_ssot.application.analysis.check import CheckResult


class Format(NamedTuple):
    """One output format."""

    name: str  # the --format value
    summary: str  # one line, for --help and docs/output.md
    # The module of this package whose ``render(result, today)`` writes the report. Imported
    # only when a report is rendered in this format: a run uses one, and importing all of them
    # cost ~35 ms of every run's start-up (issue 25).
    module: str
    # Whether the report itself says what the baseline covered and which entries are fixed;
    # for the others, the command line prints that on stderr.
    tells_baseline: bool

    def render(self, result: CheckResult, today: str) -> str:
        """The report of ``result`` (``today`` as YYYY-MM-DD)."""
        rendered: str = importlib.import_module(f"{__name__}.{self.module}").render(result, today)
        return rendered


FORMATS: dict[str, Format] = {
    format_.name: format_
    for format_ in (
        Format("text", "one `path:line:col: CODE message` line per finding, then a summary", "text", True),
        Format("json", "the documented JSON document (schema_version 1)", "json_report", True),
        Format("github", "GitHub Actions workflow commands: one ::error/::warning per finding", "github", False),
        Format("sarif", "SARIF 2.1.0, with rule metadata and documentation (code scanning)", "sarif", False),
        Format("gitlab", "a GitLab Code Quality report", "gitlab", False),
        Format("junit", "JUnit XML, one test case per file", "junit", False),
        Format(
            "markdown",
            "a summary for a pull-request comment: counts per code, findings per file",
            "markdown",
            True,
        ),
    )
}
