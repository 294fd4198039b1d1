"""JSON text → a value, or a located error: the one place that reads JSON (a baseline, a previous report).

The standard library's parser recurses once per nested array or object and gives up with a
RecursionError around a thousand levels (a traceback, from a file anyone can hand us), and
``int()`` refuses an integer of more than 4300 digits with a ValueError that says nothing of
where. Both are turned into ``JsonError`` with a line and column, like every syntax error.
"""

from __future__ import annotations

import json
from typing import Any

# Deeper than any document the tool reads needs (a report nests eight levels), far below the
# depth at which the parser would exhaust the interpreter's stack.
MAX_NESTING = 100


class JsonError(ValueError):
    """Text that is not a JSON document we read; ``line``/``column`` are 1-based."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class _IntegerTooLong(Exception):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def load_json(text: str) -> Any:
    """The value ``text`` holds; JsonError saying what is wrong where."""
    too_deep = _too_deep(text)
    if too_deep is not None:
        raise JsonError(f"arrays and objects nested too deeply (more than {MAX_NESTING} levels)", *too_deep)
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        raise JsonError(error.msg, error.lineno, error.colno) from None
    except _IntegerTooLong as error:
        raise JsonError("integer too long", *_position(text, text.find(error.digits))) from None


def _integer(digits: str) -> int:
    try:
        return int(digits)
    except ValueError:  # longer than the interpreter converts (sys.get_int_max_str_digits)
        raise _IntegerTooLong(digits) from None


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where arrays/objects nest deeper than ``MAX_NESTING`` (outside strings), if they do."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return None  # too few brackets to nest that deep: no need to walk the text
    depth, in_string, index = 0, False, 0
    while index < len(text):
        char = text[index]
        if in_string:
            if char == "\\":
                index += 1  # the escaped character cannot end the string
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return _position(text, index)
        elif char in "]}":
            depth = max(depth - 1, 0)
        index += 1
    return None


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]`` (columns in characters, as json reports them)."""
    index = max(index, 0)
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1
