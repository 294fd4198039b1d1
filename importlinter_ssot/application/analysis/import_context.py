"""What the code around an import says about it: only for type checkers, a probe, or a test of its warning.

Read from the syntax tree alone, with the names a file binds to ``typing``, ``pytest`` and
``warnings`` (any alias, from the file's own import statements):

- ``if TYPE_CHECKING:`` (``typing.TYPE_CHECKING``, ``typing_extensions``, any alias, or
  ``not`` it): its body runs only for a type checker, its ``else`` only at run time;
- a ``try`` whose handlers catch ``ImportError``, ``ModuleNotFoundError``, ``Exception``,
  ``BaseException`` or everything (bare ``except:``): an import in it (or in its handlers,
  the fallback) probes whether its path exists — the path is the point;
- ``with pytest.warns(...)``, ``pytest.deprecated_call()``, ``self.assertWarns(...)``,
  ``self.assertWarnsRegex(...)``, ``warnings.catch_warnings()``: an import in it tests (or
  deliberately silences) the old path's warning.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from importlinter_ssot.domain.records import NamedTuple

_TYPING = frozenset({"typing", "typing_extensions"})
_PROBE_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_PYTEST_WARNS = frozenset({"warns", "deprecated_call"})
_UNITTEST_WARNS = frozenset({"assertWarns", "assertWarnsRegex"})


class FileAliases(NamedTuple):
    """The names a file binds to what the contexts above are spelled with."""

    type_checking: frozenset[str]  # names of ``typing.TYPE_CHECKING``
    typing: frozenset[str]  # names of the modules ``typing``, ``typing_extensions``
    pytest: frozenset[str]  # names of the module ``pytest``
    pytest_warns: frozenset[str]  # names of ``pytest.warns`` / ``pytest.deprecated_call``
    warnings: frozenset[str]  # names of the module ``warnings``
    catch_warnings: frozenset[str]  # names of ``warnings.catch_warnings``


def file_aliases(imports: Iterable[ast.Import | ast.ImportFrom]) -> FileAliases:
    """The aliases bound by a file's import statements (the usual spellings are always known)."""
    type_checking = {"TYPE_CHECKING"}  # also the `TYPE_CHECKING = False` convention of typing-free modules
    typing, pytest, pytest_warns = set(_TYPING), {"pytest"}, set()
    warnings, catch_warnings = {"warnings"}, set()
    for node in imports:
        for alias in node.names:
            bound = alias.asname or alias.name
            if isinstance(node, ast.Import):
                if alias.name in _TYPING:
                    typing.add(bound)
                elif alias.name == "pytest":
                    pytest.add(bound)
                elif alias.name == "warnings":
                    warnings.add(bound)
            elif node.level == 0 and node.module in _TYPING and alias.name == "TYPE_CHECKING":
                type_checking.add(bound)
            elif node.level == 0 and node.module == "pytest" and alias.name in _PYTEST_WARNS:
                pytest_warns.add(bound)
            elif node.level == 0 and node.module == "warnings" and alias.name == "catch_warnings":
                catch_warnings.add(bound)
    return FileAliases(
        frozenset(type_checking),
        frozenset(typing),
        frozenset(pytest),
        frozenset(pytest_warns),
        frozenset(warnings),
        frozenset(catch_warnings),
    )


def type_checking_test(test: ast.expr, aliases: FileAliases) -> bool | None:
    """True when ``if test:`` runs its body only for type checkers, False when only at run time (``not``), else None."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = type_checking_test(test.operand, aliases)
        return None if inner is None else not inner
    if isinstance(test, ast.Name):
        return True if test.id in aliases.type_checking else None
    if (
        isinstance(test, ast.Attribute)
        and test.attr == "TYPE_CHECKING"
        and isinstance(test.value, ast.Name)
        and test.value.id in aliases.typing
    ):
        return True
    return None


def probe_handler(node: ast.Try) -> str | None:
    """How a ``try`` (or ``try``/``except*``) statement's handlers catch an import's failure; None when none does."""
    for handler in node.handlers:
        if handler.type is None:
            return "except:"
        for caught in handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]:
            name = (
                caught.id if isinstance(caught, ast.Name) else caught.attr if isinstance(caught, ast.Attribute) else ""
            )
            if name in _PROBE_ERRORS:
                return f"except {name}"
    return None


def warning_block(node: ast.With | ast.AsyncWith, aliases: FileAliases) -> str | None:
    """The context manager of a ``with`` that tests (or silences) warnings, as ``pytest.warns(…)``; else None."""
    for item in node.items:
        call = item.context_expr
        if not isinstance(call, ast.Call):
            continue
        function = call.func
        if isinstance(function, ast.Name) and function.id in aliases.pytest_warns | aliases.catch_warnings:
            return f"{function.id}(…)"
        if isinstance(function, ast.Attribute):
            owner = function.value.id if isinstance(function.value, ast.Name) else None
            if (
                function.attr in _UNITTEST_WARNS
                or (owner in aliases.pytest and function.attr in _PYTEST_WARNS)
                or (owner in aliases.warnings and function.attr == "catch_warnings")
            ):
                return f"{ast.unparse(function)}(…)"
    return None
