"""The local file system behind the FileSystem port."""

from __future__ import annotations

import errno
import os
import stat as stat_module

from importlinter_ssot.application.ports import DirectoryEntry, FileStat


class LocalFileSystem:
    """The FileSystem port on the real disk (paths are absolute, '/'-separated)."""

    def read_bytes(self, path: str) -> bytes:
        """The content of a regular file; OSError for anything else (FIFOs, devices, directories)."""
        # O_NONBLOCK: opening a FIFO must not wait for a writer; then only regular files are read.
        # Raw descriptor reads, no buffered file object: a run reads every file of the tree, and
        # the object's set-up cost more than reading a typical source file.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            status = os.fstat(descriptor)
            if not stat_module.S_ISREG(status.st_mode):
                raise OSError(errno.EINVAL, "not a regular file")
            # Read to the end (an empty read), whatever the size said: the file may have grown
            # since, and a read may return less than asked before the end.
            parts = [os.read(descriptor, status.st_size + 1)]
            while chunk := os.read(descriptor, 1 << 20):
                parts.append(chunk)
            return parts[0] if len(parts) == 1 else b"".join(parts)
        finally:
            os.close(descriptor)

    def stat(self, path: str) -> FileStat | None:
        """Size, mtime, inode, ctime and mode, or None when the file cannot be stat'ed."""
        try:
            result = os.stat(path)
        except (OSError, ValueError):
            return None
        return FileStat(result.st_size, result.st_mtime_ns, result.st_ino, result.st_ctime_ns, result.st_mode)

    def is_file(self, path: str) -> bool:
        """Whether ``path`` is a regular file (symlinks followed)."""
        return os.path.isfile(path)

    def is_dir(self, path: str) -> bool:
        """Whether ``path`` is a directory (symlinks followed)."""
        return os.path.isdir(path)

    def exists(self, path: str) -> bool:
        """Whether anything is at ``path``."""
        return os.path.exists(path)

    def list_dir(self, path: str) -> list[DirectoryEntry]:
        """Entries sorted by name; [] when the directory cannot be read."""
        try:
            with os.scandir(path) as scanner:
                entries = list(scanner)
        except OSError:
            return []
        result: list[DirectoryEntry] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_symlink = entry.is_symlink()
            except OSError:
                is_dir, is_symlink = False, False
            result.append(DirectoryEntry(entry.name, f"{path.rstrip('/')}/{entry.name}", is_dir, is_symlink))
        result.sort(key=lambda item: item.name)
        return result

    def real_path(self, path: str) -> str:
        """``path`` with every symlink resolved, '/'-separated (as far as they resolve)."""
        return os.path.realpath(path).replace(os.sep, "/")

    def is_read_only(self, path: str) -> bool:
        """Whether the file (symlinks followed) has no write bit for anyone; False when it cannot be stat'ed."""
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError):
            return False
        return not mode & (stat_module.S_IWUSR | stat_module.S_IWGRP | stat_module.S_IWOTH)
