"""What the SOT plugin adds to a flake8 run: flake8 with the plugin vs flake8 without it.

A benchmark, not a test (timings depend on the machine). The budget (issue 4) is at most
5% over the same files.

Both variants run the same way — a fresh ``python`` process calling flake8's ``main`` —
and differ only in the plugin list: "without" drops importlinter-ssot's entry point
from flake8's plugin discovery, exactly as if the package were not installed. The policy
is given through an extra flake8 config file (``--append-config``) so that both command
lines are identical (flake8 ignores the unknown ``ssot-policy`` key when the plugin is
absent). Runs alternate (without, with, without, ...) so that drift in machine load hits
both. Reported:

- the ratio of the medians of CPU time (flake8 and its workers) and of wall time, "with"
  over "without" — the budget's definition, but on a busy machine the run-to-run noise
  can be larger than the plugin's cost;
- the plugin's own share of each "with" run (``--jobs 1`` only): CPU time spent importing
  the plugin, loading the policy and in the plugin's ``run``, over the CPU time of the
  whole flake8 process, measured inside that same run, so it is barely affected by noise.
  It leaves out what flake8 itself does with the reported findings (``noqa`` lookup,
  formatting), which only the A/B ratio sees.

With ``--instructions``, each variant runs once under ``valgrind --tool=callgrind``
instead and the ratio is of executed instructions: slow (about 100x), but exact and
immune to other load on the machine — use it when timings are noisy.

    python benchmarks/bench_flake8.py                       # synthetic project, 200 files
    python benchmarks/bench_flake8.py --files 500 --seed 2 --runs 9
    python benchmarks/bench_flake8.py --path ~/src/monorepo --policy ~/src/monorepo/contracts/ssot.toml
    python benchmarks/bench_flake8.py --single-file          # one file, as an editor lints
    python benchmarks/bench_flake8.py --jobs auto            # flake8's default parallelism
    python benchmarks/bench_flake8.py --files 100 --instructions

The synthetic project is the tree ``benchmarks/generate.py`` writes for ``--files`` and
``--seed`` (the one ``run.py`` times ssot and ruff on), in a temporary directory, checked
with its full policy ``contracts/ssot.toml`` and its ``.flake8`` (``max-line-length = 120``;
the generated code is mostly lint-clean at that length), and with ``SSOT_TODAY`` set to
the generator's date unless it is set already. About 20% of its files touch the governed
names and modules; their files average ~18 KB, so flake8 needs several seconds per 100 files.
``--single-file`` checks its ``edit_target``: a mid-size package file that imports governed
names. ``run.py`` calls this script with ``--path`` on the tree it generated.

Every variant checks the same files with flake8's default checks (pycodestyle, pyflakes,
mccabe) plus, in "with", the SOT rules.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: wall time only
    resource = None  # type: ignore[assignment]

# The synthetic project comes from the benchmarks' one tree generator, next to this file
# (importable whether this file runs as a script or run.py loads it by path).
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

SHARE_MARKER = "bench-flake8-plugin-share"

RUNNER = """
import sys
import time
from flake8.plugins import finder

if sys.argv[1] == "without":
    real_find_plugins = finder.find_plugins

    def find_plugins(*args, **kwargs):
        return [plugin for plugin in real_find_plugins(*args, **kwargs) if plugin.package != "importlinter-ssot"]

    finder.find_plugins = find_plugins
else:  # account the plugin's own CPU time (serial runs: everything happens in this process)
    started = time.process_time()
    import importlinter_ssot.flake8_plugin as plugin

    spent = [time.process_time() - started]
    real_run = plugin.SSOTChecker.run
    real_parse_options = plugin.SSOTChecker.parse_options.__func__

    def run(self):
        started = time.process_time()
        results = list(real_run(self))  # not flake8's handling of them
        spent[0] += time.process_time() - started
        yield from results

    def parse_options(cls, options):
        started = time.process_time()
        real_parse_options(cls, options)
        spent[0] += time.process_time() - started

    plugin.SSOTChecker.run = run
    plugin.SSOTChecker.parse_options = classmethod(parse_options)

from flake8.main.cli import main

status = main(sys.argv[2:])
if sys.argv[1] == "with":
    sys.stderr.write(f"MARKER {spent[0]} {time.process_time()}\\n")
sys.exit(status)
""".replace("MARKER", SHARE_MARKER)


def run_once(variant: str, cwd: Path, arguments: list[str]) -> tuple[float, float, float | None]:
    """(wall seconds, CPU seconds of flake8 and its workers, the plugin's share or None) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN) if resource else None
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, variant, *arguments], cwd=cwd, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    share = None
    stderr = []
    for line in result.stderr.splitlines():
        if line.startswith(SHARE_MARKER):
            plugin_seconds, process_seconds = map(float, line.split()[1:])
            share = plugin_seconds / process_seconds
        else:
            stderr.append(line)
    if result.returncode not in (0, 1) or stderr:
        raise SystemExit(f"flake8 ({variant}) failed with {result.returncode}:\n" + "\n".join(stderr))
    if before is None:
        return elapsed, elapsed, share
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), share


def count_instructions(variant: str, cwd: Path, arguments: list[str]) -> int:
    """Instructions executed by one run (valgrind's callgrind; deterministic with a fixed hash seed)."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", RUNNER, variant]
        + arguments,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    for line in result.stderr.splitlines():
        if "I   refs:" in line:
            return int(line.rsplit(":", 1)[1].replace(",", ""))
    raise SystemExit(f"valgrind ({variant}) failed:\n{result.stderr}")


def count_sot(cwd: Path, arguments: list[str]) -> int:
    result = subprocess.run([sys.executable, "-c", RUNNER, "with", *arguments], cwd=cwd, capture_output=True, text=True)
    return sum(1 for line in result.stdout.splitlines() if ": SOT" in line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", type=Path, help="check this directory instead of a synthetic project")
    parser.add_argument("--policy", type=Path, help="the policy for --path")
    parser.add_argument(
        "--files",
        type=int,
        default=200,
        help=f"*.py files of the synthetic project (default 200, at least {generate.MIN_FILES})",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic project (default 1)")
    parser.add_argument("--runs", type=int, default=7, help="runs per variant (default 7)")
    parser.add_argument("--jobs", default="1", help="flake8 --jobs (default 1: the plugin's CPU cost, no pool noise)")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions under valgrind instead of timing"
    )
    parser.add_argument(
        "--single-file", action="store_true", help="check one file of the project (the project is still scanned)"
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        python_files: list[Path]
        if options.path is not None:
            if options.policy is None:
                parser.error("--path needs --policy")
            root, policy = options.path.resolve(), options.policy.resolve()
            python_files = sorted(root.rglob("*.py"))
            single = str(python_files[len(python_files) // 2].relative_to(root))
        else:
            root = Path(temporary) / "project"
            try:
                manifest = generate.generate(root, options.files, options.seed)
            except ValueError as error:
                parser.error(str(error))
            policy = root / manifest["policy"]
            python_files = sorted(root.rglob("*.py"))
            single = manifest["edit_target"]
            # The generated policy's deprecation dates are chosen relative to this date.
            os.environ.setdefault("SSOT_TODAY", generate.TODAY)
        config = Path(temporary) / "ssot-flake8.cfg"
        config.write_text(f"[flake8]\nssot-policy = {policy.as_posix()}\n", encoding="utf-8")
        target = single if options.single_file else "."
        arguments = ["--append-config", str(config), "--jobs", options.jobs, "--exit-zero", target]
        env_today = os.environ.get("SSOT_TODAY")
        checked = f"1 file ({target})" if options.single_file else f"{len(python_files)} files"
        print(f"flake8 over {checked} of {root} (--jobs {options.jobs}), {options.runs} runs per variant")
        today = f" (SSOT_TODAY={env_today})" if env_today else ""
        print(f"SOT findings reported by the plugin: {count_sot(root, arguments)}{today}")

        if options.instructions:
            counts = {variant: count_instructions(variant, root, arguments) for variant in ("without", "with")}
            for variant, count in counts.items():
                print(f"  {variant:<8} {count:>16,} instructions")
            budget = "+10%, one file as an editor runs it" if options.single_file else "+5%"
            overhead = counts["with"] / counts["without"] - 1
            print(f"overhead of the plugin (instructions): {overhead:+.1%}  (budget: {budget})")
            return
        run_once("without", root, arguments)  # warm the file system cache and .pyc files
        run_once("with", root, arguments)
        wall: dict[str, list[float]] = {"without": [], "with": []}
        cpu: dict[str, list[float]] = {"without": [], "with": []}
        shares: list[float] = []
        for _ in range(options.runs):
            for variant in ("without", "with"):
                elapsed, used, share = run_once(variant, root, arguments)
                wall[variant].append(elapsed)
                cpu[variant].append(used)
                if share is not None:
                    shares.append(share)
        for name, times in (("wall", wall), ("CPU", cpu)):
            for variant, values in times.items():
                print(
                    f"  {name:<4} {variant:<8} median {statistics.median(values):7.3f}s"
                    f"  (min {min(values):.3f}s, max {max(values):.3f}s)"
                )
        for name, times in (("CPU time", cpu), ("wall time", wall)):
            overhead = statistics.median(times["with"]) / statistics.median(times["without"]) - 1
            print(f"overhead of the plugin ({name}, ratio of medians): {overhead:+.1%}  (budget: +5%)")
        if options.jobs == "1" and shares:
            print(
                f"the plugin's own share of a run's CPU time: median {statistics.median(shares):.1%}"
                f" (min {min(shares):.1%}, max {max(shares):.1%})"
            )


if __name__ == "__main__":
    main()
