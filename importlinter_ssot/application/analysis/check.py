"""The one use case every front end runs: projects + files → findings."""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from importlinter_ssot.application.analysis.scheduling import evaluate_projects
from importlinter_ssot.application.policy.policy_warnings import policy_warnings
from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.application.ports import CacheStore, FileSystem, TaskRunner
from importlinter_ssot.domain.baseline import BaselineSummary
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
    # PATHS given that lie outside every policy's root packages (and hold no policy file): nothing to check there.
    outside: tuple[str, ...] = ()
    checked: tuple[str, ...] = ()  # the files checked, sorted (``files_checked`` of them)
    # What a front end's session took out of ``findings``: suppressed by noqa comments, and how the baseline compared.
    suppressed: tuple[Finding, ...] = ()
    baseline: BaselineSummary | None = None


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
    in_scope = scope_filter(scope)
    per_project = evaluate_projects(file_system, projects, today, runner, cache)
    findings: dict[tuple[str, int, int, str, str], Finding] = {}
    checked_paths: set[str] = set()
    warnings: list[PolicyProblem] = []
    for project, results in zip(projects, per_project, strict=True):
        warnings.extend(policy_warnings(project, results.values()))
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
        outside=tuple(path for path in scope or () if _outside_every_project(path, projects)),
        checked=tuple(sorted(checked_paths)),
    )


def _outside_every_project(path: str, projects: list[Project]) -> bool:
    """Whether ``path`` has nothing to check: no root package overlaps it and it holds no policy file."""
    path = posixpath.normpath(path)
    for project in projects:
        if _within(project.policy.path, path):
            return False  # the policy file: its whole-project findings (SOT030) are reported there
        for _, package in project.package_roots:
            if _within(path, package) or _within(package, path) or path == package + ".py":
                return False
    return True


def _within(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip("/") + "/")


def scope_filter(scope: Iterable[str] | None) -> Callable[[str], bool]:
    """Whether an absolute path is inside ``scope`` (files and directories; None: everything)."""
    if scope is None:
        return lambda path: True
    roots = frozenset(posixpath.normpath(path) for path in scope)

    def in_scope(path: str) -> bool:
        # The path or one of its directories is a root: a lookup per level, not a comparison per
        # root — pre-commit passes thousands of PATHS, and every file of the project is asked.
        while path not in roots:
            parent = posixpath.dirname(path)
            if parent == path:
                return False
            path = parent
        return True

    return in_scope
