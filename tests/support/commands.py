"""Any `ssot` command in this process (``ssot_in_process`` runs `ssot check` only)."""

from __future__ import annotations

from pathlib import Path

from support.front_ends import Run, run_variables, working_directory


def ssot_command(*args: str, cwd: str | Path, today: str | None = None) -> Run:
    """``ssot ARGS`` run from ``cwd`` by click's test runner (SSOT_TODAY = ``today``; exceptions propagate)."""
    from click.testing import CliRunner

    from importlinter_ssot.cli.main import cli

    with working_directory(cwd):
        result = CliRunner().invoke(cli, list(args), env=run_variables(today), catch_exceptions=False, prog_name="ssot")
    return Run(result.exit_code, result.stdout, result.stderr)
