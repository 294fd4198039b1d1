"""The ProjectLock port: ``fix.lock`` in the cache directory, held with ``flock`` while a fix runs.

Two ``ssot check --fix`` runs on one project would each plan from what it read and write
over the other's work; with the lock the second waits, then checks what the first left.
The lock file is never removed (removing it would let a third run lock another file while
the second still holds the old one); it is empty, and the cache directory's ``.gitignore``
keeps it out of version control. The directory is the tool's own (``own_directory``): a
symlink planted there, or a file in its place, is not used, and the lock is then not had.
"""

from __future__ import annotations

import os
import stat as stat_module

try:
    import fcntl
except ImportError:  # not a POSIX system
    _FLOCK = False
else:
    _FLOCK = True

from importlinter_ssot.adapters.cache_store import CACHEDIR_TAG, GITIGNORE
from importlinter_ssot.adapters.safe_files import create_new_file, own_directory

LOCK_NAME = "fix.lock"
# No O_CREAT|O_EXCL: the file outlives the run. O_NOFOLLOW: a symlink planted under its name is
# refused. O_NONBLOCK: a FIFO planted there does not wait for a writer (and is then refused).
_FLAGS = (
    os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
)


class FileProjectLock:
    """An exclusive ``flock`` on ``<directory>/fix.lock``; released when the run ends (or dies)."""

    def __init__(self, directory: str, project_root: str) -> None:
        self.directory = directory
        self.project_root = project_root
        self._descriptor: int | None = None

    def acquire(self) -> str | None:
        """Wait for the lock; None once held, else why it cannot be had."""
        if not _FLOCK:
            return "file locks are not available on this system"
        directory = own_directory(self.directory, self.project_root)
        if directory is None:
            return f"{self.directory} cannot be used (not a directory of its own)"
        for name, content in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)):
            try:
                create_new_file(os.path.join(directory, name), content.encode("utf-8"))
            except OSError:
                pass  # only a courtesy to backup and version-control tools
        path = os.path.join(directory, LOCK_NAME)
        try:
            descriptor = os.open(path, _FLAGS, 0o666)
        except OSError as error:
            return f"cannot open {path}: {error.strerror or error}"
        try:
            if not stat_module.S_ISREG(os.fstat(descriptor).st_mode):
                os.close(descriptor)
                return f"{path} is not a regular file"
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # waits for the run that holds it
        except OSError as error:
            os.close(descriptor)
            return f"cannot lock {path}: {error.strerror or error}"
        self._descriptor = descriptor
        return None

    def release(self) -> None:
        """Unlock and close (closing alone would do; unlocking first says what is meant)."""
        if self._descriptor is None:
            return
        descriptor, self._descriptor = self._descriptor, None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            os.close(descriptor)
