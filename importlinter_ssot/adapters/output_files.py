"""Files the tool writes for its users (a baseline, a report): whole, or not at all."""

from __future__ import annotations

from importlinter_ssot.adapters.safe_files import write_output


def write_text_file(path: str, text: str, project_root: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path``; OSError when it cannot (or may not) be written.

    A regular file is replaced atomically — a reader (a CI step, a concurrent run, an editor)
    sees the old content or the new, never half of it — keeping its mode; ``-``, a FIFO or
    a device is written in place; a symlink is followed only inside ``project_root``
    (``safe_files.write_output``).
    """
    write_output(path, text.encode("utf-8"), project_root)
