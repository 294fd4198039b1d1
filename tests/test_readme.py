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


def test_the_readme_says_what_ci_runs() -> None:
    # `.ci/run` does more than the test command: each of its checks is named in the README.
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.removeprefix(".venv/bin/") for line in script.splitlines() if line.startswith(".venv/bin/")]
    assert commands
    start = README.index("## Contributing")
    end = README.find("\n## ", start)  # the next section, if any: it is the README's last
    section = README[start:] if end == -1 else README[start:end]
    assert "runs exactly this command" not in section
    for command in commands:
        assert f"`{command}`" in section, command
    test_command = next(line for line in script.splitlines() if "pytest" in line)
    assert f"```sh\n{test_command}\n```" in section


SYNTAX_ERROR_PROJECT = {
    "chat/__init__.py": "",
    "chat/routes/__init__.py": "",
    "chat/core.py": "class Manager:\n    pass\n",
    "chat/old.py": "from chat.core import Manager\n",
    "chat/routes/bad.py": "from chat.old import Manager\ndef broken(:\n    pass\n",
    "chat/routes/use.py": "from chat.old import Manager\n",
    "contracts/ssot.toml": '[policy]\nroot_packages = ["chat"]\n\n[[symbol]]\nname = "Manager"\n'
    'defined_in = "chat.core"\ndeprecated = [{ module = "chat.old" }]\n',
    ".importlinter": "[importlinter]\nroot_packages =\n    chat\ncontract_types =\n"
    "    ssot: importlinter_ssot.contracts.SsotContract\n\n"
    "[importlinter:contract:ssot]\nname = SSOT\ntype = ssot\npolicy = contracts/ssot.toml\n",
}


def test_lint_imports_stops_at_a_file_that_does_not_parse_and_ssot_check_goes_on(tmp_path: Path) -> None:
    from support.front_ends import lint_imports_process, ssot_process

    for name, text in SYNTAX_ERROR_PROJECT.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    shown = re.search(r"```text\n(Syntax error in /path/to/project/(\S+), line .*)\n```", README)
    assert shown is not None
    message = shown[1].replace("/path/to/project", str(tmp_path.resolve()))

    linted = lint_imports_process(cwd=tmp_path, today=None, pythonpath=tmp_path)
    assert linted.returncode == 1
    assert linted.stdout.strip() == message  # nothing else: no contract was checked
    assert "stops at the first file of a root\npackage that does not parse" in README

    checked = ssot_process("--no-cache", "--ignore", "SOT040", cwd=tmp_path, today=None)  # old.py does not warn
    assert checked.returncode == 1
    sot900 = re.search(r"`(chat/routes/bad\.py:2:12: SOT900 [^`]*)`", README)
    assert sot900 is not None
    assert checked.stdout.splitlines() == [
        sot900[1],
        "chat/routes/use.py:1:22: SOT001 `Manager` imported from deprecated `chat.old`; import it from `chat.core`",
        "Found 1 error and 1 warning in 6 files checked (policy: ssot).",
    ]
