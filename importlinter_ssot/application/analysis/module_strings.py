"""Modules looked up by name in ``sys.modules``: ``sys.modules["pkg.old"]`` refers to ``pkg.old`` as an import does.

A subscript of ``sys.modules`` (load, store or del) whose key is a string literal naming
an absolute module, spelled as it is (no escape, no implicit concatenation). ``sys`` is
recognised as written and under the names the file's own imports give it (``import sys as
system``, ``from sys import modules``), whatever their scope.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from importlinter_ssot.application.analysis.annotation_strings import content_offset
from importlinter_ssot.application.analysis.references import lines_with_words, nodes_of_statements_on
from importlinter_ssot.domain.source import LINE_BREAK, ModuleString, Position


def module_strings(
    tree: ast.Module, text: str, position_of: Callable[[int, int], Position]
) -> tuple[ModuleString, ...]:
    """Every ``sys.modules["M"]`` of the module (``position_of(line, utf8_offset)`` locates the string)."""
    if "sys" not in text:
        return ()
    systems, tables = _names_of_sys(tree, text)
    lines = lines_with_words(text, ("modules", *tables))
    if not lines:
        return ()
    source_lines = LINE_BREAK.split(text)

    def line(lineno: int) -> str:
        return source_lines[lineno - 1] if lineno <= len(source_lines) else ""

    found: list[ModuleString] = []
    for node in nodes_of_statements_on(tree, lines):
        if not isinstance(node, ast.Subscript):
            continue
        table = node.value
        is_table = (isinstance(table, ast.Name) and table.id in tables) or (
            isinstance(table, ast.Attribute)
            and table.attr == "modules"
            and isinstance(table.value, ast.Name)
            and table.value.id in systems
        )
        key = node.slice
        if is_table and isinstance(key, ast.Constant) and isinstance(key.value, str):
            # Only a key spelled as it is: the relevance test looks for module names in the file's text.
            if key.value and not key.value.startswith(".") and content_offset(key, line(key.lineno)) is not None:
                found.append(ModuleString(key.value, position_of(key.lineno, key.col_offset)))
    found.sort(key=lambda item: item.position)
    return tuple(found)


def _names_of_sys(tree: ast.Module, text: str) -> tuple[set[str], set[str]]:
    """The names bound to the ``sys`` module and to ``sys.modules`` by the file's imports (``sys`` always)."""
    systems: set[str] = {"sys"}
    tables: set[str] = set()
    for node in nodes_of_statements_on(tree, lines_with_words(text, ("sys",))):
        if isinstance(node, ast.Import):
            systems.update(alias.asname for alias in node.names if alias.name == "sys" and alias.asname)
        elif isinstance(node, ast.ImportFrom) and node.module == "sys" and not node.level:
            tables.update(alias.asname or alias.name for alias in node.names if alias.name == "modules")
    return systems, tables
