"""The fix use case: check, rewrite flagged imports to their canonical paths, check again.

``run_fix`` runs the check, hands every file with a finding on an import statement to
``fix_file`` (through the TaskRunner: files are independent) and, when it wrote files,
checks again so that what it reports is what remains. The second check reuses the first
one's per-file results (a cache: the caller's, or one kept in memory), so only the
rewritten files are parsed again. Files with SOT900 are never touched; nor is any file
without such a finding.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from importlinter_ssot.application.check import CheckResult, run_check
from importlinter_ssot.application.fix_file import FileOutcome, FixShared, FixTask, fix_file
from importlinter_ssot.application.ports import CacheStore, FileSystem, FileWriter, TaskRunner
from importlinter_ssot.application.project import Project
from importlinter_ssot.application.provided_names import ModuleNamesReader
from importlinter_ssot.application.scheduling import record_verdicts
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.fix_plan import ProjectFacts
from importlinter_ssot.domain.fix_reasons import NotFixed, is_rewritable, reason_by_kind
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.unreadable import UNREADABLE_FILE


class FileChange(NamedTuple):
    """A file the fix changes (or, with ``--diff``, would change)."""

    path: str
    fixed: tuple[Finding, ...]  # located where they were
    before: str | None = None  # the texts, kept for a diff when nothing is written
    after: str | None = None


@dataclass(frozen=True)
class FixResult:
    """What a fix did, for reporters."""

    check: CheckResult  # the findings as they are now: after writing, or as found when nothing was written
    changes: tuple[FileChange, ...]  # sorted by path
    not_fixed: tuple[NotFixed, ...]  # every finding of ``check`` the fix left, with why; sorted
    written: bool  # whether fixes are written (``--fix``) or only shown (``--diff``)

    @property
    def fixed_count(self) -> int:
        """How many findings were (or would be) fixed."""
        return sum(len(change.fixed) for change in self.changes)


def run_fix(
    file_system: FileSystem,
    writer: FileWriter | None,
    projects: Iterable[Project],
    today: datetime.date,
    scope: Iterable[str] | None = None,
    *,
    runner: TaskRunner,
    cache: CacheStore,
    reported: Callable[[CheckResult], CheckResult] = lambda result: result,
) -> FixResult:
    """Fix what can be fixed inside ``scope`` (all when None); write nothing when ``writer`` is None.

    ``reported`` narrows a check's result to what the run reports (selected codes, noqa):
    only a reported finding is fixed, and the result says what is reported after the fix.
    """
    projects = list(projects)
    scope = None if scope is None else list(scope)
    everything = run_check(file_system, projects, today, scope, runner=runner, cache=cache)
    found = reported(everything)
    unreadable = {finding.path for finding in everything.findings if finding.rule is UNREADABLE_FILE}
    by_path: dict[str, list[Finding]] = {}
    references: dict[str, list[Finding]] = {}
    for finding in found.findings:
        if is_rewritable(finding) and finding.path not in unreadable:
            by_path.setdefault(finding.path, []).append(finding)
    for finding in everything.findings:  # every reference the file keeps, reported or not, constrains its rewrite
        if finding.reference is not None and finding.path in by_path:
            references.setdefault(finding.path, []).append(finding)
    files = [{source.path: source for source in project.files} for project in projects]
    tasks = [
        FixTask(
            path,
            tuple(findings),
            tuple((index, in_project[path]) for index, in_project in enumerate(files) if path in in_project),
            tuple(references[path]),
        )
        for path, findings in sorted(by_path.items())
    ]
    contexts = tuple(RuleContext(project.policy, today) for project in projects)
    shared = FixShared(
        file_system,
        writer,
        tuple(projects),
        contexts,
        project_facts(file_system, projects),
        frozenset().union(*(context.symbols_by_name for context in contexts)),
    )
    outcomes: list[FileOutcome] = runner.map(fix_file, shared, tasks)
    changes = tuple(
        FileChange(outcome.path, outcome.fixed, *(outcome.texts or (None, None)))
        for outcome in outcomes
        if outcome.fixed
    )
    written = writer is not None
    if written and changes:
        # What the fix already decided on each file it wrote: the check after it only hashes them.
        verdicts = [
            (index, outcome.path, stat, digest, result)
            for outcome in outcomes
            for index, stat, digest, result in outcome.verdicts
        ]
        record_verdicts(cache, file_system, projects, today, verdicts)
    now = (
        reported(run_check(file_system, projects, today, scope, runner=runner, cache=cache))
        if written and changes
        else found
    )
    not_fixed = [item for outcome in outcomes for item in outcome.not_fixed]
    not_fixed.extend(item for finding in now.findings if (item := reason_by_kind(finding)) is not None)
    not_fixed.sort(key=lambda item: (item.finding.path, item.finding.line, item.finding.column, item.finding.code))
    return FixResult(now, changes, tuple(not_fixed), written)


def project_facts(file_system: FileSystem, projects: list[Project]) -> ProjectFacts:
    """Each module's names, read from its file when asked; each symbol's ``defined_in`` under every policy."""
    files: dict[str, str] = {}
    for project in projects:
        for source in project.files:
            # A package directory wins over a module file of the same name, as in the import system.
            if source.module not in files or source.is_package:
                files[source.module] = source.path
    origins: dict[str, set[str]] = {}
    for project in projects:
        for symbol in project.policy.symbols:
            origins.setdefault(symbol.name, set()).add(symbol.defined_in)
    return ProjectFacts(
        ModuleNamesReader(file_system, files), {name: frozenset(modules) for name, modules in origins.items()}
    )
