"""The generated tree: generate it (or reuse it), then ssot vs ruff, the agreement check and the adapters' rows.

Produces the "ssot check vs ruff (TID251), 10k-file generated tree" section of
``docs/performance.md`` and the 10k-tree rows of its lint-imports and flake8 tables::

    python benchmarks/run.py --files 10000 --seed 1 --pairs 3 --adapter-pairs 3 --flake8-subtree mono/scripts \\
        --modes cold,warm,edit,relocated --json results-10k.json

The tree is ``benchmarks/generate.py``'s, under ``--tree-dir`` (``files<N>-seed<S>``), reused
while its ``bench-manifest.json`` matches the generator's version, N and S.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import generate

from . import Results
from .adapters import adapter_rows
from .comparison import compare_tools
from .tools import ruff_arguments, ruff_tool, ssot_tool


def prepare_tree(directory: Path, files: int, seed: int, regenerate: bool) -> tuple[Path, dict[str, Any], float | None]:
    """The tree of ``files`` and ``seed`` under ``directory``: its path, manifest, generation time (None: reused)."""
    tree = directory / f"files{files}-seed{seed}"
    manifest_path = tree / generate.MANIFEST
    if not regenerate and manifest_path.exists():
        manifest: dict[str, Any] = json.loads(manifest_path.read_text())
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


def run_comparison(
    env: dict[str, str],
    python: str,
    ruff: str | None,
    *,
    tree_dir: Path,
    files: int,
    seed: int,
    regenerate: bool,
    ssot_jobs: str | None,
    modes: Sequence[str],
    pairs: int,
    skip_adapters: bool,
    adapter_pairs: int,
    flake8_subtree: str | None,
) -> Results:
    """Every row of a run on the generated tree (``run.py`` without ``--scale`` or ``--real``)."""
    tree, manifest, generation = prepare_tree(tree_dir, files, seed, regenerate)
    print(
        f"tree: {tree} ({manifest['python_files']} files, {manifest['total_bytes'] / 1e6:.1f} MB, "
        f"avg {manifest['average_bytes'] / 1000:.1f} KB, "
        f"{manifest['fraction_without_init_dir']:.0%} without __init__.py, "
        f"{manifest['governed_touching_files']} touching governed names)"
        + (f"; generated in {generation:.1f} s" if generation is not None else "; reused")
    )
    results: Results = {"tree": str(tree), "manifest": manifest, "generation_seconds": generation, "notes": []}
    ssot = ssot_tool(python, env, manifest["policy"], ssot_jobs)
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
                modes,
                pairs,
                tree / manifest["edit_target"],
            )
        )
    if not skip_adapters:
        policy = tree / manifest["policy"]
        results.update(
            adapter_rows(tree, policy, manifest["root_packages"], adapter_pairs, python, env, flake8_subtree)
        )
    return results
