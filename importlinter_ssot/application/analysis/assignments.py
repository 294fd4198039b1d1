"""The names one statement binds by assignment, read from its syntax tree.

``Name = …`` (also chained, unpacked into tuples and lists, starred), annotated with a
value, augmented, ``type Name = …``, and the targets of ``for`` and ``with … as``. Shared
by what a module provides (``--fix``) and what a file defines for the policy warnings.
"""

from __future__ import annotations

import ast


def assigned_names(node: ast.stmt) -> list[str]:
    """The names ``node`` itself binds by assignment (not those of the statements nested in it)."""
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor)) or (
        isinstance(node, ast.AnnAssign) and node.value is not None
    ):
        targets = [node.target]
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        targets = [item.optional_vars for item in node.items if item.optional_vars is not None]
    elif type(node).__name__ == "TypeAlias":  # `type Name = …`, Python 3.12+
        targets = [node.name]  # type: ignore[attr-defined]
    names: list[str] = []
    pending = targets[::-1]
    while pending:
        target = pending.pop()
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            pending.extend(target.elts[::-1])
        elif isinstance(target, ast.Starred):
            pending.append(target.value)
    return names
