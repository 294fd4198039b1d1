"""``gitlab``: a GitLab Code Quality report (a JSON array of issues, the Code Climate subset GitLab reads).

Each finding is an issue with ``description`` (the message), ``check_name`` (the code),
``fingerprint`` (stable across edits elsewhere in the file, see fingerprints.py), ``severity``
(``major`` for errors, ``minor`` for warnings) and ``location`` (``path``, ``lines.begin``).
Paths are relative to the current directory: run from the repository root.
"""

from __future__ import annotations

import json

from importlinter_ssot.adapters.formats.fingerprints import fingerprints
from importlinter_ssot.adapters.presentation import display_order, display_path
from importlinter_ssot.application.analysis.check import CheckResult
from importlinter_ssot.domain.findings import Severity


def render(result: CheckResult, today: str) -> str:
    """The Code Quality report."""
    findings = display_order(result.findings)
    issues = [
        {
            "type": "issue",
            "check_name": finding.code,
            "description": f"{finding.code} {finding.message}",
            "categories": ["Style"],
            "severity": "major" if finding.severity is Severity.ERROR else "minor",
            "fingerprint": fingerprint,
            "location": {"path": display_path(finding.path), "lines": {"begin": finding.line}},
        }
        for finding, fingerprint in zip(findings, fingerprints(findings), strict=True)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
