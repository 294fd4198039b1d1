"""Dotted names spelled in string annotations: ``def f(c: "pkg.old.Client")`` uses ``Client`` through ``pkg.old``.

A string in an annotation (a parameter's, a return's, an annotated assignment's, or the
first argument of ``typing.cast``) is a forward reference: type checkers and
``typing.get_type_hints`` evaluate it as an expression where the annotation stands. It is
parsed the way they parse it (``eval`` mode: no leading blank), and its attribute chains
are attribute uses like any other, positioned inside the string. Only a string whose source
spells its value as it is, on one line (no escape, no implicit concatenation), is read: the
names in any other need not be in the file's text, where the relevance test looks for them.
"""

from __future__ import annotations

import ast

from importlinter_ssot.application.analysis.syntax import dotted_parts
from importlinter_ssot.domain.records import NamedTuple

# Longer strings are not forward references to a dotted path; a bound also keeps the parse of a
# hostile string (nesting deep enough to exhaust the stack) out of reach whatever the call depth.
_LONGEST = 300
_PREFIXES = frozenset("rRuU")


class StringChain(NamedTuple):
    """``x.s1.….sk.N`` inside a string, and where ``N`` ends in it (UTF-8 offset on its first line)."""

    base: str
    path: tuple[str, ...]
    name: str
    end: int | None  # None: the expression spans lines of the string


def chains_in_string(value: str, names: frozenset[str]) -> list[StringChain]:
    """The attribute chains of the expression ``value`` whose last name is one of ``names``."""
    if len(value) > _LONGEST or "." not in value:
        return []
    try:
        expression = ast.parse(value, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found: list[StringChain] = []
    pending: list[ast.AST] = [expression]
    while pending:
        node = pending.pop()
        pending.extend(ast.iter_child_nodes(node))
        if not (isinstance(node, ast.Attribute) and node.attr in names):
            continue
        parts = dotted_parts(node.value)
        if parts is not None:
            end = node.end_col_offset if node.end_lineno == 1 else None
            found.append(StringChain(parts[0], parts[1:], node.attr, end))
    return found


def content_offset(constant: ast.Constant, line: str) -> int | None:
    """The UTF-8 offset in its line where the string's value starts, if the source spells it verbatim; else None."""
    if constant.end_lineno != constant.lineno or constant.end_col_offset is None:
        return None
    encoded = line.encode("utf-8", "surrogatepass")
    source = encoded[constant.col_offset : constant.end_col_offset].decode("utf-8", "surrogatepass")
    start = 0
    while start < len(source) and source[start] in _PREFIXES:
        start += 1
    quote = source[start : start + 3] if source[start : start + 3] in ('"""', "'''") else source[start : start + 1]
    if not quote or not source.endswith(quote) or len(source) < start + 2 * len(quote):
        return None
    if source[start + len(quote) : len(source) - len(quote)] != constant.value:
        return None
    return constant.col_offset + start + len(quote)


def annotation_strings(annotation: ast.expr) -> list[ast.Constant]:
    """Every string constant of an annotation expression (``Optional["a.B"]`` holds one)."""
    found: list[ast.Constant] = []
    pending: list[ast.AST] = [annotation]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node)
        else:
            pending.extend(ast.iter_child_nodes(node))
    return found


def is_cast(call: ast.Call) -> bool:
    """``cast("T", value)`` or ``typing.cast(...)``: its first argument is a type expression."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name == "cast" and len(call.args) == 2
