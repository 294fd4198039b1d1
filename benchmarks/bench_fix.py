"""`ssot check --fix` on the generated tree: its cost against a cold `ssot check`, and the rewrite engine's choice.

    python benchmarks/bench_fix.py --files 10000 --seed 1 --pairs 3 --json fix.json
    python benchmarks/bench_fix.py --files 10000 --engines-only        # just the rewrite engines

1. **end to end** — A/B pairs in ABBA order, each run on a fresh copy of the tree (the copy
   is made before the clock starts): ``ssot check --no-cache`` (cold) against
   ``ssot check --fix --no-cache`` (and ``--diff --no-cache``). Target: ``--fix`` ≤ 2× cold.
   After the first ``--fix`` it checks that a second ``--fix`` on the fixed copy changes nothing.
2. **rewrite engines** — on the files ``--fix`` changes, in this process: the token-level
   rewrite of this package (decode, parse for the statements' places, plan, edit the
   statements concerned) against libcst (parse to a concrete syntax tree, the same module
   replacements through a position-aware transformer, generate the code). Both leave out
   what either needs alike (reading, the compile guard, re-checking the result). libcst
   takes minutes on a 10k tree: ``--engine-files N`` compares on N files spread over it.
   Skipped with a note when libcst is not installed (``pip install libcst``).

Not part of the test suite. Timings depend on the machine: compare ratios from one run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from runs.generated import prepare_tree  # noqa: E402
from runs.processes import base_env, capture, machine, run_command  # noqa: E402

if TYPE_CHECKING:
    from importlinter_ssot.domain.findings import Finding
    from importlinter_ssot.domain.fix_plan import ProjectFacts, SitePlan
    from importlinter_ssot.domain.source import SourceFile

    # A file ``--fix`` changes: its path, the file, its rewritable findings.
    FixWork = tuple[str, SourceFile, tuple[Finding, ...]]

TARGET = 2.0


def fresh_copy(tree: Path, scratch: Path) -> Path:
    copy = scratch / "tree"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(tree, copy, ignore=shutil.ignore_patterns(".ssot_cache", ".ruff_cache"))
    return copy


def end_to_end(tree: Path, scratch: Path, pairs: int, python: str, jobs: str | None) -> dict[str, Any]:
    env = base_env(generate.TODAY)
    base = [python, "-m", "importlinter_ssot", "check", "--policy", "contracts/ssot.toml", "--no-cache"]
    if jobs:
        base += ["--jobs", jobs]
    commands = {"cold": base, "fix": [*base, "--fix"], "diff": [*base, "--diff"]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for index in range(pairs):
        order = list(commands) if index % 2 == 0 else list(reversed(commands))
        for name in order:
            copy = fresh_copy(tree, scratch)
            times[name].append(run_command(commands[name], copy, env).seconds)
            if name == "fix" and index == 0:
                second = capture([*commands["diff"]], copy, env)
                if second.returncode != 0 or second.stdout:
                    raise SystemExit(f"a second --fix would change the tree:\n{second.stdout[:3000]}")
    ratios = {
        name: statistics.median(times[name][i] / times["cold"][i] for i in range(pairs)) for name in ("fix", "diff")
    }
    return {
        "pairs": pairs,
        "times_s": times,
        "median_s": {name: statistics.median(values) for name, values in times.items()},
        "median_ratio_to_cold": ratios,
        "target_fix_vs_cold": TARGET,
    }


def fix_plans(tree: Path) -> tuple[list[FixWork], ProjectFacts]:
    """The files ``--fix`` changes, with their text, findings and plans (computed in this process)."""
    from importlinter_ssot.adapters.filesystem import LocalFileSystem
    from importlinter_ssot.adapters.runner import make_runner
    from importlinter_ssot.application.analysis.check import run_check
    from importlinter_ssot.application.fix.fixing import project_facts
    from importlinter_ssot.application.policy.policy_loading import load_projects
    from importlinter_ssot.domain.fix_reasons import is_rewritable

    file_system = LocalFileSystem()
    projects = load_projects(file_system, [str(tree / "contracts" / "ssot.toml")])
    today = __import__("datetime").date.fromisoformat(generate.TODAY)
    found = run_check(file_system, projects, today, runner=make_runner(0))
    by_path: dict[str, list[Finding]] = {}
    for finding in found.findings:
        if is_rewritable(finding):
            by_path.setdefault(finding.path, []).append(finding)
    provided = project_facts(file_system, projects)
    sources = {source.path: source for source in projects[0].files}
    return [(path, sources[path], tuple(findings)) for path, findings in sorted(by_path.items())], provided


def token_rewrite(
    path: str, source: SourceFile, findings: Sequence[Finding], provided: ProjectFacts
) -> tuple[str, list[SitePlan]]:
    """This package's rewrite of one file: the fixed text and the planned statements."""
    import ast

    from importlinter_ssot.application.analysis.import_sites import import_sites
    from importlinter_ssot.application.analysis.text_lines import TextLines
    from importlinter_ssot.application.fix.import_rewrite import apply_edits, site_edits
    from importlinter_ssot.domain.fix_plan import plan_file
    from importlinter_ssot.domain.source import decode_source

    text = decode_source(Path(path).read_bytes())
    lines = TextLines(text)
    plan = plan_file(source, import_sites(ast.parse(text), lines), findings, provided)
    edits = [edit for site in plan.sites for edit in site_edits(lines, site)]
    return apply_edits(text, edits), list(plan.sites)


def engines(tree: Path, sample: int, rounds: int) -> dict[str, Any]:
    try:
        import libcst
        from libcst.metadata import MetadataWrapper, PositionProvider
    except ImportError:
        return {"skipped": "libcst is not installed (pip install libcst)"}
    from importlinter_ssot.domain.source import decode_source

    work, provided = fix_plans(tree)
    if sample and len(work) > sample:
        work = work[:: len(work) // sample][:sample]  # evenly spread over the tree
    texts = {path: decode_source(Path(path).read_bytes()) for path, _, _ in work}
    # What each engine gets to do: the module of each statement whose names all go to one target.
    jobs: list[tuple[str, SourceFile, tuple[Finding, ...], dict[int, str]]] = []
    for path, source, findings in work:
        _, sites = token_rewrite(path, source, findings, provided)
        if not sites:
            continue
        replacements: dict[int, str] = {}
        for plan in sites:
            modules = {move.module for move in plan.moves}
            if len(modules) == 1:
                (module,) = modules
                if module is not None:
                    replacements[plan.site.position.line] = module
        jobs.append((path, source, findings, replacements))

    class Rewrite(libcst.CSTTransformer):
        METADATA_DEPENDENCIES = (PositionProvider,)

        def __init__(self, replacements: dict[int, str]) -> None:
            super().__init__()
            self.replacements = replacements

        def leave_ImportFrom(  # noqa: N802 - libcst's visitor naming
            self, original: libcst.ImportFrom, updated: libcst.ImportFrom
        ) -> libcst.ImportFrom:
            line = self.get_metadata(PositionProvider, original).start.line
            target = self.replacements.get(line)
            if target is None:
                return updated
            module = libcst.parse_expression(target)
            return updated.with_changes(module=module, relative=[])

    def run_tokens() -> None:
        for path, source, findings, _ in jobs:
            token_rewrite(path, source, findings, provided)

    def run_libcst_roundtrip() -> None:
        for path, _, _, _ in jobs:
            assert libcst.parse_module(texts[path]).code == texts[path]

    def run_libcst_rewrite() -> None:
        for path, _, _, replacements in jobs:
            assert MetadataWrapper(libcst.parse_module(texts[path])).visit(Rewrite(replacements)).code

    timings: dict[str, list[float]] = {"token": [], "libcst_roundtrip": [], "libcst_rewrite": []}
    functions = {"token": run_tokens, "libcst_roundtrip": run_libcst_roundtrip, "libcst_rewrite": run_libcst_rewrite}
    for index in range(rounds):
        for name in list(functions) if index % 2 == 0 else list(reversed(functions)):
            started = time.perf_counter()
            functions[name]()
            timings[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    return {
        "files": len(jobs),
        "bytes": sum(len(texts[path]) for path, _, _, _ in jobs),
        "times_s": timings,
        "median_s": medians,
        "libcst_roundtrip_vs_token": medians["libcst_roundtrip"] / medians["token"],
        "libcst_rewrite_vs_token": medians["libcst_rewrite"] / medians["token"],
        "libcst_version": getattr(libcst, "__version__", "?"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=3, help="A/B/C rounds in ABBA order (default 3)")
    parser.add_argument("--tree-dir", type=Path, default=Path(tempfile.gettempdir()) / "ssot-bench")
    parser.add_argument("--scratch", type=Path, help="where the copies go (default: a temporary directory)")
    parser.add_argument("--ssot-jobs", help="pass --jobs to ssot")
    parser.add_argument("--engines-only", action="store_true", help="only compare the rewrite engines")
    parser.add_argument("--skip-engines", action="store_true", help="skip the rewrite engine comparison")
    parser.add_argument(
        "--engine-files", type=int, default=0, help="compare the engines on this many of the files (default: all)"
    )
    parser.add_argument("--engine-rounds", type=int, default=1, help="rounds of the engine comparison (default 1)")
    parser.add_argument("--json", type=Path, help="write the results here")
    arguments = parser.parse_args(argv)
    tree, manifest, _ = prepare_tree(arguments.tree_dir, arguments.files, arguments.seed, False)
    results: dict[str, Any] = {"machine": machine(), "files": manifest.get("python_files"), "tree": str(tree)}
    if not arguments.skip_engines:
        results["engines"] = engines(tree, arguments.engine_files, arguments.engine_rounds)
        print("rewrite engines:", json.dumps(results["engines"].get("median_s", results["engines"]), indent=None))
        if "libcst_rewrite_vs_token" in results["engines"]:
            found = results["engines"]
            print(
                f"  {found['files']} files: libcst round trip {found['libcst_roundtrip_vs_token']:.1f}x, "
                f"libcst rewrite {found['libcst_rewrite_vs_token']:.1f}x the token-level rewrite"
            )
    if not arguments.engines_only:
        scratch = arguments.scratch or Path(tempfile.mkdtemp(prefix="ssot-bench-fix-"))
        try:
            results["end_to_end"] = end_to_end(tree, scratch, arguments.pairs, sys.executable, arguments.ssot_jobs)
        finally:
            if arguments.scratch is None:
                shutil.rmtree(scratch, ignore_errors=True)
        found = results["end_to_end"]
        for name in ("fix", "diff"):
            ratio = found["median_ratio_to_cold"][name]
            verdict = "ok" if name != "fix" or ratio <= TARGET else "OVER"
            print(f"--{name} / cold check: {ratio:.2f}x {verdict if name == 'fix' else ''}")
        print("medians (s):", json.dumps(found["median_s"]))
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
