"""Files the tool writes for its users (a baseline, a report): whole, or not at all; and the bytes of a report."""

from __future__ import annotations

import re

from importlinter_ssot.adapters.safe_files import write_output

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def report_bytes(text: str) -> bytes:
    """``text`` as every report is written, to a file or to stdout: UTF-8, nothing else changed.

    A lone surrogate — an undecodable byte of a file name that ended up in a message, say —
    is the one thing UTF-8 cannot hold: it becomes U+FFFD, as ``display_path`` shows such a
    byte, rather than a crash or output that is not UTF-8 (a JSON report must be).
    """
    return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def write_text_file(path: str, text: str, project_root: str) -> None:
    """Write ``text`` (``report_bytes``, ``\\n`` line ends) to ``path``; OSError when it cannot (or may not) be written.

    A regular file is replaced atomically — a reader (a CI step, a concurrent run, an editor)
    sees the old content or the new, never half of it — keeping its mode; ``-``, a FIFO or
    a device is written in place; a symlink is followed only inside ``project_root``
    (``safe_files.write_output``).
    """
    write_output(path, report_bytes(text), project_root)
