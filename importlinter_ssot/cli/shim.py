"""`ssot shim`: compatibility modules generated from the policy, written or checked."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from importlinter_ssot.adapters.presentation import display_path, problem_line
from importlinter_ssot.application.discovery import DiscoveryError
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


def _what(file: ShimFile) -> str:
    return f"the shim helper `{file.module}`" if file.helper is None else f"the shim of `{file.module}`"


def _write(session: Session, files: list[ShimFile], force: bool) -> ExitCode:
    code = ExitCode.OK
    missing_helpers: set[str] = set()  # helpers not in place: the shims importing them are not written
    for file in files:
        text = file.forced if force and file.status is ShimStatus.HAND_WRITTEN else file.generated
        if file.status is ShimStatus.UP_TO_DATE:
            click.echo(f"{_where(file)}: `{file.module}` is up to date")
        elif file.helper in missing_helpers:
            click.echo(
                f"{_where(file)}: `{file.module}` not written: its helper `{file.helper}` is not in place", err=True
            )
            code = max(code, ExitCode.FINDINGS)
        elif file.helper is None and file.status is ShimStatus.HAND_WRITTEN:
            click.echo(
                f"{_where(file)}: `{file.module}` is not the shim helper `ssot shim` writes: not replaced; move it "
                "away, the generated shims of its package import their helper from there",
                err=True,
            )
            missing_helpers.add(file.module)
            code = max(code, ExitCode.FINDINGS)
        elif file.path is None:
            click.echo(f"{_where(file)}: its package is not in the tree; create it first", err=True)
            code = max(code, ExitCode.FINDINGS)
        elif file.status is ShimStatus.ORPHANED:
            click.echo(f"{_where(file)}: {file.status.value}; remove the block or the module", err=True)
            code = max(code, ExitCode.FINDINGS)
        elif text is None:
            click.echo(f"{_where(file)}: `{file.module}` is hand-written: not replaced (--force replaces it)", err=True)
            code = max(code, ExitCode.FINDINGS)
        else:
            try:
                session.write_file(file.path, text)
            except OSError as error:
                click.echo(f"{_where(file)}: cannot write {_what(file)}: {error.strerror or error}", err=True)
                code = ExitCode.USAGE
                if file.helper is None:
                    missing_helpers.add(file.module)
                continue
            click.echo(f"{_where(file)}: wrote {_what(file)}")
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
        text = file.generated if file.generated is not None else file.forced
        click.echo(f"# {_where(file)} ({file.status.value})")
        click.echo(text or "", nl=False)
