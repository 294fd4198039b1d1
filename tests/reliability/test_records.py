"""domain/records.NamedTuple behaves as typing.NamedTuple: only class creation is cheaper."""

from __future__ import annotations

import pickle
import re
import typing
from pathlib import Path
from typing import Generic, TypeVar

import pytest

from importlinter_ssot.domain import records

T = TypeVar("T")


class Fast(records.NamedTuple):
    """A record."""

    name: str
    count: int = 0
    tags: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name}:{self.count}"

    def bumped(self) -> Fast:
        return self._replace(count=self.count + 1)


class Typed(typing.NamedTuple):
    """A record."""

    name: str
    count: int = 0
    tags: tuple[str, ...] = ()


class Boxed(records.NamedTuple, Generic[T]):
    value: T


def test_same_tuple_behaviour_as_typing() -> None:
    fast, typed = Fast("a", tags=("x",)), Typed("a", tags=("x",))
    assert fast == typed == ("a", 0, ("x",))
    assert Fast._fields == Typed._fields
    assert Fast._field_defaults == Typed._field_defaults
    assert repr(fast) == repr(typed).replace("Typed", "Fast")
    assert fast._asdict() == typed._asdict()
    assert Fast._make(["b", 2, ()]) == Typed._make(["b", 2, ()])
    assert hash(fast) == hash(typed)
    assert Fast.__doc__ == "A record."
    assert Fast.__module__ == __name__ and Fast.__qualname__ == "Fast"
    assert Fast.__mro__ == (Fast, tuple, object)
    assert Fast.__match_args__ == Typed.__match_args__
    assert set(Fast.__annotations__) == set(Typed.__annotations__)


def test_methods_properties_and_pickling() -> None:
    record = Fast("a", 1)
    assert record.label == "a:1"
    assert record.bumped() == Fast("a", 2)
    assert pickle.loads(pickle.dumps(record)) == record
    with pytest.raises(AttributeError):
        record.name = "b"  # type: ignore[misc]


def test_generic_records_are_typings() -> None:
    assert Boxed(1).value == 1
    assert Boxed[int](2) == (2,)
    assert Generic in Boxed.__mro__


def test_typings_errors() -> None:
    with pytest.raises(TypeError, match="cannot follow default"):
        type("Bad", (records._Record,), {"__module__": __name__, "__annotations__": {"a": "int", "b": "int"}, "a": 1})  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="Cannot overwrite"):
        type("Bad", (records._Record,), {"__module__": __name__, "__annotations__": {}, "_make": None})  # type: ignore[attr-defined]


def test_the_package_defines_its_records_through_records() -> None:
    """A new module that reaches for typing's NamedTuple pays its per-field cost on every start-up."""
    package = Path(records.__file__).resolve().parents[1]
    spelled = re.compile(r"^\s*from typing import [^\n]*\bNamedTuple\b|\btyping\.NamedTuple\b", re.M)
    offenders = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if path != Path(records.__file__).resolve() and spelled.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "use `from importlinter_ssot.domain.records import NamedTuple`"
