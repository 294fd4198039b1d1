"""An editor's check: every file's result kept in memory, open buffers evaluated in place of their files.

A language server keeps one ``LiveCheck`` per workspace folder. It is built once — every file
of every project evaluated as ``ssot check`` evaluates it, through the cache (a warm cache
makes that a stat per file) — and is then an immutable value: an edit gives a new one, in
which only the edited buffer was evaluated again (from its bytes, by the relevance test,
parser and checks of a run: ``ContentEvaluator``) and the whole-project rules were decided
again (``decide_project``) only when that buffer's facts changed. So what it reports for a
file is what ``ssot check`` reports for it once every open buffer is saved: the same per-file
results, the same project decisions, then the same selection, ``# noqa`` comments (read from
the buffer) and baseline (compared with the buffer's lines).

A fix is ``--fix``'s own (``fix_file``, planner and safety rules included), computed from the
buffer's bytes and written nowhere: the caller turns its texts into an edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from importlinter_ssot.application.baseline_compare import compare
from importlinter_ssot.application.buffers import BufferedFileSystem
from importlinter_ssot.application.fix_file import FileOutcome, FixShared, FixTask, fix_file
from importlinter_ssot.application.fixing import project_facts
from importlinter_ssot.application.line_fingerprints import LineFingerprints
from importlinter_ssot.application.parsing import parse_source
from importlinter_ssot.application.policy_warnings import policy_warnings
from importlinter_ssot.application.project import Project, ProjectIndex
from importlinter_ssot.application.report_filter import ReportFilter
from importlinter_ssot.application.scheduling import ContentEvaluator, evaluate_projects
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.fix_reasons import is_rewritable
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.problems import PolicyProblem
from importlinter_ssot.domain.rules.budget import import_patterns
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.evaluation import FileResult, decide_project
from importlinter_ssot.domain.rules.registry import PROJECT_CHECKS
from importlinter_ssot.domain.rules.rule import Fact
from importlinter_ssot.domain.source import Position, SourceFile

if TYPE_CHECKING:
    from importlinter_ssot.application.baseline import Baseline
    from importlinter_ssot.application.ports import CacheStore, FileSystem, TaskRunner

Identity = tuple[str, int, int, str, str]


class LiveProject(NamedTuple):
    """One policy's files and their results, as the editor has them. Never changed in place: ``with_result`` copies."""

    project: Project
    context: RuleContext
    sources: tuple[SourceFile, ...]  # sorted by path: the scanned files, and buffers the scan did not see
    results: Mapping[str, FileResult]  # path → its result, for every file of ``sources``
    modules: ProjectIndex  # the modules of ``sources``: whether ``from p import m`` binds a module
    decided: Mapping[str, tuple[Finding, ...]]  # path → the project checks' findings there
    # The files with a fact for a project check, in ``sources``' order: a file whose facts are all
    # ``()`` contributes nothing to any decision (the ProjectCheck contract), so the decisions read
    # these alone — a few hundred of 10,000 files, which keeps an edit's re-decision cheap.
    contributing: tuple[SourceFile, ...] = ()

    @classmethod
    def of(cls, project: Project, context: RuleContext, results: Mapping[str, FileResult]) -> LiveProject:
        """The project as a run evaluated it."""
        contributing = tuple(source for source in project.files if _contributes(results[source.path]))
        live = cls(project, context, project.files, results, project.module_index, {}, contributing)
        return live._replace(decided=live._decide())

    def source_of(self, path: str) -> SourceFile | None:
        """The file at ``path`` as this project sees it (one not scanned yet included), or None: not governed."""
        return self.project.source_file_for(path)

    def findings_in(self, path: str) -> list[Finding]:
        """Everything the engine finds at ``path``: its own findings (as ``run_check`` takes them), the project's."""
        result = self.results.get(path)
        own = result.findings_given(self.modules.modules.__contains__) if result is not None else []
        return [*own, *self.decided.get(path, ())]

    def with_result(self, source: SourceFile, result: FileResult | None) -> LiveProject:
        """This project with ``source``'s result replaced (None: the file is gone), decided again if that matters."""
        old = self.results.get(source.path)
        if old is None and result is None:
            return self
        results = dict(self.results)
        sources, modules = self.sources, self.modules
        if result is None:
            del results[source.path]
            sources = tuple(item for item in sources if item.path != source.path)
        else:
            results[source.path] = result
            if old is None:
                sources = tuple(sorted((*sources, source), key=lambda item: item.path))
        if len(sources) != len(self.sources):
            modules = ProjectIndex.from_file_modules([item.module for item in sources])
        contributing = self.contributing
        was, now = old is not None and _contributes(old), result is not None and _contributes(result)
        if was != now:
            contributing = tuple(item for item in sources if _contributes(results[item.path]))
        live = self._replace(sources=sources, results=results, modules=modules, contributing=contributing)
        # The project checks read the files' facts only: typing that leaves the facts of the checks that
        # decide a rule as they were (most edits) decides nothing again.
        if old is not None and result is not None and _deciding_facts(old) == _deciding_facts(result):
            return live
        return live._replace(decided=live._decide())

    def _decide(self) -> dict[str, tuple[Finding, ...]]:
        by_path: dict[str, list[Finding]] = {}
        evaluated = [(source, self.results[source.path]) for source in self.contributing]
        for finding in decide_project(self.context, evaluated):
            by_path.setdefault(finding.path, []).append(finding)
        return {path: tuple(findings) for path, findings in by_path.items()}

    def warnings(self) -> list[PolicyProblem]:
        """What ``ssot check`` warns about the policy (names, modules and globs the tree lacks)."""
        project = self.project._replace(files=self.sources, module_index=self.modules)
        return policy_warnings(project, self.results.values())


def _contributes(result: FileResult) -> bool:
    return any(result.facts)


# The project checks that decide a rule (others only gather facts for `ssot report`).
_DECIDING = tuple(index for index, check in enumerate(PROJECT_CHECKS) if check.rules)


def _deciding_facts(result: FileResult) -> tuple[Fact, ...]:
    return tuple(result.facts[index] for index in _DECIDING)


class FileFindings(NamedTuple):
    """What a run reports for one file: the selected codes, minus what ``# noqa`` comments suppress."""

    new: tuple[Finding, ...]  # not covered by the baseline (every one when there is none)
    baselined: tuple[Finding, ...]  # covered by the baseline: CI lets them pass

    @property
    def reported(self) -> tuple[Finding, ...]:
        """Both, in order: what ``--fix`` fixes (it runs before the baseline is applied)."""
        return tuple(sorted((*self.new, *self.baselined)))


class LiveCheck(NamedTuple):
    """Every project of a workspace folder, the editor's buffers in place of their files. An immutable value."""

    disk: FileSystem
    today: datetime.date
    report: ReportFilter  # the selected codes and whether noqa comments count, as ``ssot check``
    baseline: Baseline | None
    projects: tuple[LiveProject, ...]
    evaluator: ContentEvaluator
    buffers: Mapping[str, bytes]  # absolute path → the buffer's bytes, for every open document

    @classmethod
    def start(
        cls,
        file_system: FileSystem,
        projects: Sequence[Project],
        today: datetime.date,
        *,
        runner: TaskRunner,
        cache: CacheStore | None,
        report: ReportFilter,
        baseline: Baseline | None,
    ) -> LiveCheck:
        """Every file of ``projects`` evaluated as a run evaluates it (through ``cache``), no buffer yet."""
        contexts = tuple(RuleContext(project.policy, today) for project in projects)
        per_project = evaluate_projects(file_system, projects, today, runner, cache)
        live = tuple(
            LiveProject.of(project, context, results)
            for project, context, results in zip(projects, contexts, per_project, strict=True)
        )
        return cls(file_system, today, report, baseline, live, ContentEvaluator(file_system, contexts), {})

    @property
    def files(self) -> FileSystem:
        """The files as the editor has them: what every read of the engine goes through."""
        return BufferedFileSystem(self.disk, self.buffers)

    @property
    def policies(self) -> tuple[Policy, ...]:
        """The projects' policies, in order."""
        return tuple(live.project.policy for live in self.projects)

    def governs(self, path: str) -> bool:
        """Whether a policy checks ``path``: a Python file inside its root packages (and not excluded)."""
        return any(live.source_of(path) is not None for live in self.projects)

    def with_buffer(self, path: str, data: bytes) -> LiveCheck:
        """The check once the buffer of ``path`` holds ``data`` (opened, or changed)."""
        return self._replace(buffers={**self.buffers, path: data})._evaluated(path, data)

    def without_buffer(self, path: str) -> LiveCheck:
        """The check once the buffer of ``path`` is closed: the file as the disk has it (or gone, if it has none)."""
        buffers = {key: value for key, value in self.buffers.items() if key != path}
        try:
            data: bytes | None = self.disk.read_bytes(path)
        except OSError:
            data = None
        return self._replace(buffers=buffers)._evaluated(path, data)

    def _evaluated(self, path: str, data: bytes | None) -> LiveCheck:
        wanted = [(index, source) for index, live in enumerate(self.projects) if (source := live.source_of(path))]
        if not wanted:
            return self
        results: Iterable[FileResult | None] = (
            [None] * len(wanted) if data is None else self.evaluator.evaluate(wanted, data)
        )
        projects = list(self.projects)
        for (index, source), result in zip(wanted, results, strict=True):
            projects[index] = projects[index].with_result(source, result)
        return self._replace(projects=tuple(projects))

    def findings(self, path: str) -> FileFindings:
        """What ``ssot check`` reports at ``path`` (a Python file, or a policy file: SOT030), as the editor has it."""
        found: dict[Identity, Finding] = {}
        for live in self.projects:
            for finding in live.findings_in(path):
                found.setdefault(finding.identity(), finding)  # several policies, one place: once, as the check
        if not found:
            return FileFindings((), ())
        findings = sorted(found.values())
        if path.endswith(".py"):  # only Python files have noqa comments (suppression.apply_noqa)
            reported = self.report.in_file(findings, self._bytes(path))
        else:
            reported = ReportFilter(self.report.codes).in_file(findings, b"")
        if self.baseline is None:
            return FileFindings(tuple(reported), ())
        comparison = compare(self.baseline, reported, path.__eq__, LineFingerprints(self.files))
        return FileFindings(comparison.new, comparison.covered)

    def _bytes(self, path: str) -> bytes:
        try:
            return self.files.read_bytes(path)
        except OSError:
            return b""  # unreadable now: nothing to read a comment from

    def warnings(self, policy_path: str) -> list[PolicyProblem]:
        """The warnings ``ssot check`` prints about the policy file at ``policy_path``."""
        return [
            warning for live in self.projects if live.project.policy.path == policy_path for warning in live.warnings()
        ]

    def budget_sites(self, finding: Finding) -> list[tuple[str, Position, str]]:
        """Where the open buffers import the symbol of a SOT030 ``finding``: (path, name's position, the pattern).

        The budget counts patterns, not places; an editor lists these as the finding's related locations.
        """
        sites: list[tuple[str, Position, str]] = []
        for live in self.projects:
            if live.project.policy.path != finding.path:
                continue
            for path, data in sorted(self.buffers.items()):
                source = live.source_of(path)
                if source is None:
                    continue
                parsed = parse_source(data, references=False)
                for (symbol, module, name), position in import_patterns(live.context, source, parsed):
                    if symbol == finding.symbol:
                        sites.append((path, position, f"from {module} import {name}"))
        return sites

    def fix(self, path: str, only: Iterable[Identity] | None = None) -> FileOutcome:
        """What ``--fix`` does to the buffer of ``path`` (its texts before and after, written nowhere).

        ``only``: fix just these of its findings (``Finding.identity``), as if the run reported no other.
        """
        files = self.files
        projects = tuple(live.project._replace(files=live.sources, module_index=live.modules) for live in self.projects)
        contexts = tuple(live.context for live in self.projects)
        sources = tuple((index, source) for index, live in enumerate(self.projects) if (source := live.source_of(path)))
        concerned = tuple(finding for finding in self.findings(path).reported if is_rewritable(finding))
        shared = FixShared(
            files,
            None,  # write nothing: the editor applies the edit to its buffer
            projects,
            contexts,
            project_facts(files, list(projects)),
            frozenset().union(*(context.symbols_by_name for context in contexts)),
            self.report,
            tuple(files.real_path(project.policy.project_root) for project in projects),
        )
        task = FixTask(path, concerned, sources, None if only is None else frozenset(only))
        return fix_file(shared, task)
