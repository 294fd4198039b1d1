"""Hostile JSON handed to the tool: a baseline (``check --baseline``), a previous report (``report --compare``).

Either file is anyone's to write. Arrays or objects nested 100,000 deep (the standard
library's parser recurses until RecursionError) or an integer of 5,000 digits (a ValueError
that says nothing of where) give exit status 2 and a located error: never a traceback.
"""

from __future__ import annotations

import json

import pytest

from support.commands import ssot_command

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
