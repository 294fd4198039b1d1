"""``json``: the documented document (docs/output.md), with what the baseline covered."""

from __future__ import annotations

import json
from typing import Any

from importlinter_ssot.adapters.formats.baseline_lines import entry_path
from importlinter_ssot.adapters.presentation import display_path
from importlinter_ssot.adapters.reporting import json_document
from importlinter_ssot.application.analysis.check import CheckResult


def render(result: CheckResult, today: str) -> str:
    """The JSON report."""
    document = json_document(result, today)
    document["baseline"] = _baseline(result)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _baseline(result: CheckResult) -> dict[str, Any] | None:
    summary = result.baseline
    if summary is None:
        return None
    return {
        "path": display_path(summary.path),
        "covered": summary.covered,
        "fixed": [
            {
                "path": entry_path(summary, entry),
                "code": entry.code,
                "subject": entry.subject,
                "via": entry.via,
                "count": entry.occurrences,
            }
            for entry in summary.fixed
        ],
        "expired": [
            {
                "path": entry_path(summary, expired.entry),
                "code": expired.entry.code,
                "subject": expired.entry.subject,
                "via": expired.entry.via,
                "count": expired.entry.occurrences,
                "now": expired.code,
            }
            for expired in summary.expired
        ],
        "updated": summary.updated,
    }
