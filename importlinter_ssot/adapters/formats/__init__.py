"""Report formats: one module per format, one registry for the command line, the docs and the tests.

Every format renders the same ``CheckResult`` — the findings a run reports, after code
selection, ``# noqa`` and the baseline — so they all carry the same findings as ``json``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from importlinter_ssot.adapters.formats import github, gitlab, json_report, junit, markdown, sarif, text
from importlinter_ssot.application.analysis.check import CheckResult


class Format(NamedTuple):
    """One output format."""

    name: str  # the --format value
    summary: str  # one line, for --help and docs/output.md
    render: Callable[[CheckResult, str], str]  # (result, today as YYYY-MM-DD) → the report
    # Whether the report itself says what the baseline covered and which entries are fixed;
    # for the others, the command line prints that on stderr.
    tells_baseline: bool


FORMATS: dict[str, Format] = {
    format_.name: format_
    for format_ in (
        Format("text", "one `path:line:col: CODE message` line per finding, then a summary", text.render, True),
        Format("json", "the documented JSON document (schema_version 1)", json_report.render, True),
        Format("github", "GitHub Actions workflow commands: one ::error/::warning per finding", github.render, False),
        Format("sarif", "SARIF 2.1.0, with rule metadata and documentation (code scanning)", sarif.render, False),
        Format("gitlab", "a GitLab Code Quality report", gitlab.render, False),
        Format("junit", "JUnit XML, one test case per file", junit.render, False),
        Format(
            "markdown",
            "a summary for a pull-request comment: counts per code, findings per file",
            markdown.render,
            True,
        ),
    )
}
