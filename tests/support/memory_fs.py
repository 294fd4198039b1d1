"""The engine's FileSystem and CacheStore ports in memory: engine tests without disk I/O.

``MemoryFileSystem({"/mem/chat/a.py": b"..."})`` holds files as ``{absolute path: bytes}``;
directories are implied by the paths below them. ``load_projects`` and ``run_check`` take it
wherever they take ``LocalFileSystem()``::

    file_system = MemoryFileSystem({"/mem/pyproject.toml": b"", "/mem/contracts/ssot.toml": POLICY, ...})
    projects = load_projects(file_system, ["/mem/contracts/ssot.toml"])
    result = run_check(file_system, projects, today, runner=SerialRunner(), cache=MemoryCache())
"""

from __future__ import annotations

from importlinter_ssot.application.ports import DirectoryEntry, FileStat

START_MTIME_NS = 1_000_000_000


class MemoryFileSystem:
    """The FileSystem port over a dict {absolute path: bytes}; directories are implied."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = dict(files)
        self.mtimes = {path: START_MTIME_NS for path in files}

    def write(self, path: str, data: bytes) -> None:
        """Create or replace a file; its mtime moves on by a second, as an edit's would."""
        self.files[path] = data
        self.mtimes[path] = self.mtimes.get(path, START_MTIME_NS) + 1_000_000_000

    def read_bytes(self, path: str) -> bytes:
        try:
            return self.files[path]
        except KeyError:
            raise FileNotFoundError(2, "No such file or directory", path) from None

    def stat(self, path: str) -> FileStat | None:
        if path not in self.files:
            return None
        mtime = self.mtimes[path]
        return FileStat(len(self.files[path]), mtime, sorted(self.files).index(path), mtime, 0o100644)

    def is_file(self, path: str) -> bool:
        return path in self.files

    def is_dir(self, path: str) -> bool:
        prefix = path.rstrip("/") + "/"
        return any(name.startswith(prefix) for name in self.files)

    def exists(self, path: str) -> bool:
        return self.is_file(path) or self.is_dir(path)

    def list_dir(self, path: str) -> list[DirectoryEntry]:
        prefix = path.rstrip("/") + "/"
        children: dict[str, bool] = {}
        for name in self.files:
            if name.startswith(prefix):
                child, _, rest = name[len(prefix) :].partition("/")
                children[child] = children.get(child, False) or bool(rest)
        return [DirectoryEntry(name, prefix + name, is_dir, False) for name, is_dir in sorted(children.items())]

    def real_path(self, path: str) -> str:
        return path  # no symlinks in memory

    def is_read_only(self, path: str) -> bool:
        return False


class MemoryCache:
    """The CacheStore port over a dict {name: blob}."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def load(self, name: str) -> bytes | None:
        return self.blobs.get(name)

    def save(self, name: str, data: bytes) -> None:
        self.blobs[name] = data

    def now_ns(self) -> int:
        return 10**18  # long after every file's mtime: warm runs trust the stat
