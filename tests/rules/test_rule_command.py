"""`ssot rule CODE`, `ssot rule --all` and `ssot rules` print what docs/rules.md says, from the same renderer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from importlinter_ssot.domain.rules.registry import RULES

from support.commands import ssot_command

REPO = Path(__file__).resolve().parents[2]
PAGE = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")


def _section(code: str) -> str:
    """The rule's section of docs/rules.md: from its heading to the next heading of the same level."""
    start = re.search(rf"^## {code} ", PAGE, re.MULTILINE)
    assert start is not None, code
    end = re.compile(r"^## ", re.MULTILINE).search(PAGE, start.end())
    return PAGE[start.start() : end.start() if end else len(PAGE)]


@pytest.mark.parametrize("code", [rule.code for rule in RULES])
def test_ssot_rule_prints_the_rules_section_of_the_docs(code: str) -> None:
    run = ssot_command("rule", code, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == _section(code).strip()
    assert run.stdout.startswith(f"## {code} ")


def test_a_rule_by_its_name_or_in_lower_case() -> None:
    assert ssot_command("rule", "sot001", cwd=REPO).stdout == ssot_command("rule", "SOT001", cwd=REPO).stdout
    assert ssot_command("rule", "deprecated-symbol-path", cwd=REPO).stdout.startswith("## SOT001 ")


@pytest.mark.parametrize("arguments", [("rules",), ("rule", "--all"), ("rule",)])
def test_the_listing_has_the_docs_table_codes_names_and_severities(arguments: tuple[str, ...]) -> None:
    run = ssot_command(*arguments, cwd=REPO)
    assert run.returncode == 0, run.stderr
    table = re.findall(r"^\| \[(SOT\d+)\]\(#[^)]+\) \| ([a-z-]+) \| (error|warning) \| (.+) \|$", PAGE, re.MULTILINE)
    listed = [line.split(None, 3) for line in run.stdout.splitlines()]
    assert [tuple(row) for row in listed] == table


def test_an_unknown_rule_is_a_usage_error() -> None:
    run = ssot_command("rule", "SOT999", cwd=REPO)
    assert run.returncode == 2
    assert "no rule 'SOT999'" in run.stderr and "SOT001" in run.stderr
    both = ssot_command("rule", "SOT001", "--all", cwd=REPO)
    assert both.returncode == 2
