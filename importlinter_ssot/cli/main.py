"""`ssot check`: the fast standalone front end (CI, pre-commit, terminals)."""

from __future__ import annotations

import datetime
import os
import sys

import click

from importlinter_ssot import __version__
from importlinter_ssot.adapters.cache_store import DirectoryCacheStore
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.presentation import absolute_path
from importlinter_ssot.adapters.runner import make_runner
from importlinter_ssot.application.check import load_projects, run_check
from importlinter_ssot.application.discovery import DiscoveryError, discover_policies
from importlinter_ssot.application.policy_parsing import PolicyError, PolicyProblem
from importlinter_ssot.cli.reporting import (
    render_json,
    render_json_policy_errors,
    render_problems,
    render_text,
)
from importlinter_ssot.domain.dates import parse_date
from importlinter_ssot.domain.findings import Severity

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parse_today(value: str | None) -> datetime.date:
    if not value:
        return datetime.date.today()
    parsed = parse_date(value)
    if parsed is None:
        raise click.BadParameter(f"`{value}` is not a date (YYYY-MM-DD)", param_hint="'--today' / SSOT_TODAY")
    return parsed


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
@click.option("--today", envvar="SSOT_TODAY", help="Date deprecations are judged on (YYYY-MM-DD). Env: SSOT_TODAY.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes for parsing (0: one per available core).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    envvar="SSOT_CACHE_DIR",
    help="Cache directory (default: .ssot_cache in the project root). Env: SSOT_CACHE_DIR.",
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
) -> None:
    """Check PATHS (default: every file of the policies' root packages).

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage or policy errors.
    """
    judged_on = _parse_today(today)
    file_system = LocalFileSystem()
    try:
        chosen = [absolute_path(path) for path in policy_paths] or discover_policies(
            file_system, absolute_path(os.getcwd())
        )
    except DiscoveryError as error:
        if output_format == "json":
            click.echo(
                render_json_policy_errors([PolicyProblem(absolute_path(os.getcwd()), 1, 1, "", str(error))]), nl=False
            )
        click.echo(f"ssot: {error}", err=True)
        sys.exit(EXIT_USAGE)
    try:
        projects = load_projects(file_system, chosen)
    except PolicyError as error:
        if output_format == "json":
            click.echo(render_json_policy_errors(error.problems), nl=False)
        click.echo(render_problems(error.problems, "error"), err=True, nl=False)
        click.echo("ssot: the policy has errors; nothing was checked.", err=True)
        sys.exit(EXIT_USAGE)
    scope = [absolute_path(path) for path in paths] or None
    cache = None
    if not no_cache and projects:
        cache = DirectoryCacheStore(cache_dir or os.path.join(projects[0].policy.project_root, ".ssot_cache"))
    result = run_check(file_system, projects, judged_on, scope, runner=make_runner(jobs), cache=cache)
    if result.warnings:
        click.echo(render_problems(result.warnings, "warning"), err=True, nl=False)
    if output_format == "json":
        click.echo(render_json(result, judged_on.isoformat()), nl=False)
    else:
        click.echo(render_text(result), nl=False)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    sys.exit(EXIT_FINDINGS if any(finding.severity in failing for finding in result.findings) else EXIT_OK)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
