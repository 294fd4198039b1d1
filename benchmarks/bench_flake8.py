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

    python benchmarks/bench_flake8.py                       # synthetic project, 2000 files
    python benchmarks/bench_flake8.py --files 500 --runs 9
    python benchmarks/bench_flake8.py --path ~/src/monorepo --policy ~/src/monorepo/contracts/ssot.toml
    python benchmarks/bench_flake8.py --single-file          # one file, as an editor lints
    python benchmarks/bench_flake8.py --jobs auto            # flake8's default parallelism
    python benchmarks/bench_flake8.py --files 200 --instructions

Every variant checks the same files with flake8's default checks (pycodestyle, pyflakes,
mccabe) plus, in "with", the SOT rules.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: wall time only
    resource = None  # type: ignore[assignment]

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

POLICY = """
[policy]
name = "Benchmark"
root_packages = ["app"]
exclude = ["**/vendored/**"]

[[symbol]]
name = "Manager"
aliases = ["UnifiedManager"]
defined_in = "app.core.impl"
canonical = ["app.core.api"]
deprecated = [
  { module = "app.core", until = 2030-01-01 },
  { module = "app.core.shim" },
]

[[symbol]]
name = "Mode"
defined_in = "app.core.types"

[[module]]
name = "app.legacy"
status = "forbidden"
replacement = "app.core.api"

[[module]]
name = "app.core.factory"
status = "deprecated"
until = 2030-01-01

[[duplicates]]
pattern = "*Manager*"
"""

# (import, a use of it). As in a real codebase, most files have nothing to do with the
# governed classes (OTHER_IMPORTS); GOVERNED_SHARE of them import one through a canonical
# path, and BAD_SHARE through an old path (a SOT finding each).
OTHER_IMPORTS = [
    ("from app.util.tools import tools", "DEFAULT = tools"),
    ("from app.util import tools", "DEFAULT = tools"),
]
GOOD_IMPORTS = [
    ("from app.core.api import Manager", "DEFAULT = Manager"),
    ("from app.core.types import Mode", "DEFAULT = Mode"),
]
BAD_IMPORTS = [
    ("from app.core import Manager", "DEFAULT = Manager"),
    ("from app.core.shim import UnifiedManager", "DEFAULT = UnifiedManager"),
    ("from app.core.impl import Mode", "DEFAULT = Mode"),
    ("import app.core.factory", "DEFAULT = app.core.factory"),
    ("from app.legacy.old import helper", "DEFAULT = helper"),
]
GOVERNED_SHARE, BAD_SHARE = 0.2, 0.1


MODULE_BODY = '''

class Service{n}:
    """A service with a few methods, like real code."""

    def __init__(self, manager, mode=None):
        self.manager = manager
        self.mode = mode
        self.items = []

    def add(self, item):
        if item is None:
            raise ValueError("item must not be None")
        self.items.append(item)
        return len(self.items)

    def total(self):
        result = 0
        for item in self.items:
            if isinstance(item, int):
                result += item
            elif isinstance(item, str) and item.isdigit():
                result += int(item)
        return result

    async def send(self, user_id, payload):
        message = {{"user": user_id, "payload": payload, "mode": self.mode}}
        await self.manager.send(user_id, message)
        return message


def build_{n}(manager, *, retries=3):
    """Build a service, retrying on failure."""
    last_error = None
    for attempt in range(retries):
        try:
            return Service{n}(manager)
        except RuntimeError as error:
            last_error = error
            logging.getLogger(__name__).warning("attempt %d failed", attempt)
    raise RuntimeError("could not build") from last_error


def summarize_{n}(values):
    counts = collections.Counter(values)
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return [f"{{name}}: {{count}}" for name, count in ordered[:10]]
'''


def make_project(
    root: Path, count: int, governed_share: float = GOVERNED_SHARE, bad_share: float = BAD_SHARE, seed: int = 4
) -> Path:
    """``count`` modules in packages of 25 (a fifth without ``__init__.py``), plus the policy's plumbing."""
    rng = random.Random(seed)
    reexport = 'from app.core.impl import Manager, UnifiedManager\n\n__all__ = ["Manager", "UnifiedManager"]\n'
    files = {
        ".git/HEAD": "",  # the project-root marker
        "contracts/ssot.toml": POLICY,
        "app/__init__.py": "",
        "app/core/__init__.py": 'from app.core.impl import Manager\n\n__all__ = ["Manager"]\n',
        "app/core/impl.py": "class Manager:\n    pass\n\n\nUnifiedManager = Manager\n",
        "app/core/api.py": reexport,
        "app/core/shim.py": reexport,
        "app/core/types.py": "import enum\n\n\nclass Mode(enum.Enum):\n    A = 1\n",
        "app/core/factory.py": "def make():\n    return None\n",
        "app/legacy/__init__.py": "",
        "app/legacy/old.py": "def helper():\n    return None\n",
        "app/util/__init__.py": "",
        "app/util/tools.py": "def tools():\n    return None\n",
    }
    for index in range(count):
        package = f"app/pkg{index // 25}"
        if index % 25 == 0 and (index // 25) % 5 != 4:
            files[f"{package}/__init__.py"] = ""
        draw = rng.random()
        choices = (
            BAD_IMPORTS if draw < bad_share else GOOD_IMPORTS if draw < bad_share + governed_share else OTHER_IMPORTS
        )
        first_party, use = rng.choice(choices)
        files[f"{package}/module{index}.py"] = (
            f'"""Module {index}."""\nimport collections\nimport logging\n\n{first_party}\n'
            + textwrap.dedent(MODULE_BODY).format(n=index)
            + f"\n\n{use}\n"
        )
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "contracts" / "ssot.toml"


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
    parser.add_argument("--files", type=int, default=2000, help="size of the synthetic project (default 2000)")
    parser.add_argument(
        "--governed-share", type=float, default=GOVERNED_SHARE, help="synthetic files importing a governed name"
    )
    parser.add_argument("--bad-share", type=float, default=BAD_SHARE, help="synthetic files with a SOT finding")
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
        if options.path is not None:
            if options.policy is None:
                parser.error("--path needs --policy")
            root, policy = options.path.resolve(), options.policy.resolve()
        else:
            root = Path(temporary) / "project"
            policy = make_project(root, options.files, options.governed_share, options.bad_share)
        config = Path(temporary) / "ssot-flake8.cfg"
        config.write_text(f"[flake8]\nssot-policy = {policy.as_posix()}\n", encoding="utf-8")
        python_files = sorted(root.rglob("*.py"))
        target = str(python_files[len(python_files) // 2].relative_to(root)) if options.single_file else "."
        arguments = ["--append-config", str(config), "--jobs", options.jobs, "--exit-zero", target]
        env_today = os.environ.get("SSOT_TODAY")
        checked = "1 file" if options.single_file else f"{len(python_files)} files"
        print(f"flake8 over {checked} of {root} (--jobs {options.jobs}), {options.runs} runs per variant")
        today = f" (SSOT_TODAY={env_today})" if env_today else ""
        print(f"SOT findings reported by the plugin: {count_sot(root, arguments)}{today}")

        if options.instructions:
            counts = {variant: count_instructions(variant, root, arguments) for variant in ("without", "with")}
            for variant, count in counts.items():
                print(f"  {variant:<8} {count:>16,} instructions")
            print(
                f"overhead of the plugin (instructions): {counts['with'] / counts['without'] - 1:+.1%}  (budget: +5%)"
            )
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
