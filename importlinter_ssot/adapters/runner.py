"""Task runners: in this process, or spread over worker processes; each reports its items done to a Progress."""

from __future__ import annotations

# Imports inside functions here are deferred because most runs (warm caches, small trees, one
# file) never start a pool (measured: multiprocessing and concurrent.futures, ~11 ms of `ssot check` start-up).
import gc
import os
from collections.abc import Callable, Sequence
from typing import Any

from importlinter_ssot.application.ports import Item, Progress, Result, Shared

# Below this many items a process pool costs more (start-up, pickling) than it saves.
_MIN_ITEMS_PER_WORKER = 32
# With a progress bar to move, up to this many chunks: a step every ~1.5 % rather than every 12 %.
_MAX_CHUNKS_SHOWN = 64


class NoProgress:
    """Shows nothing: runs nobody watches (pipes, CI logs, editors, lint-imports)."""

    def started(self, total: int) -> None:
        """Nothing to show."""

    def advanced(self, count: int) -> None:
        """Nothing to show."""

    def finished(self) -> None:
        """Nothing to show."""


NO_PROGRESS = NoProgress()


class SerialRunner:
    """Runs every task in this process: for one job, and what a pool falls back to."""

    def __init__(self, progress: Progress = NO_PROGRESS) -> None:
        self.progress = progress

    def map(self, function: Callable[[Shared, Item], Result], shared: Shared, items: Sequence[Item]) -> list[Result]:
        """``function(shared, item)`` for every item, in order."""
        self.progress.started(len(items))
        try:
            results = []
            for item in items:
                results.append(function(shared, item))
                self.progress.advanced(1)
            return results
        finally:
            self.progress.finished()


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# Set once per worker process by the pool initializer, so the shared state (policies, the
# module index) crosses the process boundary once per worker instead of once per task.
_worker_state: tuple[Callable[[Any, Any], Any], Any] | None = None


def _initialize_worker(function: Callable[[Any, Any], Any], shared: Any) -> None:
    global _worker_state
    _worker_state = (function, shared)


def _run_chunk(items: Sequence[Any]) -> list[Any]:
    assert _worker_state is not None
    function, shared = _worker_state
    return [function(shared, item) for item in items]


class ProcessRunner:
    """Spreads tasks over forked worker processes (serially when there are too few to pay off)."""

    def __init__(self, jobs: int, progress: Progress = NO_PROGRESS) -> None:
        self.jobs = max(1, jobs)
        self.progress = progress

    def map(self, function: Callable[[Shared, Item], Result], shared: Shared, items: Sequence[Item]) -> list[Result]:
        """``function(shared, item)`` for every item, results in item order."""
        workers = min(self.jobs, len(items) // _MIN_ITEMS_PER_WORKER)
        if workers < 2:
            return SerialRunner(self.progress).map(function, shared, items)
        self.progress.started(len(items))
        try:
            return self._map(function, shared, items, workers)
        finally:
            self.progress.finished()

    def _map(
        self, function: Callable[[Shared, Item], Result], shared: Shared, items: Sequence[Item], workers: int
    ) -> list[Result]:
        # Imported here: most runs (warm caches, small trees) never start a pool.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # Several chunks per worker balance uneven files (one huge file must not idle the rest);
        # more of them when a bar shows how far the step is.
        chunk_count = workers * 4
        if not isinstance(self.progress, NoProgress):
            chunk_count = max(chunk_count, min(_MAX_CHUNKS_SHOWN, len(items) // _MIN_ITEMS_PER_WORKER))
        chunks = [items[index::chunk_count] for index in range(chunk_count)]
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        # Forked workers share the parent's memory until they write to it, and the cyclic
        # garbage collector writes to every object it examines. Frozen objects are never
        # examined, so the parent's (large, at 100k files) state stays shared.
        gc.freeze()
        chunk_results: list[list[Any]] = [[] for _ in chunks]
        try:
            with ProcessPoolExecutor(
                workers, mp_context=context, initializer=_initialize_worker, initargs=(function, shared)
            ) as pool:
                submitted = {pool.submit(_run_chunk, chunk): index for index, chunk in enumerate(chunks)}
                for future in as_completed(submitted):  # as each chunk is done, whatever the order
                    index = submitted[future]
                    chunk_results[index] = future.result()
                    self.progress.advanced(len(chunks[index]))
        finally:
            gc.unfreeze()
        # Interleaved chunks: put every result back at its item's position.
        results: list[Any] = [None] * len(items)
        for index, chunk_result in enumerate(chunk_results):
            results[index::chunk_count] = chunk_result
        return results


def make_runner(jobs: int | None, progress: Progress = NO_PROGRESS) -> SerialRunner | ProcessRunner:
    """A runner for ``jobs`` processes (0 or None: one per available core), reporting to ``progress``."""
    jobs = default_jobs() if jobs is None or jobs == 0 else jobs
    return SerialRunner(progress) if jobs == 1 else ProcessRunner(jobs, progress)
