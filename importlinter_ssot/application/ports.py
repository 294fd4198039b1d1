"""What the application needs from the outside world, as protocols adapters implement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class DirectoryEntry:
    name: str
    path: str  # absolute, '/'-separated
    is_dir: bool  # a real directory; a symlink to a directory is not followed, so it is not one
    is_symlink: bool


class FileSystem(Protocol):
    def read_bytes(self, path: str) -> bytes: ...

    def is_file(self, path: str) -> bool: ...

    def is_dir(self, path: str) -> bool: ...

    def exists(self, path: str) -> bool: ...

    def list_dir(self, path: str) -> list[DirectoryEntry]:
        """Entries of a directory, sorted by name; [] when it cannot be read."""
        ...
