"""The FileWriter port on the real disk: the one atomic-write helper (``safe_files``)."""

from __future__ import annotations

from importlinter_ssot.adapters.safe_files import real_path, replace_file


class AtomicFileWriter:
    """Replaces a file's content atomically, keeping its permission bits (and, where allowed, its owner)."""

    def replace_content(self, path: str, data: bytes) -> None:
        """Write ``data`` beside the file and rename it over the file; OSError leaves the file as it was."""
        # A symlink keeps pointing where it did: the file it points to gets the new content.
        replace_file(real_path(path), data)
