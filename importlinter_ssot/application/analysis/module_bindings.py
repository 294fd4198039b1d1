"""The names a module binds at module level: its definitions, assignments and imports, as written.

Statements that run at module level are the module body and, recursively, the bodies of
module-level ``if``/``elif``/``else``, ``try``/``except``/``else``/``finally`` (``except*``
too) and ``with`` blocks — not loops, ``match``, functions or class bodies. Of those, this
records in source order:

- every ``class``/``def``/``async def``, with its decorators that are dotted names (and a
  class's bases that are);
- every name an assignment binds — ``N = value`` (each ``Name`` target of ``A = B = value``
  and of unpacking targets), ``N: T = value``, ``type N = value`` — and what it binds, as
  written (``BoundValue``); an annotation without a value, ``N += ...``, ``for``/``with``
  targets and ``:=`` bind no new object to a name here and are left out;
- the arms of the module-level ``if``/``try`` statements each lies in (``Branch``);
- the names import statements bind (``import a.b`` binds ``a``; star imports are left out),
  with the arms they lie in;
- every name bound by assignment there (``application/analysis/assignments.py``: augmented,
  ``for``/``with`` targets too), for the policy warnings.

Whether an assignment is a definition, and which definitions are alternatives of each
other, is the rules' business (``domain/rules/definition_sites.py``).

Three readers of a module's bindings, each for its use; what they share (the names an
assignment binds, what an import binds, a dotted name, a statement's blocks) comes from
``assignments`` and ``syntax``. This one reads every checked file, once per parse: each
binding to the column (findings point there), with its ``if``/``try`` arms (alternatives)
and its value as written, unresolved (the rules judge it against the policy).
``fix/object_bindings.py`` reads another module on demand to prove objects the same: origins
made absolute, what runs for type checkers apart from what runs, which names every run
binds, ``__all__``, loops and ``match`` too. ``shims/module_shape.py`` reads a module by its
lines for ``ssot shim``: which statements are more than re-exports, what a replacement keeps.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Iterator

from importlinter_ssot.application.analysis.assignments import assigned_names
from importlinter_ssot.application.analysis.syntax import bound_modules, dotted
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.source import (
    FINALLY,
    BoundValue,
    Branch,
    Definition,
    ImportBinding,
    Position,
)

# A position from a node's line and UTF-8 byte column (the parser's column map).
PositionAt = Callable[[int, int], Position]

_TRY_BLOCKS: tuple[type[ast.stmt], ...] = (ast.Try,)
if hasattr(ast, "TryStar"):  # Python 3.11+
    _TRY_BLOCKS = (*_TRY_BLOCKS, ast.TryStar)
# ``type N = ...`` (Python 3.12+).
_TYPE_ALIAS: tuple[type[ast.stmt], ...] = (ast.TypeAlias,) if hasattr(ast, "TypeAlias") else ()

_Pending = tuple[list[ast.stmt], int, tuple[Branch, ...]]


class ModuleLevel(NamedTuple):
    """What a module binds at module level, in source order."""

    definitions: tuple[Definition, ...]  # class, def and assignment
    imports: tuple[ImportBinding, ...]
    assigned: tuple[str, ...]  # every name an assignment, ``for`` or ``with`` binds


def module_bindings(body: list[ast.stmt], at: PositionAt) -> ModuleLevel:
    """The definitions, assignments and import bindings of a module body."""
    definitions: list[Definition] = []
    imports: list[ImportBinding] = []
    assigned: list[str] = []
    statements = itertools.count()
    # Depth first, in source order, without recursion (a long elif chain nests deeply).
    stack: list[_Pending] = [(body, 0, ())]
    while stack:
        block, index, branches = stack.pop()
        if index >= len(block):
            continue
        stack.append((block, index + 1, branches))
        node = block[index]
        assigned.extend(assigned_names(node))
        if isinstance(node, ast.ClassDef):
            definitions.append(_definition(node, "class", branches, at))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            definitions.append(_definition(node, "def", branches, at))
        elif isinstance(node, (ast.Assign, ast.AnnAssign, *_TYPE_ALIAS)):
            definitions.extend(
                Definition(target.id, at(target.lineno, target.col_offset), "assignment", branches, value=value)
                for target, value in _assigned(node)
            )
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.extend(
                ImportBinding(name, binding, at(alias.lineno, alias.col_offset), branches)
                for alias, name, binding in bound_modules(node)
            )
        elif isinstance(node, ast.If):
            statement = next(statements)
            # Pushed last to first: the body is walked first.
            stack.append((node.orelse, 0, (*branches, Branch(statement, 1))))
            stack.append((node.body, 0, (*branches, Branch(statement, 0))))
        elif isinstance(node, _TRY_BLOCKS):
            statement = next(statements)
            for statements_of_arm, arm in reversed(_try_arms(node)):
                stack.append((statements_of_arm, 0, (*branches, Branch(statement, arm))))
        elif isinstance(node, (ast.With, ast.AsyncWith)):  # runs in sequence with what encloses it
            stack.append((node.body, 0, branches))
    return ModuleLevel(tuple(definitions), tuple(imports), tuple(assigned))


def _try_arms(node: ast.stmt) -> list[tuple[list[ast.stmt], int]]:
    """A ``try``'s blocks in source order, each with its arm: the ``else`` runs after the body, in its arm."""
    handlers: list[ast.ExceptHandler] = getattr(node, "handlers", [])
    return [
        (getattr(node, "body", []), 0),
        *((handler.body, 1 + number) for number, handler in enumerate(handlers)),
        (getattr(node, "orelse", []), 0),
        (getattr(node, "finalbody", []), FINALLY),
    ]


def _definition(
    node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef, kind: str, branches: tuple[Branch, ...], at: PositionAt
) -> Definition:
    decorators = tuple(name for name in map(dotted, node.decorator_list) if name)
    bases = tuple(name for name in map(dotted, node.bases) if name) if isinstance(node, ast.ClassDef) else ()
    return Definition(node.name, at(node.lineno, node.col_offset), kind, branches, decorators, bases=bases)


def _assigned(node: ast.stmt) -> Iterator[tuple[ast.Name, BoundValue]]:
    """Each name an assignment statement binds, and what it binds."""
    if isinstance(node, ast.Assign):
        for target in node.targets:
            yield from _unpack(target, node.value)
    elif isinstance(node, ast.AnnAssign):
        if node.value is not None and isinstance(node.target, ast.Name):
            yield node.target, bound_value(node.value)
    elif isinstance(getattr(node, "name", None), ast.Name):  # ``type N = ...``
        yield node.name, BoundValue("type alias")  # type: ignore[attr-defined]


def _unpack(target: ast.expr, value: ast.expr | None) -> Iterator[tuple[ast.Name, BoundValue]]:
    """``A, B = X, Y`` binds A to X and B to Y; any other unpacking binds each name to an item of something."""
    # A stack, last item on top, so that names come out in source order (without recursion).
    pending: list[tuple[ast.expr, ast.expr | None]] = [(target, value)]
    while pending:
        target, value = pending.pop()
        if isinstance(target, ast.Name):
            yield target, bound_value(value) if value is not None else BoundValue("unpacked")
        elif isinstance(target, ast.Starred):
            pending.append((target.value, None))
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = _items(value, len(target.elts)) or [None] * len(target.elts)
            pending.extend(reversed(list(zip(target.elts, values, strict=True))))
        # Attributes and subscripts bind no name.


def _items(value: ast.expr | None, count: int) -> list[ast.expr | None] | None:
    """The items of a tuple or list display unpacked item for item; None when it is no such display."""
    if not isinstance(value, (ast.Tuple, ast.List)) or len(value.elts) != count:
        return None
    if any(isinstance(item, ast.Starred) for item in value.elts):
        return None
    return list(value.elts)


_LITERALS: tuple[type[ast.expr], ...] = (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple, ast.Set, ast.Dict)


def bound_value(node: ast.expr) -> BoundValue:
    """What an assignment of ``node`` binds, as written."""
    if isinstance(node, ast.Constant) and node.value is None:
        return BoundValue("none")
    name = dotted(node)
    if name is not None:
        return BoundValue("name" if isinstance(node, ast.Name) else "attribute", name)
    if isinstance(node, ast.Call):
        return BoundValue("call", dotted(node.func) or "")
    if isinstance(node, ast.Subscript):
        return BoundValue("subscript", dotted(node.value) or "")
    if isinstance(node, _LITERALS):
        return BoundValue("literal")
    if isinstance(node, ast.Lambda):
        return BoundValue("lambda")
    return BoundValue("expression")
