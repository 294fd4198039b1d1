"""`ssot check --fix` / `--diff`: what the fix adds to the check's output, in ruff's conventions.

``--fix`` writes, then reports what remains as ``ssot check`` does (any format, the
baseline applied) with the fix summary after the text report, inside the JSON document,
or on stderr for the other formats; a file it could not write is named on stderr and
makes the run exit 2, and a fix without the project's lock says so there. ``--diff``
writes nothing, prints the unified diff on stdout (or the ``--output`` file) and the
summary on stderr, and exits 1 when there is something to fix, else 0.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import NoReturn

import click

from importlinter_ssot.adapters.fix_reporting import render_diff, render_fix_json, render_fix_summary
from importlinter_ssot.adapters.presentation import display_path
from importlinter_ssot.adapters.reporting import render_outside, render_problems
from importlinter_ssot.application.fix.fixing import FixResult
from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.application.settings import ExitCode
from importlinter_ssot.composition import Session
from importlinter_ssot.domain.fix_reasons import Reason


def show_diff(
    session: Session,
    projects: Sequence[Project],
    scope: Iterable[str] | None,
    *,
    as_json: bool,
    write: Callable[[str], None],
) -> NoReturn:
    """Write what ``--fix`` would change (a diff, or the JSON document) and exit 1 if anything, else 0.

    ``write`` puts it where the report goes (stdout, or the ``--output`` file).
    """
    result = session.fix(projects, scope, write=False)
    if result.check.warnings:
        click.echo(render_problems(result.check.warnings, "warning"), err=True, nl=False)
    if result.check.outside:
        click.echo(render_outside(result.check), err=True, nl=False)
    if as_json:
        write(render_fix_json(result, session.today.isoformat()))
    else:
        write(render_diff(result))
        click.echo(render_fix_summary(result), err=True, nl=False)
    sys.exit(int(ExitCode.FINDINGS if result.changes else ExitCode.OK))


def fix_report(output_format: str, report: str, fixed: FixResult, today: str, *, to_file: bool) -> tuple[str, str]:
    """The report with the fix's summary in it, and what goes to stderr: (report, stderr text).

    ``fixed.check`` is what the report shows (the baseline applied). JSON gets a ``fix``
    section; a text report on the terminal ends with the summary, as ruff's does; any other
    format (or a file) stays as the check writes it, the summary going to stderr.
    """
    if output_format == "json":
        return render_fix_json(fixed, today), ""
    summary = render_fix_summary(fixed)
    if output_format == "text" and not to_file:
        return report + summary, ""
    return report, summary


def warn_about_writes(fixed: FixResult) -> bool:
    """Say on stderr which files ``--fix`` could not write, and a fix without the lock; True if a write failed."""
    if fixed.unlocked is not None:
        click.echo(
            f"ssot: cannot lock the project against another --fix ({fixed.unlocked}); fixing without the lock: "
            "each file is still written only if it holds what its fix was computed from",
            err=True,
        )
    failed = {item.finding.path: item.detail for item in fixed.not_fixed if item.reason is Reason.WRITE_FAILED}
    for path, detail in sorted(failed.items()):
        click.echo(f"ssot: {display_path(path)}: {detail}", err=True)
    return bool(failed)
