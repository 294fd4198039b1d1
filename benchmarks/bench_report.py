"""`ssot report` and `ssot discover` against `ssot check`, as ratios measured in one run on one machine.

    python benchmarks/bench_report.py --tree /tmp/ssot-bench/files10000-seed1 --pairs 5 --discover-pairs 2

Targets (issue 15): ``ssot report`` warm <= 1.2x ``ssot check`` warm (both with the cache a
priming check wrote, nothing changed; the report rendered as JSON), and ``ssot discover`` on
the whole tree (no policy; the policy's excludes passed as ``--exclude``) <= 2x ``ssot check``
cold (``--no-cache``). Each pair runs A and B in alternating order (ABBA) and the figure is
the median of the per-pair ratios B/A. Without ``--tree`` the 10k-file tree of
``benchmarks/generate.py`` is generated (or reused) under ``--tree-dir``.

Not part of the test suite: timings depend on the machine; compare ratios from one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TARGETS = {"report_warm_vs_check_warm": 1.2, "discover_vs_check_cold": 2.0}


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Wall time of one run, its output discarded; a failure to run at all stops the benchmark."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr.decode()}")
    return elapsed


def pairs(
    a: list[str],
    b: list[str],
    count: int,
    cwd: Path,
    env: dict[str, str],
    before: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """``count`` A/B pairs in ABBA order: medians and the median of the per-pair ratios B/A."""
    times_a: list[float] = []
    times_b: list[float] = []
    for index in range(count):
        order = [("a", a), ("b", b)] if index % 2 == 0 else [("b", b), ("a", a)]
        for name, command in order:
            if before is not None:
                before()
            (times_a if name == "a" else times_b).append(timed(command, cwd, env))
    ratios = [tb / ta for ta, tb in zip(times_a, times_b, strict=True)]
    return {
        "a_median_s": round(statistics.median(times_a), 3),
        "b_median_s": round(statistics.median(times_b), 3),
        "ratio_median": round(statistics.median(ratios), 3),
        "ratios": [round(ratio, 3) for ratio in ratios],
    }


def policy_excludes(policy: Path) -> list[str]:
    """The policy's ``exclude`` globs, so that discover walks the same files as check."""
    import tomllib  # Python 3.11+; the benchmark machine has it

    return list(tomllib.loads(policy.read_text(encoding="utf-8")).get("policy", {}).get("exclude", []))


def main(argv: list[str] | None = None) -> int:
    """Run both comparisons and print (and optionally write) the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, help="a generated tree (default: generate the 10k tree)")
    parser.add_argument("--tree-dir", type=Path, default=Path(tempfile.gettempdir()) / "ssot-bench")
    parser.add_argument("--policy", default="contracts/ssot.toml")
    parser.add_argument("--today", default="2024-06-01")
    parser.add_argument("--pairs", type=int, default=5, help="report/check warm pairs")
    parser.add_argument("--discover-pairs", type=int, default=2, help="discover/check cold pairs")
    parser.add_argument("--json", type=Path, help="write the results here")
    arguments = parser.parse_args(argv)
    tree = arguments.tree
    if tree is None:
        sys.path.insert(0, str(HERE))
        import generate

        tree = arguments.tree_dir / "files10000-seed1"
        if not (tree / "bench-manifest.json").exists():
            generate.main(["--files", "10000", "--seed", "1", "--out", str(tree)])
    env = {**os.environ, "SSOT_TODAY": arguments.today}
    env.pop("SSOT_CACHE_DIR", None)
    ssot = [sys.executable, "-m", "importlinter_ssot"]
    policy = ["--policy", arguments.policy]
    check = [*ssot, "check", *policy]
    report = [*ssot, "report", *policy, "--format", "json"]
    excludes = [item for glob in policy_excludes(tree / arguments.policy) for item in ("--exclude", glob)]
    discover = [*ssot, "discover", *excludes]

    cache = tree / ".ssot_cache"
    shutil.rmtree(cache, ignore_errors=True)
    timed(check, tree, env)  # primes the cache both warm runs read
    results: dict[str, Any] = {"tree": str(tree), "warm": pairs(check, report, arguments.pairs, tree, env)}
    results["warm"]["target"] = TARGETS["report_warm_vs_check_warm"]
    results["discover"] = pairs(
        [*check, "--no-cache"],
        discover,
        arguments.discover_pairs,
        tree,
        env,
        before=lambda: shutil.rmtree(cache, ignore_errors=True),
    )
    results["discover"]["target"] = TARGETS["discover_vs_check_cold"]
    for name, label in (("warm", "report warm / check warm"), ("discover", "discover / check cold")):
        row = results[name]
        verdict = "met" if row["ratio_median"] <= row["target"] else "NOT MET"
        print(
            f"{label}: {row['ratio_median']}x (target <= {row['target']}x, {verdict}); "
            f"medians {row['a_median_s']} s vs {row['b_median_s']} s; pairs {row['ratios']}"
        )
    if arguments.json is not None:
        arguments.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
