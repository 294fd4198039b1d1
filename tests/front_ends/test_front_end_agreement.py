"""The three front ends give the same answers for the same inputs, odd settings values included.

`ssot check`, `lint-imports` (the ssot contract) and flake8 (the SOT plugin) all resolve
their settings through the composition root, so a date with surrounding whitespace is
accepted by all of them, an invalid one rejected by all of them, and a blank one means
"unset" everywhere. Real processes, on the bundled example.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

from importlinter_ssot.domain.rule_definition import Scope
from importlinter_ssot.domain.rules.registry import rules_of_scope

PER_FILE_CODES = frozenset(rule.code for rule in rules_of_scope(Scope.FILE))
REPOSITORY = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# A finding line; import-linter lists warnings as "- " items.
FINDING = re.compile(r"^(?:- )?(?P<path>[^\s:]+\.(?:py|toml)):(?P<line>\d+):(?P<column>\d+): (?P<code>SOT\d{3}) ")

Row = tuple[str, int, int, str]


def _environment(today: str | None, **extra: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SSOT_")}
    if today is not None:
        environment["SSOT_TODAY"] = today
    environment.update(extra)
    return environment


def _rows(text: str, prefix: str = "") -> set[Row]:
    rows = set()
    for line in text.splitlines():
        match = FINDING.match(line)
        if match:
            path = posixpath.normpath(prefix + match["path"])
            rows.add((path, int(match["line"]), int(match["column"]), match["code"]))
    return rows


def ssot_check(today: str | None, *options: str, cache: bool = False, **extra: str) -> tuple[int, set[Row], str]:
    no_cache = [] if cache else ["--no-cache"]
    result = subprocess.run(
        [str(BIN / "ssot"), "check", *no_cache, "--format", "json", "--policy", "contracts/example.toml", *options],
        cwd=REPOSITORY,
        env=_environment(today, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    rows = set()
    if result.returncode != 2:
        for finding in json.loads(result.stdout)["findings"]:
            rows.add((finding["path"], finding["line"], finding["column"], finding["code"]))
    return result.returncode, rows, result.stderr


def lint_imports(today: str | None, **extra: str) -> tuple[int, set[Row], str]:
    result = subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache", "importlinter.ini"],
        cwd=REPOSITORY / "examples",
        env=_environment(today, COLUMNS="400", **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Errors and warnings, with paths relative to the examples directory (import-linter's cwd).
    return result.returncode, _rows(result.stdout, prefix="examples/"), result.stdout + result.stderr


def flake8(today: str | None, *options: str, **extra: str) -> tuple[int, set[Row], str]:
    result = subprocess.run(
        [
            str(BIN / "flake8"),
            "--isolated",
            "--select",
            "SOT",
            "--ssot-policy",
            "contracts/example.toml",
            *options,
            "examples/chat",
        ],
        cwd=REPOSITORY,
        env=_environment(today, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, _rows(result.stdout), result.stderr


def per_file(rows: set[Row]) -> set[Row]:
    """What flake8 can report: the per-file codes, but SOT900 (flake8's own E999 covers it)."""
    return {row for row in rows if row[3] in PER_FILE_CODES and row[3] != "SOT900"}


@pytest.mark.parametrize(
    "today",
    [" 2027-01-15", "2027-04-01\n", "   "],
    ids=["leading space", "trailing newline", "blank means unset"],
)
def test_odd_but_valid_dates_give_the_same_findings_everywhere(today: str) -> None:
    check_status, check_rows, _ = ssot_check(today)
    lint_status, lint_rows, lint_output = lint_imports(today)
    flake8_status, flake8_rows, flake8_error = flake8(today)
    assert check_status == 1 and check_rows
    assert "not configured correctly" not in lint_output
    assert lint_status == 1 and lint_rows == check_rows, lint_output
    assert flake8_status == 1 and flake8_rows == per_file(check_rows), flake8_error


def test_the_date_decides_the_same_way_everywhere() -> None:
    # The example's deprecations end on 2027-03-31: before, SOT001; after, SOT003.
    before = ssot_check("2027-03-31")[1]
    after = ssot_check("2027-04-01")[1]
    codes_before = [row[3] for row in before]
    codes_after = [row[3] for row in after]
    assert codes_after.count("SOT001") < codes_before.count("SOT001")
    assert codes_after.count("SOT003") > codes_before.count("SOT003")
    assert per_file(after) == flake8("2027-04-01")[1]
    assert after == lint_imports("2027-04-01")[1]


@pytest.mark.parametrize("today", ["2027-1-15", "2027-02-30", "tomorrow"])
def test_an_invalid_date_is_rejected_by_every_front_end(today: str) -> None:
    check_status, _, check_error = ssot_check(today)
    lint_status, _, lint_output = lint_imports(today)
    flake8_status, flake8_rows, flake8_error = flake8(today)
    expected = f"the SSOT_TODAY environment variable: `{today}` is not a date (YYYY-MM-DD)"
    assert check_status == 2 and expected in check_error
    # import-linter's own convention for a misconfigured contract: exit 1 and the reason.
    assert lint_status == 1 and "not configured correctly" in lint_output
    assert expected in " ".join(lint_output.split())  # rich may fold the line
    # flake8 (editors): the reason as SOT901 on every checked file, and once on stderr.
    assert flake8_status == 1 and expected in flake8_error
    assert flake8_rows and {row[1:] for row in flake8_rows} == {(1, 1, "SOT901")}


def test_option_values_are_read_by_the_same_parser() -> None:
    check = ssot_check(None, "--today", " 2027-04-01 ")
    flake = flake8(None, "--ssot-today", " 2027-04-01 ")
    assert check[0] == 1 and flake[0] == 1
    assert per_file(check[1]) == flake[1] == per_file(ssot_check("2027-04-01")[1])
    assert ssot_check(None, "--today", "2027-4-1")[0] == 2
    rejected = flake8(None, "--ssot-today", "2027-4-1")
    assert "--ssot-today: `2027-4-1` is not a date (YYYY-MM-DD)" in rejected[2]
    assert {row[3] for row in rejected[1]} == {"SOT901"}


def test_a_blank_cache_directory_variable_means_the_default() -> None:
    status, rows, error = ssot_check("2027-01-15", cache=True, SSOT_CACHE_DIR="  ")
    assert status == 1 and rows, error
    assert lint_imports("2027-01-15", SSOT_CACHE_DIR="  ")[1] == rows
