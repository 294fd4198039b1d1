"""`ssot check`: the fast standalone front end (CI, pre-commit, terminals)."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from importlinter_ssot import __version__
from importlinter_ssot.adapters.presentation import absolute_path
from importlinter_ssot.adapters.reporting import (
    render_json,
    render_json_policy_errors,
    render_outside,
    render_problems,
    render_text,
)
from importlinter_ssot.application.discovery import DiscoveryError
from importlinter_ssot.application.settings import (
    CACHE_DIR_VARIABLE,
    TODAY_VARIABLE,
    ExitCode,
    RawSettings,
    SettingError,
)
from importlinter_ssot.cli.fixing import fix_command
from importlinter_ssot.composition import Session
from importlinter_ssot.domain.findings import Severity
from importlinter_ssot.domain.problems import PolicyError, PolicyProblem


def _exit(code: ExitCode) -> NoReturn:
    sys.exit(int(code))


@click.group()
@click.version_option(__version__, prog_name="ssot")
def cli() -> None:
    """Enforce single-source-of-truth import policies."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--policy",
    "policy_paths",
    multiple=True,
    type=click.Path(),
    help="Policy file (repeatable). Default: [tool.ssot] policies in pyproject.toml, else contracts/*.toml.",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--today", help=f"Date deprecations are judged on (YYYY-MM-DD). Env: {TODAY_VARIABLE}.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes for parsing (0: one per available core).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--fix", is_flag=True, help="Rewrite flagged imports to their canonical paths, then report what remains.")
@click.option("--diff", is_flag=True, help="Print what --fix would change as a unified diff; write nothing.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help=f"Cache directory (default: .ssot_cache in the project root). Env: {CACHE_DIR_VARIABLE}.",
)
def check(
    paths: tuple[str, ...],
    policy_paths: tuple[str, ...],
    output_format: str,
    strict: bool,
    today: str | None,
    jobs: int,
    no_cache: bool,
    cache_dir: str | None,
    fix: bool,
    diff: bool,
) -> None:
    """Check PATHS (default: every file of the policies' root packages).

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage or policy errors.
    With --diff: 1 when there is something to fix, else 0.
    """
    if fix and diff:
        raise click.UsageError("--fix and --diff cannot be combined: --diff writes nothing")
    raw = RawSettings(today=today, policies=policy_paths, cache=not no_cache, cache_dir=cache_dir, jobs=jobs)
    try:
        session = Session(raw)
    except SettingError as error:
        raise click.BadParameter(error.message, param_hint=error.source) from None
    as_json = output_format == "json"
    try:
        projects = session.load(session.policy_paths())
    except DiscoveryError as error:
        _stop([PolicyProblem(session.base, 1, 1, "", str(error))], as_json, f"ssot: {error}")
    except PolicyError as error:
        _stop(error.problems, as_json, "ssot: the policy has errors; nothing was checked.", listed=True)
    if fix or diff:
        fix_command(
            session,
            projects,
            [absolute_path(path) for path in paths] or None,
            write=fix,
            as_json=as_json,
            strict=strict,
        )
    result = session.check(projects, [absolute_path(path) for path in paths] or None)
    if result.warnings:
        click.echo(render_problems(result.warnings, "warning"), err=True, nl=False)
    if result.outside:
        click.echo(render_outside(result), err=True, nl=False)
    if as_json:
        click.echo(render_json(result, session.today.isoformat()), nl=False)
    else:
        click.echo(render_text(result), nl=False)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    _exit(ExitCode.FINDINGS if any(finding.severity in failing for finding in result.findings) else ExitCode.OK)


def _stop(problems: list[PolicyProblem], as_json: bool, summary: str, *, listed: bool = False) -> NoReturn:
    """Nothing can be checked: say why (JSON on stdout when asked), exit 2."""
    if as_json:
        click.echo(render_json_policy_errors(problems), nl=False)
    if listed:
        click.echo(render_problems(problems, "error"), err=True, nl=False)
    click.echo(summary, err=True)
    _exit(ExitCode.USAGE)


def main() -> None:
    """The ``ssot`` console script."""
    cli()


if __name__ == "__main__":
    main()
