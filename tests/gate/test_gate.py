"""The gate: which findings fail a run, with and without a baseline, in `ssot check` and `lint-imports`.

With a baseline in use, every finding it does not cover fails, whatever its severity (a new
deprecated import, a warning, too); without one, warnings fail only when strict (`--strict`,
`[tool.ssot] strict = true`). On a copy of the bundled example (``--today 2027-01-15``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.example import example_copy
from support.front_ends import Run, lint_imports_in_process, ssot_in_process

TODAY = "2027-01-15"
BASELINE = "ssot-baseline.json"
CONSUMER = "examples/chat/routes/ws.py"  # no findings of its own
# A warning (SOT001): `chat.websocket_core` is deprecated until 2027-03-31.
DEPRECATED = "from chat.websocket_core import WebSocketManager\n"
NEW_WARNING = (
    f"{CONSUMER}:1:33: SOT001 `WebSocketManager` imported from deprecated `chat.websocket_core` "
    "(until 2027-03-31): package re-export is going away; import it from `chat.websocket_core.websocket_manager`"
)
CONTRACT = (
    "[importlinter]\nroot_packages =\n    chat\n"
    "contract_types =\n    ssot: importlinter_ssot.contracts.SsotContract\n\n"
    "[importlinter:contract:ssot]\nname = SSOT\ntype = ssot\npolicy = contracts/example.toml\n"
)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return example_copy(tmp_path)


def ssot(root: Path, *args: str) -> Run:
    return ssot_in_process(
        "--policy", "contracts/example.toml", "--today", TODAY, "--no-cache", *args, cwd=root, today=None
    )


def lint_imports(root: Path) -> Run:
    return lint_imports_in_process(cwd=root, today=TODAY, pythonpath=root / "examples")


def add_warning(root: Path) -> None:
    path = root / CONSUMER
    path.write_text(DEPRECATED + path.read_text(encoding="utf-8"), encoding="utf-8")


def finding_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if " SOT" in line]


def test_a_new_warning_fails_a_run_with_a_baseline(example: Path) -> None:
    assert ssot(example, "--write-baseline", BASELINE).returncode == 0
    add_warning(example)
    result = ssot(example, "--baseline", BASELINE)
    assert result.returncode == 1, result.stdout
    assert finding_lines(result.stdout) == [NEW_WARNING]
    assert result.stderr == (
        "ssot: 1 warning not in the baseline: with a baseline, every finding it does not cover fails the run.\n"
    )
    # The same run without the baseline: a warning alone does not fail it.
    assert ssot(example, "--no-baseline", CONSUMER).returncode == 0


def test_a_new_warning_breaks_the_contract_with_a_baseline(example: Path) -> None:
    assert ssot(example, "--write-baseline", BASELINE).returncode == 0
    add_warning(example)
    (example / ".importlinter").write_text(CONTRACT + f"baseline = {BASELINE}\n", encoding="utf-8")
    linted = lint_imports(example)
    assert linted.returncode == 1, linted.stdout
    broken = linted.stdout.split("Broken contracts")[1]
    assert finding_lines(broken) == [NEW_WARNING]
    assert "Found 0 errors and 1 warning in 28 files checked" in broken


def test_tool_ssot_strict_makes_warnings_fail_in_ssot_check_and_lint_imports(example: Path) -> None:
    assert ssot(example, CONSUMER).returncode == 0
    add_warning(example)
    assert ssot(example, CONSUMER).returncode == 0  # a warning: no failure without --strict
    assert ssot(example, CONSUMER, "--strict").returncode == 1
    (example / "pyproject.toml").write_text("[tool.ssot]\nstrict = true\n", encoding="utf-8")
    result = ssot(example, CONSUMER)
    assert result.returncode == 1
    assert finding_lines(result.stdout) == [NEW_WARNING]

    (example / ".importlinter").write_text(CONTRACT, encoding="utf-8")
    linted = lint_imports(example)
    assert linted.returncode == 1, linted.stdout
    assert NEW_WARNING in linted.stdout.split("Broken contracts")[1]


def test_tool_ssot_strict_must_be_a_boolean(example: Path) -> None:
    (example / "pyproject.toml").write_text('[tool.ssot]\nstrict = "yes"\n', encoding="utf-8")
    result = ssot(example)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "pyproject.toml:2:1: error: tool.ssot.strict: expected a boolean (true or false), got string 'yes'",
        "ssot: the policy has errors; nothing was checked.",
    ]


def test_no_baseline_ignores_the_configured_one(example: Path) -> None:
    assert ssot(example, "--write-baseline", BASELINE).returncode == 0
    (example / "pyproject.toml").write_text(f'[tool.ssot]\nbaseline = "{BASELINE}"\n', encoding="utf-8")
    assert ssot(example).returncode == 0
    ignored = ssot(example, "--no-baseline")
    assert ignored.returncode == 1
    assert ignored.stdout.splitlines()[-1] == (
        "Found 27 errors and 11 warnings in 28 files checked (policy: WebSocket manager SSOT (example))."
    )
    for args in (("--baseline", BASELINE), ("--update-baseline",)):
        refused = ssot(example, "--no-baseline", *args)
        assert refused.returncode == 2
        assert "--no-baseline ignores the baseline" in refused.stderr


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_baseline_path_is_a_usage_error_not_the_configured_baseline(example: Path, empty: str) -> None:
    assert ssot(example, "--write-baseline", BASELINE).returncode == 0
    (example / "pyproject.toml").write_text(f'[tool.ssot]\nbaseline = "{BASELINE}"\n', encoding="utf-8")
    result = ssot(example, "--baseline", empty)
    assert result.returncode == 2
    assert "Invalid value for --baseline: an empty path: name a baseline file" in result.stderr
    assert result.stdout == ""


def test_an_empty_baseline_option_is_a_contract_configuration_error(example: Path) -> None:
    assert ssot(example, "--write-baseline", BASELINE).returncode == 0
    (example / "pyproject.toml").write_text(f'[tool.ssot]\nbaseline = "{BASELINE}"\n', encoding="utf-8")
    (example / ".importlinter").write_text(CONTRACT + "baseline =\n", encoding="utf-8")
    linted = lint_imports(example)
    assert linted.returncode == 1
    assert "baseline: an empty path: name a baseline file" in linted.stdout + linted.stderr
