"""`ssot discover`: duplicated classes and functions, and a starter policy, with no policy needed."""

from __future__ import annotations

import sys

import click

from importlinter_ssot.adapters.progress_bar import stderr_progress
from importlinter_ssot.application.settings import ExitCode, RawSettings
from importlinter_ssot.cli.report import write_output
from importlinter_ssot.cli.startup import start_command
from importlinter_ssot.composition import Policies


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("--pattern", "patterns", multiple=True, help="Only names matching this fnmatch GLOB (repeatable).")
@click.option(
    "--exclude", "excludes", multiple=True, help="Path GLOB to leave out, as a policy's `exclude` (repeatable)."
)
@click.option("--emit-policy", is_flag=True, help="Print a starter policy (TOML) that `ssot check` accepts.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (0: one per core).")
def discover(
    paths: tuple[str, ...],
    patterns: tuple[str, ...],
    excludes: tuple[str, ...],
    emit_policy: bool,
    output: str | None,
    jobs: int,
) -> None:
    """Find classes and functions defined at module level in more than one first-party module of PATHS
    (default: the current project), with their definition sites and how they are imported.

    Exit status: 0 (duplicates are not an error here), 2 nothing to discover in.
    """
    from importlinter_ssot.adapters.report.discover_output import render_discovery_text, render_policy_toml
    from importlinter_ssot.application.discover import DiscoverError, propose_policy

    # No policy, no [tool.ssot]: only the settings, which refuse what they refuse for every command.
    session = start_command(
        RawSettings(jobs=jobs), nothing_done="discovered", policies=Policies.NONE, progress=stderr_progress()
    ).session
    try:
        found = session.discover(paths, patterns, excludes)
    except DiscoverError as error:
        click.echo(f"ssot: {error}", err=True)
        sys.exit(int(ExitCode.USAGE))
    if emit_policy:
        write_output(render_policy_toml(propose_policy(found)), output, session.project_root())
        click.echo(render_discovery_text(found).splitlines()[-1], err=True)
    else:
        write_output(render_discovery_text(found), output, session.project_root())
