"""``ssot shim``: the compatibility modules the policy describes, as files — what each should hold and holds.

The generated part of a module is one block between two marker lines; re-generating
replaces that block only (so what the owner wrote around it stays, and a second run
changes nothing). A module whose file holds no block is hand-written: it is replaced only
when asked to (``force``). Nothing here writes: the plan says what to write, from the bytes
it read (``ShimFile.read``), and the front end writes it through the composition root, only
over those bytes.
"""

from __future__ import annotations

import enum
import json
import posixpath
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from importlinter_ssot.application.ports import FileSystem
from importlinter_ssot.application.project import Project
from importlinter_ssot.domain.rules.shim_spec import ShimExport, ShimSpec, shim_specs
from importlinter_ssot.domain.runtime_terms import SHIM_HELPER, SHIM_HELPER_MODULE

BEGIN = "# ssot-shim: begin"
END = "# ssot-shim: end"
DOCSTRING = '"""Compatibility module: deprecated import paths the policy keeps alive, with a warning."""\n'
# Messages are split at spaces into pieces of about this many characters (implicit concatenation).
_PIECE = 88


class ShimStatus(str, enum.Enum):
    """Where a module stands against what the policy says it should hold."""

    UP_TO_DATE = "up to date"
    STALE = "differs from the policy"
    MISSING = "missing"
    HAND_WRITTEN = "hand-written"
    ORPHANED = "generated, but the policy deprecates nothing here"


class ShimFile(NamedTuple):
    """One compatibility module: its file, what it holds, and what the policy says it should hold."""

    module: str
    path: str | None  # None: nowhere to put it (its package is not in the tree)
    status: ShimStatus
    current: str | None  # the file's text; None when there is no file
    generated: str | None  # the text to write (None: none, for an orphaned block)
    forced: str | None  # the text ``force`` writes over a hand-written module

    @property
    def read(self) -> bytes | None:
        """The bytes ``current`` was decoded from (strict UTF-8 gives them back exactly); None: no file read.

        ``generated`` and ``forced`` were computed from them: a write replaces exactly these bytes,
        never an edit made since.
        """
        return None if self.current is None else self.current.encode("utf-8")


class ShimError(Exception):
    """A module that cannot get a shim, said plainly (an unknown module, two policies disagreeing)."""


def plan_shims(
    file_system: FileSystem, projects: Sequence[Project], modules: Iterable[str] = (), *, every: bool = False
) -> list[ShimFile]:
    """The named modules as files; by default every module of the trees holding a generated block
    (``every``: and every module the policies give a shim).

    Raises ShimError for a named module that the policies give no shim, or two different ones.
    """
    specs: dict[str, tuple[ShimSpec, Project]] = {}
    for project in projects:
        for module, spec in shim_specs(project.policy).items():
            known = specs.get(module)
            if known is not None and known[0] != spec:
                raise ShimError(f"`{module}`: the policies {_names(known[1], project)} disagree on its shim")
            specs.setdefault(module, (spec, project))
    wanted = list(dict.fromkeys(modules))
    for module in wanted:
        if module not in specs:
            raise ShimError(
                f"`{module}` gets no shim from the policy: it is neither a symbol's deprecated path nor a "
                '`[[module]]` with status "deprecated", a literal name and a `replacement`'
            )
    if not wanted:
        generated = _generated_modules(file_system, projects)
        wanted = sorted({*generated, *specs}) if every else generated
    plans = []
    for module in wanted:
        if module in specs:
            spec, project = specs[module]
            plans.append(_plan(file_system, project, spec))
        else:
            project = next(project for project in projects if _module_file(file_system, project, module))
            path = _module_file(file_system, project, module)
            current = _read(file_system, path) if path else None
            plans.append(ShimFile(module, path, ShimStatus.ORPHANED, current, None, None))
    return plans


def _names(first: Project, second: Project) -> str:
    return f"`{first.policy.name}` and `{second.policy.name}`"


def _generated_modules(file_system: FileSystem, projects: Sequence[Project]) -> list[str]:
    """Modules whose file holds a generated block, in module order."""
    found: set[str] = set()
    for project in projects:
        for source in project.files:
            text = _read(file_system, source.path)
            if text is not None and _block_span(text) is not None:
                found.add(source.module)
    return sorted(found)


def _plan(file_system: FileSystem, project: Project, spec: ShimSpec) -> ShimFile:
    path = _module_file(file_system, project, spec.module) or _new_module_file(file_system, project, spec.module)
    block = render_block(spec, _relative(project.policy.path, project.policy.project_root))
    fresh = DOCSTRING + "\n" + block
    current = _read(file_system, path) if path else None
    if path is None:
        return ShimFile(spec.module, None, ShimStatus.MISSING, None, fresh, fresh)
    if current is None:
        return ShimFile(spec.module, path, ShimStatus.MISSING, None, fresh, fresh)
    span = _block_span(current)
    if span is None:
        if not current.strip():
            return ShimFile(spec.module, path, ShimStatus.MISSING, current, fresh, fresh)  # an empty file holds nothing
        return ShimFile(spec.module, path, ShimStatus.HAND_WRITTEN, current, None, fresh)
    start, end = span
    generated = current[:start] + block + current[end:]
    status = ShimStatus.UP_TO_DATE if generated == current else ShimStatus.STALE
    return ShimFile(spec.module, path, status, current, generated, fresh)


def _read(file_system: FileSystem, path: str) -> str | None:
    try:
        return file_system.read_bytes(path).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _block_span(text: str) -> tuple[int, int] | None:
    """Where the generated block lies (from its begin line to the end of its end line), if there is one."""
    start = text.find(BEGIN)
    if start == -1 or (start > 0 and text[start - 1] != "\n"):
        return None
    end = text.find(END, start)
    if end == -1:
        return None
    line_end = text.find("\n", end)
    return start, len(text) if line_end == -1 else line_end + 1


def _module_file(file_system: FileSystem, project: Project, module: str) -> str | None:
    """The scanned file of ``module``, if the tree has one."""
    for source in project.files:
        if source.module == module:
            return source.path
    return None


def _new_module_file(file_system: FileSystem, project: Project, module: str) -> str | None:
    """Where a module the tree lacks goes: beside its parent package's files (None: no such package)."""
    parent, _, leaf = module.rpartition(".")
    for base, package in project.package_roots:
        root = package.rsplit("/", 1)[-1]
        if not (module == root or module.startswith(root + ".")):
            continue
        directory = f"{base}/{module.replace('.', '/')}"
        if file_system.is_dir(directory):
            return f"{directory}/__init__.py"
        parent_directory = f"{base}/{parent.replace('.', '/')}" if parent else base
        if file_system.is_dir(parent_directory):
            return f"{parent_directory}/{leaf}.py"
    return None


def _relative(path: str, root: str) -> str:
    return posixpath.relpath(path, root)


# -- rendering ------------------------------------------------------------------------------------


def render_block(spec: ShimSpec, policy_path: str) -> str:
    """The generated block: a call of the runtime helper with the spec's data, between the markers."""
    lines = [
        f"{BEGIN} (generated by `ssot shim` from {policy_path}; edit the policy, not this block)",
        f"from {SHIM_HELPER_MODULE} import {SHIM_HELPER}",
        "",
        f"{SHIM_HELPER}(",
        "    globals(),",
        "    {",
    ]
    for export in spec.exports:
        lines.append(f"        {_string(export.name)}: (")
        lines.extend(_value_lines(export))
        lines.append("        ),")
    lines += ["    },", ")", END, ""]
    return "\n".join(lines)


def _value_lines(export: ShimExport) -> list[str]:
    lines: list[str] = []
    for value in export.data:
        if value is None:
            lines.append("            None,")
            continue
        pieces = _pieces(value)
        for index, piece in enumerate(pieces):
            lines.append(f"            {_string(piece)}{',' if index == len(pieces) - 1 else ''}")
    return lines


def _pieces(text: str) -> list[str]:
    """``text`` cut after spaces into pieces of about ``_PIECE`` characters (joined again by Python)."""
    pieces: list[str] = []
    while len(text) > _PIECE:
        cut = text.rfind(" ", 0, _PIECE)
        if cut <= 0:
            break
        pieces.append(text[: cut + 1])
        text = text[cut + 1 :]
    pieces.append(text)
    return pieces


def _string(text: str) -> str:
    # JSON's string escapes are Python's too; non-ASCII text stays readable in a UTF-8 file.
    return json.dumps(text, ensure_ascii=False)
