"""Where a finding sits in a buffer's text, and LSP positions to and from text offsets.

Findings carry where their name, module path or string starts (1-based line, character
column); an editor underlines a range, so its end is read from the text there: the dotted
name, the whole string literal, the module path after ``from``/``import``, the name after
``class``/``def``. LSP positions count a line's characters in the negotiated encoding's code
units (UTF-16 unless the client offers another), so offsets are converted here, not guessed.
"""

from __future__ import annotations

import re

from importlinter_ssot.application.analysis.text_lines import TextLines
from importlinter_ssot.domain.records import NamedTuple

# The encodings LSP 3.17 negotiates (PositionEncodingKind's values).
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"

_NAME = r"[^\W\d]\w*"
_DOTTED = re.compile(rf"{_NAME}(?:\s*\.\s*{_NAME})*")
_KEYWORD = re.compile(r"(from|import|class|def|async\s+def)\b\s*")
# `from ..pkg.mod import`, `from . import` (the dots alone: `import` is the keyword, not a name).
_MODULE_AFTER_FROM = re.compile(rf"\.+(?:\s*(?!import\b){_NAME}(?:\s*\.\s*{_NAME})*)?|{_NAME}(?:\s*\.\s*{_NAME})*")
_STRING_START = re.compile(r"""[rRbBuUfFtT]{0,2}('''|\"\"\"|'|")""")


class Span(NamedTuple):
    """Character offsets in a text: ``start`` included, ``end`` excluded."""

    start: int
    end: int


def code_units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` ``text`` takes (its length as an LSP character count)."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def lsp_position(lines: TextLines, offset: int, encoding: str) -> tuple[int, int]:
    """The (0-based line, character in code units) of a character offset."""
    offset = max(0, min(offset, len(lines.text)))
    position = lines.position(offset)
    start = lines.starts[position.line - 1]
    return position.line - 1, code_units(lines.text[start:offset], encoding)


def text_offset(lines: TextLines, line: int, character: int, encoding: str) -> int:
    """The character offset of an LSP position (0-based line, code units); clamped to the line and the text."""
    if line >= len(lines.starts):
        return len(lines.text)
    start = lines.starts[max(line, 0)]
    end = lines.line_end(line + 1)
    if encoding == UTF32 or lines.text[start:end].isascii():
        return min(start + max(character, 0), end)
    counted = 0
    for offset in range(start, end):
        if counted >= character:
            return offset
        counted += code_units(lines.text[offset], encoding)
    return end


def finding_span(lines: TextLines, line: int, column: int, via: str | None = None) -> Span:
    """What a finding at (``line``, ``column``) is about in ``lines``' text; empty when the text has no such place."""
    text = lines.text
    if not 1 <= line <= len(lines.starts):
        return Span(len(text), len(text))
    line_end = lines.line_end(line)
    start = min(lines.starts[line - 1] + max(column, 1) - 1, line_end)
    keyword = _KEYWORD.match(text, start)
    if keyword is not None:
        after = keyword.end()
        if keyword.group(1) == "import" and via:
            # `import a, b.c`: the module the finding is about, else the first one.
            found = re.compile(rf"(?<![\w.]){re.escape(via)}(?![\w])").search(text, after, line_end)
            if found is not None:
                return Span(found.start(), found.end())
        pattern = _MODULE_AFTER_FROM if keyword.group(1) == "from" else _DOTTED
        named = pattern.match(text, after)
        if named is not None and named.end() <= line_end:
            return Span(named.start(), named.end())
        return Span(start, keyword.end(1))
    string = _STRING_START.match(text, start)
    if string is not None:
        return Span(start, _string_end(text, string.end(), string.group(1)))
    dotted = _DOTTED.match(text, start)
    if dotted is not None:
        return Span(start, dotted.end())
    return Span(start, min(start + 1, line_end))


def _string_end(text: str, body: int, quote: str) -> int:
    """Where a string literal whose body starts at ``body`` ends (past its closing quote; the text's end if open)."""
    index = body
    single_line = len(quote) == 1
    while index < len(text):
        character = text[index]
        if character == "\\":
            index += 2  # an escaped character, a raw string's backslash and what follows it alike
            continue
        if single_line and character in "\r\n":
            return index  # unterminated: up to the line's end
        if text.startswith(quote, index):
            return index + len(quote)
        index += 1
    return len(text)


def line_rest_span(lines: TextLines, line: int, column: int) -> Span:
    """From (``line``, ``column``) to the end of the line's text, trailing blanks left out (a TOML key and value)."""
    text = lines.text
    if not 1 <= line <= len(lines.starts):
        return Span(len(text), len(text))
    line_end = lines.line_end(line)
    start = min(lines.starts[line - 1] + max(column, 1) - 1, line_end)
    end = start + len(text[start:line_end].rstrip())
    return Span(start, max(end, start))
