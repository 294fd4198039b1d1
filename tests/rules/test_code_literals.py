"""No rule code is spelled in the package's code outside the rules that own it: the rest asks the registry.

A code written into a report, a front end or a message (``.get("SOT900")``, ``{"SOT001": …}``)
is a second definition of the rule that nothing ties to the first: adding, renaming or
removing a rule leaves it behind. So every string literal of ``importlinter_ssot`` matching
``SOT`` and three digits must be in a rule module (a module of ``domain/rules/`` that defines
a ``Rule``: its docs name other codes too) or the registry.

Docstrings are documentation, like docs/*.md: they may name codes (``docs`` tests check that
every code a page names exists). Comments are not literals. Anything else is listed in
``ALLOWED`` with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "importlinter_ssot"
CODE = re.compile(r"SOT\d{3}")

ALLOWED = {
    # The shim helper's text is written verbatim into users' packages and pinned by its digest
    # (HELPER_DIGEST): the code its comment names is part of that file format, and shim_drift
    # (which owns SOT041) imports this module, so it cannot ask the rule without a cycle.
    "domain/shim_helper.py",
}


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of a module and of its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.add(id(first.value))
    return found


def code_literals(source: str) -> list[tuple[int, str]]:
    """``(line, text)`` of every string literal naming a code, docstrings left out."""
    tree = ast.parse(source)
    documentation = _docstrings(tree)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in documentation
        and CODE.search(node.value)
    )


def defines_a_rule(source: str) -> bool:
    """Whether a module assigns ``Rule(...)`` at module level: a rule module."""
    for node in ast.parse(source).body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "Rule":
            return True
    return False


def test_the_scan_sees_literals_and_not_docstrings() -> None:
    source = '''
"""Module docs: SOT001."""
X = {"SOT002": 1}
def f():
    """SOT003."""
    return f"{X} (SOT004)"
'''
    assert code_literals(source) == [(3, "SOT002"), (6, " (SOT004)")]
    assert defines_a_rule('RULE = Rule(code="SOT005")\n') and not defines_a_rule('X = "SOT005"\n')


def test_no_code_literals_outside_rule_definitions() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        source = path.read_text(encoding="utf-8")
        if relative in ALLOWED or relative == "domain/rules/registry.py":
            continue
        if relative.startswith("domain/rules/") and defines_a_rule(source):
            continue
        found += [f"{relative}:{line}: {text!r}" for line, text in code_literals(source)]
    assert not found, (
        "ask the rule (registry.rule_by_code, a Rule attribute) instead of spelling its code:\n" + "\n".join(found)
    )


def test_the_allowed_exceptions_still_need_to_be() -> None:
    # An exception whose literal is gone is a stale permission: drop it.
    for relative in ALLOWED:
        assert code_literals((PACKAGE / relative).read_text(encoding="utf-8")), relative
