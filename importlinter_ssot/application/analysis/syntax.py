"""Small readings of a Python syntax tree that several readers share, each written once.

A dotted name (``a.b.c``), the statement lists a compound statement holds, whether an import
is a star import, and what name each import statement binds to which module. Every reader of
the analysis (``module_bindings``, ``references``, ``runtime_facts``, ``dynamic_imports``,
``import_sites``, ``annotation_strings``) and the readers of ``--fix`` and ``ssot shim`` take them from here, so
that they agree on what Python binds. No walk here recurses: hostile files nest deeper than the
interpreter's recursion limit.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from importlinter_ssot.domain.source import ModuleBinding


def dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a name or a chain of attributes on a name; None for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def dotted_parts(node: ast.AST) -> tuple[str, ...] | None:
    """``a.b.c`` as ("a", "b", "c"); None for anything but a name or a chain of attributes on one."""
    # Split from the string: an identifier holds no dot, and the string form is the hot one.
    name = dotted(node)
    return None if name is None else tuple(name.split("."))


def labelled_blocks(node: ast.stmt) -> list[tuple[str, list[ast.stmt]]]:
    """The statement lists nested in ``node``, each with its part: bodies, ``else``/``finally``, handlers, cases."""
    found: list[tuple[str, list[ast.stmt]]] = []
    for field in ("body", "orelse", "finalbody"):
        value = getattr(node, field, None)
        # A lambda's or an ``if`` expression's ``body`` is an expression, not a list of statements.
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            found.append((field, value))
    for handler in getattr(node, "handlers", ()):
        found.append(("handler", handler.body))
    for case in getattr(node, "cases", ()):
        found.append(("case", case.body))
    return found


def statement_blocks(node: ast.stmt) -> list[list[ast.stmt]]:
    """The statement lists nested in ``node``: bodies, ``else``/``finally``, handlers, cases."""
    return [body for _, body in labelled_blocks(node)]


def is_star_import(node: ast.AST) -> bool:
    """``from M import *``."""
    return isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)


def bound_modules(statement: ast.Import | ast.ImportFrom) -> Iterator[tuple[ast.alias, str, ModuleBinding]]:
    """Each name an import statement binds and what it binds, with the alias that spells it.

    ``import a.b`` binds ``a`` to the module ``a``; ``import a.b as c`` binds ``c`` to ``a.b``;
    ``from M import n as m`` binds ``m`` to ``n`` of ``M`` (as written: relative, with its
    level). A star import binds names that only ``M`` itself knows: none here (``is_star_import``).
    """
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            if alias.asname:
                yield alias, alias.asname, ModuleBinding(alias.name, None, 0)
            else:
                top = alias.name.partition(".")[0]
                yield alias, top, ModuleBinding(top, None, 0)
        return
    for alias in statement.names:
        if alias.name != "*":
            yield alias, alias.asname or alias.name, ModuleBinding(statement.module, alias.name, statement.level or 0)
