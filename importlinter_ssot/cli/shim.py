"""`ssot shim`: compatibility modules generated from the policy, written or checked."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from importlinter_ssot.adapters.presentation import display_path, problem_line
from importlinter_ssot.application.discovery import DiscoveryError
from importlinter_ssot.application.ports import FileChanged
from importlinter_ssot.application.settings import ExitCode, RawSettings, SettingError
from importlinter_ssot.application.shim_files import ShimError, ShimFile, ShimStatus
from importlinter_ssot.composition import Session
from importlinter_ssot.domain.problems import PolicyError


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
    try:
        session = Session(RawSettings(policies=policy_paths, cache=False))
        projects = session.load(session.policy_paths())
        files = session.plan_shims(projects, modules, every=mode is None and not modules)
    except SettingError as error:
        _fail(str(error.message))
    except DiscoveryError as error:
        _fail(str(error))
    except PolicyError as error:
        for problem in error.problems:
            click.echo(problem_line(problem, "error"), err=True)
        _fail("the policy has errors; nothing was generated.")
    except ShimError as error:
        _fail(str(error))
    if mode == "write":
        _exit(_write(session, files, force))
    if mode == "check":
        _exit(_check(files))
    _show(files, bool(modules))


def _where(file: ShimFile) -> str:
    return display_path(file.path) if file.path else f"(no place for `{file.module}` in the tree)"


def _write(session: Session, files: list[ShimFile], force: bool) -> ExitCode:
    code = ExitCode.OK
    for file in files:
        text = file.forced if force and file.status is ShimStatus.HAND_WRITTEN else file.generated
        if file.status is ShimStatus.UP_TO_DATE:
            click.echo(f"{_where(file)}: `{file.module}` is up to date")
        elif file.path is None:
            click.echo(f"{_where(file)}: its package is not in the tree; create it first", err=True)
            code = ExitCode.FINDINGS
        elif file.status is ShimStatus.ORPHANED:
            click.echo(f"{_where(file)}: {file.status.value}; remove the block or the module", err=True)
            code = ExitCode.FINDINGS
        elif text is None:
            click.echo(f"{_where(file)}: `{file.module}` is hand-written: not replaced (--force replaces it)", err=True)
            code = ExitCode.FINDINGS
        else:
            try:
                session.write_file(file.path, text, expected=file.read)
            except FileChanged:
                click.echo(f"{_where(file)}: changed since it was read: not written (run again)", err=True)
                code = max(code, ExitCode.FINDINGS)
                continue
            except OSError as error:
                click.echo(
                    f"{_where(file)}: cannot write the shim of `{file.module}`: {error.strerror or error}", err=True
                )
                code = ExitCode.USAGE
                continue
            click.echo(f"{_where(file)}: wrote the shim of `{file.module}`")
    return code


_PHRASES = {
    ShimStatus.UP_TO_DATE: "is up to date",
    ShimStatus.STALE: "differs from the policy",
    ShimStatus.MISSING: "is missing",
    ShimStatus.HAND_WRITTEN: "is hand-written, not generated",
    ShimStatus.ORPHANED: "is generated, but the policy deprecates nothing there",
}


def _check(files: list[ShimFile]) -> ExitCode:
    failing = [file for file in files if file.status is not ShimStatus.UP_TO_DATE]
    for file in failing:
        hint = "" if file.status is ShimStatus.ORPHANED else f"; run `ssot shim --write {file.module}`"
        click.echo(f"{_where(file)}: the shim of `{file.module}` {_PHRASES[file.status]}{hint}")
    checked = len(files)
    if failing:
        click.echo(f"{len(failing)} of {checked} shim{'s' if checked != 1 else ''} not up to date.")
        return ExitCode.FINDINGS
    click.echo(f"{checked} shim{'s' if checked != 1 else ''} up to date.")
    return ExitCode.OK


def _show(files: list[ShimFile], named: bool) -> None:
    if not named:
        for file in files:
            click.echo(f"{file.module}: {_where(file)} ({file.status.value})")
        return
    for file in files:
        text = file.generated if file.generated is not None else file.forced
        click.echo(f"# {_where(file)} ({file.status.value})")
        click.echo(text or "", nl=False)
