"""`ssot check --fix` / `--diff`: run the fix use case and print what it did, in ruff's conventions.

``--fix`` writes, then prints what remains (as ``ssot check`` does) and the fix summary;
its exit status is the check's. ``--diff`` writes nothing, prints the unified diff on
stdout and the summary on stderr, and exits 1 when there is something to fix, else 0.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import NoReturn

import click

from importlinter_ssot.adapters.fix_reporting import render_diff, render_fix_json, render_fix_summary
from importlinter_ssot.adapters.reporting import render_outside, render_problems, render_text
from importlinter_ssot.application.project import Project
from importlinter_ssot.application.settings import ExitCode
from importlinter_ssot.composition import Session
from importlinter_ssot.domain.findings import Severity


def fix_command(
    session: Session, projects: list[Project], scope: Iterable[str] | None, *, write: bool, as_json: bool, strict: bool
) -> NoReturn:
    """Fix (``write``) or show the fixes as a diff, print, and exit with the status the options ask for."""
    result = session.fix(projects, scope, write=write)
    if result.check.warnings:
        click.echo(render_problems(result.check.warnings, "warning"), err=True, nl=False)
    if result.check.outside:
        click.echo(render_outside(result.check), err=True, nl=False)
    if as_json:
        click.echo(render_fix_json(result, session.today.isoformat()), nl=False)
    elif write:
        click.echo(render_text(result.check) + render_fix_summary(result), nl=False)
    else:
        click.echo(render_diff(result), nl=False)
        click.echo(render_fix_summary(result), err=True, nl=False)
    if not write:
        sys.exit(int(ExitCode.FINDINGS if result.changes else ExitCode.OK))
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    remaining = any(finding.severity in failing for finding in result.check.findings)
    sys.exit(int(ExitCode.FINDINGS if remaining else ExitCode.OK))
