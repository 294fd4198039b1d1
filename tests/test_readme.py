"""The front door: the README's first command prints exactly what the README shows.

The command is read from the README's first ``sh`` block and run as a real process from the
repository root, with a minimal environment, as a new user would run it after installing.
The excerpt shown (its first lines, ``...``, its last line) must be the output's first lines
and its last line, and the exit status the one the README announces.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_first_command_prints_what_the_readme_shows() -> None:
    first_block = re.search(r"```sh\n(?P<command>[^\n]*)\n```", README)
    assert first_block is not None
    command = first_block["command"]
    assert command.startswith("python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/ssot check ")
    arguments = shlex.split(command.split(".venv/bin/ssot check ", 1)[1])
    shown = re.search(r"<!-- first-run:start -->\n```text\n(?P<output>.*?)```\n<!-- first-run:end -->", README, re.S)
    assert shown is not None and shown.start() > first_block.end()
    head, tail = shown["output"].split("...\n")

    result = subprocess.run(
        [sys.executable, "-m", "importlinter_ssot", "check", *arguments, "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert result.returncode == 1  # "exits with status 1"
    assert "exits with status 1" in README
    assert result.stderr == ""
    assert result.stdout.startswith(head)
    assert result.stdout.endswith(tail)
    assert len(head.splitlines()) >= 3 and len(tail.splitlines()) == 1
