"""What a project check's fact looks like, declared next to the check that collects it.

The cache keeps each file's facts as JSON (arrays, strings, integers); a shape turns a
stored value back into the nested tuples ``collect`` returns, and rejects — ValueError —
anything ``collect`` could not have returned: another structure, another type, a symbol
the policy does not govern, a rule index it does not have. So a cache entry that gets past
the cache's authentication (a leaked key) can still lie, but it cannot make a check fail.

Shapes are built once per policy and run on every stored fact of a warm run, so the common
cases — a fixed tuple of strings and integers, a list of them — are checked through C
(``map(type, …)``), not one Python call per value.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, NamedTuple


class Shape(NamedTuple):
    """Converts a stored (JSON) value to the fact's value; ValueError when the value has another shape."""

    convert: Callable[[Any], Any]
    # For a single value: its exact type (bool is no int here), and a test of its value beyond that.
    leaf_type: type | None = None
    leaf_test: Callable[[Any], bool] | None = None


def leaf(kind: type, test: Callable[[Any], bool] | None = None) -> Shape:
    """A single value of exactly ``kind`` (``type(value) is kind``) that passes ``test``."""

    def convert(value: Any) -> Any:
        if type(value) is not kind or (test is not None and not test(value)):
            raise ValueError("not a fact of this shape")
        return value

    return Shape(convert, kind, test)


STR = leaf(str)
INT = leaf(int)
POSITION = leaf(int, lambda value: value >= 1)  # a 1-based line or column
FLAG = leaf(int, lambda value: value in (0, 1))


def one_of(values: Collection[str]) -> Shape:
    """A string among ``values`` (e.g. a symbol the policy governs)."""
    allowed = frozenset(values)
    return leaf(str, allowed.__contains__)


def below(limit: int) -> Shape:
    """An index in ``range(limit)`` (e.g. of a policy's ``[[module]]`` rules)."""
    return leaf(int, lambda value: 0 <= value < limit)


def fixed(*items: Shape) -> Shape:
    """A tuple of exactly these items, in order."""
    size = len(items)
    if all(item.leaf_type is not None for item in items):
        types = tuple(item.leaf_type for item in items)
        tests = tuple((index, item.leaf_test) for index, item in enumerate(items) if item.leaf_test is not None)

        def convert_leaves(value: Any) -> Any:
            if type(value) is not list or tuple(map(type, value)) != types:
                raise ValueError("not a fact of this shape")
            for index, test in tests:
                if not test(value[index]):
                    raise ValueError("not a fact of this shape")
            return tuple(value)

        return Shape(convert_leaves)
    converters = tuple(item.convert for item in items)

    def convert(value: Any) -> Any:
        if type(value) is not list or len(value) != size:
            raise ValueError("not a fact of this shape")
        return tuple(converter(part) for converter, part in zip(converters, value, strict=True))

    return Shape(convert)


def many(item: Shape) -> Shape:
    """A tuple of any number of ``item``."""
    if item.leaf_type is not None and item.leaf_test is None:
        kinds = {item.leaf_type}

        def convert_leaves(value: Any) -> Any:
            if type(value) is not list or not set(map(type, value)) <= kinds:
                raise ValueError("not a fact of this shape")
            return tuple(value)

        return Shape(convert_leaves)
    converter = item.convert

    def convert(value: Any) -> Any:
        if type(value) is not list:
            raise ValueError("not a fact of this shape")
        return tuple(map(converter, value))

    return Shape(convert)


def optional(shape: Shape) -> Shape:
    """``None``, or ``shape``."""
    inner = shape.convert

    def convert(value: Any) -> Any:
        return None if value is None else inner(value)

    return Shape(convert)


def empty_or(shape: Shape) -> Shape:
    """``()`` (the file contributes nothing), or ``shape``."""
    inner = shape.convert

    def convert(value: Any) -> Any:
        return () if type(value) is list and not value else inner(value)

    return Shape(convert)
