"""How much does the SSOT contract add to a `lint-imports` run?

Measures, as real subprocesses and in alternating A/B pairs (ABBA order, to cancel
drift), the wall-clock time of

    A  lint-imports with only a trivial built-in `forbidden` contract
    B  lint-imports with only the SSOT contract (the same policy `ssot check` uses)

on the same tree, with the caches warm (import-linter's graph cache, its default, and
the SSOT contract's cache, also on by default) and cold (`--no-cache`, `cache = false`),
and prints the median of the per-pair ratios B/A. The target
(issue 25) is B/A <= 1.30 (issue 3's was 1.15).

Default tree: a copy of the bundled example (`examples/chat` + `contracts/example.toml`;
its unparsable file sits in `scripts/`, a directory without `__init__.py`, which grimp
never reads and the SSOT contract still reports as SOT900). Any other tree (e.g. one
from the performance issue's generator):

    python benchmarks/bench_importlinter.py --tree DIR --policy FILE --root-package PKG

where DIR holds the root package(s) (it is put on PYTHONPATH). Not part of the test suite.
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
from pathlib import Path
from typing import TypedDict

REPO = Path(__file__).resolve().parent.parent
TARGET = 1.30  # issue 25 (issue 3: 1.15)


def lint_imports_command() -> list[str]:
    script = Path(sys.executable).with_name("lint-imports")
    if script.exists():
        return [str(script)]
    found = shutil.which("lint-imports")
    if found:
        return [found]
    return [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"]


def copy_example(destination: Path) -> tuple[Path, Path, list[str]]:
    """The example, laid out as its own project; returns (tree, policy, root packages)."""
    shutil.copytree(REPO / "examples", destination / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    (destination / "contracts").mkdir()
    shutil.copy(REPO / "contracts" / "example.toml", destination / "contracts" / "example.toml")
    (destination / ".git").mkdir()  # the project-root marker
    return destination / "examples", destination / "contracts" / "example.toml", ["chat"]


def trivial_modules(tree: Path, root: str) -> tuple[str, str]:
    """Two sibling modules of the root package for a `forbidden` contract that costs ~nothing."""
    children = sorted(
        entry.stem if entry.is_file() else entry.name
        for entry in (tree / root).iterdir()
        if (entry.is_file() and entry.suffix == ".py" and entry.stem != "__init__")
        or (entry.is_dir() and (entry / "__init__.py").exists())
    )
    if len(children) >= 2:
        return f"{root}.{children[0]}", f"{root}.{children[1]}"
    return root, root  # overlapping modules: checked and skipped


def write_configs(directory: Path, tree: Path, policy: Path, roots: list[str]) -> tuple[Path, Path, Path]:
    """(trivial forbidden, SSOT with its cache, SSOT without cache) configurations."""
    source, forbidden = trivial_modules(tree, roots[0])
    session = "[importlinter]\nroot_packages =\n" + "".join(f"    {root}\n" for root in roots)
    baseline = directory / "baseline.ini"
    baseline.write_text(
        session
        + "\n[importlinter:contract:trivial]\nname = Trivial forbidden\ntype = forbidden\n"
        + f"source_modules =\n    {source}\nforbidden_modules =\n    {forbidden}\n",
        encoding="utf-8",
    )
    configs = []
    for name, cache in (
        ("ssot.ini", f"cache_dir = {directory / 'ssot-cache'}\n"),
        ("ssot-no-cache.ini", "cache = false\n"),
    ):
        path = directory / name
        path.write_text(
            session
            + "contract_types =\n    ssot: importlinter_ssot.contracts.SsotContract\n"
            + f"\n[importlinter:contract:ssot]\nname = SSOT\ntype = ssot\npolicy = {policy.resolve()}\n{cache}",
            encoding="utf-8",
        )
        configs.append(path)
    return baseline, configs[0], configs[1]


def timed_run(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1) or "not configured correctly" in completed.stdout:
        raise SystemExit(f"lint-imports failed ({completed.returncode}):\n{completed.stdout}")
    return elapsed


class Measurement(TypedDict):
    """One mode's A/B pairs (A: the trivial contract, B: the SSOT contract), as the JSON has them."""

    mode: str
    rounds: int
    baseline_median_s: float
    ssot_median_s: float
    median_ratio: float
    ratio_of_medians: float
    ratio_of_minimums: float


def measure(
    label: str, baseline: list[str], candidate: list[str], rounds: int, cwd: Path, env: dict[str, str]
) -> Measurement:
    timed_run(baseline, cwd, env)  # warm-up: OS caches, and import-linter's cache when enabled
    timed_run(candidate, cwd, env)
    base_times: list[float] = []
    candidate_times: list[float] = []
    for index in range(rounds):
        order = [(baseline, base_times), (candidate, candidate_times)]
        if index % 2:
            order.reverse()  # ABBA
        for command, times in order:
            times.append(timed_run(command, cwd, env))
    ratios = [b / a for a, b in zip(base_times, candidate_times, strict=True)]
    return {
        "mode": label,
        "rounds": rounds,
        "baseline_median_s": statistics.median(base_times),
        "ssot_median_s": statistics.median(candidate_times),
        "median_ratio": statistics.median(ratios),
        "ratio_of_medians": statistics.median(candidate_times) / statistics.median(base_times),
        # The fastest run of each is the least disturbed by other load on the machine.
        "ratio_of_minimums": min(candidate_times) / min(base_times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15, help="A/B pairs per mode (default 15)")
    parser.add_argument("--tree", type=Path, help="directory holding the root packages (default: the example)")
    parser.add_argument("--policy", type=Path, help="the SSOT policy file for --tree")
    parser.add_argument("--root-package", action="append", default=[], help="root package (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-importlinter-") as temporary:
        work = Path(temporary)
        if arguments.tree:
            if not (arguments.policy and arguments.root_package):
                parser.error("--tree needs --policy and --root-package")
            tree, policy, roots = arguments.tree.resolve(), arguments.policy.resolve(), arguments.root_package
            subject = f"{tree} ({', '.join(roots)})"
        else:
            tree, policy, roots = copy_example(work / "example")
            subject = "the bundled example"
        baseline_config, ssot_config, ssot_uncached_config = write_configs(work, tree, policy, roots)
        env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "SSOT_TODAY")}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree), str(REPO), env.get("PYTHONPATH", "")]))
        env["SSOT_TODAY"] = "2027-01-15"
        lint = lint_imports_command()
        cache = ["--cache-dir", str(work / "cache")]
        results = [
            measure(
                "warm cache",
                [*lint, *cache, str(baseline_config)],
                [*lint, *cache, str(ssot_config)],
                arguments.rounds,
                work,
                env,
            ),
            measure(
                "no cache",
                [*lint, "--no-cache", str(baseline_config)],
                [*lint, "--no-cache", str(ssot_uncached_config)],
                arguments.rounds,
                work,
                env,
            ),
        ]

    print(f"lint-imports: SSOT contract (B) vs trivial forbidden contract (A) on {subject}")
    print(f"{'mode':<12} {'A median':>10} {'B median':>10} {'median B/A':>11} {'min B/A':>8}  target <= {TARGET}")
    for result in results:
        verdict = "ok" if result["median_ratio"] <= TARGET else "OVER"
        print(
            f"{result['mode']:<12} {result['baseline_median_s']:>9.3f}s {result['ssot_median_s']:>9.3f}s "
            f"{result['median_ratio']:>10.3f}x {result['ratio_of_minimums']:>7.3f}x  {verdict}"
        )
    if arguments.json:
        arguments.json.write_text(json.dumps({"subject": subject, "target": TARGET, "results": results}, indent=2))


if __name__ == "__main__":
    main()
