"""The fix use case: check, rewrite flagged imports to their canonical paths, check again.

``run_fix`` runs the check, hands every file with a finding on an import statement to
``fix_file`` (through the TaskRunner: files are independent) and, when it wrote files,
checks again so that what it reports is what remains. The check's findings (possibly
cached) only choose the files: each file's fix comes from its own bytes, judged again
(fix_file). The second check reuses the first one's per-file results (a cache: the
caller's, or one kept in memory), so only the rewritten files are parsed again. Files with
SOT900 are never touched; nor is any file without such a finding. A fix that writes holds
the project's lock from the first check to the last, so that two runs take turns.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from importlinter_ssot.application.analysis.check import CheckResult, run_check
from importlinter_ssot.application.analysis.scheduling import record_verdicts
from importlinter_ssot.application.fix.fix_file import FileOutcome, FixShared, FixTask, fix_file
from importlinter_ssot.application.fix.provided_names import name_origins
from importlinter_ssot.application.gate.report_filter import ReportFilter
from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.application.ports import CacheStore, FileSystem, FileWriter, ProjectLock, TaskRunner
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.fix_plan import ProjectFacts
from importlinter_ssot.domain.fix_reasons import NotFixed, is_rewritable, reason_by_kind
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.unreadable import UNREADABLE_FILE

EVERYTHING = ReportFilter()  # every code, noqa comments not read


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
    unlocked: str | None = None  # why the fix ran without the project's lock (None: it held it, or wrote nothing)

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
    report: ReportFilter = EVERYTHING,
    lock: ProjectLock | None = None,
) -> FixResult:
    """Fix what can be fixed inside ``scope`` (all when None); write nothing when ``writer`` is None.

    ``report`` says what the run reports (selected codes, noqa): only a reported finding is
    fixed, and the result says what is reported after the fix. ``lock``, when writing, is
    held throughout (a lock that cannot be had is said in the result, and the fix goes on:
    each write still happens only over the bytes it was computed from).
    """
    unlocked = lock.acquire() if lock is not None and writer is not None else None
    try:
        result = _fix(file_system, writer, list(projects), today, scope, runner=runner, cache=cache, report=report)
    finally:
        if lock is not None and writer is not None:
            lock.release()
    return dataclasses.replace(result, unlocked=unlocked)


def _fix(
    file_system: FileSystem,
    writer: FileWriter | None,
    projects: list[Project],
    today: datetime.date,
    scope: Iterable[str] | None,
    *,
    runner: TaskRunner,
    cache: CacheStore,
    report: ReportFilter,
) -> FixResult:
    scope = None if scope is None else list(scope)
    everything = run_check(file_system, projects, today, scope, runner=runner, cache=cache)
    found = report.result(file_system, everything)
    unreadable = {finding.path for finding in everything.findings if finding.rule is UNREADABLE_FILE}
    # Which files to look at, and nothing more: each one is judged again from its own bytes.
    by_path: dict[str, list[Finding]] = {}
    for finding in found.findings:
        if is_rewritable(finding) and finding.path not in unreadable:
            by_path.setdefault(finding.path, []).append(finding)
    files = [{source.path: source for source in project.files} for project in projects]
    tasks = [
        FixTask(
            path,
            tuple(findings),
            tuple((index, in_project[path]) for index, in_project in enumerate(files) if path in in_project),
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
        report,
        tuple(file_system.real_path(project.policy.project_root) for project in projects),
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
        report.result(file_system, run_check(file_system, projects, today, scope, runner=runner, cache=cache))
        if written and changes
        else found
    )
    not_fixed = [item for outcome in outcomes for item in outcome.not_fixed]
    if now is not found:
        # Only what remains gets a reason: a finding the check saw but a file no longer gives
        # (it changed since: its fix was judged from its new bytes) is gone from the report.
        remaining = set(now.findings)
        not_fixed = [item for item in not_fixed if item.finding in remaining]
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
    objects = name_origins(file_system, files)
    return ProjectFacts(objects.tables, {name: frozenset(modules) for name, modules in origins.items()}, objects)
