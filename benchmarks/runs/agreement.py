"""The agreement check: ssot and ruff report the same ``(path, line)`` set on what both can express.

Produces the "Agreement" paragraphs of ``docs/performance.md`` (below the ssot-vs-ruff table
and the real-codebase table), run after the timed pairs by every comparison::

    python benchmarks/run.py --files 10000 --seed 1
    python benchmarks/run.py --real homeassistant,ansible

ssot runs with ``contracts/ssot_comparable.toml`` and ruff with ``ruff.toml`` (TID251), both
as JSON and with noqa off. Compared: findings on absolute import statements in files both
tools parse (each finding's line located in the file's AST); relative imports, ruff's findings
on attribute uses and files with syntax errors are excluded and counted. The files ssot
reports as SOT900 must be the files ruff reports as invalid syntax among those that may
matter to the policy. ``tests/test_benchmark_generator.py`` runs it on a small generated tree.
"""

from __future__ import annotations

import ast
import json
import os
from collections.abc import Sequence
from pathlib import Path

from . import Results
from .processes import capture

# The ssot codes whose positions ruff's TID251 can express (see benchmarks/README.md).
COMPARABLE_CODES = {"SOT001", "SOT002", "SOT003", "SOT010", "SOT011", "SOT012"}


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
    # Imported here: only a file ruff cannot parse needs the engine in the harness's process.
    from importlinter_ssot.application.policy.policy_parsing import parse_policy
    from importlinter_ssot.domain.rules.relevance import may_matter, relevance_needles

    needles = relevance_needles(parse_policy(policy.read_text(encoding="utf-8"), str(policy), str(tree)))
    try:
        data = (tree / path).read_bytes()
    except OSError:
        return True
    return may_matter(data, needles)


def agreement(tree: Path, env: dict[str, str], python: str, ruff: str, ruff_args: Sequence[str] = (".",)) -> Results:
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
