"""TOML text → a document, or a located error: the one place that reads TOML."""

from __future__ import annotations

import re
import sys
from typing import Any

from importlinter_ssot.domain.problems import PolicyError, PolicyProblem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["TOMLDecodeError", "load_toml", "tomllib"]

TOMLDecodeError = tomllib.TOMLDecodeError

_ERROR_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
# `until = 2027-6-30`: TOML dates need two-digit months and days, and tomllib's own message
# for this ("Unclosed inline table", "Invalid value") does not say so.
_MALFORMED_DATE = re.compile(
    r"(?m)(?:^|(?<=[{,\s]))(?P<key>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*=[ \t]*(?P<value>\d{4}-\d{1,2}-\d{1,2})(?![\d:T])"
)
# Deeper than any policy needs; tomllib itself would recurse until the interpreter gives up.
_MAX_NESTING = 100


def load_toml(text: str, file_path: str) -> dict[str, Any]:
    """The parsed document; PolicyError (one problem, at the error's line and column) when it is not TOML."""
    too_deep = _too_deep(text)
    if too_deep is not None:
        raise PolicyError([PolicyProblem(file_path, *too_deep, "", "invalid TOML: arrays or tables nested too deeply")])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        malformed = _malformed_date(text, file_path)
        if malformed is not None:
            raise PolicyError([malformed]) from None
        message = str(error)
        match = _ERROR_POSITION.search(message)
        if match:
            line, column = int(match.group(1)), int(match.group(2))
        elif message.endswith("(at end of document)"):
            line, column = text.count("\n") + 1, len(text) - text.rfind("\n")
            message = message.removesuffix(" (at end of document)")
        else:
            line, column = 1, 1
        message = _ERROR_POSITION.sub("", message)
        raise PolicyError([PolicyProblem(file_path, line, column, "", f"invalid TOML: {message}")]) from None


def _malformed_date(text: str, file_path: str) -> PolicyProblem | None:
    """An unquoted date that is not YYYY-MM-DD, located at its value, with the key and the form expected."""
    for match in _MALFORMED_DATE.finditer(text):
        year, month, day = match["value"].split("-")
        line_start = text.rfind("\n", 0, match.start()) + 1
        if (len(month) == 2 and len(day) == 2) or "#" in text[line_start : match.start()]:
            continue  # a well-formed date (not what broke the document), or in a comment
        line = text.count("\n", 0, match.start("value")) + 1
        column = match.start("value") - (text.rfind("\n", 0, match.start("value")) + 1) + 1
        fixed = f"{year}-{int(month):02d}-{int(day):02d}"
        return PolicyProblem(
            file_path,
            line,
            column,
            match["key"],
            f"`{match['value']}` is not a date: write `{match['key']}` as YYYY-MM-DD, e.g. {fixed}",
        )
    return None


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where arrays/inline tables nest deeper than ``_MAX_NESTING``."""
    if text.count("[") + text.count("{") <= _MAX_NESTING:
        return None  # too few brackets to nest that deep: no need to walk the text
    depth, line, column, index, quote = 0, 1, 1, 0, ""
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            while index < len(text) and text[index] != "\n":
                index += 1
            continue
        elif char in "[{":
            depth += 1
            if depth > _MAX_NESTING:
                return line, column
        elif char in "]}":
            depth = max(depth - 1, 0)
        if index < len(text) and text[index] == "\n":
            line, column = line + 1, 1
        else:
            column += 1
        index += 1
    return None
