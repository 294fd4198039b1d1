"""The one use case every front end runs: policies + files → findings."""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from importlinter_ssot.application.incremental import evaluate_projects
from importlinter_ssot.application.policy_parsing import PolicyError, PolicyProblem, parse_policy
from importlinter_ssot.application.ports import CacheStore, FileSystem, Item, Result, Shared, TaskRunner
from importlinter_ssot.application.project import (
    Project,
    layout_problems,
    locate_project,
    policy_project_root,
    scan_project,
)
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.evaluation import check_file, check_project_facts
from importlinter_ssot.domain.source import ParsedSource


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]  # sorted, each reported once
    files_checked: int
    policies: tuple[Policy, ...]
    warnings: tuple[PolicyProblem, ...]  # suspicious but applicable policy content


def load_projects(
    file_system: FileSystem,
    policy_paths: Iterable[str],
    root_packages: tuple[str, ...] | None = None,
    *,
    scan: bool = True,
) -> list[Project]:
    """Parse every policy and scan its tree; raise one PolicyError holding every problem found.

    Each file's own problems and the problems of its tree (a missing root package) are
    reported together, so a user fixes a broken policy in one round. With ``scan=False``
    the root packages are located but not walked: enough for per-file front ends (flake8,
    editors), which place each file they are given by its path and need no file list.
    """
    projects: list[Project] = []
    problems: list[PolicyProblem] = []
    for path in policy_paths:
        try:
            policy = _load_policy(file_system, path, root_packages)
        except PolicyError as error:
            problems.extend(error.problems)
            if error.partial is not None:
                problems.extend(layout_problems(file_system, error.partial))
            continue
        try:
            projects.append(scan_project(file_system, policy) if scan else locate_project(file_system, policy))
        except PolicyError as error:
            problems.extend(error.problems)
    if problems:
        raise PolicyError(problems)
    return projects


def _load_policy(file_system: FileSystem, path: str, root_packages: tuple[str, ...] | None) -> Policy:
    try:
        data = file_system.read_bytes(path)
        text = data.decode("utf-8")
    except OSError as error:
        raise PolicyError(
            [PolicyProblem(path, 1, 1, "", f"cannot read policy file: {error.strerror or error}")]
        ) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PolicyError([PolicyProblem(path, line, 1, "", "policy file is not valid UTF-8")]) from None
    return parse_policy(text, path, policy_project_root(file_system, path), root_packages)


def run_check(
    file_system: FileSystem,
    projects: Iterable[Project],
    today: datetime.date,
    scope: Iterable[str] | None = None,
    runner: TaskRunner | None = None,
    cache: CacheStore | None = None,
) -> CheckResult:
    """Check every project; report findings only for paths inside ``scope`` (all when None).

    Whole-project facts (modules, definitions, budgets) always come from every file, so
    checking one file gives the same answer for it as checking everything. The result
    does not depend on ``runner`` (serial or parallel) or ``cache`` (cold or warm).
    """
    projects = list(projects)
    in_scope = _scope_filter(scope)
    per_project = evaluate_projects(file_system, projects, today, runner or SerialRunner(), cache)
    findings: dict[tuple[str, int, int, str, str], Finding] = {}
    checked_paths: set[str] = set()
    warnings: list[PolicyProblem] = []
    for project, results in zip(projects, per_project, strict=True):
        warnings.extend(_module_existence_warnings(project))
        facts = []
        for source in project.files:
            result = results[source.path]
            facts.append((source, result.facts))
            if in_scope(source.path):
                checked_paths.add(source.path)
                for finding in result.findings:
                    findings.setdefault(finding.identity(), finding)
        context = RuleContext(project.policy, today)
        for finding in check_project_facts(context, facts):
            if in_scope(finding.path):
                findings.setdefault(finding.identity(), finding)
    return CheckResult(
        findings=tuple(sorted(findings.values())),
        files_checked=len(checked_paths),
        policies=tuple(project.policy for project in projects),
        warnings=tuple(warnings),
    )


class SerialRunner:
    """Runs every task in this process: the default, and what a pool falls back to."""

    def map(self, function: Callable[[Shared, Item], Result], shared: Shared, items: Sequence[Item]) -> list[Result]:
        return [function(shared, item) for item in items]


def check_one_file(projects: Iterable[Project], path: str, parsed: ParsedSource, today: datetime.date) -> list[Finding]:
    """The per-file findings for one file (what an editor or flake8 shows while typing).

    ``path`` is absolute; the file's content comes as ``parsed`` (it may differ from
    the disk, e.g. an unsaved editor buffer). Whole-project rules (SOT022, SOT030) are
    not decided here.
    """
    findings: dict[tuple[str, int, int, str, str], Finding] = {}
    for project in projects:
        source = project.source_file_for(path)
        if source is None:
            continue
        context = RuleContext(project.policy, today)
        for finding in check_file(context, source, parsed):
            findings.setdefault(finding.identity(), finding)
    return sorted(findings.values())


def _scope_filter(scope: Iterable[str] | None) -> Callable[[str], bool]:
    if scope is None:
        return lambda path: True
    roots = [posixpath.normpath(path) for path in scope]

    def in_scope(path: str) -> bool:
        return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)

    return in_scope


def _module_existence_warnings(project: Project) -> list[PolicyProblem]:
    policy = project.policy
    warnings: list[PolicyProblem] = []
    for symbol in policy.symbols:
        keyed = [(f"{symbol.key}.defined_in", symbol.defined_in)]
        keyed += [
            (f"{symbol.key}.canonical[{index}]", module)
            for index, module in enumerate(symbol.canonical)
            if module != symbol.defined_in  # the default canonical list is just defined_in
        ]
        for key, module in keyed:
            if module not in project.index.modules:
                location = policy.locate(key)
                warnings.append(
                    PolicyProblem(
                        policy.path,
                        location.line,
                        location.column,
                        key,
                        f"module `{module}` of symbol `{symbol.name}` does not exist in the scanned tree",
                    )
                )
    return warnings
