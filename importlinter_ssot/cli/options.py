"""Options several `ssot` commands share, written once so that their names, types and help agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from importlinter_ssot.application.settings import CACHE_DIR_VARIABLE

_Command = TypeVar("_Command", bound=Callable[..., object])


def engine_options(command: _Command) -> _Command:
    """``--jobs``, ``--no-cache`` and ``--cache-dir``: how a command that reads every file runs the engine.

    The command takes ``jobs``, ``no_cache`` and ``cache_dir``; its help lists them in this order.
    """
    options = (
        click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (0: one per core)."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option(
            "--cache-dir", type=click.Path(file_okay=False), help=f"Cache directory. Env: {CACHE_DIR_VARIABLE}."
        ),
    )
    for option in reversed(options):  # as decorators stacked top to bottom: the last applies first
        command = option(command)
    return command


def file_option(*declarations: str, help: str) -> Callable[[_Command], _Command]:
    """An option that names one file the command reads or writes (``FILE``; a directory is refused)."""
    return click.option(*declarations, type=click.Path(dir_okay=False), help=help)
