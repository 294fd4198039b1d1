"""Write a generated tree to disk, with its manifest (the parameters and statistics of the tree)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

from . import GENERATOR_VERSION
from .configs import flake8_text, policy_text, pyproject_text, ruff_text
from .governed import ROOTS, TODAY
from .plan import Plan
from .render import Renderer

MANIFEST = "bench-manifest.json"


def write_tree(out: Path, files: int, seed: int, *, clean: bool = True) -> dict[str, Any]:
    """Write the tree to ``out`` and return its manifest (also written to ``out/bench-manifest.json``).

    With ``clean``, what a previous generation or benchmark left in ``out`` is removed first.
    """
    started = time.perf_counter()
    out = Path(out)
    if clean and out.exists():
        for child in ("mono", "toolkit", "contracts", ".ssot_cache", ".ruff_cache"):
            shutil.rmtree(out / child, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    plan = Plan(files, seed)
    renderer = Renderer(plan)
    sizes: list[int] = []
    namespace_files = 0
    made: set[str] = set()
    for module in sorted(plan.modules.values(), key=lambda m: m.path):
        data = renderer.render(module).encode("utf-8")
        path = out / module.path
        parent = str(path.parent)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        path.write_bytes(data)
        sizes.append(len(data))
        if not module.in_package_dir:
            namespace_files += 1
    (out / "contracts").mkdir(exist_ok=True)
    (out / "contracts" / "ssot.toml").write_text(policy_text(plan, comparable=False), encoding="utf-8")
    (out / "contracts" / "ssot_comparable.toml").write_text(policy_text(plan, comparable=True), encoding="utf-8")
    (out / "ruff.toml").write_text(ruff_text(plan, renderer.tally.symbol_imports), encoding="utf-8")
    (out / ".flake8").write_text(flake8_text(), encoding="utf-8")
    (out / "pyproject.toml").write_text(pyproject_text(), encoding="utf-8")
    manifest = _manifest(plan, renderer, sizes, namespace_files)
    manifest["generation_seconds"] = round(time.perf_counter() - started, 2)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _manifest(plan: Plan, renderer: Renderer, sizes: list[int], namespace_files: int) -> dict[str, Any]:
    modules = plan.modules.values()
    tally = renderer.tally
    # This counts governed statements twice (they are in tally.statements already). Left as
    # it is: the manifest is part of the output that stays byte-identical across refactorings.
    import_statements = tally.statements + tally.governed_statements
    sizes_sorted = sorted(sizes)
    return {
        "generator_version": GENERATOR_VERSION,
        "files": plan.files,
        "seed": plan.seed,
        "today": TODAY,
        "root_packages": list(ROOTS),
        "python_files": len(sizes),
        "total_bytes": sum(sizes),
        "average_bytes": round(sum(sizes) / len(sizes)),
        "median_bytes": sizes_sorted[len(sizes) // 2],
        "max_bytes": sizes_sorted[-1],
        "files_over_200kb": sum(1 for s in sizes if s >= 200_000),
        "files_without_init_dir": namespace_files,
        "fraction_without_init_dir": round(namespace_files / len(sizes), 3),
        "import_statements": import_statements,
        "imports_per_file": round(import_statements / len(sizes), 1),
        "governed_touching_files": sum(1 for m in modules if m.governed or m.reexports_ws),
        "governed_statements": tally.governed_statements,
        "syntax_error_files": sorted(m.path for m in modules if m.kind == "syntax"),
        "huge_files": sorted(m.path for m in modules if m.kind.startswith("huge")),
        "redefinition_files": sorted(m.path for m in modules if m.extra_defs),
        "doc_import_files": sum(1 for m in modules if m.doc_imports),
        "vendored_files": sorted(m.path for m in modules if m.kind == "vendored"),
        "edit_target": plan.edit_target().path,
        "policy": "contracts/ssot.toml",
        "comparable_policy": "contracts/ssot_comparable.toml",
        "ruff_config": "ruff.toml",
    }
