"""Scale: ssot alone, cold and warm, at N and 10×N files of the generated tree (same seed).

Produces the "Scale: 10k → 100k files" table of ``docs/performance.md`` (targets: 10×N files
in <= 11× the time of N, <= 300 MB for the whole process tree at 100k files)::

    python benchmarks/run.py --files 10000 --seed 1 --scale --pairs 1 --json scale.json

The two sizes are interleaved in ABBA pairs, so that drift in machine load hits both; the
time ratio is the median of the per-pair ratios (10×N / N). Peak memory: the largest process
of every run, and one extra run per size and mode with the process tree's RSS and PSS
sampled (``--jobs`` workers counted together). The 10×N tree needs ~20 MB per 1000 files.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from . import Results
from .comparison import peak_memory
from .generated import prepare_tree
from .processes import Run, run_command
from .tools import ssot_tool


def run_scale(
    env: dict[str, str],
    python: str,
    *,
    tree_dir: Path,
    files: int,
    seed: int,
    regenerate: bool,
    ssot_jobs: str | None,
    pairs: int,
) -> Results:
    """ssot alone at N and 10*N files, runs interleaved in ABBA order (machine drift hits both)."""
    sizes = [files, files * 10]
    rows: list[Results] = []
    for size in sizes:
        tree, manifest, generation = prepare_tree(tree_dir, size, seed, regenerate)
        print(
            f"tree: {tree} ({manifest['total_bytes'] / 1e6:.0f} MB)"
            + (f", generated in {generation:.0f} s" if generation is not None else ", reused"),
            flush=True,
        )
        rows.append(
            {"files": size, "tree": str(tree), "bytes": manifest["total_bytes"], "generation_seconds": generation}
        )
    ssot = ssot_tool(python, env, "contracts/ssot.toml", ssot_jobs)
    for note in ssot.notes:
        print(f"note: {note}")
    for row in rows:  # warm-up: page cache, .pyc files
        ssot.clear(Path(row["tree"]))
        run_command(ssot.command("cold"), Path(row["tree"]), env)
    ratios: dict[str, list[float]] = {}
    for mode in ("cold", "warm"):
        started = time.perf_counter()
        runs: dict[int, list[Run]] = {row["files"]: [] for row in rows}
        if mode == "warm":
            for row in rows:
                ssot.clear(Path(row["tree"]))
                run_command(ssot.command(mode), Path(row["tree"]), env)
        for index in range(pairs):
            for row in rows if index % 2 == 0 else list(reversed(rows)):
                tree = Path(row["tree"])
                if mode == "cold":
                    ssot.clear(tree)
                runs[row["files"]].append(run_command(ssot.command(mode), tree, env))
        ratios[mode] = [
            large.seconds / small.seconds for small, large in zip(runs[sizes[0]], runs[sizes[1]], strict=True)
        ]
        for row in rows:
            times = [run.seconds for run in runs[row["files"]]]
            memory = peak_memory(Path(row["tree"]), env, ssot, mode)  # one extra, sampled run
            row[mode] = {
                "times_s": times,
                "median_s": statistics.median(times),
                "max_process_rss_mb": max(
                    max(r.max_rss_kb for r in runs[row["files"]]) / 1024, memory["max_process_rss_mb"]
                ),
                "max_tree_rss_mb": memory["max_tree_rss_mb"],
                "max_tree_pss_mb": memory["max_tree_pss_mb"],
            }
            print(
                f"  {row['files']} files {mode}: median {row[mode]['median_s']:.2f} s, "
                f"peak RSS {row[mode]['max_process_rss_mb']:.0f} MB "
                f"(process tree: RSS {row[mode]['max_tree_rss_mb']:.0f} MB, PSS {row[mode]['max_tree_pss_mb']:.0f} MB)",
                flush=True,
            )
        print(f"  ({mode}: {time.perf_counter() - started:.0f} s for {pairs} pairs)", flush=True)
    small, large = rows
    summary: Results = {
        "files": sizes,
        "rows": rows,
        "cold_time_ratio": statistics.median(ratios["cold"]),
        "warm_time_ratio": statistics.median(ratios["warm"]),
        "cold_ratio_of_medians": large["cold"]["median_s"] / small["cold"]["median_s"],
        "warm_ratio_of_medians": large["warm"]["median_s"] / small["warm"]["median_s"],
        "peak_process_rss_mb_large": max(large["cold"]["max_process_rss_mb"], large["warm"]["max_process_rss_mb"]),
        "peak_tree_rss_mb_large": max(large["cold"]["max_tree_rss_mb"], large["warm"]["max_tree_rss_mb"]),
        "peak_tree_pss_mb_large": max(large["cold"]["max_tree_pss_mb"], large["warm"]["max_tree_pss_mb"]),
    }
    print()
    print(
        f"scale {sizes[0]} -> {sizes[1]} files (median of per-pair ratios): "
        f"cold time x{summary['cold_time_ratio']:.2f}, "
        f"warm time x{summary['warm_time_ratio']:.2f} (target <= 11x); peak memory at {sizes[1]}: "
        f"{summary['peak_process_rss_mb_large']:.0f} MB per process, "
        f"process tree {summary['peak_tree_pss_mb_large']:.0f} MB PSS ({summary['peak_tree_rss_mb_large']:.0f} MB RSS, "
        "shared pages counted once per process) (target <= 300 MB at 100k)"
    )
    return summary
