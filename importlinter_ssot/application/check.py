"""The one use case every front end runs: projects + files → findings."""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from importlinter_ssot.application.policy_warnings import policy_warnings
from importlinter_ssot.application.ports import CacheStore, FileSystem, TaskRunner
from importlinter_ssot.application.project import Project
from importlinter_ssot.application.scheduling import evaluate_projects
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.problems import PolicyProblem
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.evaluation import decide_project


@dataclass(frozen=True)
class CheckResult:
    """What a check found, for reporters."""

    findings: tuple[Finding, ...]  # sorted, each reported once
    files_checked: int
    policies: tuple[Policy, ...]
    warnings: tuple[PolicyProblem, ...]  # suspicious but applicable policy content


def run_check(
    file_system: FileSystem,
    projects: Iterable[Project],
    today: datetime.date,
    scope: Iterable[str] | None = None,
    *,
    runner: TaskRunner,
    cache: CacheStore | None = None,
) -> CheckResult:
    """Check every project; report findings only for paths inside ``scope`` (all when None).

    Whole-project facts (modules, definitions, budgets) always come from every file, so
    checking one file gives the same answer for it as checking everything. The result
    does not depend on ``runner`` (serial or parallel) or ``cache`` (cold or warm).
    """
    projects = list(projects)
    in_scope = _scope_filter(scope)
    per_project = evaluate_projects(file_system, projects, today, runner, cache)
    findings: dict[tuple[str, int, int, str, str], Finding] = {}
    checked_paths: set[str] = set()
    warnings: list[PolicyProblem] = []
    for project, results in zip(projects, per_project, strict=True):
        warnings.extend(policy_warnings(project))
        evaluated = []
        for source in project.files:
            result = results[source.path]
            evaluated.append((source, result))
            if in_scope(source.path):
                checked_paths.add(source.path)
                for finding in result.findings_given(project.module_index.modules.__contains__):
                    findings.setdefault(finding.identity(), finding)
        for finding in decide_project(RuleContext(project.policy, today), evaluated):
            if in_scope(finding.path):
                findings.setdefault(finding.identity(), finding)
    return CheckResult(
        findings=tuple(sorted(findings.values())),
        files_checked=len(checked_paths),
        policies=tuple(project.policy for project in projects),
        warnings=tuple(warnings),
    )


def _scope_filter(scope: Iterable[str] | None) -> Callable[[str], bool]:
    if scope is None:
        return lambda path: True
    roots = [posixpath.normpath(path) for path in scope]

    def in_scope(path: str) -> bool:
        return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)

    return in_scope
