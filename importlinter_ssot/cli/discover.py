"""`ssot discover`: duplicated classes and functions, and a starter policy, with no policy needed."""

from __future__ import annotations

import sys

import click

from importlinter_ssot.adapters.progress_bar import stderr_progress
from importlinter_ssot.adapters.report.discover_output import (
    render_discovery_text,
    render_policy_toml,
    render_summary,
)
from importlinter_ssot.application.report.discover import DiscoverError
from importlinter_ssot.application.report.discover_policy import propose_policy
from importlinter_ssot.application.settings import ExitCode, RawSettings
from importlinter_ssot.cli.options import engine_options, file_option
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
@click.option("--summary", "summary_only", is_flag=True, help="Print only the summary: counts and the top names.")
@file_option("--output", "-o", help="Write to FILE instead of stdout.")
@engine_options
def discover(
    paths: tuple[str, ...],
    patterns: tuple[str, ...],
    excludes: tuple[str, ...],
    emit_policy: bool,
    summary_only: bool,
    output: str | None,
    jobs: int,
    no_cache: bool,
    cache_dir: str | None,
) -> None:
    """Find classes and functions defined at module level in more than one first-party module of PATHS
    (default: the current project) — assignments followed to the class or def they alias — with the
    objects each name is bound to, their definition sites and how they are imported: a summary first.

    Each file's facts are cached as `ssot check` caches its results: a second run parses only the
    files changed since. Exit status: 0 (duplicates are not an error here), 2 nothing to discover in.
    """
    # No policy, no [tool.ssot]: only the settings, which refuse what they refuse for every command.
    raw = RawSettings(cache=not no_cache, cache_dir=cache_dir, jobs=jobs)
    session = start_command(raw, nothing_done="discovered", policies=Policies.NONE, progress=stderr_progress()).session
    try:
        found = session.discover(paths, patterns, excludes)
    except DiscoverError as error:
        click.echo(f"ssot: {error}", err=True)
        sys.exit(int(ExitCode.USAGE))
    if emit_policy:
        write_output(render_policy_toml(propose_policy(found)), output, session.project_root())
        click.echo(render_summary(found)[0], err=True)
    else:
        write_output(render_discovery_text(found, summary_only=summary_only), output, session.project_root())
