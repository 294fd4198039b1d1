"""``ssot shim``: the compatibility modules the policy describes, as files — what each should hold and holds.

The generated part of a module is one block between two marker lines; re-generating
replaces that block only (so what the owner wrote around it stays, and a second run
changes nothing). A module without a block gets one at its end, the rest kept byte for
byte — unless it binds a name the block would serve (then the block could never serve it:
nothing is written, and the plan says which line binds it). Only a module that does nothing
but re-export names its shim serves is replaced, and only when asked to (``force``),
keeping its docstring and ``__all__``. The blocks import their helper from a copy written at the top of
their root package (``app/_ssot_compat.py``): shims need no runtime dependency on this tool.
Nothing here writes: the plan says what to write, from the bytes it read
(``ShimFile.read``), and the front end writes it through the composition root, only over
those bytes.
"""

from __future__ import annotations

import enum
import json
import posixpath
from collections.abc import Iterable, Sequence

from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.application.ports import FileSystem
from importlinter_ssot.application.shims.module_shape import LineBinding, ModuleShape, exported_names, module_shape
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.shim_spec import ShimExport, ShimSpec, other_roles, shim_specs
from importlinter_ssot.domain.runtime_terms import EVERY_OTHER_NAME, SHIM_HELPER, local_helper
from importlinter_ssot.domain.shim_helper import helper_copy, helper_text
from importlinter_ssot.domain.source import SourceFile

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
    NO_BLOCK = "no warning block yet"  # a module of its own: the block goes at its end
    HAND_WRITTEN = "hand-written"  # a pure re-export module (``force`` replaces it), or a file that is no helper
    CONFLICT = "binds names its block would serve"
    UNREADABLE = "cannot be read or parsed"
    ORPHANED = "generated, but the policy deprecates nothing here"


class Conflict(NamedTuple):
    """A module-level binding of names the block would serve: the block is never asked for them."""

    binding: LineBinding
    names: tuple[str, ...]  # the served names it binds (a star import may bind several)
    private: str  # a name the module does not bind yet, to rename a one-name binding to


class ShimFile(NamedTuple):
    """One compatibility module: its file, what it holds, and what the policy says it should hold."""

    module: str
    path: str | None  # None: nowhere to put it (its package is not in the tree)
    status: ShimStatus
    current: str | None  # the file's text; None when there is no file
    generated: str | None  # the text to write (None: none, for an orphaned block)
    forced: str | None  # the text ``force`` writes over a pure re-export module
    helper: str | None = None  # the module of the helper a shim imports; None for the helper itself
    conflicts: tuple[Conflict, ...] = ()  # CONFLICT, HAND_WRITTEN: the bindings of served names
    roles: tuple[str, ...] = ()  # what else the policy says the module is (it is never replaced)

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
    if path is not None and current is None and file_system.exists(path):  # not UTF-8, a directory, …
        return ShimFile(spec.module, path, ShimStatus.UNREADABLE, None, None, None, helper)
    if path is None or current is None or not current.strip():  # an empty file holds nothing
        return ShimFile(spec.module, path, ShimStatus.MISSING, current, fresh, fresh, helper)
    newline = "\r\n" if "\r\n" in current else "\n"
    block = block.replace("\n", newline)
    span = _block_span(current)
    start, end = span if span is not None else (len(current), len(current))
    module = SourceFile(path, spec.module, path.endswith("/__init__.py"))
    shape = module_shape(current[:start] + current[end:], module)
    roles = other_roles(project.policy, spec.module)
    plan = ShimFile(spec.module, path, ShimStatus.UNREADABLE, current, None, None, helper, roles=roles)
    if shape is None:
        return plan
    conflicts = _conflicts(file_system, project, spec, shape)
    if conflicts:
        conflicting = {conflict.binding for conflict in conflicts}
        if span is None and not roles and not shape.own_code and conflicting.issuperset(shape.bindings):
            forced = _re_export_replaced(shape, block, newline)
            return plan._replace(status=ShimStatus.HAND_WRITTEN, forced=forced, conflicts=conflicts)
        return plan._replace(status=ShimStatus.CONFLICT, conflicts=conflicts)
    if span is None:  # at the end, after everything the module does: nothing of it moves
        generated = current + (newline if current.endswith("\n") else newline * 2) + block
        return plan._replace(status=ShimStatus.NO_BLOCK, generated=generated)
    generated = current[:start] + block + current[end:]
    status = ShimStatus.UP_TO_DATE if generated == current else ShimStatus.STALE
    return plan._replace(status=status, generated=generated)


def _conflicts(file_system: FileSystem, project: Project, spec: ShimSpec, shape: ModuleShape) -> tuple[Conflict, ...]:
    """The module's bindings of names its block would serve: the governed names, and with ``*`` the
    names the replacement offers (what ``from module import name`` should take from there, warning)."""
    served = {export.name for export in spec.exports if export.name != EVERY_OTHER_NAME}
    every_other = spec.export(EVERY_OTHER_NAME)
    if every_other is not None:
        served |= _exported(file_system, project, every_other.module)
    bound = {binding.name for binding in shape.bindings}
    conflicts = []
    for binding in shape.bindings:
        if binding.kind == "star":
            offered = _exported(file_system, project, binding.source)
            names = sorted(served.intersection(offered))
            if not offered and every_other is not None and binding.source == every_other.module:
                names = [EVERY_OTHER_NAME]  # the replacement's names, unknown here (not in the tree), all bound
        else:
            names = [binding.name] if binding.name in served else []
        if names:
            conflicts.append(Conflict(binding, tuple(names), _private_name(names[0], bound)))
    return tuple(conflicts)


def _exported(file_system: FileSystem, project: Project, module: str | None) -> frozenset[str]:
    """The public names of a module of the tree (nothing known of other modules)."""
    path = _module_file(file_system, project, module) if module else None
    text = _read(file_system, path) if path else None
    return (exported_names(text) if text is not None else None) or frozenset()


def _private_name(name: str, bound: set[str]) -> str:
    """``_Name``, or another private name the module does not bind yet."""
    candidates = [f"_{name}", f"_deprecated_{name}", *(f"_{name}_{index}" for index in range(2, len(bound) + 3))]
    return next(candidate for candidate in candidates if candidate not in bound)


def _re_export_replaced(shape: ModuleShape, block: str, newline: str) -> str:
    """A pure re-export module as its shim: its docstring and ``__all__`` (as written), then the block."""
    parts = [shape.docstring or DOCSTRING.rstrip("\n"), *shape.all_statements]
    return (newline * 2).join(part.replace("\r\n", "\n").replace("\n", newline) for part in parts) + newline * 2 + block


def _plan_helper(file_system: FileSystem, project: Project, module: str, text: str) -> ShimFile:
    """The copy of the helper: written where it is missing or differs; a file that is no copy is kept."""
    path = _module_file(file_system, project, module) or _new_module_file(file_system, project, module)
    current = _read(file_system, path) if path else None
    if path is not None and current is None and file_system.exists(path):
        return ShimFile(module, path, ShimStatus.UNREADABLE, None, None, None)
    if current is None or not current.strip():
        status = ShimStatus.MISSING
    elif current.replace("\r\n", "\n") == text:  # a checkout may turn line ends into CRLF
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
