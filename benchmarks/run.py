"""One command for the performance issue: ssot vs ruff (and the adapters) on one generated tree.

    python benchmarks/run.py --files 10000 --seed 1 --pairs 7 --json results.json
    python benchmarks/run.py --files 10000 --scale          # ssot at 10k and 100k files

It generates (or reuses, when ``bench-manifest.json`` matches) a synthetic monorepo with
``benchmarks/generate.py`` under ``--tree-dir`` (default ``$TMPDIR/ssot-bench``), then, in
one run:

1. **ssot vs ruff** — ``python -m importlinter_ssot check --policy contracts/ssot.toml``
   (the full policy) against ``ruff check --select TID251`` (``ruff.toml``: the bans ruff
   can express), as alternating A/B pairs (ABBA order), in these modes:

   - ``cold``: both cache directories removed before every run, and ``--no-cache`` passed
     to both tools (neither reads nor writes a cache);
   - ``warm``: both caches filled by a priming run, nothing changed between runs;
   - ``edit``: caches filled; before every pair one file (the manifest's ``edit_target``)
     gets a new comment line, so each run sees exactly one changed file;
   - ``relocated`` (only when asked for, or with ``--real``): ssot warm in the tree vs ssot
     in a copy of the tree with its cache, every mtime set to now (a fresh clone in CI with
     a restored cache); target relocated <= 1.5x warm;
   - ``floor`` (only when asked for): ssot cold vs ``parse_floor.py`` — reading every file,
     the relevance test and ``ast.parse`` of exactly the files the run parses, on as many
     processes; target cold <= 1.25x the floor.

   It reports the median time of each tool, the median of the per-pair ratios ssot/ruff
   and issue 25's targets (cold ≤ 2×, warm ≤ 1× — 1.5× on real trees —, edited ≤ 2× ruff warm).
2. **peak memory** of ssot (and ruff): the largest RSS of any process of the run (from
   ``wait4``'s rusage, every timed run) and, in one extra run per mode, the largest sum
   of the RSS and of the PSS of the whole process tree (sampled from ``/proc``, counting
   ``--jobs`` workers together; PSS counts a page that forked workers share with their
   parent once, an RSS sum once per process).
3. **agreement**: ssot with ``contracts/ssot_comparable.toml`` and ruff with
   ``ruff.toml`` must report the same ``(path, line)`` set over the comparable subset:
   findings on absolute import statements in files both tools can parse. Relative imports
   (ruff resolves them only inside ``__init__.py`` packages) and ruff's findings on attribute
   uses (``mod.Name`` after ``import mod``; not an import for ssot) are excluded and counted.
   Files ssot cannot parse (SOT900) and files ruff reports as invalid syntax must be the
   same set.
4. **adapters** — ``lint-imports`` with the SSOT contract vs a trivial forbidden contract
   (``benchmarks/bench_importlinter.py``) and flake8 with vs without the plugin
   (``benchmarks/bench_flake8.py``), on the same tree (flake8: ``--flake8-subtree`` to
   limit it to one directory), through the function those scripts expose (or their command
   line); skipped with a note when unavailable.

``--real homeassistant,ansible`` runs 1-3 on real codebases instead (``benchmarks/real_trees.py``:
pinned sdists downloaded into ``--real-cache``, with the policies of ``benchmarks/real/``),
with ruff given ``--config ruff.toml`` and the root packages, and a warm target of <= 1.0x.

``--scale`` measures ssot alone (cold and warm, time and peak memory) at ``--files`` and at
10× ``--files``, the two sizes interleaved in ABBA pairs, for the "100k files: time ≤ 11×
the 10k time, peak memory ≤ 300 MB" target.

The tables of ``docs/performance.md`` this command produces, and where each job lives
(``benchmarks/runs/``, one module per job):

- "ssot check vs ruff (TID251), 10k-file generated tree" (times, peak memory, agreement):
  ``runs/generated.py``, ``runs/comparison.py``, ``runs/agreement.py``;
- "Real codebases" (``--real``): ``runs/real.py``;
- "A cache that works in CI" (``--modes ...,relocated``): ``runs/relocated.py``;
- "Scale: 10k → 100k files" (``--scale``): ``runs/scale.py``;
- the 10k-tree rows of "lint-imports" and "flake8": ``runs/adapters.py``;
- "Targets at a glance": every run above, against ``runs/targets.py``.

Not part of the test suite. Timings depend on the machine: compare ratios from one run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

# The jobs (runs/), the generator and the real trees are next to this file: importable
# whether it runs as a script or is loaded by path.
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import real_trees  # noqa: E402
from runs import Results  # noqa: E402
from runs.comparison import MODES  # noqa: E402
from runs.generated import run_comparison  # noqa: E402
from runs.printing import print_comparison  # noqa: E402
from runs.processes import base_env, machine, version_of  # noqa: E402
from runs.real import run_real  # noqa: E402
from runs.scale import run_scale  # noqa: E402
from runs.targets import REAL_TARGETS, recorded_real_targets, recorded_targets  # noqa: E402
from runs.tools import find_ruff  # noqa: E402


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The options (benchmarks/README.md lists them), checked; ``real`` and ``modes`` as lists."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000, help="files of the generated tree (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=7, help="A/B pairs per mode (default 7)")
    parser.add_argument(
        "--adapter-pairs", type=int, default=5, help="pairs/runs for the lint-imports and flake8 benchmarks"
    )
    parser.add_argument(
        "--modes",
        help="comma-separated subset of cold,warm,edit,relocated "
        "(default: cold,warm,edit on the generated tree, cold,warm,relocated with --real)",
    )
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--tree-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "ssot-bench",
        help="where generated trees live (reused when their manifest matches)",
    )
    parser.add_argument("--regenerate", action="store_true", help="regenerate the tree even if it exists")
    parser.add_argument("--ruff", help="ruff executable (default: next to this Python, else on PATH)")
    parser.add_argument("--ssot-jobs", help="pass --jobs to ssot (default: ssot's own default)")
    parser.add_argument("--skip-adapters", action="store_true", help="skip the lint-imports and flake8 rows")
    parser.add_argument(
        "--flake8-subtree",
        help="run the flake8 benchmark on this directory of the tree only "
        "(e.g. mono/services; flake8 takes ~7 s of CPU per MB of code)",
    )
    parser.add_argument("--scale", action="store_true", help="measure ssot at --files and 10x --files instead")
    parser.add_argument(
        "--real",
        action="append",
        default=[],
        metavar="NAME",
        help="measure on these real codebases instead of the generated tree (repeatable or comma-separated: "
        f"{', '.join(real_trees.REAL_TREES)}); see benchmarks/real_trees.py",
    )
    parser.add_argument(
        "--real-cache",
        type=Path,
        default=real_trees.default_cache_dir(),
        help="where the real trees are downloaded and unpacked (default: $TMPDIR/ssot-bench/real)",
    )
    arguments = parser.parse_args(argv)
    arguments.real = [name for value in arguments.real for name in value.split(",") if name]
    unknown = [name for name in arguments.real if name not in real_trees.REAL_TREES]
    if unknown:
        parser.error(f"unknown real trees: {', '.join(unknown)} (choose from {', '.join(real_trees.REAL_TREES)})")
    if arguments.real and arguments.scale:
        parser.error("--real and --scale do not go together")
    if arguments.files < generate.MIN_FILES:
        parser.error(f"--files must be at least {generate.MIN_FILES}")
    if arguments.modes is None:
        arguments.modes = "cold,warm,relocated" if arguments.real else "cold,warm,edit"
    arguments.modes = [mode for mode in arguments.modes.split(",") if mode]
    bad_modes = set(arguments.modes) - set(MODES)
    if bad_modes:
        parser.error(f"unknown modes: {', '.join(sorted(bad_modes))}")
    return arguments


def main(argv: list[str] | None = None) -> int:
    """Run what the options ask for, print the tables, write the JSON; 1 if ssot and ruff disagree."""
    arguments = parse_arguments(argv)
    env = base_env(generate.TODAY)
    python = sys.executable
    started = time.perf_counter()
    results: Results = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": machine(),
        "ssot_version": version_of([python, "-m", "importlinter_ssot", "--version"], env),
        "files": arguments.files,
        "seed": arguments.seed,
        "today": generate.TODAY,
        "targets": recorded_targets(),
    }
    if arguments.real:
        results["real_targets"] = recorded_real_targets()
    m = results["machine"]
    print(
        f"machine: {m.get('cpu', '?')}, {m.get('usable_cpus', m['cpus'])} CPUs, {m.get('memory_gb', '?')} GB; "
        f"Python {m['python']}; {results['ssot_version']}"
    )
    if arguments.scale:
        results["scale"] = run_scale(
            env,
            python,
            tree_dir=arguments.tree_dir,
            files=arguments.files,
            seed=arguments.seed,
            regenerate=arguments.regenerate,
            ssot_jobs=arguments.ssot_jobs,
            pairs=arguments.pairs,
        )
    elif arguments.real:
        results["real"] = run_real(
            python,
            find_ruff(arguments.ruff),
            names=arguments.real,
            real_cache=arguments.real_cache,
            ssot_jobs=arguments.ssot_jobs,
            modes=arguments.modes,
            pairs=arguments.pairs,
        )
        for name, tree_results in results["real"].items():
            print(f"\n== {name} ({tree_results['manifest']['requirement']}) ==")
            print_comparison(tree_results, REAL_TARGETS)
    else:
        results.update(
            run_comparison(
                env,
                python,
                find_ruff(arguments.ruff),
                tree_dir=arguments.tree_dir,
                files=arguments.files,
                seed=arguments.seed,
                regenerate=arguments.regenerate,
                ssot_jobs=arguments.ssot_jobs,
                modes=arguments.modes,
                pairs=arguments.pairs,
                skip_adapters=arguments.skip_adapters,
                adapter_pairs=arguments.adapter_pairs,
                flake8_subtree=arguments.flake8_subtree,
            )
        )
        print_comparison(results)
    results["total_seconds"] = time.perf_counter() - started
    print(f"\ntotal: {results['total_seconds']:.0f} s")
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"results written to {arguments.json}")
    agreements = [results.get("agreement", {})] + [r.get("agreement", {}) for r in results.get("real", {}).values()]
    if any(a.get("status") == "DISAGREE" for a in agreements):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
