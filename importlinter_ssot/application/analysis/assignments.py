"""The names one statement binds by assignment, read from its syntax tree.

``Name = …`` (also chained, unpacked into tuples and lists, starred), annotated with a
value, augmented, ``type Name = …``, and the targets of ``for`` and ``with … as``. Shared
by every reader of a module's bindings: what a file defines for the policy warnings, what a
module provides (``--fix``) and what it binds for ``ssot shim``.
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
    return [name for target in targets for name in target_names(target)]


def target_names(target: ast.expr) -> list[str]:
    """The names an assignment target binds, in source order: ``a``, ``(a, [b, *c])``; none for ``a.b``, ``a[0]``."""
    names: list[str] = []
    pending = [target]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            pending.extend(node.elts[::-1])
        elif isinstance(node, ast.Starred):
            pending.append(node.value)
    return names
