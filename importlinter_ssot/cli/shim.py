"""`ssot shim`: compatibility modules generated from the policy, written or checked."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from importlinter_ssot.adapters.presentation import display_path
from importlinter_ssot.application.ports import FileChanged
from importlinter_ssot.application.settings import ExitCode, RawSettings
from importlinter_ssot.application.shims.shim_files import Conflict, ShimError, ShimFile, ShimStatus
from importlinter_ssot.cli.startup import start_command
from importlinter_ssot.composition import Session
from importlinter_ssot.domain.runtime_terms import EVERY_OTHER_NAME


def _exit(code: ExitCode) -> NoReturn:
    sys.exit(int(code))


def _fail(message: str) -> NoReturn:
    click.echo(f"ssot: {message}", err=True)
    _exit(ExitCode.USAGE)


@click.command()
@click.argument("modules", nargs=-1)
@click.option(
    "--policy",
    "policy_paths",
    multiple=True,
    type=click.Path(),
    help="Policy file (repeatable). Default: as for `ssot check`.",
)
@click.option("--write", "mode", flag_value="write", help="Write the shims that are missing or differ.")
@click.option("--check", "mode", flag_value="check", help="Write nothing; exit 1 if a shim is missing or differs.")
@click.option("--force", is_flag=True, help="With --write: replace hand-written modules too.")
def shim(modules: tuple[str, ...], policy_paths: tuple[str, ...], mode: str | None, force: bool) -> None:
    """Generate the compatibility module of each deprecated MODULE from the policy.

    A MODULE is a symbol's deprecated path (the shim serves exactly the names the policy
    deprecates there) or a deprecated [[module]] with a replacement (it forwards every
    name). Without MODULES: the modules that already hold a generated block. Without
    --write or --check: print what would be written (MODULES), or list every module the
    policy gives a shim and where it stands.

    Exit status: 0 done (or up to date), 1 a shim missing or differing (--check) or not
    written, 2 usage or policy errors.
    """
    if force and mode != "write":
        _fail("--force only goes with --write")
    session, projects = start_command(RawSettings(policies=policy_paths, cache=False), nothing_done="generated")
    try:
        files = session.plan_shims(projects, modules, every=mode is None and not modules)
    except ShimError as error:
        _fail(str(error))
    if mode == "write":
        _exit(_write(session, files, force))
    if mode == "check":
        _exit(_check(files))
    _show(files, bool(modules))


def _where(file: ShimFile) -> str:
    return display_path(file.path) if file.path else f"(no place for `{file.module}` in the tree)"


def _what(file: ShimFile) -> str:
    return f"the shim helper `{file.module}`" if file.helper is None else f"the shim of `{file.module}`"


def _write(session: Session, files: list[ShimFile], force: bool) -> ExitCode:
    code = ExitCode.OK
    missing_helpers: set[str] = set()  # helpers not in place: the shims importing them are not written
    # A helper is written for the shims that use it: none of its shims written, none written.
    used = {file.helper for file in files if file.status is ShimStatus.UP_TO_DATE or _text(file, force) is not None}
    for file in files:
        text = _text(file, force)
        if file.status is ShimStatus.UP_TO_DATE:
            click.echo(f"{_where(file)}: `{file.module}` is up to date")
            continue
        if file.helper is None and file.status is ShimStatus.MISSING and file.module not in used:
            continue
        refusal = _refusal(file, force, missing_helpers)
        if refusal is not None or file.path is None or text is None:
            for line in refusal or [f"{_where(file)}: `{file.module}` not written"]:
                click.echo(line, err=True)
            if file.helper is None:
                missing_helpers.add(file.module)
            code = max(code, ExitCode.FINDINGS)
            continue
        try:
            session.write_file(file.path, text, expected=file.read)
        except FileChanged:
            click.echo(f"{_where(file)}: changed since it was read: not written (run again)", err=True)
            code = max(code, ExitCode.FINDINGS)
            continue
        except OSError as error:
            click.echo(f"{_where(file)}: cannot write {_what(file)}: {error.strerror or error}", err=True)
            code = ExitCode.USAGE
            if file.helper is None:
                missing_helpers.add(file.module)
            continue
        if file.status is ShimStatus.NO_BLOCK:
            click.echo(f"{_where(file)}: added the warning block of `{file.module}`, the rest of it kept")
        else:
            click.echo(f"{_where(file)}: wrote {_what(file)}")
    return code


def _text(file: ShimFile, force: bool) -> str | None:
    """What ``--write`` writes for ``file`` (None: nothing)."""
    if file.path is None or file.status in (ShimStatus.CONFLICT, ShimStatus.UNREADABLE, ShimStatus.ORPHANED):
        return None
    return file.forced if force and file.status is ShimStatus.HAND_WRITTEN else file.generated


def _refusal(file: ShimFile, force: bool, missing_helpers: set[str]) -> list[str] | None:
    """Why nothing is written for ``file``, line by line; None when it is written."""
    where = _where(file)
    if file.helper in missing_helpers:
        return [f"{where}: `{file.module}` not written: its helper `{file.helper}` is not in place"]
    if file.helper is None and file.status is ShimStatus.HAND_WRITTEN:
        return [
            f"{where}: `{file.module}` is not the shim helper `ssot shim` writes: not replaced; move it away, "
            "the generated shims of its package import their helper from there"
        ]
    if file.path is None:
        return [f"{where}: its package is not in the tree; create it first"]
    if file.status is ShimStatus.ORPHANED:
        return [f"{where}: {file.status.value}; remove the block or the module"]
    if file.status is ShimStatus.UNREADABLE:
        return [f"{where}: `{file.module}` cannot be read or parsed as a UTF-8 Python file: nothing written"]
    if file.status is ShimStatus.CONFLICT:
        lines = [_conflict_line(file, conflict) for conflict in file.conflicts]
        never = " (--force never deletes code outside the generated block)" if force else ""
        return [*lines, f"{where}: `{file.module}`: nothing written{never}"]
    if file.status is ShimStatus.HAND_WRITTEN and not force:
        bindings = ", ".join(str(conflict.binding.line) for conflict in file.conflicts)
        return [
            f"{where}: `{file.module}` only re-exports names its shim serves (line {bindings}): not replaced; "
            "--force replaces it by the generated shim, keeping its docstring and `__all__`"
        ]
    return None


def _conflict_line(file: ShimFile, conflict: Conflict) -> str:
    """Which line binds a name the block would serve, why that stops the block, and what to do."""
    binding = conflict.binding
    at = f"{display_path(file.path or '')}:{binding.line}"
    again = f"then run `ssot shim --write {file.module}` again"
    if binding.kind == "star":
        names = ", ".join(f"`{name}`" for name in conflict.names)
        if conflict.names == (EVERY_OTHER_NAME,):
            names = f"every name of `{binding.source}`"
        return (
            f"{at}: `from {binding.source} import *` binds {names} in `{file.module}`, so its warning block could "
            "never serve them (a module `__getattr__` is asked only for names the module lacks): import by name "
            f"what the module itself uses, under private names; {again}"
        )
    name, private = binding.name, conflict.private
    rename = {
        "from": f"remove that import, or if the module uses `{name}` itself, import it as `{private}` (`from "
        f"{binding.source} import {binding.imported} as {private}`) and use that name in the module",
        "import": f"remove that import, or import it as `{private}` and use that name in the module",
        "def": f"rename the function to `{private}` and use that name in the module",
        "class": f"rename the class to `{private}` and use that name in the module",
    }.get(binding.kind, f"rename the variable to `{private}` and use that name in the module")
    return (
        f"{at}: `{file.module}` binds `{name}` itself, so its warning block could never serve it (a module "
        f"`__getattr__` is asked only for names the module lacks); to serve `{name}` with a warning, {rename}; "
        f"{again}"
    )


_PHRASES = {
    ShimStatus.UP_TO_DATE: "is up to date",
    ShimStatus.STALE: "differs from the policy",
    ShimStatus.MISSING: "is missing",
    ShimStatus.NO_BLOCK: "is missing: the module has no warning block yet",
    ShimStatus.HAND_WRITTEN: "is hand-written, not generated",
    ShimStatus.CONFLICT: "cannot serve names the module binds itself",
    ShimStatus.UNREADABLE: "cannot be checked: the module cannot be read or parsed",
    ShimStatus.ORPHANED: "is generated, but the policy deprecates nothing there",
}


def _check(files: list[ShimFile]) -> ExitCode:
    failing = [file for file in files if file.status is not ShimStatus.UP_TO_DATE]
    for file in failing:
        if file.status is ShimStatus.ORPHANED:
            hint = ""
        elif file.helper is None:
            hint = "; run `ssot shim --write`" if file.status is not ShimStatus.HAND_WRITTEN else "; move it away"
        else:
            hint = f"; run `ssot shim --write {file.module}`"
        phrase = _PHRASES[file.status]
        if file.helper is None and file.status is ShimStatus.STALE:
            phrase = "differs from what this version of ssot writes"
        click.echo(f"{_where(file)}: {_what(file)} {phrase}{hint}")
    if failing:
        click.echo(f"{len(failing)} of {_counted(files)} not up to date.")
        return ExitCode.FINDINGS
    click.echo(f"{_counted(files)} up to date.")
    return ExitCode.OK


def _counted(files: list[ShimFile]) -> str:
    """``2 shims``, ``1 shim and its helper``, ``3 shims and 2 helpers``."""
    helpers = sum(file.helper is None for file in files)
    shims = len(files) - helpers
    text = f"{shims} shim{'s' if shims != 1 else ''}"
    if helpers:
        text += " and its helper" if helpers == 1 and shims else f" and {helpers} helper{'s' if helpers != 1 else ''}"
    return text


def _show(files: list[ShimFile], named: bool) -> None:
    if not named:
        for file in files:
            role = "shim helper, " if file.helper is None else ""
            click.echo(f"{file.module}: {_where(file)} ({role}{file.status.value})")
        return
    for file in files:
        if file.helper is None:  # the same copy of importlinter_ssot.runtime everywhere: not shown again
            click.echo(f"# {_where(file)} (shim helper, {file.status.value}): a copy of importlinter_ssot.runtime")
            continue
        if file.status is ShimStatus.CONFLICT:
            click.echo(f"# {_where(file)} ({file.status.value}): nothing would be written")
            for conflict in file.conflicts:
                click.echo(f"# {_conflict_line(file, conflict)}")
        elif file.status is ShimStatus.NO_BLOCK and file.generated is not None and file.current is not None:
            click.echo(f"# {_where(file)} ({file.status.value}): appended at its end, the rest kept")
            click.echo(file.generated[len(file.current) :].lstrip("\r\n"), nl=False)
        elif file.status is ShimStatus.HAND_WRITTEN:
            click.echo(f"# {_where(file)} (only re-exports names its shim serves): what --force writes")
            click.echo(file.forced or "", nl=False)
        else:
            click.echo(f"# {_where(file)} ({file.status.value})")
            click.echo(file.generated or "", nl=False)
