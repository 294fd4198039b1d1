"""What `ssot shim` reads of a module: the names its assignments bind, as every reader of bindings reads them."""

from __future__ import annotations

import sys

import pytest

from importlinter_ssot.application.shims.module_shape import exported_names, module_shape
from importlinter_ssot.domain.source import SourceFile

MODULE = SourceFile("app/old.py", "app.old", False)


def test_nested_unpacking_binds_its_names_in_source_order() -> None:
    shape = module_shape("a, (b, [c, *d]), e = x\nfor f, (g, h) in y:\n    pass\n", MODULE)
    assert shape is not None
    assert [(binding.name, binding.line) for binding in shape.bindings] == [
        ("a", 1),
        ("b", 1),
        ("c", 1),
        ("d", 1),
        ("e", 1),
        ("f", 2),
        ("g", 2),
        ("h", 2),
    ]


def test_an_annotation_alone_binds_nothing() -> None:
    shape = module_shape("a: int\nb: int = 1\n", MODULE)
    assert shape is not None
    assert [binding.name for binding in shape.bindings] == ["b"]


@pytest.mark.skipif(sys.version_info < (3, 12), reason="`type N = …` is Python 3.12 syntax")
def test_a_type_alias_is_a_binding_of_the_module() -> None:
    # A name the module binds itself never reaches the shim's ``__getattr__``: a conflict.
    shape = module_shape("type Alias = int\n", MODULE)
    assert shape is not None
    assert [(binding.name, binding.kind) for binding in shape.bindings] == [("Alias", "assign")]
    assert exported_names("type Alias = int\n") == frozenset({"Alias"})
