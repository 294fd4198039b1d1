"""How every `ssot` command starts: the composition root's start-up, its one error in the command line's terms.

`ssot check`, `report`, `shim` and `discover` refuse the same inputs with the same words:
a setting as click's usage error (``Invalid value for --today: …``), a broken policy or
``[tool.ssot]`` as its located problems then one line saying nothing was done (and the
``policy_errors`` JSON document when the command writes JSON), a baseline as its located
problem, no policy as the reason — always exit status 2.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from importlinter_ssot.adapters.reporting import render_json_policy_errors, render_problems
from importlinter_ssot.application.ports import Progress
from importlinter_ssot.application.settings import ExitCode, RawSettings
from importlinter_ssot.application.startup import Stage, StartupError
from importlinter_ssot.cli.stdout import write_stdout
from importlinter_ssot.composition import Policies, Started, start


def start_command(
    raw: RawSettings,
    *,
    nothing_done: str,
    policies: Policies = Policies.SCAN,
    baseline: bool = False,
    as_json: bool = False,
    progress: Progress | None = None,
) -> Started:
    """``start`` for a command; a run that cannot start is refused here (exit 2).

    ``nothing_done``: what the command would have done, for "nothing was checked";
    ``as_json``: the command writes JSON, so the policy's problems go to stdout as JSON too.
    """
    try:
        return start(raw, policies=policies, baseline=baseline, progress=progress)
    except StartupError as error:
        refuse(error, nothing_done, as_json=as_json)


def refuse(error: StartupError, nothing_done: str, *, as_json: bool = False) -> NoReturn:
    """Say why the run cannot start, in the command line's terms, and exit 2."""
    if error.stage is Stage.SETTINGS:
        # An option or a variable the user set: click's usage error, which names it.
        problem = error.problems[0]
        raise click.BadParameter(problem.message, param_hint=problem.key)
    if error.stage is Stage.DISCOVERY:
        # The message says where no policy was found and how to give one: the place adds nothing.
        click.echo("".join(f"ssot: {problem.message}\n" for problem in error.problems), err=True, nl=False)
    else:
        if as_json and error.stage is Stage.POLICY:
            write_stdout(render_json_policy_errors(error.problems))
        click.echo(render_problems(error.problems, "error"), err=True, nl=False)
        if error.stage is Stage.POLICY:
            click.echo(f"ssot: the policy has errors; nothing was {nothing_done}.", err=True)
        else:
            click.echo("ssot: the baseline cannot be used.", err=True)
    sys.exit(int(ExitCode.USAGE))
