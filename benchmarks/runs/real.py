"""ssot vs ruff on real codebases: the rows of ``comparison.py`` on each tree of ``real_trees.py``.

Produces the "Real codebases" table of ``docs/performance.md`` (times, peak memory, findings,
agreement) and its column of the "Targets at a glance" table::

    python benchmarks/run.py --real homeassistant,ansible --pairs 3 --json real.json

Each tree is a pinned source distribution, downloaded and unpacked once under ``--real-cache``
(``real_trees.prepare``), with the policy and ruff configuration of ``benchmarks/real/``.
ruff runs with ``--config ruff.toml`` on the root packages, ssot with ``SSOT_TODAY`` set to
the tree's date. The lint-imports and flake8 rows are not run on real trees.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

import real_trees

from . import Results
from .comparison import compare_tools
from .processes import base_env, capture
from .tools import ruff_arguments, ruff_tool, ssot_tool


def run_real(
    python: str,
    ruff: str | None,
    *,
    names: Sequence[str],
    real_cache: Path,
    ssot_jobs: str | None,
    modes: Sequence[str],
    pairs: int,
) -> dict[str, Results]:
    """The ssot-vs-ruff rows on each real tree of ``names`` (benchmarks/real_trees.py)."""
    if ruff is None:
        raise SystemExit("ruff not found (--ruff): the real-tree rows compare ssot with ruff")
    results: dict[str, Results] = {}
    for name in names:
        started = time.perf_counter()
        tree = real_trees.prepare(name, real_cache)
        info = real_trees.manifest(name, tree)
        env = base_env(info["today"])
        print(
            f"tree {name}: {tree} ({info['requirement']}, {info['python_files']} files, "
            f"{info['total_bytes'] / 1e6:.1f} MB, avg {info['average_bytes'] / 1000:.1f} KB; "
            f"today {info['today']}); prepared in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        ssot = ssot_tool(python, env, info["policy"], ssot_jobs)
        for note in ssot.notes:
            print(f"note: {note}")
        ruff_t = ruff_tool(ruff, info["ruff_config"], info["ruff_paths"])
        tree_results: Results = {
            "tree": str(tree),
            "manifest": info,
            "notes": list(ssot.notes) + ["lint-imports and flake8 rows are not run on real trees"],
            "ssot_command": " ".join(ssot.base[1:]),
        }
        tree_results.update(
            compare_tools(
                tree,
                env,
                python,
                ssot,
                ruff_t,
                ruff_arguments(info["ruff_config"], info["ruff_paths"]),
                modes,
                pairs,
                tree / info["edit_target"],
            )
        )
        tree_results["findings"] = finding_counts(tree, env, python, info["policy"])
        results[name] = tree_results
    return results


def finding_counts(tree: Path, env: dict[str, str], python: str, policy: str) -> Results:
    """Findings per code of the full policy (one JSON run of ssot, not timed)."""
    run = capture([python, "-m", "importlinter_ssot", "check", "--policy", policy, "--format", "json"], tree, env)
    if run.returncode not in (0, 1):
        return {"error": f"ssot exited {run.returncode}: {run.stderr[-2000:]}"}
    counts: dict[str, int] = {}
    for finding in json.loads(run.stdout)["findings"]:
        counts[finding["code"]] = counts.get(finding["code"], 0) + 1
    return dict(sorted(counts.items()))
