"""The lint-imports and flake8 rows: ``bench_importlinter.py`` and ``bench_flake8.py`` on the generated tree.

Produces the 10k-tree rows of the "lint-imports" and "flake8" tables of ``docs/performance.md``
(the other rows come from those scripts run alone, as their docstrings say)::

    python benchmarks/run.py --files 10000 --seed 1 --adapter-pairs 3 --flake8-subtree mono/scripts

Each script runs as its own process, through its command line, on the tree ``run.py``
generated: lint-imports with the SSOT contract vs a trivial ``forbidden`` contract
(``--rounds``), flake8 with vs without the plugin (``--runs``; on ``--flake8-subtree`` only,
when given). The row keeps the script's last lines of output (and lint-imports' JSON).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from . import Results
from .processes import REPO, capture

BENCHMARKS = Path(__file__).resolve().parents[1]
# (script, the row's label): the order of the rows.
ADAPTERS = (("bench_importlinter", "lint-imports"), ("bench_flake8", "flake8"))


def adapter_command(name: str, tree: Path, policy: Path, roots: list[str], pairs: int, python: str) -> list[str]:
    """The command line of ``benchmarks/<name>.py`` on ``tree`` (without ``--json``)."""
    script = str(BENCHMARKS / f"{name}.py")
    if name == "bench_importlinter":
        command = [python, script, "--tree", str(tree), "--policy", str(policy)]
        command += [arg for root in roots for arg in ("--root-package", root)]
        return [*command, "--rounds", str(pairs)]
    if name == "bench_flake8":
        return [python, script, "--path", str(tree), "--policy", str(policy), "--runs", str(pairs)]
    raise ValueError(f"no adapter benchmark {name!r}")


def adapter_benchmark(
    name: str,
    tree: Path,
    policy: Path,
    roots: list[str],
    pairs: int,
    python: str,
    env: dict[str, str],
    subtree: str | None = None,
) -> Results:
    """Run one of the adapters' benchmarks on ``tree`` (flake8: on ``tree/subtree`` when given)."""
    if subtree:
        tree = tree / subtree
    command = adapter_command(name, tree, policy, roots, pairs, python)
    with tempfile.TemporaryDirectory() as temporary:
        output = Path(temporary) / "out.json"
        if name == "bench_importlinter":  # the only one that writes JSON
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


def adapter_rows(
    tree: Path,
    policy: Path,
    roots: list[str],
    pairs: int,
    python: str,
    env: dict[str, str],
    flake8_subtree: str | None,
) -> Results:
    """Both rows, keyed by their labels (``lint-imports``, ``flake8``), each with its wall time."""
    rows: Results = {}
    for name, label in ADAPTERS:
        started = time.perf_counter()
        print(f"  {label}: running benchmarks/{name}.py ...", flush=True)
        subtree = flake8_subtree if name == "bench_flake8" else None
        outcome = adapter_benchmark(name, tree, policy, roots, pairs, python, env, subtree)
        if subtree:
            outcome["subtree"] = subtree
        outcome["seconds"] = time.perf_counter() - started
        rows[label] = outcome
    return rows
