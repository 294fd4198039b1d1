"""Every front end refuses the same broken inputs with the same words: start-up cannot drift.

Each front end — `ssot check` (text and JSON), `ssot report`, `ssot shim --check`, `ssot
discover`, `lint-imports` with the ssot contract, flake8 with the plugin, `ssot server` — starts through
the composition root's one start-up (``composition.start``) and only translates its one
error. This module runs every front end on the same broken inputs and, stripped of each
host's framing, expects the very same problems:

- `ssot` commands: exit status 2, each problem on stderr (``path:line:col: error: key: message``,
  a setting as click's ``Invalid value for SOURCE: message``);
- `lint-imports`: import-linter's convention for a misconfigured contract — exit status 1,
  "is not configured correctly", the problems under the option at fault;
- flake8: SOT901 at 1:1 of every checked file and nothing else (editors show diagnostics,
  not stderr), every problem once on stderr;
- the language server: a workspace folder that does not start (``Broken``), its problems
  located (they become diagnostics at their keys; tests/front_ends/test_server_e2e.py shows them).

What a front end does not read, it does not refuse, and the matrix says so explicitly
(``IGNORES``): `ssot discover` reads no policy and no ``[tool.ssot]`` (only the settings);
the baseline is read only by the front ends that apply one, `ssot check`, `lint-imports` and
the language server (which shows what it covers at a lower severity) — `ssot report`, `ssot
shim`, `ssot discover` and flake8 run as if there were none. In process, through
support/front_ends.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support.commands import ssot_command
from support.front_ends import (
    Run,
    flake8_in_process,
    lint_imports_in_process,
    patched_environment,
    run_variables,
    ssot_in_process,
)

TODAY = "2026-06-15"
PACKAGE = "startupdrift"  # a root package no other test imports: lint-imports finds it through the import system
POLICY_PATH = "contracts/ssot.toml"
POLICY = f"""\
[policy]
name = "Start-up drift"
root_packages = ["{PACKAGE}"]

[[module]]
name = "{PACKAGE}.old"
status = "deprecated"
until = 2099-12-31
"""
TREE = {
    f"{PACKAGE}/__init__.py": "",
    f"{PACKAGE}/old.py": "",
    f"{PACKAGE}/user.py": f"import {PACKAGE}.old\n",
    ".git/HEAD": "",  # the project root
    POLICY_PATH: POLICY,
    ".importlinter": (
        f"[importlinter]\nroot_packages =\n    {PACKAGE}\ncontract_types =\n"
        "    ssot: importlinter_ssot.contracts.SsotContract\n\n"
        "[importlinter:contract:drift]\nname = Drift SSOT\ntype = ssot\n"
        f"policy = {POLICY_PATH}\ncache = false\n"
    ),
}
BASELINE_CONFIG = {"pyproject.toml": '[tool.ssot]\nbaseline = "ssot-baseline.json"\n'}


@dataclass(frozen=True)
class Broken:
    """A broken input: the files it changes (or SSOT_TODAY), and the problems every front end that reads it names."""

    files: Mapping[str, str] = field(default_factory=dict)
    today: str = TODAY
    problems: tuple[str, ...] = ()  # ``path:line:col: key: message``, a setting's ``source: message``
    reads: str = "policy"  # which start-up stage reads it: "settings", "policy" or "baseline"


BROKEN = {
    "[tool.ssot] select = 5": Broken(
        {"pyproject.toml": "[tool.ssot]\nselect = 5\n"},
        problems=("pyproject.toml:2:1: tool.ssot.select: expected an array, got integer 5",),
    ),
    "[tool.ssot] baseline = 3": Broken(
        {"pyproject.toml": "[tool.ssot]\nbaseline = 3\n"},
        problems=("pyproject.toml:2:1: tool.ssot.baseline: expected a string, got integer 3",),
    ),
    "[tool.ssot] unknown key": Broken(
        {"pyproject.toml": "[tool.ssot]\nstrickt = true\n"},
        problems=("pyproject.toml:2:1: tool.ssot.strickt: unknown key `strickt`; did you mean `strict`?",),
    ),
    "policy: invalid TOML": Broken(
        {POLICY_PATH: POLICY.replace("[[module]]", "[[module]")},
        problems=(f"{POLICY_PATH}:5:9: invalid TOML: Expected ']]' at the end of an array declaration",),
    ),
    "policy: unknown key": Broken(
        {POLICY_PATH: POLICY.replace("status =", "stauts =")},
        problems=(
            f"{POLICY_PATH}:5:1: module[0]: missing required key `status`",
            f"{POLICY_PATH}:7:1: module[0].stauts: unknown key `stauts`; did you mean `status`?",
        ),
    ),
    "policy: bad module name": Broken(
        {POLICY_PATH: POLICY + f'replacement = "{PACKAGE}..new"\n'},
        problems=(f"{POLICY_PATH}:9:1: module[0].replacement: `{PACKAGE}..new` is not a dotted module name",),
    ),
    "baseline: not JSON": Broken(
        {**BASELINE_CONFIG, "ssot-baseline.json": "{not json\n"},
        problems=("ssot-baseline.json:1:2: invalid JSON: Expecting property name enclosed in double quotes",),
        reads="baseline",
    ),
    "baseline: not a baseline": Broken(
        {**BASELINE_CONFIG, "ssot-baseline.json": '{"findings": []}\n'},
        problems=(
            "ssot-baseline.json:1:1: not a baseline file of importlinter-ssot "
            "(write one with `ssot check --write-baseline`)",
        ),
        reads="baseline",
    ),
    "SSOT_TODAY not a date": Broken(
        today="someday",
        problems=("the SSOT_TODAY environment variable: `someday` is not a date (YYYY-MM-DD)",),
        reads="settings",
    ),
}


# -- the front ends, each with its host's convention for "refused" and its framing stripped ----------


@dataclass(frozen=True)
class Outcome:
    refused: bool
    problems: tuple[str, ...]  # as in Broken.problems, whatever the host's framing
    run: Run


_LOCATED_ERROR = re.compile(r"^(?P<where>[^\s:][^:]*:\d+:\d+): error: (?P<what>.*)$")
_USAGE_ERROR = re.compile(r"^Error: Invalid value for (?P<what>.*)$")


def _ssot_problems(stderr: str) -> tuple[str, ...]:
    """`ssot`'s lines: ``path:line:col: error: …`` per problem, or click's usage error for a setting."""
    problems = []
    for line in stderr.splitlines():
        located, usage = _LOCATED_ERROR.match(line), _USAGE_ERROR.match(line)
        if located:
            problems.append(f"{located['where']}: {located['what']}")
        elif usage:
            problems.append(usage["what"])
    return tuple(problems)


def _ssot(*args: str) -> Callable[[Path, str], Outcome]:
    def run(root: Path, today: str) -> Outcome:
        result = ssot_command(*args, cwd=root, today=today)
        return Outcome(result.returncode == 2, _ssot_problems(result.stderr), result)

    return run


def _ssot_check_json(root: Path, today: str) -> Outcome:
    result = ssot_in_process("--no-cache", "--format", "json", "--policy", POLICY_PATH, cwd=root, today=today)
    problems = _ssot_problems(result.stderr)
    if result.returncode == 2 and result.stdout:
        # A policy's problems are also the document on stdout (docs/output.md): the same ones.
        document = json.loads(result.stdout)
        assert set(document) == {"schema_version", "tool", "policy_errors"}, document
        in_json = tuple(
            f"{error['path']}:{error['line']}:{error['column']}: "
            + (f"{error['key']}: " if error["key"] else "")
            + error["message"]
            for error in document["policy_errors"]
        )
        assert in_json == problems, result.stdout
    return Outcome(result.returncode == 2, problems, result)


_MISCONFIGURED = 'Contract "Drift SSOT" is not configured correctly:'


def _lint_imports(root: Path, today: str) -> Outcome:
    result = lint_imports_in_process(".importlinter", cwd=root, today=today, pythonpath=root)
    refused = result.returncode == 1 and _MISCONFIGURED in result.stdout
    problems = []
    if refused:
        for line in result.stdout.split(_MISCONFIGURED, 1)[1].strip().splitlines():
            text = line.strip()
            if not text:
                break
            # The option at fault frames the first line; a policy's heading says how many problems follow.
            text = re.sub(r"^(policy|today|baseline): ", "", text)
            if not text.startswith("the SSOT policy has errors; nothing was checked"):
                problems.append(text)
    return Outcome(refused, tuple(problems), result)


_FLAKE8_FRAME = re.compile(
    r"^flake8 \(importlinter-ssot\): (?P<why>.*); nothing was checked \(SOT901 on each file\)\.$"
)
_SOT901 = re.compile(r"^[^:]+:1:1: SOT901 ")


def _flake8(root: Path, today: str) -> Outcome:
    result = flake8_in_process(
        "--isolated", "--select", "SOT", "--ssot-policy", POLICY_PATH, PACKAGE, cwd=root, today=today
    )
    checked = sorted(path.relative_to(root).as_posix() for path in (root / PACKAGE).rglob("*.py"))
    lines = result.stdout.splitlines()
    # Refused: SOT901 at the top of every checked file, and nothing else.
    refused = (
        result.returncode == 1
        and all(_SOT901.match(line) for line in lines)
        and sorted(line.split(":")[0] for line in lines) == checked
    )
    problems = []
    for line in result.stderr.splitlines():
        framed = _FLAKE8_FRAME.match(line)
        if framed is None:
            problems.append(line)
        elif framed["why"] != "the SSOT policy has errors":
            problems.append(framed["why"])
    return Outcome(refused, tuple(problems), result)


def _server(root: Path, today: str) -> Outcome:
    """The language server's start of a workspace folder (server/folders.py), as its protocol runs it."""
    from importlinter_ssot.server.folders import Broken as Refused
    from importlinter_ssot.server.folders import Ready, start_folder

    with patched_environment(run_variables(today)):
        state = start_folder(root.as_posix(), policies=[POLICY_PATH])
    if isinstance(state, Refused):
        problems = tuple(
            str(problem)
            if problem.path is None
            else f"{Path(problem.path).relative_to(root).as_posix()}:{problem.line}:{problem.column}: {problem}"
            for problem in state.error.problems
        )
        return Outcome(True, problems, Run(2, "", ""))
    assert isinstance(state, Ready), state
    findings = [
        f"{Path(finding.path).relative_to(root).as_posix()}:{finding.line}:{finding.column}: {finding.code}"
        for path in sorted((root / PACKAGE).rglob("*.py"))
        for finding in state.live.findings(path.as_posix()).new
    ]
    return Outcome(False, (), Run(0, "\n".join(findings), ""))


FRONT_ENDS: dict[str, Callable[[Path, str], Outcome]] = {
    "ssot check": _ssot("check", "--no-cache", "--policy", POLICY_PATH),
    "ssot check --format json": _ssot_check_json,
    "ssot report": _ssot("report", "--no-cache", "--policy", POLICY_PATH),
    "ssot shim --check": _ssot("shim", "--check", "--policy", POLICY_PATH),
    "ssot discover": _ssot("discover", "--jobs", "1"),
    "lint-imports": _lint_imports,
    "flake8": _flake8,
    "ssot server": _server,
}

# (front end, stage it does not read): it runs as if the input were not broken.
IGNORES = {
    ("ssot discover", "policy"),  # it needs no policy: neither the policies nor [tool.ssot] are read
    ("ssot discover", "baseline"),
    ("ssot report", "baseline"),  # a report applies no baseline
    ("ssot shim --check", "baseline"),  # nor do shims
    ("flake8", "baseline"),  # an editor shows every finding where it is typed: the baseline is CI's ratchet
}


def _project(tmp_path: Path, files: Mapping[str, str]) -> Path:
    for relative, text in {**TREE, **files}.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.usefixtures("fresh_flake8_plugin")
@pytest.mark.parametrize("broken", list(BROKEN.values()), ids=list(BROKEN))
@pytest.mark.parametrize("front_end", list(FRONT_ENDS))
def test_every_front_end_refuses_what_it_reads_with_the_same_problems(
    front_end: str, broken: Broken, tmp_path: Path
) -> None:
    run = FRONT_ENDS[front_end]
    outcome = run(_project(tmp_path / "broken", broken.files), broken.today)
    if (front_end, broken.reads) in IGNORES:
        # Not read, not refused: the very run the intact project gives.
        intact = run(_project(tmp_path / "intact", {}), TODAY)
        assert not intact.refused, intact.run
        assert (outcome.run.returncode, outcome.run.stdout) == (intact.run.returncode, intact.run.stdout)
        assert not outcome.refused and outcome.problems == ()
        return
    assert outcome.refused, outcome.run
    assert outcome.problems == broken.problems, outcome.run
    if front_end == "ssot check --format json":
        # docs/output.md: a policy's problems (a policy file, [tool.ssot]) are also a document on
        # stdout; a setting or a baseline that cannot be used is a message on stderr only.
        assert bool(outcome.run.stdout) == (broken.reads == "policy"), outcome.run
    if front_end == "flake8":
        # The diagnostic itself names the first problem (an editor hides stderr), its place in words:
        # a `path:line:col:` inside the message would be read by editors as the diagnostic's own.
        in_words = re.sub(r"^(.*?):(\d+):(\d+): ", r"\1, line \2, column \3: ", broken.problems[0])
        assert in_words in outcome.run.stdout.splitlines()[0], outcome.run.stdout


@pytest.mark.usefixtures("fresh_flake8_plugin")
def test_no_policy_found_is_said_the_same_way_by_every_command(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    (root / POLICY_PATH).unlink()
    said = {
        command: ssot_command(*command.split(), cwd=root, today=TODAY)
        for command in ("check", "check --format json", "report", "shim --check")
    }
    reason = (
        f"ssot: no policy found in {root.as_posix()}: pass --policy FILE, list them in pyproject.toml "
        '([tool.ssot] policies = ["contracts/ssot.toml"]) or write the policy there ([tool.ssot.policy]), '
        "or put one in contracts/\n"
    )
    # Where it looked and what to do, once; no JSON document (docs/output.md: a discovery error).
    assert {command: (run.returncode, run.stdout, run.stderr) for command, run in said.items()} == dict.fromkeys(
        said, (2, "", reason)
    )
    # flake8 runs in every project, most of which do not use ssot: there it stays silent.
    assert flake8_in_process("--isolated", "--select", "SOT", PACKAGE, cwd=root, today=TODAY) == Run(0, "", "")
