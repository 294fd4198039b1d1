"""A JSON object read field by field, each with the type it must have, or a ValueError naming where.

``--compare`` reads a document anyone could have edited: a name that is an array, a count
that is a string or ``1e999`` would otherwise get into the report and fail later, far from
the file, with a traceback. Every field is checked as it is read, and a problem says which
one: ``policies[0].symbols[2].name must be a string, not an array``.
"""

from __future__ import annotations

import datetime
from typing import Any

_KINDS = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "an integer", float: "a number"}


def _kind(value: Any) -> str:
    return "null" if value is None else _KINDS.get(type(value), type(value).__name__)


class Fields:
    """One JSON object of a document; ``where`` is its path in the document (``""``: the document)."""

    def __init__(self, value: Any, where: str = "") -> None:
        if not isinstance(value, dict):
            raise ValueError(f"{f'`{where}`' if where else 'the document'} must be an object, not {_kind(value)}")
        self._data: dict[str, Any] = value
        self._where = where

    def _at(self, key: str) -> str:
        return f"{self._where}.{key}" if self._where else key

    def _get(self, key: str, expected: type, name: str, *, optional: bool = False) -> Any:
        if key not in self._data:
            raise ValueError(f"missing key `{self._at(key)}`")
        value = self._data[key]
        if value is None and optional:
            return None
        # bool is an int to Python, never to a report.
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise ValueError(f"`{self._at(key)}` must be {name}{' or null' if optional else ''}, not {_kind(value)}")
        return value

    def text(self, key: str) -> str:
        """A string."""
        value: str = self._get(key, str, "a string")
        return value

    def optional_text(self, key: str) -> str | None:
        """A string or null."""
        value: str | None = self._get(key, str, "a string", optional=True)
        return value

    def integer(self, key: str) -> int:
        """An integer (not a boolean, not a number with a fraction)."""
        value: int = self._get(key, int, "an integer")
        return value

    def optional_integer(self, key: str) -> int | None:
        """An integer or null."""
        value: int | None = self._get(key, int, "an integer", optional=True)
        return value

    def flag(self, key: str) -> bool:
        """A boolean."""
        value: bool = self._get(key, bool, "a boolean")
        return value

    def optional_date(self, key: str) -> datetime.date | None:
        """A ``YYYY-MM-DD`` string or null."""
        value = self.optional_text(key)
        return None if value is None else self._date(key, value)

    def date(self, key: str) -> datetime.date:
        """A ``YYYY-MM-DD`` string."""
        return self._date(key, self.text(key))

    def _date(self, key: str, value: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"`{self._at(key)}` must be a date (YYYY-MM-DD), not {value!r}") from None

    def texts(self, key: str) -> tuple[str, ...]:
        """An array of strings."""
        items: list[Any] = self._get(key, list, "an array")
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise ValueError(f"`{self._at(key)}[{index}]` must be a string, not {_kind(item)}")
        return tuple(items)

    def object(self, key: str) -> Fields:
        """An object."""
        return Fields(self._get(key, dict, "an object"), self._at(key))

    def objects(self, key: str) -> list[Fields]:
        """An array of objects."""
        items: list[Any] = self._get(key, list, "an array")
        return [Fields(item, f"{self._at(key)}[{index}]") for index, item in enumerate(items)]

    def has(self, key: str) -> bool:
        """Whether the object holds ``key`` (a field a later schema added)."""
        return key in self._data

    def optional_object(self, key: str) -> Fields | None:
        """An object, or null or absent (a field a later schema added)."""
        if self._data.get(key) is None:
            return None
        return self.object(key)

    def keys(self) -> list[str]:
        """The object's keys, in the document's order."""
        return list(self._data)

    def ordered_counts(self, key: str) -> tuple[tuple[str, int], ...]:
        """An object of integers, as (key, count) pairs in the document's order."""
        counts = self.object(key)
        return tuple((name, counts.integer(name)) for name in counts._data)

    def counts(self, key: str) -> tuple[tuple[str, int], ...]:
        """An object of integers, as (key, count) pairs sorted by key."""
        counts = self.object(key)
        return tuple(sorted((name, counts.integer(name)) for name in counts._data))
