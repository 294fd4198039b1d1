"""Hostile JSON handed to the tool: a baseline (``check --baseline``), a previous report (``report --compare``).

Either file is anyone's to write. Whatever it holds — arrays or objects nested 100,000
deep, an integer of 5,000 digits, any JSON value, any text, a real report with any part
replaced — the reader gives the parsed file or its module's located error
(``BaselineError``, ``ReportFormatError``), and the command exits 2 with that error:
never a traceback. A previous report the reader accepts can also be compared and rendered
in every format.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importlinter_ssot.adapters.report.html import render_report_html
from importlinter_ssot.adapters.report.json_report import ReportFormatError, load_report_json, render_report_json
from importlinter_ssot.adapters.report.text import render_report_markdown, render_report_text
from importlinter_ssot.application.gate.baseline import BaselineError, parse_baseline
from importlinter_ssot.application.report.report_compare import compare_reports
from importlinter_ssot.application.report.report_model import Report
from importlinter_ssot.domain.baseline import Baseline

from support.commands import ssot_command

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = ("--policy", "contracts/example.toml", "--today", "2027-01-15", "--no-cache")
EXAMPLES = int(os.environ.get("SSOT_FUZZ_EXAMPLES", 150))

# (text, where the reader must say the problem is: line, column)
DEEP = {
    "1000 arrays": ("[" * 1000 + "]" * 1000, (1, 101)),
    "100k arrays": ("[" * 100_000, (1, 101)),
    "100k objects": ('{"a": ' * 100_000, (1, 601)),
    "100k arrays in the findings": ('{"findings":\n' + "[" * 100_000, (2, 100)),  # the object is level 1
    "brackets in strings do not count": (json.dumps(["[{" * 1000]) + "\n" + "[" * 100_000, (2, 101)),
}
HUGE_INTEGER = ('{"count": ' + "9" * 5000 + "}", (1, 11))


# -- through the commands ----------------------------------------------------------------------


@pytest.fixture
def project(make_project):
    return make_project({"app/__init__.py": "", "app/a.py": "import app.old\n", "app/old.py": ""}, POLICY)


POLICY = '[policy]\nroot_packages = ["app"]\n\n[[module]]\nname = "app.old"\nstatus = "forbidden"\n'


@pytest.mark.parametrize(("text", "where"), [*DEEP.values(), HUGE_INTEGER], ids=[*DEEP, "5000-digit integer"])
def test_a_baseline_nested_too_deeply_is_a_located_error_not_a_traceback(project, text: str, where) -> None:
    (project.root / "deep.json").write_text(text, encoding="utf-8")
    run = project.cli("--baseline", "deep.json")  # exceptions propagate: a traceback fails the test
    line, column = where
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(f"deep.json:{line}:{column}: error: invalid JSON: "), run.stderr
    assert "nested too deeply" in run.stderr or "integer too long" in run.stderr
    assert run.stderr.endswith("ssot: the baseline cannot be used.\n")


@pytest.mark.parametrize(("text", "where"), [*DEEP.values(), HUGE_INTEGER], ids=[*DEEP, "5000-digit integer"])
def test_a_compared_report_nested_too_deeply_is_a_located_error_not_a_traceback(project, text: str, where) -> None:
    (project.root / "deep.json").write_text(text, encoding="utf-8")
    run = ssot_command("report", "--compare", "deep.json", cwd=project.root)
    line, column = where
    assert run.returncode == 2 and run.stdout == ""
    assert f"deep.json:{line}:{column}: not JSON: " in run.stderr, run.stderr
    assert "nested too deeply" in run.stderr or "integer too long" in run.stderr
    assert "Traceback" not in run.stderr


# -- the readers, fuzzed -----------------------------------------------------------------------

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
)
# Text made of JSON's own characters, so that much of it nearly parses.
json_like_text = st.text(st.sampled_from('[]{}",:0123456789.eE+-truefalsnNIinfy \n\\u'), max_size=200)
# What the standard library's parser cannot take: deep nesting, integers of thousands of digits.
extremes = st.one_of(
    st.integers(90, 120_000).map(lambda depth: '{"findings": ' + "[" * depth + "]" * depth + "}"),
    st.integers(4000, 6000).map(lambda digits: '{"count": ' + "7" * digits + "}"),
)


def baseline_entries() -> st.SearchStrategy[Any]:
    field = st.text(max_size=8) | json_values
    entry = st.fixed_dictionaries(
        {"path": field, "code": field, "subject": field, "via": field, "count": st.integers() | json_values},
        optional={"extra": json_values},
    )
    return entry | json_values


baseline_documents = st.fixed_dictionaries(
    {
        "schema_version": st.sampled_from([1, 2]) | json_values,
        "tool": st.just("importlinter-ssot") | json_values,
        "findings": st.lists(baseline_entries(), max_size=4) | json_values,
    }
)


def assert_located(error: BaselineError | ReportFormatError) -> None:
    if isinstance(error, BaselineError):
        assert error.line >= 1 and error.column >= 1 and error.message
    else:
        assert str(error).startswith("prev.json:")


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(json_values.map(json.dumps), baseline_documents.map(json.dumps), json_like_text, st.text(), extremes)
)
def test_the_baseline_reader_gives_a_baseline_or_a_located_error(text: str) -> None:
    try:
        baseline = parse_baseline(text, "/project/ssot-baseline.json", "/project")
    except BaselineError as error:
        assert_located(error)
    else:
        assert isinstance(baseline, Baseline)
        assert all(isinstance(value, str) for entry in baseline.entries for value in entry[:4])
        assert all(type(entry.occurrences) is int and entry.occurrences >= 1 for entry in baseline.entries)


@functools.lru_cache(maxsize=1)
def example_report() -> dict[str, Any]:
    """The bundled example's ``ssot report --format json``: a real document to damage."""
    run = ssot_command("report", *EXAMPLE, "--format", "json", cwd=REPO)
    assert run.returncode == 0, run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    return document


@st.composite
def damaged_reports(draw: st.DrawFn) -> Any:
    """The example's report with one part (anywhere in it) replaced by any JSON value, or removed."""
    document = copy.deepcopy(example_report())
    parent: Any = None
    key: Any = None
    node: Any = document
    while isinstance(node, (dict, list)) and node and draw(st.integers(0, 9)) > 0:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        parent, key = node, draw(st.sampled_from(keys))
        node = node[key]
    if parent is None:
        return draw(json_values)
    if isinstance(parent, dict) and draw(st.booleans()):
        del parent[key]
    else:
        parent[key] = draw(json_values)
    return document


def compare_and_render(previous: Report) -> None:
    """What `ssot report --compare` does with a previous report once read."""
    current = load_report_json(json.dumps(example_report()), "now.json")
    for changes in (compare_reports(previous, current), compare_reports(current, previous)):
        for render in (render_report_text, render_report_markdown, render_report_json, render_report_html):
            render(current, changes)


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(damaged_reports().map(json.dumps), json_values.map(json.dumps), json_like_text, st.text(), extremes)
)
def test_the_compare_reader_gives_a_report_or_a_located_error(text: str) -> None:
    try:
        previous = load_report_json(text, "prev.json")
    except ReportFormatError as error:
        assert_located(error)
    else:
        assert isinstance(previous, Report)
        compare_and_render(previous)


def test_the_example_report_reads_back() -> None:
    compare_and_render(load_report_json(json.dumps(example_report()), "prev.json"))
