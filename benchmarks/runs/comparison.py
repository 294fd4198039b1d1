"""ssot vs ruff on one tree: A/B pairs per mode (ABBA order), peak memory, then the agreement check.

Produces the "ssot check vs ruff (TID251), 10k-file generated tree" tables of
``docs/performance.md`` (times and peak memory) and, run on each real tree, the
"Real codebases" table::

    python benchmarks/run.py --files 10000 --seed 1 --pairs 3 --modes cold,warm,edit,relocated
    python benchmarks/run.py --real homeassistant,ansible --pairs 3

Modes: ``cold`` (both caches removed before every run, ``--no-cache`` for both), ``warm``
(caches filled by a priming run), ``edit`` (one file gets a new comment line before every
pair), ``relocated`` (``relocated.py``) and ``floor`` (ssot cold against ``parse_floor.py``, the reading,
relevance test and ``ast.parse`` of exactly the files a cold check parses, on as many processes:
issue 25's cold / floor). Each mode is preceded by nothing but a warm-up
run of each tool (page cache, ``.pyc`` files); its figure is the median of the per-pair
ratios ssot/ruff. Peak memory: the largest RSS of any process of every timed run, and one
extra run per mode with the whole process tree's RSS and PSS sampled.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from . import Results
from .agreement import agreement
from .processes import Run, run_command, version_of
from .relocated import measure_relocated
from .tools import Tool, floor_tool

MODES = ("cold", "warm", "edit", "relocated", "floor")


def edit_file(path: Path, original: bytes, counter: int) -> None:
    """``original`` with a new comment line: one changed file, a different one each time."""
    path.write_bytes(original + f"\n# benchmark edit {counter}\n".encode())


def measure_pairs(
    tree: Path, env: dict[str, str], a: Tool, b: Tool, mode: str, pairs: int, edit_target: Path | None
) -> Results:
    """A/B pairs in ABBA order; returns times, ratios b/a and peak memory."""
    original = edit_target.read_bytes() if edit_target is not None else b""
    runs: dict[str, list[Run]] = {a.name: [], b.name: []}
    try:
        if mode != "cold":  # prime the caches
            for tool in (a, b):
                tool.clear(tree)
                run_command(tool.command(mode), tree, env)
        for index in range(pairs):
            order = (a, b) if index % 2 == 0 else (b, a)
            if mode == "edit" and edit_target is not None:
                edit_file(edit_target, original, index)
            for tool in order:
                if mode == "cold":
                    tool.clear(tree)
                runs[tool.name].append(run_command(tool.command(mode), tree, env))
    finally:
        if edit_target is not None:
            edit_target.write_bytes(original)
    a_times = [r.seconds for r in runs[a.name]]
    b_times = [r.seconds for r in runs[b.name]]
    ratios = [y / x for x, y in zip(a_times, b_times, strict=True)]
    return {
        "mode": mode,
        "pairs": pairs,
        f"{a.name}_times_s": a_times,
        f"{b.name}_times_s": b_times,
        f"{a.name}_median_s": statistics.median(a_times),
        f"{b.name}_median_s": statistics.median(b_times),
        "median_ratio": statistics.median(ratios),
        "ratio_of_medians": statistics.median(b_times) / statistics.median(a_times),
        f"{a.name}_max_rss_mb": max(r.max_rss_kb for r in runs[a.name]) / 1024,
        f"{b.name}_max_rss_mb": max(r.max_rss_kb for r in runs[b.name]) / 1024,
    }


def peak_memory(tree: Path, env: dict[str, str], tool: Tool, mode: str) -> Results:
    """One extra run of ``tool`` in ``mode`` with the process tree's RSS sampled."""
    tool.clear(tree)
    if mode == "warm":
        run_command(tool.command(mode), tree, env)
    run = run_command(tool.command(mode), tree, env, sample_tree=True)
    return {
        "tool": tool.name,
        "mode": mode,
        "seconds": run.seconds,
        "max_process_rss_mb": run.max_rss_kb / 1024,
        "max_tree_rss_mb": (run.tree_rss_kb or 0) / 1024,
        "max_tree_pss_mb": (run.tree_pss_kb or 0) / 1024,
    }


def compare_tools(
    tree: Path,
    env: dict[str, str],
    python: str,
    ssot: Tool,
    ruff_t: Tool,
    ruff_args: Sequence[str],
    modes: Sequence[str],
    pairs: int,
    edit_target: Path,
) -> Results:
    """The ssot-vs-ruff rows on one tree: the pairs of each mode, peak memory, the agreement check."""
    ruff = ruff_t.base[0]
    results: Results = {
        "ruff_command": " ".join(ruff_t.base),
        "ruff_version": version_of([ruff, "--version"], env),
        "pairs": [],
    }
    # Warm-up: OS page cache and .pyc files, not measured.
    for tool in (ssot, ruff_t):
        tool.clear(tree)
        run_command(tool.command("cold"), tree, env)
    for mode in modes:
        started = time.perf_counter()
        if mode == "relocated":
            result = measure_relocated(tree, env, ssot, ruff_t, pairs, tree.parent / f"{tree.name}-relocated")
        elif mode == "floor":
            result = measure_pairs(tree, env, floor_tool(ssot), ssot, "cold", pairs, None)
            result["mode"] = "floor"
        else:
            result = measure_pairs(tree, env, ruff_t, ssot, mode, pairs, edit_target if mode == "edit" else None)
        result["wall_seconds"] = time.perf_counter() - started
        results["pairs"].append(result)
        print(f"  {mode}: {result['wall_seconds']:.0f} s for {pairs} pairs", flush=True)
    warm = next((r for r in results["pairs"] if r["mode"] == "warm"), None)
    edit = next((r for r in results["pairs"] if r["mode"] == "edit"), None)
    if warm and edit:
        results["edit_vs_ruff_warm"] = edit["ssot_median_s"] / warm["ruff_median_s"]
        results["edit_vs_ssot_warm"] = edit["ssot_median_s"] / warm["ssot_median_s"]
    results["memory"] = [peak_memory(tree, env, tool, mode) for mode in ("cold", "warm") for tool in (ssot, ruff_t)]
    started = time.perf_counter()
    results["agreement"] = agreement(tree, env, python, ruff, ruff_args)
    results["agreement"]["seconds"] = time.perf_counter() - started
    return results
