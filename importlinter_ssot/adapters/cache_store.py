"""A cache directory on disk (`.ssot_cache/` by default), written atomically."""

from __future__ import annotations

import os
import time

from importlinter_ssot.adapters.safe_files import create_new_file

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by importlinter-ssot.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
GITIGNORE = "# Created by importlinter-ssot\n*\n"


class DirectoryCacheStore:
    """The CacheStore port on a directory: one file per blob, a CACHEDIR.TAG, a .gitignore."""

    def __init__(self, directory: str) -> None:
        self.directory = directory

    def load(self, name: str) -> bytes | None:
        """The blob, or None when it is missing or unreadable."""
        try:
            with open(os.path.join(self.directory, name), "rb") as stream:
                return stream.read()
        except OSError:
            return None

    def save(self, name: str, data: bytes) -> None:
        """Write atomically; a cache that cannot be written is silently skipped."""
        try:
            self._prepare()
            # The one atomic writer: a reader (another run) sees the old file or the new one.
            from importlinter_ssot.adapters.safe_files import replace_file

            replace_file(os.path.join(self.directory, name), data)
        except OSError:
            pass  # a cache that cannot be written only costs speed next time

    def now_ns(self) -> int:
        """The wall clock, comparable with file modification times."""
        return time.time_ns()

    def _prepare(self) -> None:
        os.makedirs(self.directory, exist_ok=True)
        for file_name, content in (
            ("CACHEDIR.TAG", CACHEDIR_TAG),
            (".gitignore", GITIGNORE),
        ):
            # Never through a name planted in advance (a dangling symlink to outside the project).
            create_new_file(os.path.join(self.directory, file_name), content.encode("utf-8"))
