"""Findings → text or JSON, in the conventions editors and CI parse."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from importlinter_ssot import __version__
from importlinter_ssot.application.check import CheckResult
from importlinter_ssot.application.policy_parsing import PolicyProblem
from importlinter_ssot.domain.findings import Severity

JSON_SCHEMA_VERSION = 1


def display_path(path: str) -> str:
    """Relative to the current directory, '/'-separated."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        relative = path
    relative = relative.replace(os.sep, "/")
    # A file name that is not UTF-8 (bytes on Linux) is shown with U+FFFD, never as raw bytes.
    return relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _counts(result: CheckResult) -> tuple[int, int]:
    errors = sum(1 for finding in result.findings if finding.severity is Severity.ERROR)
    return errors, len(result.findings) - errors


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_text(result: CheckResult) -> str:
    lines = [
        f"{display_path(finding.path)}:{finding.line}:{finding.column}: {finding.code.value} {finding.message}"
        for finding in _sorted_for_display(result)
    ]
    errors, warnings = _counts(result)
    names = ", ".join(policy.name for policy in result.policies)
    checked = _plural(result.files_checked, "file")
    if result.findings:
        lines.append(
            f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')} in {checked} checked "
            f"(policy: {names})."
        )
    else:
        lines.append(f"No SSOT problems in {checked} checked (policy: {names}).")
    return "\n".join(lines) + "\n"


def _sorted_for_display(result: CheckResult) -> list[Any]:
    return sorted(
        result.findings,
        key=lambda finding: (display_path(finding.path), finding.line, finding.column, finding.code.value),
    )


def render_problems(problems: Sequence[PolicyProblem], label: str) -> str:
    return "".join(
        f"{display_path(problem.path)}:{problem.line}:{problem.column}: {label}: {problem}\n" for problem in problems
    )


def _problem_json(problem: PolicyProblem) -> dict[str, Any]:
    return {
        "path": display_path(problem.path),
        "line": problem.line,
        "column": problem.column,
        "key": problem.key,
        "message": problem.message,
    }


def render_json(result: CheckResult, today: str) -> str:
    errors, warnings = _counts(result)
    document = {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": "importlinter-ssot", "version": __version__},
        "today": today,
        "policies": [{"name": policy.name, "path": display_path(policy.path)} for policy in result.policies],
        "findings": [
            {
                "code": finding.code.value,
                "severity": finding.severity.value,
                "path": display_path(finding.path),
                "line": finding.line,
                "column": finding.column,
                "message": finding.message,
                "symbol": finding.symbol,
                "replacement": finding.replacement,
                "policy": finding.policy,
            }
            for finding in _sorted_for_display(result)
        ],
        "policy_warnings": [_problem_json(problem) for problem in result.warnings],
        "summary": {"errors": errors, "warnings": warnings, "files_checked": result.files_checked},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_json_policy_errors(problems: Sequence[PolicyProblem]) -> str:
    document = {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": "importlinter-ssot", "version": __version__},
        "policy_errors": [_problem_json(problem) for problem in problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
