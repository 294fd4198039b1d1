"""The names a module provides: what ``from M import name`` finds without running anything.

A name is provided when the module binds it at module level — outside every function and
class body, in ``if``/``try``/``with``/``for``/``while``/``match`` blocks too — by an import
(``import a.b`` binds ``a``), a ``class``/``def``, or an assignment (``Name = ...``, also
unpacked, annotated with a value, augmented, or a ``for``/``with`` target). A star import
provides nothing known; neither does a module ``__getattr__``: a fix never relies on them.
"""

from __future__ import annotations

import ast
import warnings

from importlinter_ssot.application.import_sites import statement_blocks
from importlinter_ssot.domain.source import decode_source


def provided_names(data: bytes) -> frozenset[str] | None:
    """The names the module whose source is ``data`` binds at module level; None when it cannot be parsed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings are the module's business
            tree = ast.parse(decode_source(data))
    except (SyntaxError, ValueError, LookupError, UnicodeDecodeError, RecursionError, MemoryError):
        return None
    names: set[str] = set()
    pending: list[list[ast.stmt]] = [tree.body]
    while pending:
        for node in pending.pop():
            _bind(node, names)
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                pending.extend(statement_blocks(node))
    return frozenset(names)


def _bind(node: ast.stmt, names: set[str]) -> None:
    if isinstance(node, ast.Import):
        names.update(alias.asname or alias.name.partition(".")[0] for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        names.update(alias.asname or alias.name for alias in node.names if alias.name != "*")
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        names.add(node.name)
    elif isinstance(node, ast.Assign):
        for target in node.targets:
            _targets(target, names)
    elif isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor)) or (
        isinstance(node, ast.AnnAssign) and node.value is not None
    ):
        _targets(node.target, names)
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        for item in node.items:
            if item.optional_vars is not None:
                _targets(item.optional_vars, names)


def _targets(target: ast.expr, names: set[str]) -> None:
    pending = [target]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            pending.extend(node.elts)
        elif isinstance(node, ast.Starred):
            pending.append(node.value)
