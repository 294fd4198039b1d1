"""``NamedTuple`` for the engine's values: typing's, without its cost per field at class creation.

``typing.NamedTuple`` checks every field's annotation when the class is created; with
``from __future__ import annotations`` each one is a string, which it turns into a
``ForwardRef`` by compiling it (~0.16 M instructions a field). The engine defines some 180
of these classes, and an editor's one-file flake8 run imports about 80 of them: 25 M
instructions, ~3 % of that whole run (callgrind). Nothing here reads ``__annotations__`` at run time (type checkers
read the source), so this makes the same ``collections.namedtuple`` class, with the
annotations kept as written. Type checkers see ``typing.NamedTuple`` itself.

Anything but the plain case (a generic record, a namespace without annotations) is left to
typing, whose rules it then follows exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    import collections
    import typing

    # What typing.NamedTupleMeta refuses to overwrite, and what it does not copy (CPython 3.10-3.13).
    _PROHIBITED = frozenset(
        {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make", "_replace"}
        | {"_asdict", "_source"}
    )
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
    _TYPING_BASE = typing.NamedTuple.__mro_entries__((typing.NamedTuple,))[0]

    class _RecordMeta(type):
        def __new__(cls, typename, bases, namespace):
            annotations = namespace.get("__annotations__")
            if bases != (_Record,) or type(annotations) is not dict:
                typing_bases = tuple(_TYPING_BASE if base is _Record else base for base in bases)
                return typing.NamedTupleMeta(typename, typing_bases, namespace)
            defaults = []
            for name in annotations:
                if name in namespace:
                    defaults.append(namespace[name])
                elif defaults:
                    raise TypeError(f"Non-default namedtuple field {name} cannot follow default fields")
            record = collections.namedtuple(typename, annotations, defaults=defaults, module=namespace["__module__"])
            record.__annotations__ = record.__new__.__annotations__ = dict(annotations)
            for key, value in namespace.items():
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in record._fields:
                    setattr(record, key, value)
            return record

    _Record = type.__new__(_RecordMeta, "NamedTuple", (), {})

    def NamedTuple(typename, fields=None, /, **kwargs):  # noqa: N802 - typing's name
        """The functional form: typing's own."""
        return typing.NamedTuple(typename, fields, **kwargs)

    NamedTuple.__mro_entries__ = lambda bases: (_Record,)
