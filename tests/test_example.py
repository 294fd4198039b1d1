"""The bundled example's findings, asserted exactly.

`expected/example_findings.txt` was derived by hand from the specification, rule by
rule, independently of the engine (see example_findings_reasoning.md); the text and
JSON outputs are checked against it and against the full golden output.

``ssot check`` runs in this process (click's CliRunner, SSOT_TODAY unset: the date is
passed with ``--today``); the full golden output is also produced by a real
``python -m importlinter_ssot`` process with a minimal environment, as the README shows it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from support.front_ends import Run, ssot_in_process

REPO = Path(__file__).resolve().parent.parent
EXPECTED = REPO / "tests" / "expected"
TODAY = "2027-01-15"


def run_ssot(*args: str) -> Run:
    return ssot_in_process(*args, cwd=REPO, today=None)


def test_example_positions_match_the_hand_derived_list() -> None:
    result = run_ssot("--policy", "contracts/example.toml", "--today", TODAY)
    assert result.returncode == 1, result.stderr
    found = [
        line.split(" ", 2)[0] + " " + line.split(" ", 2)[1] for line in result.stdout.splitlines() if " SOT" in line
    ]
    expected = EXPECTED.joinpath("example_findings.txt").read_text().split("\n")
    assert found == [line for line in expected if line]


def test_example_full_text_output() -> None:
    result = run_ssot("--policy", "contracts/example.toml", "--today", TODAY)
    assert result.stdout == EXPECTED.joinpath("example_output.txt").read_text()
    assert result.stderr == ""


def test_example_full_text_output_from_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "importlinter_ssot", "check", "--policy", "contracts/example.toml", "--today", TODAY],
        cwd=REPO,
        capture_output=True,
        text=True,
        # Minimal, but for the suite's own per-user directory (conftest.py): never the developer's ~/.cache.
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]},
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == EXPECTED.joinpath("example_output.txt").read_text()
    assert result.stderr == ""


def test_example_json_output_agrees_with_text() -> None:
    result = run_ssot("--policy", "contracts/example.toml", "--today", TODAY, "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    as_lines = [
        f"{item['path']}:{item['line']}:{item['column']}: {item['code']} {item['message']}"
        for item in document["findings"]
    ]
    golden = EXPECTED.joinpath("example_output.txt").read_text().splitlines()
    assert as_lines == golden[:-1]
    assert document["summary"] == {"errors": 27, "warnings": 11, "files_checked": 28}
    severities = {item["code"]: item["severity"] for item in document["findings"]}
    assert severities["SOT001"] == "warning" and severities["SOT010"] == "warning"
    assert {code for code, severity in severities.items() if severity == "warning"} == {"SOT001", "SOT010", "SOT040"}


def test_example_before_any_deadline_has_fewer_errors() -> None:
    # On 2026-06-01 nothing has expired yet: SOT003/SOT012 become SOT001/SOT010 warnings.
    result = run_ssot("--policy", "contracts/example.toml", "--today", "2026-06-01", "--format", "json")
    codes = [item["code"] for item in json.loads(result.stdout)["findings"]]
    assert "SOT003" not in codes and "SOT012" not in codes
    assert codes.count("SOT010") == 2 + 4  # factory, and the expired shim `manager` (now four imports)
