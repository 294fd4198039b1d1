"""Where people look: a progress bar on a terminal's stderr, colour in a terminal's text report.

The real command runs with stdout and stderr on pseudo-terminals (or pipes), on a project of
a few hundred files — enough for a bar (adapters/progress_bar.py shows none for small steps).
Piped output — a CI log, a pre-commit hook — gets neither: no escape code, no bar; NO_COLOR
turns the colour off, FORCE_COLOR turns it on even into a pipe, never the bar.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from importlinter_ssot.adapters.progress_bar import MIN_SHOWN

from support.front_ends import process_environment, run_variables
from support.terminal import TerminalRun, run_in_terminal

MODULES = MIN_SHOWN + 40
POLICY = """\
[policy]
name = "App"
root_packages = ["app"]

[[symbol]]
name = "Manager"
defined_in = "app.core"
deprecated = [{ module = "app.old", until = 2099-01-01 }]

[[module]]
name = "app.legacy"
status = "forbidden"
"""
SGR = re.compile(rb"\x1b\[[0-9;]*m")  # a colour or weight: Select Graphic Rendition


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("terminal")
    files = {
        "app/__init__.py": "",
        "app/core.py": "class Manager:\n    pass\n",
        "app/old.py": "from app.core import Manager\n",
        "app/legacy.py": "",
        "app/use.py": "from app.old import Manager\nimport app.legacy\n",
        "contracts/ssot.toml": POLICY,
        **{f"app/module_{index:03}.py": f"VALUE = {index}\n" for index in range(MODULES)},
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / ".git").mkdir()
    return root


def python_files(project: Path) -> int:
    return len(list((project / "app").glob("*.py")))


def ssot(project: Path, *args: str, env: dict[str, str | None] | None = None, **terminals: bool) -> TerminalRun:
    # --no-cache: every run parses every file, so each is long enough to show a bar.
    command = [sys.executable, "-m", "importlinter_ssot", *args]
    environment = process_environment(run_variables("2027-01-15", {"TERM": "xterm", **(env or {})}))
    return run_in_terminal(command, cwd=project, env=environment, **terminals)


CHECK = ("check", "--no-cache", "--ignore", "SOT040")


def test_a_terminal_gets_colour_and_a_progress_bar(project: Path) -> None:
    run = ssot(project, *CHECK)
    assert run.returncode == 1
    # ruff's conventions: the path bold, the code coloured by severity (red: error, yellow: warning).
    assert b"\x1b[1mapp/use.py\x1b[0m:2:8: \x1b[1;31mSOT011\x1b[0m import of forbidden module" in run.stdout
    assert b"\x1b[1mapp/use.py\x1b[0m:1:21: \x1b[1;33mSOT001\x1b[0m `Manager` imported from deprecated" in run.stdout
    assert b"Found 1 error and 1 warning in" in run.stdout
    # The bar, on stderr only: "ssot ━━━ 120/245 files".
    assert re.search(rb"ssot .*\d+/%d.* files" % python_files(project), run.stderr)
    assert f"/{python_files(project)}".encode() not in run.stdout


def test_report_and_discover_show_a_progress_bar_too(project: Path) -> None:
    for args in (("report", "--no-cache"), ("discover", "--no-cache")):
        run = ssot(project, *args)
        assert run.returncode == 0, run.stderr
        assert re.search(rb"ssot .*\d+/%d.* files" % python_files(project), run.stderr), args


def test_no_color_turns_the_colour_off_not_the_bar(project: Path) -> None:
    run = ssot(project, *CHECK, env={"NO_COLOR": "1"})
    assert run.returncode == 1
    assert b"app/use.py:2:8: SOT011 import of forbidden module" in run.stdout
    assert not SGR.search(run.stdout)
    assert re.search(rb"\d+/%d files" % python_files(project), SGR.sub(b"", run.stderr))  # a bar is not colour


def test_piped_output_has_neither_colour_nor_bar_and_force_color_colours_it(project: Path) -> None:
    piped = {"stdout_terminal": False, "stderr_terminal": False}
    run = ssot(project, *CHECK, **piped)
    assert run.returncode == 1
    assert b"\x1b" not in run.stdout
    assert run.stderr == b""  # a CI log keeps every frame of a bar: none is drawn
    forced = ssot(project, *CHECK, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}, **piped)
    assert b"\x1b[1mapp/use.py\x1b[0m:2:8: \x1b[1;31mSOT011\x1b[0m" in forced.stdout  # FORCE_COLOR wins over NO_COLOR
    assert forced.stderr == b""  # colour, never a bar


def test_a_report_written_to_a_file_is_never_coloured(project: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    run = ssot(project, *CHECK, "--output", str(report), env={"FORCE_COLOR": "1"})
    assert run.returncode == 1
    assert b"\x1b" not in report.read_bytes()
    assert re.search(rb"ssot .*\d+/%d.* files" % python_files(project), run.stderr)  # the terminal still has its bar
