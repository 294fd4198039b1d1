"""What a module binds at module level, and whether it does more than re-export: for ``ssot shim``.

A shim block serves its names through the module's ``__getattr__`` (PEP 562), which Python
asks only for names the module lacks: a name the module binds itself at module level — an
import, a ``def`` or ``class``, an assignment, in an ``if``/``try`` block too — never
reaches it. And a module that does more than re-export (code of its own) is never
replaced, only given a block. So ``ssot shim`` needs, of a module's text: each module-level
binding and its line, the lines of its own code, and what replacing a pure re-export module
keeps (its docstring and ``__all__``). Lines, kinds and statements as written are this
reader's own; ``analysis/module_bindings.py`` says why the readers of bindings are apart.
"""

from __future__ import annotations

import ast
import warnings

from importlinter_ssot.application.analysis.assignments import assigned_names
from importlinter_ssot.application.analysis.syntax import bound_modules, statement_blocks
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.source import SourceFile, resolve_relative


class LineBinding(NamedTuple):
    """A name the module binds at module level."""

    name: str  # "*" for a star import
    line: int
    kind: str  # "import" (``import m``), "from" (``from m import n``), "star", "def", "class", "assign"
    source: str | None = None  # "from"/"star": the absolute module imported from (None: above the root)
    imported: str | None = None  # "from": the name as the source module has it (before ``as``)


class ModuleShape(NamedTuple):
    """A module's text as ``ssot shim`` sees it."""

    bindings: tuple[LineBinding, ...]
    own_code: tuple[int, ...]  # lines of statements that are more than re-exports
    # What replacing a pure re-export module by its shim keeps, as written:
    docstring: str | None
    all_statements: tuple[str, ...]  # ``__all__ = [...]``, ``__all__ += [...]``


# Statements a pure re-export module may hold besides its imports: what its shim replaces.
_WARN_CALLS = frozenset({"warnings.warn", "warn"})


def module_shape(text: str, module: SourceFile) -> ModuleShape | None:
    """The shape of ``module``'s text; None when it does not parse."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings are the module's business
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    bindings: list[LineBinding] = []
    own_code: list[int] = []
    docstring: str | None = None
    all_statements: list[str] = []
    for index, statement in enumerate(tree.body):
        if index == 0 and _is_docstring(statement):
            docstring = ast.get_source_segment(text, statement)
        elif _assigns_all(statement):
            all_statements.append(ast.get_source_segment(text, statement) or "")
        elif isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
            pass
        elif _is_warning(statement) or isinstance(statement, ast.Pass):
            pass  # what the shim does instead, per name
        elif isinstance(statement, ast.ImportFrom):
            bindings.extend(_from_bindings(statement, module))
        elif isinstance(statement, ast.Import) and all(_is_warnings(alias) for alias in statement.names):
            pass  # for the warning the shim gives instead
        else:
            own_code.append(statement.lineno)
            bindings.extend(_bindings(statement, module))
    return ModuleShape(tuple(bindings), tuple(own_code), docstring, tuple(all_statements))


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _assigns_all(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, (ast.AugAssign, ast.AnnAssign)):
        targets = [statement.target]
    else:
        return False
    return all(isinstance(target, ast.Name) and target.id == "__all__" for target in targets)


def _is_warnings(alias: ast.alias) -> bool:
    return alias.name == "warnings" and alias.asname is None


def _is_warning(statement: ast.stmt) -> bool:
    """``warnings.warn(...)`` or ``warn(...)`` as a statement of its own."""
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return False
    function = statement.value.func
    if isinstance(function, ast.Name):
        return function.id in _WARN_CALLS
    return (
        isinstance(function, ast.Attribute)
        and isinstance(function.value, ast.Name)
        and f"{function.value.id}.{function.attr}" in _WARN_CALLS
    )


def _from_bindings(statement: ast.ImportFrom, module: SourceFile) -> list[LineBinding]:
    source = resolve_relative(statement.module, statement.level, module)
    return [
        LineBinding("*", statement.lineno, "star", source)
        if alias.name == "*"
        else LineBinding(alias.asname or alias.name, statement.lineno, "from", source, alias.name)
        for alias in statement.names
    ]


def _bindings(statement: ast.stmt, module: SourceFile) -> list[LineBinding]:
    """Every module-level binding of a statement, in the blocks it holds too (not in function bodies)."""
    found: list[LineBinding] = []
    pending = [statement]
    while pending:
        node = pending.pop(0)
        line = node.lineno
        if isinstance(node, ast.Import):
            found.extend(LineBinding(name, line, "import") for _, name, _ in bound_modules(node))
        elif isinstance(node, ast.ImportFrom):
            found.extend(_from_bindings(node, module))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append(LineBinding(node.name, line, "def"))
            continue
        elif isinstance(node, ast.ClassDef):
            found.append(LineBinding(node.name, line, "class"))
            continue
        else:
            found.extend(LineBinding(name, line, "assign") for name in assigned_names(node))
        pending.extend(child for block in statement_blocks(node) for child in block)
    return found


def exported_names(text: str) -> frozenset[str] | None:
    """What ``from module import *`` takes, as far as the text says: a literal ``__all__``, else
    the public names bound at module level. None when the text does not parse."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    names: set[str] = set()
    module = SourceFile("", "", False)
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and _assigns_all(statement):
            try:
                listed = ast.literal_eval(statement.value)
            except ValueError:
                continue
            if isinstance(listed, (list, tuple)) and all(isinstance(name, str) for name in listed):
                return frozenset(listed)
        # Module objects (``import os``) are no names a module offers, even when ``*`` takes them.
        names.update(binding.name for binding in _bindings(statement, module) if binding.kind not in ("star", "import"))
    return frozenset(name for name in names if not name.startswith("_"))
