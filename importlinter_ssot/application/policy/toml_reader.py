"""A typed reader over a parsed TOML document: each value converted or a located problem recorded.

Generic (strings, identifiers, module names, globs, dates, integers, arrays, tables,
unknown keys with "did you mean"); what a policy means is policy_parsing's business.
"""

from __future__ import annotations

# Imports inside functions here are deferred because difflib only words an error (measured: ~0.8 ms
# of every front end's start-up).
import datetime
import re
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from importlinter_ssot.application.policy.toml_locator import (
    KeyPath as KeyPath,  # re-exported: readers' callers name paths
)
from importlinter_ssot.application.policy.toml_locator import TomlLocator
from importlinter_ssot.domain.dates import parse_date
from importlinter_ssot.domain.globs import GlobError, ModuleGlob, PathGlob
from importlinter_ssot.domain.policy import KeyLocations, Location
from importlinter_ssot.domain.problems import PolicyProblem
from importlinter_ssot.domain.source import as_python_reads

T = TypeVar("T")

_MODULE_NAME = re.compile(r"\A[^\s./]+(?:\.[^\s./]+)*\Z")


class Invalid(Exception):
    """One value is unusable; its problem is recorded and the reader moves on."""


def describe_key(path: KeyPath) -> str:
    """``("symbol", 0, "canonical", 1)`` → ``symbol[0].canonical[1]``: how messages name a key."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def type_name(value: Any) -> str:
    """The TOML name of a value's type, for "expected …, got …" messages."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, datetime.datetime):
        return "date-time"
    if isinstance(value, datetime.date):
        return "date"
    return {int: "integer", float: "float", str: "string", list: "array", dict: "table"}.get(
        type(value), type(value).__name__
    )


class TomlReader:
    """Reads values out of one document, collecting every problem with its line, column and key.

    ``prefix`` is the key path of the table read (``("tool", "ssot")`` for a policy inside
    pyproject.toml): paths given to the reader are relative to it, and problems name and
    locate the whole path, as written in the file.
    """

    def __init__(self, text: str, file_path: str, prefix: KeyPath = ()) -> None:
        self.file_path = file_path
        self.locator = TomlLocator(text)
        self.prefix = prefix
        self.problems: list[PolicyProblem] = []

    def problem(self, path: KeyPath, message: str) -> None:
        """Record a problem located at ``path`` (or its nearest written ancestor)."""
        full = (*self.prefix, *path)
        line, column = self.locator.position(full)
        self.problems.append(PolicyProblem(self.file_path, line, column, describe_key(full), message))

    def location(self, path: KeyPath) -> Location:
        """Where ``path`` was written."""
        line, column = self.locator.position((*self.prefix, *path))
        return Location(self.file_path, line, column)

    def key_locations(self) -> KeyLocations:
        """Every written key inside the table read, by its described name relative to it."""
        depth = len(self.prefix)
        return KeyLocations(
            (describe_key(path[depth:]), Location(self.file_path, line, column))
            for path, (line, column) in self.locator.items()
            if len(path) > depth and path[:depth] == self.prefix
        )

    def check_keys(self, table: dict[str, Any], path: KeyPath, allowed: tuple[str, ...]) -> None:
        """Record every key of ``table`` not in ``allowed``, with the closest allowed one as a hint."""
        for key in table:
            if key not in allowed:
                import difflib  # only for a broken policy

                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean `{close[0]}`?" if close else f"; expected one of: {', '.join(allowed)}"
                self.problem((*path, key), f"unknown key `{key}`{hint}")

    def field(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        convert: Callable[[Any, KeyPath], T],
        required: bool = False,
    ) -> T | None:
        """The converted value, or None when absent or invalid (the problem is recorded)."""
        if key not in table:
            if required:
                self.problem(path, f"missing required key `{key}`")
            return None
        try:
            return convert(table[key], (*path, key))
        except Invalid:
            return None

    # -- converters: each raises Invalid after recording a located problem ----------------------

    def string(self, value: Any, path: KeyPath) -> str:
        """A non-blank string."""
        if not isinstance(value, str):
            self.wrong_type(value, path, "a string")
        if not value.strip():
            self.problem(path, "must not be empty")
            raise Invalid
        return str(value)

    def python_string(self, value: Any, path: KeyPath) -> str:
        """A non-blank string naming Python names (a name pattern): NFKC-normalised, as Python reads names."""
        return as_python_reads(self.string(value, path))

    def identifier(self, value: Any, path: KeyPath) -> str:
        """A Python identifier, NFKC-normalised."""
        text = self.python_string(value, path)
        if not text.isidentifier():
            self.problem(path, f"`{text}` is not a Python identifier")
            raise Invalid
        return text

    def module_name(self, value: Any, path: KeyPath) -> str:
        """A dotted module name, NFKC-normalised."""
        text = self.python_string(value, path)
        if not _MODULE_NAME.match(text):
            self.problem(path, f"`{text}` is not a dotted module name")
            raise Invalid
        return text

    def module_glob(self, value: Any, path: KeyPath) -> ModuleGlob:
        """A module glob (``.``-separated, ``*`` one segment, ``**`` one or more), NFKC-normalised."""
        text = self.python_string(value, path)
        try:
            return ModuleGlob(text)
        except GlobError as error:
            self.problem(path, str(error))
            raise Invalid from None

    def path_glob(self, value: Any, path: KeyPath) -> PathGlob:
        """A path glob relative to the project root (a leading ``./`` is dropped)."""
        text = self.string(value, path)
        while text.startswith("./"):  # `./chat/legacy` means `chat/legacy`: both are relative to the root
            text = text[2:]
        try:
            return PathGlob(text)
        except GlobError as error:
            self.problem(path, str(error))
            raise Invalid from None

    def date(self, value: Any, path: KeyPath) -> datetime.date:
        """A date: a TOML date, or a string YYYY-MM-DD."""
        if isinstance(value, datetime.datetime):
            self.problem(path, "expected a date (YYYY-MM-DD), got a date-time")
            raise Invalid
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            parsed = parse_date(value)
            if parsed is None:
                self.problem(path, f"`{value}` is not a valid date (YYYY-MM-DD)")
                raise Invalid
            return parsed
        self.wrong_type(value, path, "a date (YYYY-MM-DD)")

    def positive_int(self, value: Any, path: KeyPath) -> int:
        """An integer of at least 1."""
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(value, path, "an integer")
        if value < 1:
            self.problem(path, f"must be at least 1, got {value}")
            raise Invalid
        return int(value)

    def boolean(self, value: Any, path: KeyPath) -> bool:
        """``true`` or ``false``."""
        if not isinstance(value, bool):
            self.wrong_type(value, path, "a boolean (true or false)")
        return value

    def table(self, value: Any, path: KeyPath) -> dict[str, Any]:
        """A table."""
        if not isinstance(value, dict):
            self.wrong_type(value, path, "a table")
        return dict(value)

    def array_of(self, convert: Callable[[Any, KeyPath], T]) -> Callable[[Any, KeyPath], tuple[T, ...]]:
        """A converter for arrays whose items ``convert`` accepts (invalid items are dropped, and recorded)."""

        def convert_array(value: Any, path: KeyPath) -> tuple[T, ...]:
            if not isinstance(value, list):
                self.wrong_type(value, path, "an array")
            items: list[T] = []
            for index, item in enumerate(value):
                try:
                    items.append(convert(item, (*path, index)))
                except Invalid:
                    pass
            return tuple(items)

        return convert_array

    def array_of_tables(self, document: dict[str, Any], key: str) -> list[tuple[KeyPath, dict[str, Any]]]:
        """The tables of ``[[key]]`` with their key paths; anything else there is a problem."""
        value = document.get(key, [])
        if not isinstance(value, list):
            self.problem((key,), f"expected an array of tables (`[[{key}]]`), got {type_name(value)}")
            return []
        tables: list[tuple[KeyPath, dict[str, Any]]] = []
        for index, table in enumerate(value):
            if not isinstance(table, dict):
                self.problem((key, index), f"expected a table, got {type_name(table)}")
                continue
            tables.append(((key, index), table))
        return tables

    def choice(self, value: Any, path: KeyPath, choices: tuple[str, ...], what: str) -> str:
        """One of ``choices``, with "did you mean" for a near miss."""
        text = self.string(value, path)
        if text in choices:
            return text
        import difflib  # only for a broken policy

        close = difflib.get_close_matches(text, choices, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        listed = " or ".join(f'"{choice}"' for choice in choices)
        self.problem(path, f"`{text}` is not a {what}: use {listed}{hint}")
        raise Invalid

    def wrong_type(self, value: Any, path: KeyPath, expected: str) -> NoReturn:
        """Record "expected …, got …" and give up on the value."""
        self.problem(path, f"expected {expected}, got {type_name(value)} {value!r}")
        raise Invalid
