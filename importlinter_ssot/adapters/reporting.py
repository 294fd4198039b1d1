"""Findings → text or JSON, in the conventions editors and CI parse."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from importlinter_ssot import __version__
from importlinter_ssot.adapters.presentation import (
    PLAIN,
    Paint,
    display_order,
    display_path,
    finding_line,
    findings_summary,
    plural,
    problem_line,
)
from importlinter_ssot.application.analysis.check import CheckResult
from importlinter_ssot.application.startup import StartupProblem
from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.problems import PolicyProblem

JSON_SCHEMA_VERSION = 1


def _counts(result: CheckResult) -> tuple[int, int]:
    errors = sum(1 for finding in result.findings if finding.severity is Severity.ERROR)
    return errors, len(result.findings) - errors


def render_text(result: CheckResult, paint: Paint = PLAIN) -> str:
    """One ``path:line:col: CODE message`` line per finding, then a summary line."""
    lines = [finding_line(finding, paint) for finding in display_order(result.findings)]
    errors, warnings = _counts(result)
    checked = f"{plural(result.files_checked, 'file')} checked"
    lines.append(findings_summary(errors, warnings, checked, (policy.name for policy in result.policies)))
    return "\n".join(lines) + "\n"


def render_outside(result: CheckResult) -> str:
    """One line per PATH that lies outside every policy's root packages."""
    roots = ", ".join(sorted({root for policy in result.policies for root in policy.root_packages}))
    return "".join(
        f"ssot: {display_path(path)} is outside the root packages of every policy ({roots}): nothing there is checked\n"
        for path in result.outside
    )


def render_problems(problems: Sequence[PolicyProblem | StartupProblem], label: str) -> str:
    """One located line per problem (of a policy, or one that stops a run), ``label`` (error, warning) before it."""
    return "".join(problem_line(problem, label) + "\n" for problem in problems)


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as the JSON documents write it (the check's ``findings``, the fix's lists)."""
    return {
        "code": finding.code,
        "rule": finding.rule.name,
        "severity": finding.severity.value,
        "path": display_path(finding.path),
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "symbol": finding.symbol,
        "replacement": finding.replacement,
        "policy": finding.policy,
        "via": finding.via,
    }


def _problem_json(problem: PolicyProblem | StartupProblem) -> dict[str, Any]:
    return {
        "path": None if problem.path is None else display_path(problem.path),
        "line": problem.line,
        "column": problem.column,
        "key": problem.key,
        "message": problem.message,
    }


def json_document(result: CheckResult, today: str) -> dict[str, Any]:
    """The JSON document's content."""
    errors, warnings = _counts(result)
    document = {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": "importlinter-ssot", "version": __version__},
        "today": today,
        "policies": [{"name": policy.name, "path": display_path(policy.path)} for policy in result.policies],
        "findings": [finding_json(finding) for finding in display_order(result.findings)],
        "policy_warnings": [_problem_json(problem) for problem in result.warnings],
        "paths_outside": [display_path(path) for path in result.outside],
        "summary": {"errors": errors, "warnings": warnings, "files_checked": result.files_checked},
    }
    return document


def render_json_policy_errors(problems: Sequence[PolicyProblem | StartupProblem]) -> str:
    """The JSON document of a run stopped by policy errors."""
    document = {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": "importlinter-ssot", "version": __version__},
        "policy_errors": [_problem_json(problem) for problem in problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
