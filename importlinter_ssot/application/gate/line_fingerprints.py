"""What a baseline remembers of a finding's line: a short hash of its content, never its number.

A line's number changes with every edit above it; its content does not. When a file holds more
findings of a kind than its baseline entry counts, the ones whose lines the baseline did not
record are the new ones — the line a pull request added, where its annotation belongs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.source import LINE_BREAK, decode_source

if TYPE_CHECKING:
    from importlinter_ssot.application.ports import FileSystem

# A finding's line fingerprint, None when its line cannot be read.
FingerprintOf = Callable[[Finding], "str | None"]

_LENGTH = 8  # hex digits: told apart within one entry (one file, one kind of finding), and short in the file


def line_fingerprint(line: str) -> str:
    """The fingerprint of a source line: its content stripped of indentation and trailing space, hashed."""
    return hashlib.sha256(line.strip().encode("utf-8", "surrogatepass")).hexdigest()[:_LENGTH]


class LineFingerprints:
    """The fingerprint of each finding's line; every file read once, through the FileSystem port."""

    def __init__(self, file_system: FileSystem) -> None:
        self._file_system = file_system
        self._lines: dict[str, list[str] | None] = {}

    def __call__(self, finding: Finding) -> str | None:
        """``finding``'s line fingerprint; None when the file cannot be read or has no such line."""
        if finding.path not in self._lines:
            self._lines[finding.path] = self._read(finding.path)
        lines = self._lines[finding.path]
        if lines is None or not 1 <= finding.line <= len(lines):
            return None
        return line_fingerprint(lines[finding.line - 1])

    def _read(self, path: str) -> list[str] | None:
        try:
            data = self._file_system.read_bytes(path)
        except OSError:
            return None
        try:
            text = decode_source(data)
        except (SyntaxError, LookupError, UnicodeDecodeError):
            text = data.decode("latin-1")  # a file that does not decode (SOT900) still has lines
        # Python's line breaks (not str.splitlines', which also breaks at \f, \x1c, …): the parser's line numbers.
        return LINE_BREAK.split(text)
