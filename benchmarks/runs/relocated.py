"""The ``relocated`` mode: ssot warm in the tree vs ssot in a copy of it with its cache, every mtime new.

Produces the "A cache that works in CI" table of ``docs/performance.md`` and the relocated
rows of its ssot-vs-ruff and real-codebase tables (target: relocated <= 1.5x warm)::

    python benchmarks/run.py --files 10000 --seed 1 --modes cold,warm,edit,relocated
    python benchmarks/run.py --real homeassistant,ansible     # relocated is a default mode there

The copy is what CI sees after restoring a cache into a fresh clone: another path, every
file's mtime set to now. It is made beside the tree (as much disk as the tree) and removed
at the end.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from . import Results
from .processes import Run, run_command
from .tools import Tool


def touch_all(root: Path, now_ns: int) -> int:
    """Set the mtime (and atime) of every file below ``root`` to ``now_ns``; the number of files."""
    count = 0
    for directory, _, files in os.walk(root):
        for name in files:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                os.utime(path, ns=(now_ns, now_ns))
                count += 1
    return count


def relocate(tree: Path, copy: Path, tools: Sequence[Tool]) -> int:
    """Make ``copy`` what CI sees: a fresh clone of ``tree`` with the tools' caches restored.

    The first call copies the whole tree; later calls only restore the cache directories from
    ``tree`` (the sources are unchanged). Then every file's mtime is set to now, as a fresh
    ``git clone`` (and a cache restored by CI) would. Returns the number of files touched.
    """
    if not copy.exists():
        shutil.copytree(tree, copy, symlinks=True)
    else:
        for tool in tools:
            for name in tool.cache_dirs:
                shutil.rmtree(copy / name, ignore_errors=True)
                if (tree / name).is_dir():
                    shutil.copytree(tree / name, copy / name, symlinks=True)
    return touch_all(copy, time.time_ns())


def measure_relocated(
    tree: Path, env: dict[str, str], ssot: Tool, ruff: Tool | None, pairs: int, copy: Path
) -> Results:
    """ssot warm in ``tree`` vs ssot in a relocated copy of it (caches included, every mtime now).

    The "cache that works in CI" case: the cache of a warm run, restored into a fresh clone at
    another path. Each pair runs ssot warm in ``tree`` and ssot in a freshly relocated ``copy``
    (ABBA order); ruff also runs in the relocated copy, for reference. The copy is removed at the end.
    """
    tools = [ssot] + ([ruff] if ruff is not None else [])
    runs: dict[str, list[Run]] = {"ssot_warm": [], "ssot_relocated": [], "ruff_relocated": []}
    shutil.rmtree(copy, ignore_errors=True)
    touched = 0
    try:
        for tool in tools:  # prime the caches in the tree
            tool.clear(tree)
            run_command(tool.command("warm"), tree, env)
        for index in range(pairs):
            touched = relocate(tree, copy, tools)
            steps = [("ssot_warm", ssot, tree), ("ssot_relocated", ssot, copy)]
            if ruff is not None:
                steps.append(("ruff_relocated", ruff, copy))
            for label, tool, where in steps if index % 2 == 0 else list(reversed(steps)):
                runs[label].append(run_command(tool.command("warm"), where, env))
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    warm = [r.seconds for r in runs["ssot_warm"]]
    relocated = [r.seconds for r in runs["ssot_relocated"]]
    result: Results = {
        "mode": "relocated",
        "pairs": pairs,
        "copy": str(copy),
        "files_touched": touched,
        "ssot_warm_times_s": warm,
        "ssot_times_s": relocated,
        "ssot_warm_median_s": statistics.median(warm),
        "ssot_median_s": statistics.median(relocated),
        # The target's ratio: relocated ssot / warm ssot.
        "median_ratio": statistics.median([b / a for a, b in zip(warm, relocated, strict=True)]),
        "ratio_of_medians": statistics.median(relocated) / statistics.median(warm),
        "ssot_max_rss_mb": max(r.max_rss_kb for r in runs["ssot_relocated"]) / 1024,
    }
    if ruff is not None:
        ruff_times = [r.seconds for r in runs["ruff_relocated"]]
        result["ruff_times_s"] = ruff_times
        result["ruff_median_s"] = statistics.median(ruff_times)
        result["median_ratio_vs_ruff"] = statistics.median([b / a for a, b in zip(ruff_times, relocated, strict=True)])
    return result
