"""Files the tool writes for its users (a baseline, a report): whole, or not at all."""

from __future__ import annotations

import os
import tempfile


def write_text_file(path: str, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically; OSError when it cannot be written.

    The file is written beside its target and renamed over it, so a reader — a CI step, a
    concurrent run, an editor — sees the old content or the new, never half of it.
    """
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        # mkstemp creates the file private to its owner; a report or baseline is as readable as any other file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
