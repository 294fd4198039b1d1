"""The composition root: settings resolved once, and the engine wired to real adapters.

Every front end builds one ``Session`` from what its host gave it (command-line flags,
import-linter contract options, flake8 options) and runs the engine through it, so
today's date, the cache folder, the job count and policy discovery follow one set of
rules everywhere. Nothing below this module knows which front end is running.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.presentation import absolute_path
from importlinter_ssot.application.discovery import NoPolicyFound, discover_policies
from importlinter_ssot.application.file_check import check_one_file
from importlinter_ssot.application.policy_loading import load_projects
from importlinter_ssot.application.project import Project
from importlinter_ssot.application.settings import RawSettings, Settings, resolve_settings
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.source import ParsedSource

if TYPE_CHECKING:
    from importlinter_ssot.application.check import CheckResult
    from importlinter_ssot.application.fixing import FixResult


class Session:
    """One run of the engine with resolved settings.

    Raises SettingError when a setting cannot be used (an invalid date, …).
    """

    def __init__(self, raw: RawSettings, *, environ: Mapping[str, str] | None = None, cwd: str | None = None) -> None:
        self.base = absolute_path(cwd or os.getcwd())
        self.settings: Settings = resolve_settings(
            raw, os.environ if environ is None else environ, datetime.date.today(), self.base
        )
        self.file_system = LocalFileSystem()

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

    def check(self, projects: list[Project], scope: Iterable[str] | None = None) -> CheckResult:
        """Check every file of the projects; report findings inside ``scope`` (absolute paths; None: all)."""
        # Imported here: an editor's per-file run never needs the scheduler, the cache or a pool.
        from importlinter_ssot.adapters.cache_store import DirectoryCacheStore
        from importlinter_ssot.adapters.runner import make_runner
        from importlinter_ssot.application.check import run_check

        cache = None
        if projects:
            directory = self.settings.cache_directory(projects[0].policy.project_root)
            cache = DirectoryCacheStore(directory) if directory else None
        runner = make_runner(self.settings.jobs)
        return run_check(self.file_system, projects, self.settings.today, scope, runner=runner, cache=cache)

    def fix(self, projects: list[Project], scope: Iterable[str] | None = None, *, write: bool) -> FixResult:
        """Rewrite flagged imports to their canonical paths inside ``scope``; with ``write`` False, only compare."""
        from importlinter_ssot.adapters.cache_store import DirectoryCacheStore
        from importlinter_ssot.adapters.file_writer import AtomicFileWriter
        from importlinter_ssot.adapters.memory_cache import MemoryCacheStore
        from importlinter_ssot.adapters.runner import make_runner
        from importlinter_ssot.application.fixing import run_fix

        directory = self.settings.cache_directory(projects[0].policy.project_root) if projects else None
        # Without a cache on disk, one in memory still spares the check after writing from re-parsing everything.
        cache = DirectoryCacheStore(directory) if directory else MemoryCacheStore()
        writer = AtomicFileWriter() if write else None
        runner = make_runner(self.settings.jobs)
        return run_fix(self.file_system, writer, projects, self.settings.today, scope, runner=runner, cache=cache)

    def check_one_file(self, projects: Iterable[Project], path: str, parsed: ParsedSource) -> list[Finding]:
        """The per-file findings of one (possibly unsaved) file."""
        return check_one_file(projects, path, parsed, self.settings.today, self.file_system)
