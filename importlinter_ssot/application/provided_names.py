"""The names a module provides (what ``from M import name`` finds) and defines, without running anything.

A name is provided when the module binds it at module level — outside every function and
class body, in ``if``/``try``/``with``/``for``/``while``/``match`` blocks too — by an import
(``import a.b`` binds ``a``), a ``class``/``def``, or an assignment (``Name = ...``, also
unpacked, annotated with a value, augmented, or a ``for``/``with`` target). A star import
provides nothing known; neither does a module ``__getattr__``: a fix never relies on them.
Of those names, the ones a ``class`` or ``def`` binds are the module's own definitions.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Mapping

from importlinter_ssot.application.assignments import assigned_names
from importlinter_ssot.application.import_sites import statement_blocks
from importlinter_ssot.application.ports import FileSystem
from importlinter_ssot.domain.fix_plan import ModuleNames
from importlinter_ssot.domain.source import decode_source


class ModuleNamesReader:
    """The names of the project's modules, each file read and parsed once (per process)."""

    def __init__(self, file_system: FileSystem, files: Mapping[str, str]) -> None:
        self.file_system = file_system
        self.files = files  # module → path of its file
        self._known: dict[str, ModuleNames | None] = {}

    def __call__(self, module: str) -> ModuleNames | None:
        """The module's names; None when it has no file in the project, or the file cannot be read or parsed."""
        if module not in self._known:
            path = self.files.get(module)
            try:
                self._known[module] = None if path is None else module_names(self.file_system.read_bytes(path))
            except OSError:
                self._known[module] = None
        return self._known[module]


def module_names(data: bytes) -> ModuleNames | None:
    """The names the module whose source is ``data`` binds at module level; None when it cannot be parsed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings are the module's business
            tree = ast.parse(decode_source(data))
    except (SyntaxError, ValueError, LookupError, UnicodeDecodeError, RecursionError, MemoryError):
        return None
    names: set[str] = set()
    defined: set[str] = set()
    pending: list[list[ast.stmt]] = [tree.body]
    while pending:
        for node in pending.pop():
            _bind(node, names)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.add(node.name)
            else:
                pending.extend(statement_blocks(node))
    return ModuleNames(frozenset(names), frozenset(defined))


def _bind(node: ast.stmt, names: set[str]) -> None:
    if isinstance(node, ast.Import):
        names.update(alias.asname or alias.name.partition(".")[0] for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        names.update(alias.asname or alias.name for alias in node.names if alias.name != "*")
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        names.add(node.name)
    else:
        names.update(assigned_names(node))
