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
from typing import TYPE_CHECKING

from importlinter_ssot.application.analysis.parsing import parse_source
from importlinter_ssot.application.analysis.scheduling import ContentEvaluator, evaluate_projects
from importlinter_ssot.application.fix.fix_file import FileOutcome, FixShared, FixTask, fix_file
from importlinter_ssot.application.fix.fixing import project_facts
from importlinter_ssot.application.gate.baseline_compare import compare
from importlinter_ssot.application.gate.line_fingerprints import LineFingerprints
from importlinter_ssot.application.gate.report_filter import ReportFilter
from importlinter_ssot.application.live.buffers import BufferedFileSystem
from importlinter_ssot.application.policy.policy_warnings import policy_warnings
from importlinter_ssot.application.policy.project import Project, ProjectIndex
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.fix_reasons import is_rewritable
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.problems import PolicyProblem
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.budget import import_patterns
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.evaluation import FileResult
from importlinter_ssot.domain.rules.registry import FACT_SLOTS
from importlinter_ssot.domain.source import Position, SourceFile

if TYPE_CHECKING:
    from importlinter_ssot.application.ports import CacheStore, FileSystem, TaskRunner
    from importlinter_ssot.domain.baseline import Baseline

Identity = tuple[str, int, int, str, str]


class LiveProject(NamedTuple):
    """One policy's files and their results, as the editor has them. Never changed in place: ``with_result`` copies."""

    project: Project
    context: RuleContext
    sources: tuple[SourceFile, ...]  # sorted by path: the scanned files, and buffers the scan did not see
    results: Mapping[str, FileResult]  # path → its result, for every file of ``sources``
    modules: ProjectIndex  # the modules of ``sources``: whether ``from p import m`` binds a module
    # Per project check that decides a rule (``_DECIDING``, same order): the files with a fact for
    # it, in ``sources``' order — a file whose fact is None contributes nothing (the ProjectCheck
    # contract), so a decision reads these alone — and the findings it decided from them.
    contributing: tuple[tuple[SourceFile, ...], ...]
    decisions: tuple[tuple[Finding, ...], ...]
    decided: Mapping[str, tuple[Finding, ...]]  # path → the project checks' findings there

    @classmethod
    def of(cls, project: Project, context: RuleContext, results: Mapping[str, FileResult]) -> LiveProject:
        """The project as a run evaluated it, every project check decided."""
        contributing = tuple(
            tuple(source for source in project.files if slot.contributes(results[source.path].facts))
            for slot in _DECIDING
        )
        decisions = tuple(
            tuple(slot.decide(context, [(source, results[source.path].facts) for source in files]))
            for slot, files in zip(_DECIDING, contributing, strict=True)
        )
        return cls(
            project, context, project.files, results, project.module_index, contributing, decisions, _by_path(decisions)
        )

    def source_of(self, path: str) -> SourceFile | None:
        """The file at ``path`` as this project sees it (one not scanned yet included), or None: not governed."""
        return self.project.source_file_for(path)

    def findings_in(self, path: str) -> list[Finding]:
        """Everything the engine finds at ``path``: its own findings (as ``run_check`` takes them), the project's."""
        result = self.results.get(path)
        own = result.findings_given(self.modules.modules.__contains__) if result is not None else []
        return [*own, *self.decided.get(path, ())]

    def with_result(self, source: SourceFile, result: FileResult | None) -> LiveProject:
        """This project with ``source``'s result replaced (None: the file is gone); each project check whose
        fact of the file changed is decided again — typing mostly changes none, an import one or two."""
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
        contributing, decisions = list(self.contributing), list(self.decisions)
        for position, slot in enumerate(_DECIDING):
            before = slot.fact(old.facts) if old is not None else None
            after = slot.fact(result.facts) if result is not None else None
            if before == after:
                continue
            if (before is None) != (after is None):
                contributing[position] = tuple(item for item in sources if slot.contributes(results[item.path].facts))
            files = contributing[position]
            decisions[position] = tuple(slot.decide(self.context, [(item, results[item.path].facts) for item in files]))
        live = self._replace(sources=sources, results=results, modules=modules)
        if decisions == list(self.decisions) and contributing == list(self.contributing):
            return live
        return live._replace(contributing=tuple(contributing), decisions=tuple(decisions), decided=_by_path(decisions))

    def warnings(self) -> list[PolicyProblem]:
        """What ``ssot check`` warns about the policy (names, modules and globs the tree lacks)."""
        project = self.project._replace(files=self.sources, module_index=self.modules)
        return policy_warnings(project, self.results.values())


def _by_path(decisions: Iterable[tuple[Finding, ...]]) -> dict[str, tuple[Finding, ...]]:
    by_path: dict[str, list[Finding]] = {}
    for findings in decisions:
        for finding in findings:
            by_path.setdefault(finding.path, []).append(finding)
    return {path: tuple(findings) for path, findings in by_path.items()}


# The project checks that decide a rule (the others gather facts for `ssot report` only, and decide nothing).
_DECIDING = tuple(slot for slot in FACT_SLOTS if slot.check.rules)


def _counts(result: FileResult, symbol: str | None) -> bool:
    """Whether a file's budget fact counts an import pattern of ``symbol``."""
    return any(pattern.symbol == symbol for pattern in result.facts.budget or ())


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
                source, result = live.source_of(path), live.results.get(path)
                # The buffer's budget fact says whether it counts a pattern of the symbol: parse only those.
                if source is None or result is None or not _counts(result, finding.symbol):
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
