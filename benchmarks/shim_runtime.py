"""What generated shims cost at run time: the helper's import time, and the canonical module's.

- ``importlinter_ssot.runtime``: its import time (itself and its package), as ``python -X
  importtime`` reports it in fresh interpreters with bytecode cached — the budget is 1 ms;
  and the package's own copy of it, which generated shims import (``app._ssot_compat``).
- The canonical module: its import time in a tree with shims for it vs the same tree
  without (the ratio should be 1: importing it never touches a shim or the helper).
- A name through a shim (lazy lookup + warning) vs from the canonical module, per access.

Timings are medians over fresh interpreters; compare ratios measured in one run.

    python benchmarks/shim_runtime.py [--runs 30] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from importlinter_ssot.application.shims.shim_files import DOCSTRING, render_block  # noqa: E402
from importlinter_ssot.domain.globs import ModuleGlob  # noqa: E402
from importlinter_ssot.domain.policy import (  # noqa: E402
    DeprecatedPath,  # noqa: E402
    ModuleRule,
    ModuleStatus,
    Policy,
    SymbolRule,
)
from importlinter_ssot.domain.rules.shim_spec import shim_specs  # noqa: E402
from importlinter_ssot.domain.shim_helper import helper_text  # noqa: E402

CANONICAL = "import enum\n\n\nclass Mode(enum.Enum):\n    A = 1\n\n\nclass Client:\n    mode = Mode.A\n\n\n"
CANONICAL += "".join(f"def helper_{index}():\n    return {index}\n\n\n" for index in range(200))


def _tree(root: Path, with_shims: bool) -> None:
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("", encoding="utf-8")
    (root / "app" / "core.py").write_text(CANONICAL, encoding="utf-8")
    if not with_shims:
        return
    policy = Policy(
        name="bench",
        path=str(root / "ssot.toml"),
        project_root=str(root),
        root_packages=("app",),
        symbols=(
            SymbolRule(
                name="Client",
                defined_in="app.core",
                canonical=("app.core",),
                aliases=("OldClient",),
                deprecated=(DeprecatedPath("app.compat", message="compat goes away"),),
            ),
        ),
        modules=(ModuleRule(ModuleGlob("app.legacy"), ModuleStatus.DEPRECATED, replacement="app.core"),),
    )
    runtime_source = (REPOSITORY / "importlinter_ssot" / "runtime.py").read_text(encoding="utf-8")
    (root / "app" / "_ssot_compat.py").write_text(helper_text(runtime_source), encoding="utf-8")
    for module, spec in shim_specs(policy).items():
        path = root / (module.replace(".", "/") + ".py")
        block = render_block(spec, "ssot.toml", helper="app._ssot_compat")
        path.write_text(DOCSTRING + "\n" + block, encoding="utf-8")


def _environment(root: Path, cache: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPATH"] = os.pathsep.join([str(root), str(REPOSITORY)])
    environment["PYTHONPYCACHEPREFIX"] = str(cache)
    return environment


def _import_times(root: Path, module: str, runs: int, cache: Path) -> dict[str, float]:
    """Median cumulative -X importtime (µs) of ``module`` and each of its entries that is ours."""
    environment = _environment(root, cache)
    command = [sys.executable, "-X", "importtime", "-c", f"import {module}"]
    subprocess.run(command, env=environment, capture_output=True, check=True)  # write the bytecode first
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
        for line in result.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line:
                continue
            _, cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
            if name.startswith(("importlinter_ssot", "app")):
                samples.setdefault(name, []).append(float(cumulative))
    return {name: statistics.median(values) for name, values in samples.items()}


def _access_cost(root: Path, cache: Path) -> dict[str, float]:
    """ns per access of a name: from the canonical module vs through a shim (warning ignored)."""
    script = (
        "import timeit, warnings\nwarnings.simplefilter('ignore')\nimport app.core, app.compat, app.legacy\n"
        "n = 20000\n"
        "direct = min(timeit.repeat('app.core.Client', globals=globals(), number=n, repeat=5)) / n * 1e9\n"
        "shim = min(timeit.repeat('app.compat.Client', globals=globals(), number=n, repeat=5)) / n * 1e9\n"
        "print(direct, shim)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=_environment(root, cache), capture_output=True, text=True, check=True
    )
    direct, shim = map(float, result.stdout.split())
    return {"canonical_ns": direct, "through_shim_ns": shim, "ratio": shim / direct}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        base = Path(directory)
        plain, shimmed, cache = base / "plain", base / "shimmed", base / "pycache"
        _tree(plain, with_shims=False)
        _tree(shimmed, with_shims=True)
        helper = _import_times(plain, "importlinter_ssot.runtime", arguments.runs, cache)
        copy = _import_times(shimmed, "app._ssot_compat", arguments.runs, cache)
        canonical_plain = _import_times(plain, "app.core", arguments.runs, cache)["app.core"]
        canonical_shimmed = _import_times(shimmed, "app.core", arguments.runs, cache)["app.core"]
        access = _access_cost(shimmed, cache)
    results = {
        "runtime_import_us": helper.get("importlinter_ssot.runtime"),
        "package_import_us": helper.get("importlinter_ssot"),
        "package_copy_import_us": copy.get("app._ssot_compat"),
        "canonical_import_us_without_shims": canonical_plain,
        "canonical_import_us_with_shims": canonical_shimmed,
        "canonical_import_ratio": canonical_shimmed / canonical_plain,
        "access": access,
        "python": sys.version.split()[0],
    }
    print(f"importlinter_ssot.runtime import (with its package): {results['runtime_import_us']:.0f} µs (budget 1000)")
    print(f"the package's copy, app._ssot_compat: {results['package_copy_import_us']:.0f} µs")
    print(
        f"canonical module import: {canonical_plain:.0f} µs without shims, {canonical_shimmed:.0f} µs with "
        f"(ratio {results['canonical_import_ratio']:.2f})"
    )
    print(
        f"a name per access: {access['canonical_ns']:.0f} ns from the canonical module, "
        f"{access['through_shim_ns']:.0f} ns through a shim (warning filtered out; ratio {access['ratio']:.0f})"
    )
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
