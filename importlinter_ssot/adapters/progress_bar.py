"""A progress bar on stderr, with rich, for the steps that read or parse many files — when someone is watching.

Only a terminal gets one (never a pipe or a CI log, whatever FORCE_COLOR says: a log keeps
every frame), and only for a step over ``MIN_SHOWN`` files or more: a small or warm run is
over before a bar would say anything. rich is imported when a bar is first shown, so that
``ssot check`` on a warm cache, in CI or in pre-commit does not pay for it.

The bar is redrawn as files are done, at most once per percent, and never from a thread of
its own: the worker processes are forked from this one, and a thread holding a lock at fork
time is how forked children deadlock. It is erased when the step ends.
"""

from __future__ import annotations

import sys
from typing import IO, Any

from importlinter_ssot.application.ports import Progress

MIN_SHOWN = 200  # files in one step


class ProgressBar:
    """A rich progress bar on ``stream`` (a terminal), one per step over enough files."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._bar: Any = None  # rich.progress.Progress while a step is shown
        self._task: Any = None
        self._total = 0
        self._done = 0
        self._shown_percent = -1

    def started(self, total: int) -> None:
        """Show a bar for a step over ``total`` files, if there are enough of them."""
        self.finished()
        if total < MIN_SHOWN:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            TextColumn("ssot"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            console=Console(file=self._stream, stderr=True),
            auto_refresh=False,  # no refresh thread (see the module's docstring)
            transient=True,
        )
        self._task = self._bar.add_task("", total=total)
        self._total, self._done, self._shown_percent = total, 0, -1
        self._bar.start()

    def advanced(self, count: int) -> None:
        """``count`` more files done: the bar moves when the percentage does."""
        if self._bar is None:
            return
        self._done += count
        self._bar.advance(self._task, count)
        percent = self._done * 100 // self._total
        if percent != self._shown_percent:
            self._shown_percent = percent
            self._bar.refresh()

    def finished(self) -> None:
        """Erase the bar, if one is shown."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def stderr_progress() -> Progress | None:
    """A progress bar when stderr is a terminal, else None (the runners then show nothing)."""
    stream = sys.stderr
    try:
        watched = stream.isatty()
    except (AttributeError, ValueError):  # replaced by something that is not a file, or closed
        watched = False
    return ProgressBar(stream) if watched else None
