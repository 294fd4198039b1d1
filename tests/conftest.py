"""Shared fixtures: build a small project in ``tmp_path`` and check it.

A project is built from a dict ``{relative path: file text}``. Text is dedented and a
single leading newline is dropped, so

    "chat/a.py": '''
        from chat.x import Foo
    '''

makes ``from chat.x import Foo`` line 1 of ``chat/a.py``. ``bytes`` values are written
as they are (for encoding tests). The policy (a TOML text) is written to
``contracts/ssot.toml`` unless ``policies={path: text}`` says otherwise, and a project
marker (a ``.git`` directory by default, or ``pyproject.toml``) is put at the root.

``project.check()`` runs the engine's use case (load_projects → run_check) with a pinned date and
returns findings as
``(path relative to the project root, line, column, code)`` tuples, in the engine's order.
``project.cli(...)`` runs ``ssot check ...`` in this process (click's CliRunner);
``project.cli_process(...)`` runs ``python -m importlinter_ssot check ...`` as a real process,
for the few tests that are about the process itself. Both start in the project root and
see ``SSOT_TODAY`` = the pinned date unless told otherwise.

``write_files(root, files)`` is the suite's one tree writer: ``make_project`` (a new
project) and ``project.write`` (files added to one) are how tests use it.
"""

from __future__ import annotations

import datetime
import itertools
import posixpath
import subprocess
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.analysis.check import CheckResult, run_check
from importlinter_ssot.application.policy.policy_loading import load_projects
from importlinter_ssot.domain.findings import Finding

from support.front_ends import Run, patched_environment, reset_flake8_plugin_state, ssot_in_process, ssot_process
from support.soundness import assert_prefilter_sound

# A fixed "today" for every test that does not choose its own: never the real date.
TODAY = datetime.date(2026, 6, 15)

POLICY_PATH = "contracts/ssot.toml"

Row = tuple[str, int, int, str]


def source_text(text: str) -> str:
    text = textwrap.dedent(text)
    return text[1:] if text.startswith("\n") else text


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``{relative path: text or bytes}`` below ``root`` (text through ``source_text``)."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(source_text(content), encoding="utf-8")


@dataclass
class SsotProject:
    root: Path
    policy_paths: list[str] = field(default_factory=list)  # relative to root

    # -- paths ---------------------------------------------------------------------------

    def abs(self, relative: str) -> str:
        return posixpath.normpath((self.root / relative).as_posix())

    def rel(self, path: str) -> str:
        return posixpath.relpath(path, self.root.as_posix())

    def write(self, files: Mapping[str, str | bytes]) -> None:
        write_files(self.root, files)

    # -- the engine, in process ------------------------------------------------------------

    def result(
        self,
        today: datetime.date = TODAY,
        scope: Iterable[str] | None = None,
        policies: Iterable[str] | None = None,
    ) -> CheckResult:
        file_system = LocalFileSystem()
        chosen = [self.abs(path) for path in (self.policy_paths if policies is None else policies)]
        projects = load_projects(file_system, chosen)
        scope_paths = None if scope is None else [self.abs(path) for path in scope]
        # Every rule test also proves the relevance prefilter sound: parsing every file in full
        # (as if any file could matter) gives the same answer, but SOT900 on skipped files.
        return assert_prefilter_sound(
            lambda: run_check(file_system, projects, today, scope_paths, runner=SerialRunner()),
            file_system,
            projects,
        )

    def findings(self, **kwargs) -> list[Finding]:
        return list(self.result(**kwargs).findings)

    def check(self, **kwargs) -> list[Row]:
        return [
            (self.rel(finding.path), finding.line, finding.column, finding.code)
            for finding in self.result(**kwargs).findings
        ]

    def check_file(self, relative: str, **kwargs) -> list[Row]:
        """Findings of a full check that are in one file."""
        return [row for row in self.check(**kwargs) if row[0] == relative]

    def message(self, code: str, **kwargs) -> str:
        messages = [finding.message for finding in self.findings(**kwargs) if finding.code == code]
        assert len(messages) == 1, messages
        return messages[0]

    # -- the command line ------------------------------------------------------------------

    def cli(
        self,
        *args: str,
        cwd: str | Path | None = None,
        env: Mapping[str, str | None] | None = None,
        today: str | None = TODAY.isoformat(),
    ) -> Run:
        """``ssot check ARGS`` in this process; ``today`` is SSOT_TODAY (None: unset)."""
        return ssot_in_process(*args, cwd=cwd or self.root, today=today, env=env)

    def cli_process(
        self,
        *args: str,
        cwd: str | Path | None = None,
        env: Mapping[str, str | None] | None = None,
        today: str | None = TODAY.isoformat(),
        **options,
    ) -> subprocess.CompletedProcess:
        """``python -m importlinter_ssot check ARGS`` as a real process (``options`` go to subprocess.run)."""
        return ssot_process(*args, cwd=cwd or self.root, today=today, env=env, **options)


@pytest.fixture(scope="session", autouse=True)
def user_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tool's per-user directory (the cache key, the engine identity's memo) in a temporary one.

    Set in this process's environment, once: in-process runs read it from there, and every
    real process the suite starts inherits it (support/front_ends.process_environment). So no
    test reads or writes the developer's ``~/.cache``, and none depends on a
    ``SSOT_CACHE_SECRET`` set outside the suite.
    """
    home = tmp_path_factory.mktemp("xdg-cache-home")
    with patched_environment({"XDG_CACHE_HOME": str(home), "SSOT_CACHE_SECRET": None}):
        yield home


@pytest.fixture
def make_project(tmp_path: Path):
    """Factory: ``make_project(files, policy=TEXT | policies={path: TEXT}, marker=".git")``."""
    counter = itertools.count()

    def make(
        files: Mapping[str, str | bytes],
        policy: str | None = None,
        *,
        policies: Mapping[str, str] | None = None,
        marker: str | None = ".git",
    ) -> SsotProject:
        root = (tmp_path / f"project{next(counter)}").resolve()
        root.mkdir()
        if marker == ".git":
            (root / ".git").mkdir()
        elif marker is not None:
            (root / marker).write_text("", encoding="utf-8")
        write_files(root, files)
        written: dict[str, str] = {}
        if policy is not None:
            written[POLICY_PATH] = policy
        written.update(policies or {})
        write_files(root, written)
        return SsotProject(root, list(written))

    return make


@pytest.fixture
def fresh_flake8_plugin():
    """The flake8 plugin's per-process state (loaded projects, the checker's class state) reset around a test."""
    reset_flake8_plugin_state()
    yield
    reset_flake8_plugin_state()
