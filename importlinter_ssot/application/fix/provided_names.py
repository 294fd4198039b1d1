"""How the project's modules bind their names, read from their files when a fix asks, without running anything.

``ModuleBindingsReader`` reads and parses a module's file the first time it is asked about
(then keeps the answer, per process) and gives its ``ModuleBindings`` (object_bindings);
``name_origins`` wires it to the domain's ``NameOrigins``, which follows re-exports from
module to module to tell which object an import gives.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Mapping

from importlinter_ssot.application.fix.object_bindings import module_bindings
from importlinter_ssot.application.ports import FileSystem
from importlinter_ssot.domain.name_origins import ModuleBindings, NameOrigins
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.source import decode_source


class ModuleBindingsReader:
    """The bindings of the project's modules, each file read and parsed once (per process)."""

    def __init__(self, file_system: FileSystem, files: Mapping[str, str]) -> None:
        self.file_system = file_system
        self.files = files  # module → path of its file
        self._known: dict[str, ModuleBindings | None] = {}

    def __call__(self, module: str) -> ModuleBindings | None:
        """The module's bindings; None when it has no file in the project, or the file cannot be read or parsed."""
        if module not in self._known:
            path = self.files.get(module)
            try:
                data = None if path is None else self.file_system.read_bytes(path)
            except OSError:
                data = None
            self._known[module] = None if data is None or path is None else _bindings(module, path, data)
        return self._known[module]


def name_origins(file_system: FileSystem, files: Mapping[str, str]) -> NameOrigins:
    """Which object each import of the project's modules gives, reading their files on demand."""
    modules = _Modules(frozenset(files), frozenset(module.partition(".")[0] for module in files))
    return NameOrigins(ModuleBindingsReader(file_system, files), modules.has_file, modules.in_project)


class _Modules(NamedTuple):
    """The project's modules (a value: it crosses to worker processes)."""

    names: frozenset[str]
    tops: frozenset[str]  # their top-level packages

    def has_file(self, module: str) -> bool:
        return module in self.names

    def in_project(self, module: str) -> bool:
        """Whether ``module`` is in one of the project's top-level packages (then it is never outside the project)."""
        return module.partition(".")[0] in self.tops


def _bindings(module: str, path: str, data: bytes) -> ModuleBindings | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings are the module's business
            tree = ast.parse(decode_source(data))
    except (SyntaxError, ValueError, LookupError, UnicodeDecodeError, RecursionError, MemoryError):
        return None
    return module_bindings(module, path.endswith("/__init__.py") or path == "__init__.py", tree)
