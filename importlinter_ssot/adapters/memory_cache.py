"""A CacheStore that lives as long as one run: ``--fix --no-cache`` re-checks only what it changed."""

from __future__ import annotations

import time


class MemoryCacheStore:
    """The CacheStore port in memory: nothing is read from or written to the disk."""

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] = {}

    def load(self, name: str) -> bytes | None:
        """The blob saved under ``name`` in this run, or None."""
        return self._blobs.get(name)

    def save(self, name: str, data: bytes) -> None:
        """Keep ``data`` under ``name`` until the run ends."""
        self._blobs[name] = data

    def now_ns(self) -> int:
        """The wall clock, comparable with file modification times."""
        return time.time_ns()
