"""Run the fix use case on a test project, in this process, on the real disk or in memory.

``fix_project(project)`` rewrites the files of a ``make_project`` project (``write=False``:
only computes the diff) through the same use case ``ssot check --fix`` runs, with the
real atomic writer; ``MemoryWriter`` is the FileWriter port over a ``MemoryFileSystem``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from importlinter_ssot.adapters.file_writer import AtomicFileWriter
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.memory_cache import MemoryCacheStore
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.fix.fixing import FixResult, run_fix
from importlinter_ssot.application.policy.policy_loading import load_projects

from support.memory_fs import MemoryFileSystem

TODAY = datetime.date(2026, 6, 15)


def fix_project(
    project, *, write: bool = True, today: datetime.date = TODAY, scope: Iterable[str] | None = None
) -> FixResult:  # type: ignore[no-untyped-def]
    file_system = LocalFileSystem()
    projects = load_projects(file_system, [project.abs(path) for path in project.policy_paths])
    paths = None if scope is None else [project.abs(path) for path in scope]
    writer = AtomicFileWriter() if write else None
    return run_fix(file_system, writer, projects, today, paths, runner=SerialRunner(), cache=MemoryCacheStore())


class MemoryWriter:
    """The FileWriter port over a MemoryFileSystem."""

    def __init__(self, file_system: MemoryFileSystem) -> None:
        self.file_system = file_system

    def replace_content(self, path: str, data: bytes, *, expected: bytes) -> None:
        if self.file_system.files.get(path) != expected:
            from importlinter_ssot.application.ports import FileChanged

            raise FileChanged(11, "the file changed while it was being fixed", path)
        self.file_system.write(path, data)
