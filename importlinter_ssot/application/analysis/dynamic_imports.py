"""Which calls of a file import a module by name, and which module the call returns.

A dynamic import is a call of ``importlib.import_module`` or ``__import__`` with a string
literal. The callee is recognised as written (``importlib.import_module``,
``import_module``, ``__import__``) and through the file's own imports of it
(``from importlib import import_module as load``, ``import importlib as il``): any
import statement of the file counts, whatever its scope — a name rebound to something
else in between is not followed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from importlinter_ssot.application.analysis.syntax import dotted_parts
from importlinter_ssot.domain.records import NamedTuple

# Callees as written, dotted: the ones every file may use without importing anything under another name.
_WRITTEN = frozenset({("importlib", "import_module"), ("import_module",), ("__import__",)})
_DUNDER_IMPORT = ("__import__",)


class DynamicCallees(NamedTuple):
    """The dotted callees that import a module in one file, and the words they end with (to find their lines)."""

    import_module: frozenset[tuple[str, ...]]
    words: tuple[str, ...]

    def returned_module(self, call: ast.Call) -> str | None:
        """The module a dynamic import call evaluates to, or None (not one, or not known from the call alone).

        ``import_module("a.b")`` returns ``a.b``; ``__import__("a.b")`` returns ``a`` (the top
        package), and ``a.b`` only with a non-empty literal ``fromlist``.
        """
        imported = self.imported_module(call)
        if imported is None:
            return None
        if dotted_parts(call.func) != _DUNDER_IMPORT:
            return imported
        fromlist = call.args[3] if len(call.args) > 3 else None
        for keyword in call.keywords:
            if keyword.arg == "fromlist":
                fromlist = keyword.value
        if fromlist is None:
            return imported.split(".")[0] if len(call.args) == 1 and not call.keywords else None
        if isinstance(fromlist, (ast.List, ast.Tuple)) and fromlist.elts:
            return imported
        return None

    def imported_module(self, call: ast.Call) -> str | None:
        """The absolute module a dynamic import call imports (its literal first argument), or None."""
        if not call.args or dotted_parts(call.func) not in self.import_module:
            return None
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value:
            if not first.value.startswith("."):
                return first.value
        return None


WRITTEN_CALLEES = DynamicCallees(_WRITTEN, tuple(sorted({callee[-1] for callee in _WRITTEN})))


def dynamic_callees(nodes: Iterable[ast.AST]) -> DynamicCallees:
    """The callees that import a module: as written, and as the import statements among ``nodes`` name them."""
    callees = set(_WRITTEN)
    for statement in nodes:
        if isinstance(statement, ast.ImportFrom) and statement.module == "importlib" and not statement.level:
            for alias in statement.names:
                if alias.name == "import_module" and alias.asname:
                    callees.add((alias.asname,))
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.name == "importlib" and alias.asname:
                    callees.add((alias.asname, "import_module"))
    if len(callees) == len(_WRITTEN):
        return WRITTEN_CALLEES
    return DynamicCallees(frozenset(callees), tuple(sorted({callee[-1] for callee in callees})))
