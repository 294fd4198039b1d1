"""The composition root: settings resolved once, and the engine wired to real adapters.

Every front end starts a run the same way, through ``start``: from what its host gave it
(command-line flags, import-linter contract options, flake8 options) it gets a ``Session``
with the policies loaded — or one ``StartupError`` saying why not — and runs the engine
through that session, so today's date, the cache folder, the job count, ``[tool.ssot]``,
policy discovery and the baseline follow one set of rules everywhere. Nothing below this
module knows which front end is running.
"""

from __future__ import annotations

# Imports inside functions here are deferred because each serves one use case that a run of
# another does not need — the whole-tree check, its cache and pool, fix, report, discover, the
# editor's live check, shims, the noqa filter, baselines — and flake8 loads this module in
# every run (measured: fix, report, discover and shims ~30 ms of `ssot check` start-up; the pool,
# file writers and baseline comparison alone 7 M instructions, +0.8 points, of flake8's one-file run;
# reading a baseline another ~6 M, and flake8 reads none).
import datetime
import enum
import errno
import os
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.presentation import absolute_path
from importlinter_ssot.application.analysis.file_check import check_one_file
from importlinter_ssot.application.policy.discovery import DiscoveryError, NoPolicyFound, discover_policies
from importlinter_ssot.application.policy.policy_loading import load_projects
from importlinter_ssot.application.policy.project import Project, find_project_root
from importlinter_ssot.application.policy.project_config import ProjectConfig, read_project_config
from importlinter_ssot.application.ports import FileChanged
from importlinter_ssot.application.settings import RawSettings, SettingError, Settings, resolve_settings
from importlinter_ssot.application.startup import baseline_problem, no_policy, policy_problems, setting_problem
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.problems import PolicyError
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.registry import RULES
from importlinter_ssot.domain.selection import selected_codes
from importlinter_ssot.domain.source import ParsedSource

if TYPE_CHECKING:
    from importlinter_ssot.application.analysis.check import CheckResult
    from importlinter_ssot.application.fix.fixing import FixResult
    from importlinter_ssot.application.gate.report_filter import ReportFilter
    from importlinter_ssot.application.live.live_check import LiveCheck
    from importlinter_ssot.application.ports import CacheStore, Progress, TaskRunner
    from importlinter_ssot.application.report.discover import Discovery
    from importlinter_ssot.application.report.report_model import Report
    from importlinter_ssot.application.shims.shim_files import ShimFile
    from importlinter_ssot.domain.baseline import Baseline


class Session:
    """One run of the engine with resolved settings.

    Raises SettingError when a setting cannot be used (an invalid date, …).
    """

    def __init__(
        self,
        raw: RawSettings,
        *,
        environ: Mapping[str, str] | None = None,
        cwd: str | None = None,
        project: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        """``project``: a directory of the project whose ``[tool.ssot]`` applies (default: the current one).

        ``progress``: told how far each step over the project's files is (None: nobody is watching).
        """
        self.base = absolute_path(cwd or os.getcwd())
        self._environ: Mapping[str, str] = os.environ if environ is None else environ
        self.settings: Settings = resolve_settings(
            raw, os.environ if environ is None else environ, datetime.date.today(), self.base
        )
        self.file_system = LocalFileSystem()
        self._project_start = absolute_path(project) if project else self.base
        self._config: ProjectConfig | None = None
        self._selected: frozenset[str] | None = None
        self._progress = progress
        # The baseline, read once: start-up validates it, apply_baseline uses that very reading.
        self._baseline: Baseline | None = None
        self._baseline_read = False

    def project_root(self) -> str:
        """The project this run belongs to: the nearest directory with a project marker, else the start."""
        return find_project_root(self.file_system, self._project_start) or self._project_start

    def config(self) -> ProjectConfig:
        """The project's ``[tool.ssot]`` (read once). Raises PolicyError, located in pyproject.toml."""
        if self._config is None:
            self._config = read_project_config(self.file_system, self.project_root())
        return self._config

    def selected_codes(self) -> frozenset[str]:
        """The codes reported: ``[tool.ssot]``'s selection, then the front end's (ruff's semantics)."""
        if self._selected is None:  # once: an editor's flake8 asks for every file
            selections = (self.config().selection, self.settings.selection)
            self._selected = selected_codes((rule.code for rule in RULES), selections)
        return self._selected

    def baseline_path(self) -> str | None:
        """The baseline the findings are compared with: the front end's option, else ``[tool.ssot] baseline``.

        None: no baseline, or ``--no-baseline``.
        """
        if self.settings.no_baseline:
            return None
        return self.settings.baseline or self.config().baseline

    @property
    def strict(self) -> bool:
        """Whether warnings fail the run without a baseline: the front end's ``--strict``, or ``[tool.ssot] strict``."""
        return self.settings.strict or self.config().strict

    @property
    def today(self) -> datetime.date:
        """The date deprecations are judged on."""
        return self.settings.today

    def policy_paths(self, starts: Iterable[str] = ()) -> list[str]:
        """The configured policies, else those discovered from each of ``starts`` (default: the current directory).

        Raises DiscoveryError (NoPolicyFound when none is configured and none is found).
        """
        if self.settings.policies:
            return list(self.settings.policies)
        found: list[str] = []
        none_found: NoPolicyFound | None = None
        for start in dict.fromkeys(starts or [self.base]):
            try:
                found.extend(discover_policies(self.file_system, start))
            except NoPolicyFound as error:
                none_found = error
        if not found and none_found is not None:
            raise none_found
        return list(dict.fromkeys(found))

    def load(self, policy_paths: Iterable[str], *, scan: bool = True) -> list[Project]:
        """Parse the policies and scan (or, for per-file front ends, only locate) their trees.

        Raises PolicyError with every problem found.
        """
        return load_projects(self.file_system, policy_paths, self.settings.root_packages, scan=scan)

    def check(self, projects: Sequence[Project], scope: Iterable[str] | None = None) -> CheckResult:
        """Check every file of the projects; report findings inside ``scope`` (absolute paths; None: all)."""
        from importlinter_ssot.application.analysis.check import run_check

        runner, cache = self._evaluation_ports(projects)
        result = run_check(self.file_system, projects, self.settings.today, scope, runner=runner, cache=cache)
        return self._selected_and_not_suppressed(result)

    def _selected_and_not_suppressed(self, result: CheckResult) -> CheckResult:
        """The codes selected, minus what noqa comments suppress (as flake8 reads them)."""
        return self._report_filter().result(self.file_system, result)

    def _report_filter(self) -> ReportFilter:
        from importlinter_ssot.application.gate.report_filter import ReportFilter

        return ReportFilter(self.selected_codes(), self.settings.noqa)

    def report(self, projects: list[Project], scope: Iterable[str] | None = None) -> Report:
        """Where the migration stands: the check's evaluation (and cache), aggregated per policy and symbol."""
        from importlinter_ssot.application.report.report import build_report

        runner, cache = self._evaluation_ports(projects)
        report = build_report(self.file_system, projects, self.settings.today, scope, runner=runner, cache=cache)
        return report._replace(generated=_report_time(self._environ))

    def discover(self, paths: Iterable[str], patterns: Iterable[str] = (), excludes: Iterable[str] = ()) -> Discovery:
        """Names defined in more than one first-party module of ``paths`` (none: the project), with no policy.

        Each file's facts are kept in the project's cache (the settings' directory) for the next run.

        Raises DiscoverError when there is nothing to discover in.
        """
        from importlinter_ssot.adapters.cache_store import DirectoryCacheStore
        from importlinter_ssot.application.report.discover import discover, find_layout

        directories = [absolute_path(path) for path in paths]
        layout = find_layout(self.file_system, directories, self.base, tuple(excludes))
        # The check's cache directory and store, in a section of discover's own.
        directory = self.settings.cache_directory(layout.project_root)
        cache = DirectoryCacheStore(directory, layout.project_root) if directory else None
        return discover(
            self.file_system,
            layout,
            self._runner(),
            scope=directories or None,
            patterns=tuple(patterns),
            cache=cache,
        )

    def _evaluation_ports(self, projects: Sequence[Project]) -> tuple[TaskRunner, CacheStore | None]:
        # Imported here: an editor's per-file run never needs the scheduler, the cache or a pool.
        from importlinter_ssot.adapters.cache_store import DirectoryCacheStore

        cache = None
        if projects:
            directory = self.settings.cache_directory(projects[0].policy.project_root)
            cache = DirectoryCacheStore(directory, projects[0].policy.project_root) if directory else None
        return self._runner(), cache

    def _runner(self) -> TaskRunner:
        from importlinter_ssot.adapters.runner import NO_PROGRESS, make_runner

        return make_runner(self.settings.jobs, self._progress or NO_PROGRESS)

    def fix(self, projects: Sequence[Project], scope: Iterable[str] | None = None, *, write: bool) -> FixResult:
        """Rewrite the reported imports inside ``scope`` to their canonical paths; with ``write`` False, only compare.

        Only what the check reports is fixed: the selected codes, minus what noqa comments suppress.
        Writing, the fix holds the project's lock (``fix.lock`` in the cache directory, also with
        the cache off), so that another ``--fix`` on the project waits for it.
        """
        from importlinter_ssot.adapters.file_writer import AtomicFileWriter
        from importlinter_ssot.adapters.memory_cache import MemoryCacheStore
        from importlinter_ssot.adapters.project_lock import FileProjectLock
        from importlinter_ssot.application.fix.fixing import run_fix

        runner, cache = self._evaluation_ports(projects)
        writer = AtomicFileWriter() if write else None
        lock = None
        if write and projects:
            root = projects[0].policy.project_root
            lock = FileProjectLock(self.settings.lock_directory(root), root)
        return run_fix(
            self.file_system,
            writer,
            projects,
            self.settings.today,
            scope,
            runner=runner,
            # Without a cache on disk, one in memory still spares the check after writing from re-parsing everything.
            cache=cache or MemoryCacheStore(),
            report=self._report_filter(),
            lock=lock,
        )

    def live_check(self, projects: Sequence[Project]) -> LiveCheck:
        """Every file of the projects evaluated now (through the cache) and kept, for an editor's buffers.

        What it reports is what ``check`` and ``apply_baseline`` report, buffers in place of their files.
        """
        from importlinter_ssot.application.live.live_check import LiveCheck

        runner, cache = self._evaluation_ports(projects)
        return LiveCheck.start(
            self.file_system,
            projects,
            self.settings.today,
            runner=runner,
            cache=cache,
            report=self._report_filter(),
            baseline=self.baseline(),
        )

    def check_one_file(self, projects: Iterable[Project], path: str, parsed: ParsedSource) -> list[Finding]:
        """The per-file findings of one (possibly unsaved) file, of the selected codes (noqa: the host's job)."""
        codes = self.selected_codes()
        return [
            finding
            for finding in check_one_file(projects, path, parsed, self.settings.today, self.file_system)
            if finding.code in codes
        ]

    # -- the baseline ----------------------------------------------------------------------------

    def baseline(self) -> Baseline | None:
        """The configured baseline, read once (None: none configured); BaselineError when it cannot be used."""
        if not self._baseline_read:
            path = self.baseline_path()
            self._baseline = None if path is None else self._load_baseline(path)
            self._baseline_read = True
        return self._baseline

    def _load_baseline(self, path: str) -> Baseline:
        from importlinter_ssot.adapters.safe_files import real_path
        from importlinter_ssot.application.gate.baseline import load_baseline

        # Entries are keyed from the project root, however the file is reached (a symlink, `../`).
        return load_baseline(self.file_system, path, self.project_root(), posixpath.dirname(real_path(path)))

    def apply_baseline(
        self, result: CheckResult, scope: Iterable[str] | None = None, *, update: bool = False
    ) -> CheckResult:
        """Only the findings the baseline does not cover; with ``update``, fixed and expired entries are removed.

        ``scope`` is the run's (absolute PATHS, None: everything): entries outside it are not
        judged fixed. No baseline configured: ``result`` as it is. Raises BaselineError, and
        OSError when the updated file cannot be written.
        """
        import dataclasses

        from importlinter_ssot.adapters.output_files import write_text_file
        from importlinter_ssot.application.analysis.check import scope_filter
        from importlinter_ssot.application.gate.baseline import dump_baseline
        from importlinter_ssot.application.gate.baseline_compare import compare, shrunk
        from importlinter_ssot.application.gate.line_fingerprints import LineFingerprints
        from importlinter_ssot.domain.baseline import BaselineSummary

        path, baseline = self.baseline_path(), self.baseline()
        if path is None or baseline is None:
            return result
        in_scope = scope_filter(None if scope is None else list(scope))
        comparison = compare(baseline, result.findings, in_scope, LineFingerprints(self.file_system))
        updated = update and comparison.changed
        if updated:
            write_text_file(path, dump_baseline(shrunk(baseline, comparison)), self.project_root())
        summary = BaselineSummary(
            path, len(comparison.covered), comparison.fixed, updated, comparison.expired, baseline.directory
        )
        return dataclasses.replace(result, findings=comparison.new, baseline=summary)

    def write_baseline(self, path: str, result: CheckResult) -> Baseline:
        """Record ``result``'s findings in a baseline file at ``path`` (absolute); OSError when it cannot be written."""
        from importlinter_ssot.adapters.output_files import write_text_file
        from importlinter_ssot.application.gate.baseline import baseline_of, dump_baseline, is_baseline_text
        from importlinter_ssot.application.gate.line_fingerprints import LineFingerprints

        if self.file_system.is_file(path):
            # `--write-baseline contracts/ssot.toml` must not replace the policy (or any file) by JSON.
            try:
                existing = self.file_system.read_bytes(path).decode("utf-8")
            except (OSError, UnicodeDecodeError):
                existing = ""
            if not is_baseline_text(existing):
                message = "it exists and is not a baseline file of importlinter-ssot: not overwritten"
                raise OSError(errno.EEXIST, message, path)
        baseline = baseline_of(result.findings, self.project_root(), LineFingerprints(self.file_system))
        write_text_file(path, dump_baseline(baseline), self.project_root())
        return baseline

    def plan_shims(
        self, projects: Sequence[Project], modules: Iterable[str] = (), *, every: bool = False
    ) -> list[ShimFile]:
        """The compatibility modules the policies describe, as files (``ssot shim``); raises ShimError."""
        from importlinter_ssot import runtime
        from importlinter_ssot.application.shims.shim_files import plan_shims

        # The public helper's source is what each package's copy holds.
        runtime_source = self.file_system.read_bytes(absolute_path(runtime.__file__)).decode("utf-8")
        return plan_shims(self.file_system, projects, modules, every=every, runtime_source=runtime_source)

    def write_file(self, path: str, text: str, *, expected: bytes | None = None) -> None:
        """Write a generated file (atomically); OSError when it cannot be written.

        ``expected``: the bytes ``text`` was computed from; FileChanged (nothing written) when
        the file no longer holds them. None: the file did not exist.
        """
        from importlinter_ssot.adapters.safe_files import ContentChanged, replace_file

        try:
            replace_file(path, text.encode("utf-8"), expected=expected)
        except ContentChanged as error:
            raise FileChanged(error.errno, "the file changed since it was read", path) from error


# -- start-up: the one way every front end begins a run ----------------------------------------------


class Policies(enum.Enum):
    """What a front end needs of the policies before it runs."""

    NONE = "none"  # nothing: it runs without a policy (`ssot discover`)
    SCAN = "scan"  # parsed, and every file of their trees listed: a run over the whole project
    LOCATE = "locate"  # parsed, their root packages located but not walked: a per-file front end (an editor)


class Started(NamedTuple):
    """A run ready to go: its session, and the policies' projects (none with ``Policies.NONE``, or none found)."""

    session: Session
    projects: tuple[Project, ...]


# (absolute policy path, mtime_ns, size) for each policy in order, and whether the trees were scanned.
_ProjectsKey = tuple[tuple[tuple[str, int, int], ...], bool]


class ProjectsCache:
    """Loaded projects kept by a long-lived process (an editor's flake8, a language server) between runs.

    Keyed by each policy file's path, mtime and size: a policy edited since is loaded again. Only
    the current version is kept; a load that fails is not kept, so a fixed policy is picked up.
    """

    def __init__(self) -> None:
        self._entries: dict[_ProjectsKey, tuple[Project, ...]] = {}

    def projects(self, session: Session, policy_paths: Sequence[str], *, scan: bool) -> tuple[Project, ...]:
        """``session.load(policy_paths, scan=scan)``, or what it gave for the same policy files; raises PolicyError."""
        key = (tuple(_file_identity(path) for path in policy_paths), scan)
        projects = self._entries.get(key)
        if projects is None:
            projects = tuple(session.load(policy_paths, scan=scan))
            self._entries.clear()
            self._entries[key] = projects
        return projects

    def clear(self) -> None:
        """Forget every loaded project, as a new process would."""
        self._entries.clear()


def _file_identity(path: str) -> tuple[str, int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return (path, -1, -1)  # loading reports it
    return (path, status.st_mtime_ns, status.st_size)


def start(
    raw: RawSettings,
    *,
    policies: Policies = Policies.SCAN,
    baseline: bool = False,
    policy_required: bool = True,
    discover_from: Iterable[str] = (),
    reuse: ProjectsCache | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: str | None = None,
    project: str | None = None,
    progress: Progress | None = None,
) -> Started:
    """Start a run: the settings resolved, ``[tool.ssot]`` read, the policies loaded, the baseline read.

    In that order, each stage only when the one before succeeded; every front end starts
    here, so the same inputs are accepted or refused — with the same problems — whichever
    runs. Raises StartupError, the one error a front end translates.

    - ``policies``: what the front end needs of them (``Policies``); with ``NONE`` neither
      ``[tool.ssot]`` nor any policy is read.
    - ``baseline``: the front end applies the configured baseline: read it now, so that one
      that cannot be used stops the run before anything is checked (ignored by the others).
    - ``policy_required``: False for a front end that stays silent in a project without any
      policy (an editor's linter runs everywhere): then no policy found is no projects, not an error.
    - ``discover_from``: where policies are looked for when none is given (default: the current directory).
    - ``reuse``: the loaded projects a long-lived process keeps between runs.
    - ``environ``, ``cwd``, ``project``, ``progress``: as for ``Session``.
    """
    try:
        session = Session(raw, environ=environ, cwd=cwd, project=project, progress=progress)
    except SettingError as error:
        raise setting_problem(error.source, error.message) from None
    if policies is Policies.NONE:
        return Started(session, ())
    scan = policies is Policies.SCAN
    try:
        session.config()  # [tool.ssot]: its problems stop the run like a policy's, also when --policy is given
        paths = session.policy_paths(discover_from)
        projects = tuple(session.load(paths, scan=scan)) if reuse is None else reuse.projects(session, paths, scan=scan)
    except NoPolicyFound as error:
        if not policy_required:
            return Started(session, ())
        raise no_policy(session.project_root(), str(error)) from None
    except DiscoveryError as error:
        raise no_policy(session.project_root(), str(error)) from None
    except PolicyError as error:
        raise policy_problems(error.problems) from None
    if baseline:
        from importlinter_ssot.application.gate.baseline import BaselineError

        try:
            session.baseline()
        except BaselineError as error:
            raise baseline_problem(error.path, error.line, error.column, error.message) from None
    return Started(session, projects)


def _report_time(environ: Mapping[str, str]) -> datetime.datetime:
    """Now (UTC, to the second), or ``SOURCE_DATE_EPOCH`` when set: the reproducible-builds convention,
    so that a report written twice from the same tree is the same file (and tests can pin it)."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
    return datetime.datetime.now(tz=datetime.timezone.utc).replace(microsecond=0)
