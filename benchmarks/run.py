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
     a restored cache); target relocated <= 1.5x warm.

   It reports the median time of each tool, the median of the per-pair ratios ssot/ruff
   and the issue's targets (cold ≤ 1.5×, warm ≤ 1.5×, edited ≤ 2× ruff warm).
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

Not part of the test suite. Timings depend on the machine: compare ratios from one run.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import inspect
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import real_trees  # noqa: E402

# Issue 11's targets: warm no slower than ruff warm, on the generated tree and on the real ones.
TARGETS = {"cold": 1.5, "warm": 1.0, "edit": 2.0, "relocated": 1.5}
REAL_TARGETS = TARGETS
MODES = ("cold", "warm", "edit", "relocated")
COMPARABLE_CODES = {"SOT001", "SOT002", "SOT003", "SOT010", "SOT011", "SOT012"}


# --------------------------------------------------------------------------------------
# Running commands
# --------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    max_rss_kb: int  # largest RSS of any single process of the run (rusage)
    returncode: int
    tree_rss_kb: int | None = None  # largest sampled sum over the process tree
    # The same for PSS (proportional set size): a page shared by n processes counts 1/n.
    # Forked workers share the parent's pages, which an RSS sum counts once per worker.
    tree_pss_kb: int | None = None


def _pss_kb(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants_memory_kb(root_pid: int) -> tuple[int, int]:
    """Sums of VmRSS and of PSS of ``root_pid`` and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read().decode("ascii", "replace")
            parent = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(parent, []).append(int(entry))
            with open(f"/proc/{entry}/statm", "rb") as handle:
                rss[int(entry)] = int(handle.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, ValueError, IndexError):
            continue
    total, pss, stack = 0, 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        pss += _pss_kb(str(pid)) if pid in rss else 0
        stack.extend(children.get(pid, []))
    return total, pss


def run_command(
    command: list[str], cwd: Path, env: dict[str, str], *, sample_tree: bool = False, ok: tuple[int, ...] = (0, 1)
) -> Run:
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        peak = [0, 0]
        stop = threading.Event()
        sampler = None
        if sample_tree and os.path.isdir("/proc"):

            def sample() -> None:
                while not stop.is_set():
                    rss, pss = _descendants_memory_kb(process.pid)
                    peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                    stop.wait(0.05)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        stop.set()
        if sampler is not None:
            sampler.join()
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code
        if code not in ok:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} exited {code}:\n{errors.read().decode(errors='replace')[-3000:]}")
    if not sample_tree:
        return Run(elapsed, int(usage.ru_maxrss), code)
    return Run(elapsed, int(usage.ru_maxrss), code, peak[0], peak[1])


def capture(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


# --------------------------------------------------------------------------------------
# The tools
# --------------------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    base: list[str]
    cache_dirs: list[str]
    no_cache: list[str]  # arguments for the cold mode ([] when unsupported)
    notes: list[str] = field(default_factory=list)

    def command(self, mode: str) -> list[str]:
        return [*self.base, *(self.no_cache if mode == "cold" else [])]

    def clear(self, tree: Path) -> None:
        for name in self.cache_dirs:
            shutil.rmtree(tree / name, ignore_errors=True)


def find_ruff(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    beside = Path(sys.executable).with_name("ruff")
    if beside.exists():
        return str(beside)
    return shutil.which("ruff")


def ssot_help(python: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [python, "-m", "importlinter_ssot", "check", "--help"], capture_output=True, text=True, env=env
    )
    return result.stdout


def ssot_tool(python: str, env: dict[str, str], policy: str, jobs: str | None) -> Tool:
    help_text = ssot_help(python, env)
    base = [python, "-m", "importlinter_ssot", "check", "--policy", policy]
    notes: list[str] = []
    if jobs is not None:
        if "--jobs" in help_text:
            base += ["--jobs", jobs]
        else:
            notes.append("ssot has no --jobs option: --ssot-jobs ignored")
    no_cache: list[str] = []
    if "--no-cache" in help_text:
        no_cache = ["--no-cache"]
    else:
        notes.append("ssot has no --no-cache option: cold runs only remove .ssot_cache/ first (ssot may write a cache)")
    if "--cache-dir" not in help_text:
        notes.append("ssot has no --cache-dir option")
    if "cache" not in help_text:
        notes.append("ssot has no cache at all: warm = cold for ssot")
    return Tool("ssot", base, [".ssot_cache"], no_cache, notes)


def ruff_arguments(config: str | None = None, paths: Sequence[str] = (".",)) -> list[str]:
    """``--config FILE`` (ruff then ignores every other configuration file) and the paths to check."""
    return [*(["--config", config] if config else []), *paths]


def ruff_tool(ruff: str, config: str | None = None, paths: Sequence[str] = (".",)) -> Tool:
    return Tool(
        "ruff",
        [ruff, "check", "--select", "TID251", "--output-format", "concise", *ruff_arguments(config, paths)],
        [".ruff_cache"],
        ["--no-cache"],
    )


def version_of(command: list[str], env: dict[str, str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


# --------------------------------------------------------------------------------------
# A/B pairs
# --------------------------------------------------------------------------------------


def edit_file(path: Path, original: bytes, counter: int) -> None:
    path.write_bytes(original + f"\n# benchmark edit {counter}\n".encode())


def measure_pairs(
    tree: Path, env: dict[str, str], a: Tool, b: Tool, mode: str, pairs: int, edit_target: Path | None
) -> dict:
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


def peak_memory(tree: Path, env: dict[str, str], tool: Tool, mode: str) -> dict:
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


def measure_relocated(tree: Path, env: dict[str, str], ssot: Tool, ruff: Tool | None, pairs: int, copy: Path) -> dict:
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
    result = {
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


# --------------------------------------------------------------------------------------
# Agreement between ssot and ruff
# --------------------------------------------------------------------------------------


def _import_lines(source: str) -> dict[int, bool] | None:
    """line -> is_relative, for every line an import statement spans; None if unparsable."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    lines: dict[int, bool] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            relative = isinstance(node, ast.ImportFrom) and node.level > 0
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                lines[line] = relative
    return lines


def _may_matter(tree: Path, path: str, policy: Path) -> bool:
    """The engine's relevance test (docs/rules.md, SOT900) for one file of the tree under ``policy``."""
    from importlinter_ssot.application.policy_parsing import parse_policy
    from importlinter_ssot.domain.rules.relevance import may_matter, relevance_needles

    needles = relevance_needles(parse_policy(policy.read_text(encoding="utf-8"), str(policy), str(tree)))
    try:
        data = (tree / path).read_bytes()
    except OSError:
        return True
    return may_matter(data, needles)


def agreement(tree: Path, env: dict[str, str], python: str, ruff: str, ruff_args: Sequence[str] = (".",)) -> dict:
    """ssot (comparable policy) vs ruff, run from ``tree``; ``ruff_args``: ``--config`` and the paths."""
    comparable_policy = tree / "contracts" / "ssot_comparable.toml"
    # noqa comments are read differently by design: ssot reads them as flake8 does, where a
    # file-level flake8 noqa comment listing codes (E501, say) exempts the whole file; ruff
    # exempts those codes only. The rules are compared, so both report what noqa would hide.
    ssot = capture(
        [python, "-m", "importlinter_ssot", "check", "--policy", "contracts/ssot_comparable.toml", "--no-noqa"]
        + ["--format", "json"],
        tree,
        env,
    )
    if ssot.returncode not in (0, 1):
        return {"status": "error", "note": f"ssot exited {ssot.returncode}: {ssot.stderr[-2000:]}"}
    ruff_run = capture(
        [ruff, "check", "--select", "TID251", "--no-cache", "--ignore-noqa", "--output-format", "json", *ruff_args],
        tree,
        env,
    )
    if ruff_run.returncode not in (0, 1):
        return {"status": "error", "note": f"ruff exited {ruff_run.returncode}: {ruff_run.stderr[-2000:]}"}
    ssot_findings = json.loads(ssot.stdout)["findings"]
    ruff_findings = json.loads(ruff_run.stdout or "[]")

    def relative_path(path: str) -> str:
        return Path(os.path.relpath(path, tree)).as_posix()

    ssot_unparsable = {f["path"] for f in ssot_findings if f["code"] == "SOT900"}
    ruff_unparsable = {
        relative_path(f["filename"])
        for f in ruff_findings
        if f.get("code") in (None, "invalid-syntax", "E999") or str(f.get("message", "")).startswith("SyntaxError")
    }
    # ssot reports SOT900 only for a file that may matter to the policy (a file that cannot
    # hold a finding cannot hide one); ruff reports every syntax error. Compare on the former.
    ruff_unparsable_relevant = {path for path in ruff_unparsable if _may_matter(tree, path, comparable_policy)}
    unparsable = ssot_unparsable | ruff_unparsable
    raw = {
        "ssot": {(f["path"], f["line"]) for f in ssot_findings if f["code"] in COMPARABLE_CODES},
        "ruff": {
            (relative_path(f["filename"]), f["location"]["row"]) for f in ruff_findings if f.get("code") == "TID251"
        },
    }
    cache: dict[str, dict[int, bool] | None] = {}

    def classify(path: str, line: int) -> str:
        if path in unparsable:
            return "unparsable file"
        if path not in cache:
            cache[path] = _import_lines((tree / path).read_text(encoding="utf-8", errors="replace"))
        lines = cache[path]
        if lines is None:
            return "unparsable file"
        if line not in lines:
            return "not an import statement"
        return "relative import" if lines[line] else "comparable"

    comparable: dict[str, set[tuple[str, int]]] = {}
    relative: dict[str, set[tuple[str, int]]] = {}
    excluded: dict[str, dict[str, int]] = {}
    for tool, findings in raw.items():
        comparable[tool], relative[tool], excluded[tool] = set(), set(), {}
        for path, line in findings:
            kind = classify(path, line)
            if kind == "comparable":
                comparable[tool].add((path, line))
            else:
                excluded[tool][kind] = excluded[tool].get(kind, 0) + 1
                if kind == "relative import":
                    relative[tool].add((path, line))
    only_ssot = sorted(comparable["ssot"] - comparable["ruff"])
    only_ruff = sorted(comparable["ruff"] - comparable["ssot"])
    same_unparsable = ssot_unparsable == ruff_unparsable_relevant
    return {
        "status": "agree" if not only_ssot and not only_ruff and same_unparsable else "DISAGREE",
        "comparable_findings_ssot": len(comparable["ssot"]),
        "comparable_findings_ruff": len(comparable["ruff"]),
        "in_both": len(comparable["ssot"] & comparable["ruff"]),
        "only_ssot": [f"{p}:{n}" for p, n in only_ssot[:50]],
        "only_ruff": [f"{p}:{n}" for p, n in only_ruff[:50]],
        "only_ssot_count": len(only_ssot),
        "only_ruff_count": len(only_ruff),
        "excluded": excluded,
        # Informative only: ruff resolves relative imports inside __init__.py packages.
        "relative_in_both": len(relative["ssot"] & relative["ruff"]),
        "relative_only_ruff": [f"{p}:{n}" for p, n in sorted(relative["ruff"] - relative["ssot"])],
        "unparsable_ssot": sorted(ssot_unparsable),
        "unparsable_ruff": sorted(ruff_unparsable),
        "unparsable_ruff_that_may_matter": sorted(ruff_unparsable_relevant),
        "unparsable_agree": same_unparsable,
    }


# --------------------------------------------------------------------------------------
# The other helpers' benchmarks (lint-imports, flake8)
# --------------------------------------------------------------------------------------

PARAMETER_NAMES = {
    "tree": ("tree", "path", "root", "project", "directory", "project_root", "tree_dir"),
    "policy": ("policy", "policy_path", "policy_file"),
    "roots": ("root_packages", "roots", "root_package_names", "packages"),
    "pairs": ("pairs", "rounds", "runs", "repeats", "repetitions"),
}
FUNCTION_NAMES = ("benchmark", "run_benchmark", "benchmark_tree", "measure_tree")


def _load(name: str):
    path = HERE / f"{name}.py"
    if not path.exists():
        return None, f"benchmarks/{name}.py not found"
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # noqa: BLE001 - report, never crash the harness
        return None, f"benchmarks/{name}.py failed to import: {error!r}"
    return module, None


def _call_function(module, tree: Path, policy: Path, roots: list[str], pairs: int):
    values = {"tree": tree, "policy": policy, "roots": list(roots), "pairs": pairs}
    for function_name in FUNCTION_NAMES:
        function = getattr(module, function_name, None)
        if not callable(function):
            continue
        try:
            signature = inspect.signature(function)
        except (TypeError, ValueError):
            continue
        kwargs = {}
        missing = False
        for parameter in signature.parameters.values():
            key = next((k for k, names in PARAMETER_NAMES.items() if parameter.name in names), None)
            if key is not None:
                value = values[key]
                if key == "roots" and parameter.name == "root_package":
                    value = roots[0]
                kwargs[parameter.name] = value
            elif parameter.default is inspect.Parameter.empty and parameter.kind not in (
                inspect.Parameter.VAR_POSITIONAL,
                inspect.Parameter.VAR_KEYWORD,
            ):
                missing = True
        if not missing:
            return function_name, function(**kwargs)
    return None, None


def _summary(result) -> str:
    """A one-line summary of whatever a benchmark function returned."""
    if isinstance(result, dict):
        for key in ("summary", "median_ratio", "ratio", "overhead"):
            if key in result:
                return f"{key} = {result[key]}"
        if isinstance(result.get("results"), list):
            return "; ".join(_summary(item) for item in result["results"])
        if "mode" in result and "median_ratio" in result:
            return f"{result['mode']}: {result['median_ratio']:.3f}x"
    if isinstance(result, (list, tuple)):
        return "; ".join(
            f"{item.get('mode', '?')}: median ratio {item['median_ratio']:.3f}x"
            if isinstance(item, dict) and "median_ratio" in item
            else str(item)
            for item in result
        )
    return str(result)[:300]


def other_benchmark(
    name: str,
    tree: Path,
    policy: Path,
    roots: list[str],
    pairs: int,
    python: str,
    env: dict[str, str],
    subtree: str | None = None,
) -> dict:
    """Run one of the adapters' benchmarks on ``tree`` (flake8: on ``tree/subtree`` when given)."""
    if subtree:
        tree = tree / subtree
    module, problem = _load(name)
    if module is None:
        return {"status": "skipped", "note": problem}
    try:
        function_name, result = _call_function(module, tree, policy, roots, pairs)
    except SystemExit as error:
        return {"status": "error", "note": f"{name}: {error}"}
    except Exception as error:  # noqa: BLE001
        return {"status": "error", "note": f"{name}: {error!r}"}
    if function_name is not None:
        try:
            json.dumps(result)
            serialisable = result
        except TypeError:
            serialisable = repr(result)
        return {"status": "ok", "via": f"{name}.{function_name}()", "summary": _summary(result), "result": serialisable}
    # No usable function: the script's command line, when it takes a tree.
    help_text = capture([python, str(HERE / f"{name}.py"), "--help"], REPO, env).stdout
    if name == "bench_importlinter" and "--tree" in help_text:
        command = [python, str(HERE / f"{name}.py"), "--tree", str(tree), "--policy", str(policy)]
        command += [arg for root in roots for arg in ("--root-package", root)]
        if "--rounds" in help_text:
            command += ["--rounds", str(pairs)]
    elif name == "bench_flake8" and "--path" in help_text:
        command = [python, str(HERE / f"{name}.py"), "--path", str(tree), "--policy", str(policy)]
        if "--runs" in help_text:
            command += ["--runs", str(pairs)]
    else:
        return {
            "status": "skipped",
            "note": f"{name}.py exposes no benchmark function taking a tree (looked for {', '.join(FUNCTION_NAMES)})",
        }
    with tempfile.TemporaryDirectory() as temporary:
        output = Path(temporary) / "out.json"
        if "--json" in help_text:
            command += ["--json", str(output)]
        result = capture(command, REPO, env)
        data = json.loads(output.read_text()) if output.exists() else None
    if result.returncode != 0:
        return {"status": "error", "via": " ".join(command), "note": (result.stdout + result.stderr)[-2000:]}
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return {
        "status": "ok",
        "via": "command line: " + " ".join(command[1:]),
        "summary": " | ".join(lines[-4:]),
        "output": result.stdout,
        "result": data,
    }


# --------------------------------------------------------------------------------------
# Trees
# --------------------------------------------------------------------------------------


def prepare_tree(directory: Path, files: int, seed: int, regenerate: bool) -> tuple[Path, dict, float | None]:
    tree = directory / f"files{files}-seed{seed}"
    manifest_path = tree / generate.MANIFEST
    if not regenerate and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if (
            manifest.get("generator_version") == generate.GENERATOR_VERSION
            and manifest.get("files") == files
            and manifest.get("seed") == seed
        ):
            return tree, manifest, None
    started = time.perf_counter()
    if tree.exists():
        shutil.rmtree(tree)
    manifest = generate.generate(tree, files, seed)
    return tree, manifest, time.perf_counter() - started


def base_env(today: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SSOT_TODAY", "FORCE_COLOR", "PYTHONDONTWRITEBYTECODE")}
    env["SSOT_TODAY"] = today
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


def machine() -> dict:
    info = {"platform": platform.platform(), "python": sys.version.split()[0], "cpus": os.cpu_count()}
    try:
        info["usable_cpus"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    try:
        with open("/proc/cpuinfo") as handle:
            info["cpu"] = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
        with open("/proc/meminfo") as handle:
            info["memory_gb"] = round(int(handle.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    return info


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def fmt_ratio(value: float, target: float | None) -> str:
    """``  1.41x  ok   <= 1.5x`` (columns: ratio, verdict, target)."""
    if target is None:
        return f"{value:>17.2f}x"
    verdict = "ok" if value <= target else "OVER"
    return f"{value:>17.2f}x  {verdict:<4}  <= {target}x"


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
) -> dict:
    """The ssot-vs-ruff rows on one tree: the pairs of each mode, peak memory, the agreement check."""
    ruff = ruff_t.base[0]
    results: dict = {
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


def run_comparison(arguments, env: dict[str, str], python: str, ruff: str | None) -> dict:
    tree, manifest, generation = prepare_tree(arguments.tree_dir, arguments.files, arguments.seed, arguments.regenerate)
    print(
        f"tree: {tree} ({manifest['python_files']} files, {manifest['total_bytes'] / 1e6:.1f} MB, "
        f"avg {manifest['average_bytes'] / 1000:.1f} KB, "
        f"{manifest['fraction_without_init_dir']:.0%} without __init__.py, "
        f"{manifest['governed_touching_files']} touching governed names)"
        + (f"; generated in {generation:.1f} s" if generation is not None else "; reused")
    )
    results: dict = {"tree": str(tree), "manifest": manifest, "generation_seconds": generation, "notes": []}
    ssot = ssot_tool(python, env, manifest["policy"], arguments.ssot_jobs)
    results["notes"] += ssot.notes
    for note in ssot.notes:
        print(f"note: {note}")
    results["ssot_command"] = " ".join(ssot.base[1:])
    if ruff is None:
        results["notes"].append("ruff not found: ssot vs ruff rows and agreement skipped")
        print("note: ruff not found: ssot vs ruff rows and the agreement check are skipped")
    else:
        ruff_t = ruff_tool(ruff)
        results.update(
            compare_tools(
                tree,
                env,
                python,
                ssot,
                ruff_t,
                ruff_arguments(),
                arguments.modes,
                arguments.pairs,
                tree / manifest["edit_target"],
            )
        )
    if not arguments.skip_adapters:
        policy = tree / manifest["policy"]
        for name, label in (("bench_importlinter", "lint-imports"), ("bench_flake8", "flake8")):
            started = time.perf_counter()
            print(f"  {label}: running benchmarks/{name}.py ...", flush=True)
            subtree = arguments.flake8_subtree if name == "bench_flake8" else None
            outcome = other_benchmark(
                name, tree, policy, manifest["root_packages"], arguments.adapter_pairs, python, env, subtree
            )
            if subtree:
                outcome["subtree"] = subtree
            outcome["seconds"] = time.perf_counter() - started
            results[label] = outcome
    return results


def run_real(arguments, python: str, ruff: str | None) -> dict[str, dict]:
    """The ssot-vs-ruff rows on each real tree of ``--real`` (benchmarks/real_trees.py)."""
    if ruff is None:
        raise SystemExit("ruff not found (--ruff): the real-tree rows compare ssot with ruff")
    results: dict[str, dict] = {}
    for name in arguments.real:
        started = time.perf_counter()
        tree = real_trees.prepare(name, arguments.real_cache)
        info = real_trees.manifest(name, tree)
        env = base_env(info["today"])
        print(
            f"tree {name}: {tree} ({info['requirement']}, {info['python_files']} files, "
            f"{info['total_bytes'] / 1e6:.1f} MB, avg {info['average_bytes'] / 1000:.1f} KB; "
            f"today {info['today']}); prepared in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        ssot = ssot_tool(python, env, info["policy"], arguments.ssot_jobs)
        for note in ssot.notes:
            print(f"note: {note}")
        ruff_t = ruff_tool(ruff, info["ruff_config"], info["ruff_paths"])
        tree_results: dict = {
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
                arguments.modes,
                arguments.pairs,
                tree / info["edit_target"],
            )
        )
        tree_results["findings"] = finding_counts(tree, env, python, info["policy"])
        results[name] = tree_results
    return results


def finding_counts(tree: Path, env: dict[str, str], python: str, policy: str) -> dict:
    """Findings per code of the full policy (one JSON run of ssot, not timed)."""
    run = capture([python, "-m", "importlinter_ssot", "check", "--policy", policy, "--format", "json"], tree, env)
    if run.returncode not in (0, 1):
        return {"error": f"ssot exited {run.returncode}: {run.stderr[-2000:]}"}
    counts: dict[str, int] = {}
    for finding in json.loads(run.stdout)["findings"]:
        counts[finding["code"]] = counts.get(finding["code"], 0) + 1
    return dict(sorted(counts.items()))


def print_comparison(results: dict, targets: dict[str, float] = TARGETS) -> None:
    print()
    print(f"{'ssot vs ruff (TID251)':<24} {'ruff median':>12} {'ssot median':>12} {'median ssot/ruff':>18}  target")
    for row in results.get("pairs", []):
        if row["mode"] == "relocated":
            continue
        target = targets.get(row["mode"]) if row["mode"] != "edit" else None
        print(
            f"{row['mode']:<24} {row['ruff_median_s']:>11.3f}s {row['ssot_median_s']:>11.3f}s "
            f"{fmt_ratio(row['median_ratio'], target)}"
        )
    if "edit_vs_ruff_warm" in results:
        blank = f"{'':>12} {'':>12}"
        print(f"{'edit: ssot / ruff warm':<24} {blank} {fmt_ratio(results['edit_vs_ruff_warm'], targets['edit'])}")
        print(f"{'edit: ssot / ssot warm':<24} {blank} {fmt_ratio(results['edit_vs_ssot_warm'], None)}")
    relocated = next((r for r in results.get("pairs", []) if r["mode"] == "relocated"), None)
    if relocated:
        print()
        print(f"{'relocated (fresh clone)':<24} {'ssot warm':>12} {'relocated':>12} {'median reloc/warm':>18}  target")
        print(
            f"{'ssot':<24} {relocated['ssot_warm_median_s']:>11.3f}s {relocated['ssot_median_s']:>11.3f}s "
            f"{fmt_ratio(relocated['median_ratio'], targets['relocated'])}"
        )
        if "ruff_median_s" in relocated:
            print(
                f"{'ssot / ruff relocated':<24} "
                f"{relocated['ruff_median_s']:>11.3f}s {relocated['ssot_median_s']:>11.3f}s "
                f"{fmt_ratio(relocated['median_ratio_vs_ruff'], None)}   (ruff relocated, ssot relocated)"
            )
    if results.get("memory"):
        print()
        print(f"{'peak memory':<24} {'process RSS':>12} {'tree RSS':>12} {'tree PSS':>12} {'time':>10}")
        for row in results["memory"]:
            label = f"{row['tool']} {row['mode']}"
            print(
                f"{label:<24} {row['max_process_rss_mb']:>10.0f}MB {row['max_tree_rss_mb']:>10.0f}MB "
                f"{row['max_tree_pss_mb']:>10.0f}MB {row['seconds']:>9.2f}s"
            )
    agreement_result = results.get("agreement")
    if agreement_result:
        print()
        if agreement_result["status"] == "error":
            print(f"agreement: error: {agreement_result['note']}")
        else:
            a = agreement_result
            print(
                "agreement (ssot_comparable.toml vs ruff.toml, absolute imports in parsable files): "
                f"{agreement_result['status']}"
            )
            print(
                f"  findings: ssot {a['comparable_findings_ssot']}, ruff {a['comparable_findings_ruff']}, "
                f"same (path, line) {agreement_result['in_both']}; only ssot {agreement_result['only_ssot_count']}, "
                f"only ruff {agreement_result['only_ruff_count']}"
            )
            for label in ("only_ssot", "only_ruff"):
                for item in agreement_result[label][:10]:
                    print(f"    {label}: {item}")
            print(
                f"  excluded: ssot {agreement_result['excluded']['ssot']}, ruff {agreement_result['excluded']['ruff']} "
                f"({agreement_result['relative_in_both']} relative-import findings reported by both)"
            )
            print(
                f"  unparsable files: ssot {len(a['unparsable_ssot'])}, ruff {len(a['unparsable_ruff'])}, "
                f"{'same set' if agreement_result['unparsable_agree'] else 'DIFFERENT sets'}"
            )
    for label in ("lint-imports", "flake8"):
        outcome = results.get(label)
        if outcome:
            print()
            print(
                f"{label}: {outcome['status']}"
                + (f" via {outcome['via']}" if outcome.get("via") else "")
                + f" ({outcome['seconds']:.0f} s)"
            )
            print(f"  {outcome.get('summary') or outcome.get('note')}")
    for note in results.get("notes", []):
        print(f"note: {note}")


def run_scale(arguments, env: dict[str, str], python: str) -> dict:
    """ssot alone at N and 10*N files, runs interleaved in ABBA order (machine drift hits both)."""
    sizes = [arguments.files, arguments.files * 10]
    rows: list[dict] = []
    for files in sizes:
        tree, manifest, generation = prepare_tree(arguments.tree_dir, files, arguments.seed, arguments.regenerate)
        print(
            f"tree: {tree} ({manifest['total_bytes'] / 1e6:.0f} MB)"
            + (f", generated in {generation:.0f} s" if generation is not None else ", reused"),
            flush=True,
        )
        rows.append(
            {"files": files, "tree": str(tree), "bytes": manifest["total_bytes"], "generation_seconds": generation}
        )
    ssot = ssot_tool(python, env, "contracts/ssot.toml", arguments.ssot_jobs)
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
        for index in range(arguments.pairs):
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
        print(f"  ({mode}: {time.perf_counter() - started:.0f} s for {arguments.pairs} pairs)", flush=True)
    small, large = rows
    summary = {
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


def main(argv: list[str] | None = None) -> int:
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
    env = base_env(generate.TODAY)
    python = sys.executable
    started = time.perf_counter()
    results: dict = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": machine(),
        "ssot_version": version_of([python, "-m", "importlinter_ssot", "--version"], env),
        "files": arguments.files,
        "seed": arguments.seed,
        "today": generate.TODAY,
        "targets": {
            "cold_vs_ruff_cold": 1.5,
            "warm_vs_ruff_warm": TARGETS["warm"],
            "edit_vs_ruff_warm": 2.0,
            "scale_10x_time": 11,
            "peak_memory_mb_100k": 300,
            "lint_imports": 1.15,
            "flake8": 1.05,  # a whole run; one file as an editor runs it: <= 1.10 in instructions
            "relocated_vs_ssot_warm": 1.5,
        },
    }
    if arguments.real:
        results["real_targets"] = {
            "cold_vs_ruff_cold": REAL_TARGETS["cold"],
            "warm_vs_ruff_warm": REAL_TARGETS["warm"],
            "relocated_vs_ssot_warm": REAL_TARGETS["relocated"],
        }
    m = results["machine"]
    print(
        f"machine: {m.get('cpu', '?')}, {m.get('usable_cpus', m['cpus'])} CPUs, {m.get('memory_gb', '?')} GB; "
        f"Python {m['python']}; {results['ssot_version']}"
    )
    if arguments.scale:
        results["scale"] = run_scale(arguments, env, python)
    elif arguments.real:
        results["real"] = run_real(arguments, python, find_ruff(arguments.ruff))
        for name, tree_results in results["real"].items():
            print(f"\n== {name} ({tree_results['manifest']['requirement']}) ==")
            print_comparison(tree_results, REAL_TARGETS)
    else:
        results.update(run_comparison(arguments, env, python, find_ruff(arguments.ruff)))
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
