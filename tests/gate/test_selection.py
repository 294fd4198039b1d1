"""--select / --ignore / --extend-select and [tool.ssot]: ruff's semantics over the registry's codes."""

from __future__ import annotations

import json

import pytest

from importlinter_ssot.domain.rules.registry import RULES
from importlinter_ssot.domain.selection import Selection, SelectorError, check_selector, selected_codes

CODES = [rule.code for rule in RULES]
# A well-formed code no rule has (the highest free one), as a selector that selects nothing.
UNKNOWN = next(code for code in (f"SOT{number:03}" for number in range(999, 0, -1)) if code not in CODES)


def chosen(*selections: Selection) -> list[str]:
    return sorted(selected_codes(CODES, selections))


def test_nothing_selected_means_every_code() -> None:
    assert chosen() == CODES
    assert chosen(Selection()) == CODES


def starting(*prefixes: str) -> list[str]:
    """The registered codes with one of these prefixes, in order: what a selector means, from the registry."""
    return [code for code in CODES if code.startswith(prefixes)]


def test_select_replaces_extend_select_adds_ignore_removes() -> None:
    assert chosen(Selection(select=("SOT01",))) == starting("SOT01")
    assert chosen(Selection(select=("SOT01",), extend_select=("SOT900",))) == sorted([*starting("SOT01"), "SOT900"])
    assert chosen(Selection(ignore=("SOT0",))) == [code for code in CODES if code not in starting("SOT0")]
    assert chosen(Selection(select=("ALL",), ignore=("SOT9",))) == [code for code in CODES if code < "SOT9"]


def test_the_more_specific_selector_wins_and_ignore_wins_a_tie() -> None:
    assert chosen(Selection(select=("SOT011",), ignore=("SOT",))) == ["SOT011"]
    assert chosen(Selection(select=("SOT",), ignore=("SOT01",))) == [c for c in CODES if not c.startswith("SOT01")]
    assert chosen(Selection(select=("SOT011",), ignore=("SOT011",))) == []


def test_a_later_selection_builds_on_the_earlier_one_unless_it_selects() -> None:
    config = Selection(select=("SOT0",), ignore=("SOT001",))
    assert chosen(config, Selection(extend_select=("SOT900",))) == [
        code for code in starting("SOT0") if code != "SOT001"
    ] + ["SOT900"]
    assert chosen(config, Selection(ignore=("SOT02",))) == [
        code for code in starting("SOT0") if code != "SOT001" and not code.startswith("SOT02")
    ]
    assert chosen(config, Selection(select=("SOT9",))) == starting("SOT9")  # the command line's select replaces
    # ruff: `select = []` with ignores carries the ignores over to the next selection.
    assert chosen(Selection(select=(), ignore=("SOT0",)), Selection(select=("SOT",))) == [
        code for code in CODES if code not in starting("SOT0")
    ]


@pytest.mark.parametrize("selector", ["E501", UNKNOWN, "sot001", "", "SOT0001", "1"])
def test_unknown_selectors_are_errors(selector: str) -> None:
    with pytest.raises(SelectorError):
        check_selector(selector, CODES)


def test_a_lower_case_selector_gets_a_hint() -> None:
    with pytest.raises(SelectorError, match="did you mean `SOT011`"):
        check_selector("sot011", CODES)


# -- through ssot check -----------------------------------------------------------------------------

FILES = {
    "app/__init__.py": "",
    "app/core.py": "class Manager:\n    pass\n",
    "app/old.py": "VALUE = 1\n",
    "app/use.py": "import app.old\nfrom app.core import Manager\n",
    "app/copy.py": "class Manager:\n    pass\n",
}
POLICY = """
[policy]
root_packages = ["app"]

[[symbol]]
name = "Manager"
defined_in = "app.core"
canonical = ["app"]

[[module]]
name = "app.old"
status = "forbidden"
"""


def codes(result) -> list[str]:
    return [finding["code"] for finding in json.loads(result.stdout)["findings"]]


def test_command_line_selection(make_project) -> None:
    project = make_project(FILES, POLICY)
    assert codes(project.cli("--format", "json")) == ["SOT020", "SOT011", "SOT002"]
    assert codes(project.cli("--format", "json", "--select", "SOT01,SOT02")) == ["SOT020", "SOT011"]
    assert codes(project.cli("--format", "json", "--select", "SOT01", "--select", "SOT02")) == ["SOT020", "SOT011"]
    assert codes(project.cli("--format", "json", "--ignore", "SOT0")) == []
    only_warnings = project.cli("--select", "SOT001")
    assert only_warnings.returncode == 0  # the errors were not selected: nothing fails


def test_pyproject_selection_then_the_command_line(make_project) -> None:
    project = make_project(FILES, POLICY, marker=None)
    project.write({"pyproject.toml": '[tool.ssot]\nignore = ["SOT02"]\n'})
    assert codes(project.cli("--format", "json")) == ["SOT011", "SOT002"]
    assert codes(project.cli("--format", "json", "--extend-select", "SOT020")) == ["SOT020", "SOT011", "SOT002"]
    assert codes(project.cli("--format", "json", "--select", "SOT")) == ["SOT020", "SOT011", "SOT002"]


def test_bad_selectors_are_usage_errors_located_in_pyproject(make_project) -> None:
    project = make_project(FILES, POLICY, marker=None)
    bad_option = project.cli("--select", "E501")
    assert bad_option.returncode == 2
    assert "Invalid value for --select: `E501` is not a code or a code prefix" in bad_option.stderr
    project.write({"pyproject.toml": f'[project]\nname = "x"\n\n[tool.ssot]\nselect = ["SOT0", "{UNKNOWN}"]\n'})
    bad_config = project.cli()
    assert bad_config.returncode == 2
    # The examples are the registry's first code and its family's prefix.
    assert bad_config.stderr.splitlines()[0].startswith(
        f"pyproject.toml:5:19: error: tool.ssot.select[1]: `{UNKNOWN}` is not a code or a code prefix of "
        f"importlinter-ssot ({CODES[0]}, {CODES[0][:-2]}, ALL)"
    )


def test_flake8_applies_the_pyproject_selection(make_project) -> None:
    from support.front_ends import flake8_in_process

    project = make_project(FILES, POLICY, marker=None)
    project.write({"pyproject.toml": '[tool.ssot]\npolicies = ["contracts/ssot.toml"]\nselect = ["SOT01"]\n'})
    result = flake8_in_process("--isolated", "--select", "SOT", "app", cwd=project.root, today=None)
    assert [line.split(" ")[1] for line in result.stdout.splitlines()] == ["SOT011"]
