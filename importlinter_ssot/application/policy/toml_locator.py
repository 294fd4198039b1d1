"""Where each key and array element of a TOML document was written.

tomllib gives values but no positions, and a policy error must name its line. The
document has already been parsed by tomllib when this runs, so this scanner only
follows structure (tables, keys, arrays, inline tables, strings) and trusts the
syntax to be valid.
"""

from __future__ import annotations

import re

from importlinter_ssot.application.policy.toml_document import tomllib

KeyPath = tuple[object, ...]  # e.g. ("symbol", 0, "deprecated", 1, "until")

# The scanner moves by whole tokens (an editor's flake8 run loads the policy every time).
_SPACE = re.compile(r"(?:[ \t\r]+|#[^\n]*)*")
_SPACE_OR_NEWLINE = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]*")
_BASIC_STRING_BODY = re.compile(r'(?:[^"\\]|\\.)*', re.DOTALL)
_SCALAR = re.compile(r"[^,\]}\n#]*")


class TomlLocator:
    """The (line, column) where each key path of a valid TOML document was written."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._line = 1
        self._line_start = 0
        self._positions: dict[KeyPath, tuple[int, int]] = {}
        self._array_table_counts: dict[KeyPath, int] = {}
        self._scan()

    def position(self, path: KeyPath) -> tuple[int, int]:
        """(line, column) of ``path``, or of its nearest located ancestor; (1, 1) at worst."""
        while path:
            if path in self._positions:
                return self._positions[path]
            path = path[:-1]
        return (1, 1)

    def items(self) -> list[tuple[KeyPath, tuple[int, int]]]:
        """Every located key path."""
        return list(self._positions.items())

    # -- scanning ---------------------------------------------------------------------------

    def _here(self) -> tuple[int, int]:
        return (self._line, self._pos - self._line_start + 1)

    def _peek(self, offset: int = 0) -> str:
        index = self._pos + offset
        return self._text[index] if index < len(self._text) else ""

    def _advance(self, count: int = 1) -> None:
        self._advance_to(self._pos + count)

    def _advance_to(self, end: int) -> None:
        end = min(end, len(self._text))
        newlines = self._text.count("\n", self._pos, end)
        if newlines:
            self._line += newlines
            self._line_start = self._text.rfind("\n", self._pos, end) + 1
        self._pos = max(end, self._pos)

    def _skip_space(self, newlines: bool) -> None:
        match = (_SPACE_OR_NEWLINE if newlines else _SPACE).match(self._text, self._pos)
        if match is not None:
            self._advance_to(match.end())

    def _scan(self) -> None:
        table: KeyPath = ()
        while True:
            self._skip_space(newlines=True)
            if self._pos >= len(self._text):
                return
            start = self._here()
            if self._peek() == "[":
                is_array = self._peek(1) == "["
                self._advance(2 if is_array else 1)
                self._skip_space(newlines=False)
                keys = self._read_key()
                self._skip_space(newlines=False)
                self._advance(2 if is_array else 1)
                if is_array:
                    index = self._array_table_counts.get(keys, 0)
                    self._array_table_counts[keys] = index + 1
                    table = (*keys, index)
                else:
                    table = keys
                # The first header also locates its enclosing names (`[[symbols]]` → `symbols`).
                for length in range(1, len(table) + 1):
                    self._positions.setdefault(table[:length], start)
            else:
                self._read_key_value(table)

    def _read_key_value(self, table: KeyPath) -> None:
        start = self._here()
        keys = self._read_key()
        path = (*table, *keys)
        self._positions.setdefault(path, start)
        self._skip_space(newlines=False)
        if self._peek() == "=":
            self._advance()
        self._skip_space(newlines=False)
        self._read_value(path)

    def _read_key(self) -> KeyPath:
        keys: list[str] = []
        while True:
            self._skip_space(newlines=False)
            char = self._peek()
            if char in ('"', "'"):
                keys.append(self._read_string())
            else:
                begin = self._pos
                match = _BARE_KEY.match(self._text, begin)
                self._advance_to(match.end() if match is not None else begin)
                keys.append(self._text[begin : self._pos])
            self._skip_space(newlines=False)
            if self._peek() == ".":
                self._advance()
                continue
            return tuple(keys)

    def _read_string(self) -> str:
        quote = self._peek()
        if self._text.startswith(quote * 3, self._pos):
            self._advance(3)
            end = self._text.find(quote * 3, self._pos)
            end = len(self._text) if end < 0 else end
            # Closing quotes may be followed by up to two more quote characters of content.
            while self._text.startswith(quote, end + 3):
                end += 1
            value = self._text[self._pos : end]
            self._advance(end - self._pos + 3)
            return value
        self._advance()
        begin = self._pos
        if quote == '"':
            match = _BASIC_STRING_BODY.match(self._text, begin)
            end = match.end() if match is not None else len(self._text)
        else:
            end = self._text.find(quote, begin)
            end = len(self._text) if end < 0 else end
        self._advance_to(end)
        value = self._text[begin : self._pos]
        self._advance()
        if quote == '"' and "\\" in value:
            try:
                value = tomllib.loads(f'k = "{value}"')["k"]
            except tomllib.TOMLDecodeError:
                pass
        return value

    def _read_value(self, path: KeyPath) -> None:
        char = self._peek()
        if char in ('"', "'"):
            self._read_string()
        elif char == "[":
            self._advance()
            index = 0
            while True:
                self._skip_space(newlines=True)
                if self._peek() in ("]", ""):
                    self._advance()
                    return
                element = (*path, index)
                self._positions.setdefault(element, self._here())
                self._read_value(element)
                self._skip_space(newlines=True)
                if self._peek() == ",":
                    self._advance()
                index += 1
        elif char == "{":
            self._advance()
            while True:
                self._skip_space(newlines=True)
                if self._peek() in ("}", ""):
                    self._advance()
                    return
                self._read_key_value(path)
                self._skip_space(newlines=True)
                if self._peek() == ",":
                    self._advance()
        else:
            match = _SCALAR.match(self._text, self._pos)
            if match is not None:
                self._advance_to(match.end())
