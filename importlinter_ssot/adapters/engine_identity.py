"""The engine's identity: a hash of the installed package's own files, so a cache never outlives its engine.

A verdict is only as good as the code that decided it: a rule whose message or logic
changed without a version bump (a development install, a patched release) must not be
served the verdicts of the old one. Hashing ~100 files on every run would cost more than
a warm run saves, so the hash is memoised in the user's cache directory under a cheap
signature of the files (paths, sizes, mtimes, inodes): a normal run only stats them. It
is the *content* hash that keys the cache, so a fresh CI virtualenv — every mtime new,
the same sources — finds its restored cache valid.
"""

from __future__ import annotations

import functools
import hashlib
import os

import importlinter_ssot
from importlinter_ssot.adapters.safe_files import read_own_file, replace_file
from importlinter_ssot.adapters.user_directory import user_cache_directory

_MEMO_SIZE_LIMIT = 1024
_UNREADABLE = os.stat_result((0,) * 10)


@functools.lru_cache(maxsize=1)
def engine_identity() -> str:
    """The identity of the running package (computed once per process: the code already loaded)."""
    return package_identity(os.path.dirname(os.path.abspath(importlinter_ssot.__file__)))


def package_identity(package: str) -> str:
    """The hex SHA-256 of the files of the package in directory ``package``, memoised by their stat signature."""
    files = package_files(package)
    signature = hashlib.sha256(
        repr([(relative, status.st_size, status.st_mtime_ns, status.st_ino) for relative, status in files]).encode(
            "utf-8", "surrogateescape"
        )
    ).hexdigest()
    directory = user_cache_directory()
    memo = None
    if directory is not None:
        location = hashlib.sha256(package.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        memo = os.path.join(directory, f"engine-{location}")
        remembered = _read_memo(memo)
        if remembered is not None and remembered[0] == signature:
            return remembered[1]
    identity = content_hash(package, [relative for relative, _ in files])
    if memo is not None:
        try:
            replace_file(memo, f"{signature} {identity}\n".encode("ascii"))
        except OSError:
            pass  # computed again next time
    return identity


def package_files(package: str) -> list[tuple[str, os.stat_result]]:
    """Every file of the package (sources and data; no byte code), sorted, with its stat."""
    found: list[tuple[str, os.stat_result]] = []
    pending = [""]
    while pending:
        relative_directory = pending.pop()
        try:
            with os.scandir(os.path.join(package, relative_directory)) as entries:
                for entry in entries:
                    relative = os.path.join(relative_directory, entry.name)
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name != "__pycache__":
                            pending.append(relative)
                    elif not entry.name.endswith((".pyc", ".pyo")):
                        found.append((relative, entry.stat(follow_symlinks=True)))
        except OSError:
            found.append((relative_directory + "/?", _UNREADABLE))  # still an identity, that of a broken install
    found.sort(key=lambda item: item[0])
    return found


def content_hash(package: str, relatives: list[str]) -> str:
    """The hex SHA-256 of the files' names and contents."""
    digest = hashlib.sha256()
    for relative in relatives:
        try:
            with open(os.path.join(package, relative), "rb") as stream:
                data = stream.read()
        except OSError:
            data = b"\0unreadable"
        name = relative.replace(os.sep, "/").encode("utf-8", "surrogateescape")
        digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
        digest.update(data)
    return digest.hexdigest()


def _read_memo(path: str) -> tuple[str, str] | None:
    found = read_own_file(path, _MEMO_SIZE_LIMIT)
    if found is None:
        return None
    try:
        text = found[1].decode("ascii")
    except UnicodeDecodeError:
        return None
    parts = text.split()
    return (parts[0], parts[1]) if len(parts) == 2 else None
