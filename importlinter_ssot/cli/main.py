"""`ssot check`: the fast standalone front end (CI, pre-commit, terminals)."""

from __future__ import annotations

import dataclasses
import importlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from importlinter_ssot import __version__
from importlinter_ssot.adapters.colour import colour_wanted
from importlinter_ssot.adapters.formats import FORMATS
from importlinter_ssot.adapters.formats.baseline_lines import baseline_lines
from importlinter_ssot.adapters.output_files import write_text_file
from importlinter_ssot.adapters.presentation import absolute_path, plural
from importlinter_ssot.adapters.progress_bar import stderr_progress
from importlinter_ssot.adapters.reporting import render_outside, render_problems
from importlinter_ssot.application.gate.gate import failing_findings
from importlinter_ssot.application.settings import CACHE_DIR_VARIABLE, TODAY_VARIABLE, ExitCode, RawSettings
from importlinter_ssot.cli.options import file_option
from importlinter_ssot.cli.startup import start_command
from importlinter_ssot.cli.stdout import write_stdout
from importlinter_ssot.domain.findings import Severity

if TYPE_CHECKING:
    from importlinter_ssot.application.fix.fixing import FixResult

# Imports inside functions here are deferred because a run needs only its own command and options
# (measured: --fix/--diff's machinery ~27 ms, the other commands' modules ~30 ms — ssot report's
# alone — and the output formats ~6 ms each, of `ssot check` start-up; see docs/performance.md).

T = TypeVar("T")


def _exit(code: ExitCode) -> NoReturn:
    sys.exit(int(code))


class _Commands(click.Group):
    """``check``, defined here, and the other commands, each imported from its module when it is run (or listed)."""

    # Each further command lives in its own module: name → (module, function).
    LAZY: dict[str, tuple[str, str]] = {
        "report": ("importlinter_ssot.cli.report", "report"),
        "discover": ("importlinter_ssot.cli.discover", "discover"),
        "rule": ("importlinter_ssot.cli.rules", "rule"),
        "rules": ("importlinter_ssot.cli.rules", "rules"),
        "shim": ("importlinter_ssot.cli.shim", "shim"),
        "server": ("importlinter_ssot.cli.server", "server"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY and cmd_name not in self.commands:
            module, name = self.LAZY[cmd_name]
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands)
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
    help="Policy file (repeatable). Default: [tool.ssot] in pyproject.toml (its policy, its policies), "
    "else contracts/*.toml.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="Report format: " + "; ".join(f"{name}: {format_.summary}" for name, format_ in FORMATS.items()) + ".",
)
@file_option(
    "--output",
    "-o",
    "output_file",
    help="Write the report to this file instead of stdout (the exit status is the check's).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 1) on warnings too (with a baseline, every finding it does not cover fails anyway). "
    "Default: [tool.ssot] strict.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Report only these codes or code prefixes (comma separated: a code, a prefix such as SOT0, or ALL; "
    "`ssot rules` lists the codes). Replaces [tool.ssot] select.",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Do not report these codes or prefixes.")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Report these codes too.")
@click.option("--no-noqa", is_flag=True, help="Ignore noqa comments: report what they suppress.")
@file_option(
    "--baseline",
    "baseline_file",
    help="Report only the findings this baseline does not cover; each of them fails the run, warnings included. "
    "Default: [tool.ssot] baseline.",
)
@click.option("--no-baseline", is_flag=True, help="Ignore [tool.ssot] baseline: report every finding.")
@file_option(
    "--write-baseline",
    help="Record the current findings in this baseline file and exit 0 (the whole project: no PATHS).",
)
@click.option(
    "--update-baseline",
    is_flag=True,
    help="Remove the entries no longer found from the baseline (it never adds any).",
)
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
    output_file: str | None,
    strict: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    no_noqa: bool,
    baseline_file: str | None,
    no_baseline: bool,
    write_baseline: str | None,
    update_baseline: bool,
    today: str | None,
    jobs: int,
    no_cache: bool,
    cache_dir: str | None,
    fix: bool,
    diff: bool,
) -> None:
    """Check PATHS (default: every file of the policies' root packages).

    Exit status: 0 no errors, 1 errors (or warnings with --strict; with a baseline, any finding it
    does not cover), 2 usage or policy errors. With --diff: 1 when there is something to fix, else 0.
    """
    if fix and diff:
        raise click.UsageError("--fix and --diff cannot be combined: --diff writes nothing")
    if no_baseline and (baseline_file is not None or update_baseline):
        raise click.UsageError("--no-baseline ignores the baseline: no --baseline or --update-baseline with it")
    if write_baseline and (paths or baseline_file or update_baseline or fix or diff):
        raise click.UsageError(
            "--write-baseline records the whole project as it is: "
            "no PATHS, --baseline, --update-baseline, --fix or --diff"
        )
    raw = RawSettings(
        today=today,
        policies=policy_paths,
        cache=not no_cache,
        cache_dir=cache_dir,
        jobs=jobs,
        select=select or None,
        ignore=ignore,
        extend_select=extend_select,
        noqa=not no_noqa,
        baseline=baseline_file,
        no_baseline=no_baseline,
        strict=strict,
    )
    as_json = output_format == "json"
    session, projects = start_command(
        raw,
        nothing_done="checked",
        # --write-baseline replaces the baseline, --diff shows edits: neither applies one.
        baseline=not (write_baseline or diff),
        as_json=as_json,
        progress=stderr_progress(),
    )
    if update_baseline and session.baseline_path() is None:
        raise click.UsageError("--update-baseline needs a baseline: --baseline FILE or [tool.ssot] baseline")
    scope = [absolute_path(path) for path in paths] or None
    if diff:
        from importlinter_ssot.cli.fixing import show_diff

        show_diff(session, projects, scope, as_json=as_json, write=_writer(output_file, session.project_root()))
    fixed: FixResult | None = None
    writes_failed = False
    if fix:
        from importlinter_ssot.cli.fixing import warn_about_writes

        fixed = session.fix(projects, scope, write=True)
        writes_failed = warn_about_writes(fixed)
        result = fixed.check
    else:
        result = session.check(projects, scope)
    if write_baseline:
        recorded = _written(write_baseline, lambda: session.write_baseline(absolute_path(write_baseline), result))
        click.echo(f"ssot: {plural(recorded.total, 'finding')} recorded in {write_baseline}.")
        _exit(ExitCode.OK)
    # The baseline was read at start-up: one that cannot be used stopped the run before the check (or the fix).
    result = _written(
        session.baseline_path() or "", lambda: session.apply_baseline(result, scope, update=update_baseline)
    )
    if result.warnings:
        click.echo(render_problems(result.warnings, "warning"), err=True, nl=False)
    if result.outside:
        click.echo(render_outside(result), err=True, nl=False)
    report_format = FORMATS[output_format]
    report = report_format.render(result, session.today.isoformat())
    # Colour for people reading the text report: a terminal (or FORCE_COLOR), never a file.
    coloured = output_format == "text" and output_file is None and colour_wanted(sys.stdout, os.environ)
    if coloured:
        from importlinter_ssot.adapters.colour import terminal_paint
        from importlinter_ssot.adapters.formats import text

        report = text.render(result, session.today.isoformat(), terminal_paint())
    if fixed is not None:
        from importlinter_ssot.cli.fixing import fix_report

        # The summary speaks of what the report shows: the baseline may cover some of what remains.
        shown = set(result.findings)
        fixed = dataclasses.replace(
            fixed, check=result, not_fixed=tuple(item for item in fixed.not_fixed if item.finding in shown)
        )
        report, summary = fix_report(output_format, report, fixed, session.today.isoformat(), to_file=bool(output_file))
        click.echo(summary, err=True, nl=False)
    _writer(output_file, session.project_root(), coloured=coloured)(report)
    if result.baseline is not None and (output_file or not report_format.tells_baseline):
        click.echo("".join(f"{line}\n" for line in baseline_lines(result.baseline)), err=True, nl=False)
    if writes_failed:  # whatever the severity of the findings there, or the baseline's view of them
        _exit(ExitCode.USAGE)
    failing = failing_findings(result, strict=session.strict)
    new_warnings = sum(1 for finding in failing if finding.severity is Severity.WARNING)
    if result.baseline is not None and new_warnings and not session.strict:
        # Said once, so that a run that shows only warnings and fails is not a surprise.
        click.echo(
            f"ssot: {plural(new_warnings, 'warning')} not in the baseline: "
            "with a baseline, every finding it does not cover fails the run.",
            err=True,
        )
    _exit(ExitCode.FINDINGS if failing else ExitCode.OK)


def _writer(output_file: str | None, project_root: str, *, coloured: bool = False) -> Callable[[str], None]:
    """Where a report goes: the ``--output`` file (a failure to write stops the run, exit 2), else stdout.

    stdout gets the very bytes the file would hold: nothing is stripped, so colour appears
    exactly when the renderer was asked for it (``coloured``), and never in a file.
    """
    if output_file is None:
        return write_stdout
    return lambda text: _written(output_file, lambda: write_text_file(output_file, text, project_root))


def _written(path: str, write: Callable[[], T]) -> T:
    """``write()``'s result; a file that cannot be written stops the run with its reason (exit 2)."""
    try:
        return write()
    except OSError as error:
        click.echo(f"ssot: cannot write {path}: {error.strerror or error}", err=True)
        _exit(ExitCode.USAGE)


def main() -> None:
    """The ``ssot`` console script."""
    cli()


if __name__ == "__main__":
    main()
