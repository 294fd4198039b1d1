"""Lines of a source text: between the parser's (line, UTF-8 byte column), findings' positions and offsets."""

from __future__ import annotations

import bisect
import itertools

from importlinter_ssot.domain.source import LINE_BREAK, Position


class TextLines:
    """Where each line of ``text`` starts, to turn positions into character offsets and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        if "\r" in text:
            self.starts = [0, *(match.end() for match in LINE_BREAK.finditer(text))]
        else:  # the common case, split in C
            self.starts = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n"))][:-1]
        self._ascii = text.isascii()

    def offset(self, line: int, utf8_column: int) -> int:
        """The character offset of the parser's ``line`` (1-based) and UTF-8 byte column (0-based)."""
        start = self.starts[line - 1]
        if self._ascii:
            return start + utf8_column
        end = self.line_end(line)
        return start + len(self.text[start:end].encode("utf-8")[:utf8_column].decode("utf-8", errors="ignore"))

    def at(self, position: Position) -> int:
        """The character offset of a finding's position (1-based line and character column)."""
        return self.starts[position.line - 1] + position.column - 1

    def position(self, offset: int) -> Position:
        """The finding position (1-based line and character column) of a character offset."""
        line = bisect.bisect_right(self.starts, offset)
        return Position(line, offset - self.starts[line - 1] + 1)

    def line_of(self, offset: int) -> int:
        """The 1-based line holding ``offset``."""
        return self.position(offset).line

    def line_end(self, line: int) -> int:
        """The offset where ``line``'s text ends (before its line break)."""
        if line >= len(self.starts):
            return len(self.text)
        after = self.starts[line]
        return after - 2 if after >= 2 and self.text.startswith("\r\n", after - 2) else after - 1

    def next_line_start(self, line: int) -> int:
        """The offset just past ``line``'s line break (the end of the text for the last line)."""
        return self.starts[line] if line < len(self.starts) else len(self.text)

    def newline(self, line: int) -> str:
        """The line break ending ``line``; the text's first one for its last line ('\\n' when it has none)."""
        if line < len(self.starts):
            return self.text[self.line_end(line) : self.starts[line]]
        match = LINE_BREAK.search(self.text)
        return match.group() if match else "\n"
