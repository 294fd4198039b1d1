"""What the application needs from the outside world, as protocols adapters implement."""

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from importlinter_ssot.domain.records import NamedTuple

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")


class DirectoryEntry(NamedTuple):
    """One entry of a directory listing."""

    name: str
    path: str  # absolute, '/'-separated
    is_dir: bool  # a real directory; a symlink to a directory is not followed, so it is not one
    is_symlink: bool


class FileStat(NamedTuple):
    """Identity of a file's current content as far as the OS tells without reading it.

    ``ctime_ns`` and ``mode`` are there for what they tell besides the content: a ``chmod``
    or ``chown`` changes them (and not the mtime), and a file that may have become
    unreadable must be read again, not trusted.
    """

    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int
    mode: int


class FileSystem(Protocol):
    """Read-only access to the checked tree and the policy files."""

    def read_bytes(self, path: str) -> bytes:
        """The file's content; OSError when it cannot be read."""
        ...

    def stat(self, path: str) -> FileStat | None:
        """None when the file cannot be stat'ed (gone, a symlink loop, …)."""
        ...

    def is_file(self, path: str) -> bool:
        """Whether ``path`` is a regular file."""
        ...

    def is_dir(self, path: str) -> bool:
        """Whether ``path`` is a directory."""
        ...

    def exists(self, path: str) -> bool:
        """Whether anything is at ``path``."""
        ...

    def list_dir(self, path: str) -> list[DirectoryEntry]:
        """Entries of a directory, sorted by name; [] when it cannot be read."""
        ...

    def real_path(self, path: str) -> str:
        """``path`` with every symlink resolved ('/'-separated): where a write to it would land."""
        ...

    def is_read_only(self, path: str) -> bool:
        """Whether the file's permissions hold no write bit at all (its owner made it read-only)."""
        ...


class CacheStore(Protocol):
    """Opaque named blobs that survive between runs. Writes are atomic; anything may vanish."""

    def load(self, name: str) -> bytes | None:
        """The blob saved under ``name``, or None."""
        ...

    def save(self, name: str, data: bytes) -> None:
        """Save ``data`` under ``name`` (atomically; a failure only costs speed next time)."""
        ...

    def now_ns(self) -> int:
        """The store's clock, comparable with file modification times."""
        ...


class Progress(Protocol):
    """Told how far a long step is — items (files) done out of a total — for people watching; may show nothing.

    A TaskRunner reports every ``map`` to its progress: each step that reads or parses the
    project's files goes through one, so the check, a fix, a report and discover all report.
    """

    def started(self, total: int) -> None:
        """A step over ``total`` items begins."""
        ...

    def advanced(self, count: int) -> None:
        """``count`` more items are done."""
        ...

    def finished(self) -> None:
        """The step is over (also when it failed): whatever was shown goes."""
        ...


class TaskRunner(Protocol):
    """Runs ``function(shared, item)`` for every item, possibly in parallel; results in item order."""

    def map(self, function: Callable[[Shared, Item], Result], shared: Shared, items: Sequence[Item]) -> list[Result]:
        """``function(shared, item)`` for every item, results in item order (CPU-bound work: processes)."""
        ...


class FileChanged(OSError):
    """The file no longer holds the bytes its new content was computed from: nothing was written."""


class FileWriter(Protocol):
    """Writes fixed source files: the only port that changes the checked tree."""

    def replace_content(self, path: str, data: bytes, *, expected: bytes) -> None:
        """Replace the file's content atomically (readers see the old or the new one), keeping its permissions.

        ``path`` is the file itself, its symlinks resolved by the caller (one found there is not
        followed). ``expected`` is what the new content was computed from: the file is read again
        just before it is replaced, and FileChanged is raised, nothing written, unless it is still
        the same file holding exactly those bytes. OSError when it cannot be written; the file is
        then as it was.
        """
        ...


class ProjectLock(Protocol):
    """Lets one run at a time rewrite a project's files: held from a fix's first check to its last."""

    def acquire(self) -> str | None:
        """Wait until the lock is ours; None once it is, else why it cannot be had (the caller goes on without)."""
        ...

    def release(self) -> None:
        """Let the next run go (nothing when the lock was not had)."""
        ...
