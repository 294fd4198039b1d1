"""What a project check's fact looks like, declared next to the check that collects it.

The cache keeps each file's facts as JSON (arrays, strings, integers, null); a shape turns a
stored value back into the typed value ``collect`` returns (its NamedTuples and tuples), and
rejects — ValueError — anything ``collect`` could not have returned: another structure, another
type, a symbol the policy does not govern, a rule index it does not have. So a cache entry that
gets past the cache's authentication (a leaked key) can still lie, but it cannot make a check fail.

``Shape[T]`` says to mypy what a shape rebuilds; that the items a shape lists match the fields
of the NamedTuple it builds is this module's users' to keep (tests/analysis/test_fact_codec.py
round-trips a fact of every kind).

Shapes are built once per policy and run on every stored fact of a warm run, so the common
cases — a fixed tuple of strings and integers, a list of them — are checked through C
(``map(type, …)``, ``in`` a frozenset or range, ``tuple.__new__``), not one Python call per value.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container
from functools import partial
from typing import Generic, TypeVar

from importlinter_ssot.domain.records import NamedTuple

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
R = TypeVar("R", bound=tuple[object, ...])


class Shape(NamedTuple, Generic[T_co]):
    """Converts a stored (JSON) value to the fact's value; ValueError when the value has another shape."""

    convert: Callable[[object], T_co]
    # For a single value: its exact type (bool is no int here), and the values it may take beyond that.
    leaf_type: type | None = None
    allowed: Container[object] | None = None


class AtLeast(NamedTuple):
    """The integers from ``low`` up (as a container: ``value in AtLeast(1)``)."""

    low: int

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and value >= self.low


def leaf(kind: type[T], allowed: Container[object] | None = None) -> Shape[T]:
    """A single value of exactly ``kind`` (``type(value) is kind``), ``in allowed`` when given."""

    def convert(value: object) -> T:
        if type(value) is not kind or (allowed is not None and value not in allowed):
            raise ValueError("not a fact of this shape")
        return value

    return Shape(convert, kind, allowed)


STR = leaf(str)
POSITION = leaf(int, AtLeast(1))  # a 1-based line or column
FLAG = leaf(int, frozenset((0, 1)))


def one_of(values: Collection[str]) -> Shape[str]:
    """A string among ``values`` (e.g. a symbol the policy governs)."""
    return leaf(str, frozenset(values))


def below(limit: int) -> Shape[int]:
    """An index in ``range(limit)`` (e.g. of a policy's ``[[module]]`` rules)."""
    return leaf(int, range(limit))


def record(make: type[R], *items: Shape[object]) -> Shape[R]:
    """A ``make`` (a NamedTuple, or ``tuple``) of exactly these items, in order: what a fixed array is rebuilt as."""
    size = len(items)
    build: Callable[[list[object]], R] = partial(tuple.__new__, make)  # C: no Python ``__new__`` per value
    if all(item.leaf_type is not None for item in items):
        types = tuple(item.leaf_type for item in items)
        tests = tuple((index, item.allowed) for index, item in enumerate(items) if item.allowed is not None)

        def convert_leaves(value: object) -> R:
            if type(value) is not list or tuple(map(type, value)) != types:
                raise ValueError("not a fact of this shape")
            for index, allowed in tests:
                if value[index] not in allowed:
                    raise ValueError("not a fact of this shape")
            return build(value)

        return Shape(convert_leaves)
    converters = tuple(item.convert for item in items)

    def convert(value: object) -> R:
        if type(value) is not list or len(value) != size:
            raise ValueError("not a fact of this shape")
        return build([converter(part) for converter, part in zip(converters, value, strict=True)])

    return Shape(convert)


def fixed(*items: Shape[object]) -> Shape[tuple[object, ...]]:
    """A plain tuple of exactly these items, in order."""
    return record(tuple, *items)


def many(item: Shape[T]) -> Shape[tuple[T, ...]]:
    """A tuple of any number of ``item``."""
    if item.leaf_type is not None and item.allowed is None:
        kinds = {item.leaf_type}

        def convert_leaves(value: object) -> tuple[T, ...]:
            if type(value) is not list or not set(map(type, value)) <= kinds:
                raise ValueError("not a fact of this shape")
            return tuple(value)

        return Shape(convert_leaves)
    converter = item.convert

    def convert(value: object) -> tuple[T, ...]:
        if type(value) is not list:
            raise ValueError("not a fact of this shape")
        return tuple(map(converter, value))

    return Shape(convert)


def repeated(item: Shape[T], count: int) -> Shape[tuple[T, ...]]:
    """A tuple of exactly ``count`` ``item``s (e.g. one per ``[[duplicates]]`` rule)."""
    inner = many(item).convert

    def convert(value: object) -> tuple[T, ...]:
        if type(value) is not list or len(value) != count:
            raise ValueError("not a fact of this shape")
        return inner(value)

    return Shape(convert)


def optional(shape: Shape[T]) -> Shape[T | None]:
    """``None`` (JSON null), or ``shape``."""
    inner = shape.convert

    def convert(value: object) -> T | None:
        return None if value is None else inner(value)

    return Shape(convert)
