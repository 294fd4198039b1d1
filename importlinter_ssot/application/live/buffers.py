"""The files as an editor has them: its open buffers' bytes in place of what the disk holds.

Everything the engine reads through the FileSystem port — a module's names for the fix
planner, a line's fingerprint for the baseline, the file a fix starts from — then sees the
unsaved text, so an editor's answer is the one ``ssot check`` gives once every buffer is
saved. The overlay does no I/O of its own: the disk is another FileSystem behind it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from importlinter_ssot.application.ports import DirectoryEntry, FileStat, FileSystem


class BufferedFileSystem:
    """``buffers`` (absolute path → bytes) over ``disk``; a buffer is a regular file, whether or not it was saved."""

    def __init__(self, disk: FileSystem, buffers: Mapping[str, bytes]) -> None:
        self._disk = disk
        self._buffers = buffers

    def read_bytes(self, path: str) -> bytes:
        """The buffer's bytes, else the disk's."""
        data = self._buffers.get(path)
        return self._disk.read_bytes(path) if data is None else data

    def stat(self, path: str) -> FileStat | None:
        """The disk's: a buffer has no stat of its own (only a run that records verdicts asks, never an editor's)."""
        return self._disk.stat(path)

    def is_file(self, path: str) -> bool:
        """A buffer is one, even before it is first saved."""
        return path in self._buffers or self._disk.is_file(path)

    def is_dir(self, path: str) -> bool:
        """As on disk."""
        return self._disk.is_dir(path)

    def exists(self, path: str) -> bool:
        """A buffer, or anything on disk."""
        return path in self._buffers or self._disk.exists(path)

    def list_dir(self, path: str) -> list[DirectoryEntry]:
        """The disk's entries and the buffers not saved there yet, sorted by name."""
        entries = {entry.name: entry for entry in self._disk.list_dir(path)}
        for buffer in self._buffers:
            directory, name = posixpath.split(buffer)
            if directory == path.rstrip("/") and name not in entries:
                entries[name] = DirectoryEntry(name, buffer, is_dir=False, is_symlink=False)
        return [entries[name] for name in sorted(entries)]

    def real_path(self, path: str) -> str:
        """As on disk: where the buffer would be saved."""
        return self._disk.real_path(path)

    def is_read_only(self, path: str) -> bool:
        """As on disk: the file a buffer would be saved to."""
        return self._disk.is_read_only(path)
