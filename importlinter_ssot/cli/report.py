"""`ssot report`: where the migration stands, from the same engine and cache as `ssot check`."""

from __future__ import annotations

import click

from importlinter_ssot.adapters.output_files import write_text_file
from importlinter_ssot.adapters.presentation import absolute_path
from importlinter_ssot.adapters.progress_bar import stderr_progress
from importlinter_ssot.adapters.report.html import render_report_html
from importlinter_ssot.adapters.report.json_report import ReportFormatError, load_report_json, render_report_json
from importlinter_ssot.adapters.report.text import render_report_markdown, render_report_text
from importlinter_ssot.adapters.reporting import render_problems
from importlinter_ssot.application.report.report_compare import compare_reports
from importlinter_ssot.application.settings import TODAY_VARIABLE, RawSettings
from importlinter_ssot.cli.options import engine_options, file_option
from importlinter_ssot.cli.startup import start_command
from importlinter_ssot.cli.stdout import write_stdout

FORMATS = ("text", "markdown", "json", "html")


def write_output(text: str, output: str | None, project_root: str) -> None:
    """``text`` to ``output`` (UTF-8; atomically, as every writer: ``safe_files``), or to stdout (the same bytes)."""
    if output is None:
        write_stdout(text)
        return
    try:
        write_text_file(output, text, project_root)
    except OSError as error:
        raise click.FileError(output, hint=error.strerror or str(error)) from None


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--policy", "policy_paths", multiple=True, type=click.Path(), help="Policy file (repeatable), as for check."
)
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@file_option("--output", "-o", help="Write the report to FILE instead of stdout.")
@click.option(
    "--compare",
    "previous",
    type=click.Path(exists=True, dir_okay=False),
    help="A previous `ssot report --format json`: show what changed since.",
)
@click.option("--today", help=f"Date deprecations are judged on (YYYY-MM-DD). Env: {TODAY_VARIABLE}.")
@engine_options
def report(
    paths: tuple[str, ...],
    policy_paths: tuple[str, ...],
    output_format: str,
    output: str | None,
    previous: str | None,
    today: str | None,
    jobs: int,
    no_cache: bool,
    cache_dir: str | None,
) -> None:
    """Report where the migration stands: per governed symbol its definitions, import patterns and
    progress; per deprecated path and module rule the importers left; per duplicates rule the names.

    PATHS limit the files counted, as for `ssot check`. Exit status: 0 a report was written,
    2 usage or policy errors (findings do not fail a report: `ssot check` does that).
    """
    raw = RawSettings(today=today, policies=policy_paths, cache=not no_cache, cache_dir=cache_dir, jobs=jobs)
    earlier = None
    if previous is not None:
        try:
            with open(previous, encoding="utf-8") as stream:
                earlier = load_report_json(stream.read(), previous)
        except (OSError, UnicodeDecodeError) as error:
            raise click.BadParameter(f"cannot read {previous}: {error}", param_hint="--compare") from None
        except ReportFormatError as error:
            raise click.BadParameter(str(error), param_hint="--compare") from None
    # A report applies no baseline: a baseline that cannot be used is `ssot check`'s business.
    started = start_command(raw, nothing_done="reported", progress=stderr_progress())
    session, projects = started.session, list(started.projects)
    scope = [absolute_path(path) for path in paths] or None
    result = session.report(projects, scope)
    if result.warnings:
        click.echo(render_problems(result.warnings, "warning"), err=True, nl=False)
    changes = compare_reports(earlier, result) if earlier is not None else None
    renderers = {
        "text": render_report_text,
        "markdown": render_report_markdown,
        "json": render_report_json,
        "html": render_report_html,
    }
    write_output(renderers[output_format](result, changes), output, session.project_root())
