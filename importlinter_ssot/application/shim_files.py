"""``ssot shim``: the compatibility modules the policy describes, as files — what each should hold and holds.

The generated part of a module is one block between two marker lines; re-generating
replaces that block only (so what the owner wrote around it stays, and a second run
changes nothing). A module whose file holds no block is hand-written: it is replaced only
when asked to (``force``). The blocks import their helper from a copy written at the top of
their root package (``app/_ssot_compat.py``): shims need no runtime dependency on this tool.
Nothing here writes: the plan says what to write, the front end writes it through the
composition root.
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
from importlinter_ssot.domain.runtime_terms import SHIM_HELPER, local_helper
from importlinter_ssot.domain.shim_helper import helper_copy, helper_text

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
    helper: str | None = None  # the module of the helper a shim imports; None for the helper itself


class ShimError(Exception):
    """A module that cannot get a shim, said plainly (an unknown module, two policies disagreeing)."""


def plan_shims(
    file_system: FileSystem,
    projects: Sequence[Project],
    modules: Iterable[str] = (),
    *,
    every: bool = False,
    runtime_source: str,
) -> list[ShimFile]:
    """The named modules as files; by default every module of the trees holding a generated block
    (``every``: and every module the policies give a shim). First, the copy of the helper in each
    root package they are in (``runtime_source``: the text of importlinter_ssot/runtime.py), and
    every copy the trees hold already.

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
    helpers: dict[str, Project] = {}  # the helper's module → the project it is in
    if not wanted:
        generated, copies = _generated_modules(file_system, projects)
        wanted = sorted({*generated, *specs}) if every else generated
        helpers.update(copies)
    plans = []
    for module in wanted:
        if module in specs:
            spec, project = specs[module]
            plan = _plan(file_system, project, spec)
            if plan.path is not None and plan.helper is not None:
                helpers.setdefault(plan.helper, project)
            plans.append(plan)
        else:
            project = next(project for project in projects if _module_file(file_system, project, module))
            path = _module_file(file_system, project, module)
            current = _read(file_system, path) if path else None
            plans.append(ShimFile(module, path, ShimStatus.ORPHANED, current, None, None))
    text = helper_text(runtime_source)
    return [_plan_helper(file_system, project, module, text) for module, project in sorted(helpers.items())] + plans


def _names(first: Project, second: Project) -> str:
    return f"`{first.policy.name}` and `{second.policy.name}`"


def _generated_modules(file_system: FileSystem, projects: Sequence[Project]) -> tuple[list[str], dict[str, Project]]:
    """Modules whose file holds a generated block, in module order; and the copies of the helper."""
    found: set[str] = set()
    copies: dict[str, Project] = {}
    for project in projects:
        for source in project.files:
            text = _read(file_system, source.path)
            if text is not None and _block_span(text) is not None:
                found.add(source.module)
            if text is not None and helper_copy(text) is not None:
                copies.setdefault(source.module, project)
    return sorted(found), copies


def _plan(file_system: FileSystem, project: Project, spec: ShimSpec) -> ShimFile:
    path = _module_file(file_system, project, spec.module) or _new_module_file(file_system, project, spec.module)
    helper = local_helper(spec.module.partition(".")[0])
    block = render_block(spec, _relative(project.policy.path, project.policy.project_root), helper=helper)
    fresh = DOCSTRING + "\n" + block
    current = _read(file_system, path) if path else None
    if path is None:
        return ShimFile(spec.module, None, ShimStatus.MISSING, None, fresh, fresh, helper)
    if current is None:
        return ShimFile(spec.module, path, ShimStatus.MISSING, None, fresh, fresh, helper)
    span = _block_span(current)
    if span is None:
        if not current.strip():  # an empty file holds nothing
            return ShimFile(spec.module, path, ShimStatus.MISSING, current, fresh, fresh, helper)
        return ShimFile(spec.module, path, ShimStatus.HAND_WRITTEN, current, None, fresh, helper)
    start, end = span
    generated = current[:start] + block + current[end:]
    status = ShimStatus.UP_TO_DATE if generated == current else ShimStatus.STALE
    return ShimFile(spec.module, path, status, current, generated, fresh, helper)


def _plan_helper(file_system: FileSystem, project: Project, module: str, text: str) -> ShimFile:
    """The copy of the helper: written where it is missing or differs; a file that is no copy is kept."""
    path = _module_file(file_system, project, module) or _new_module_file(file_system, project, module)
    current = _read(file_system, path) if path else None
    if current is None or not current.strip():
        status = ShimStatus.MISSING
    elif current == text:
        status = ShimStatus.UP_TO_DATE
    elif helper_copy(current) is not None:
        status = ShimStatus.STALE
    else:
        return ShimFile(module, path, ShimStatus.HAND_WRITTEN, current, None, None)
    return ShimFile(module, path, status, current, text, None)


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


def render_block(spec: ShimSpec, policy_path: str, *, helper: str) -> str:
    """The generated block: a call of the helper (imported from module ``helper``) with the spec's data."""
    lines = [
        f"{BEGIN} (generated by `ssot shim` from {policy_path}; edit the policy, not this block)",
        f"from {helper} import {SHIM_HELPER}",
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
