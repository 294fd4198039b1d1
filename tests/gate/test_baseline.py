"""The baseline: freeze today's findings, fail only on new ones, watch the frozen list shrink.

On a copy of the bundled example (``--today 2027-01-15``: 38 findings, 27 of them errors),
``ssot check`` runs in this process from the copy's root.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from importlinter_ssot.application.gate.baseline import BaselineError, dump_baseline, parse_baseline

from support.example import example_copy
from support.front_ends import Run, lint_imports_in_process, ssot_in_process

REPO = Path(__file__).resolve().parents[2]
TODAY = "2027-01-15"
BASELINE = "ssot-baseline.json"
FORBIDDEN = "import chat.websocket_core.canonical_import_patterns\n"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return example_copy(tmp_path)


def ssot(root: Path, *args: str) -> Run:
    return ssot_in_process(
        "--policy", "contracts/example.toml", "--today", TODAY, "--no-cache", *args, cwd=root, today=None
    )


def prepend(path: Path, text: str) -> None:
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")


def finding_lines(result: Run) -> list[str]:
    """The ``path:line:col: CODE message`` lines of a text report."""
    return [line for line in result.stdout.splitlines() if re.match(r"\S+:\d+:\d+: SOT\d+ ", line)]


def entries(root: Path) -> list[dict]:
    return json.loads((root / BASELINE).read_text(encoding="utf-8"))["findings"]


def test_written_baseline_covers_the_run_and_survives_edits_elsewhere(example: Path) -> None:
    written = ssot(example, "--write-baseline", BASELINE)
    assert written.returncode == 0, written.stderr
    assert written.stdout == f"ssot: 38 findings recorded in {BASELINE}.\n"
    assert sum(entry["count"] for entry in entries(example)) == 38

    again = ssot(example, "--baseline", BASELINE)
    assert again.returncode == 0, again.stdout
    assert again.stdout == (
        "No SSOT problems in 28 files checked (policy: WebSocket manager SSOT (example)).\n"
        f"38 findings in the baseline ({BASELINE}).\n"
    )

    # Lines inserted above every finding of a file: the entries have no line numbers.
    for name in ("agents/supervisor.py", "services/compat_manager.py", "websocket_core/unified_manager.py"):
        prepend(example / "examples" / "chat" / name, "# moved\n\n\n")
    assert ssot(example, "--baseline", BASELINE).returncode == 0


def test_a_new_violation_is_the_one_finding_reported(example: Path) -> None:
    ssot(example, "--write-baseline", BASELINE)
    prepend(example / "examples" / "chat" / "routes" / "ws.py", FORBIDDEN)
    result = ssot(example, "--baseline", BASELINE)
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if " SOT" in line] == [
        "examples/chat/routes/ws.py:1:8: SOT011 import of forbidden module "
        "`chat.websocket_core.canonical_import_patterns`: removed in phase 2C; "
        "import from `chat.websocket_core.websocket_manager` instead"
    ]
    assert "38 findings in the baseline" in result.stdout


def test_a_second_identical_finding_in_a_file_is_new(example: Path) -> None:
    ssot(example, "--write-baseline", BASELINE)
    health = example / "examples" / "chat" / "routes" / "health.py"  # two SOT011 imports of the same module
    health.write_text(health.read_text(encoding="utf-8") + FORBIDDEN, encoding="utf-8")
    result = ssot(example, "--baseline", BASELINE, "--format", "json")
    assert result.returncode == 1
    (new,) = json.loads(result.stdout)["findings"]
    assert (new["path"], new["code"]) == ("examples/chat/routes/health.py", "SOT011")
    assert new["line"] == len(health.read_text(encoding="utf-8").splitlines())  # the one furthest down


def test_the_new_finding_is_the_one_on_a_line_the_baseline_did_not_record(example: Path) -> None:
    # Issue 22: the findings furthest down the file were reported, whichever line was added, so a
    # pull request's annotation landed on a line it did not touch.
    ssot(example, "--write-baseline", BASELINE)
    health = example / "examples" / "chat" / "routes" / "health.py"  # two SOT011 imports of the same module
    added = "import chat.websocket_core.canonical_import_patterns as added\n"
    lines = health.read_text(encoding="utf-8").splitlines(keepends=True)
    health.write_text("".join([lines[0], added, *lines[1:]]), encoding="utf-8")
    result = ssot(example, "--baseline", BASELINE, "--format", "json")
    assert result.returncode == 1
    (new,) = json.loads(result.stdout)["findings"]
    assert (new["path"], new["code"], new["line"]) == ("examples/chat/routes/health.py", "SOT011", 2)

    # A recorded line edited since no longer matches its fingerprint, yet it still counts.
    edited = "".join(lines).replace("as patterns, types", "as patterns, types  # edited")
    health.write_text(edited, encoding="utf-8")
    assert ssot(example, "--baseline", BASELINE).returncode == 0


def test_a_baseline_without_fingerprints_still_loads_and_reports_the_findings_furthest_down(example: Path) -> None:
    ssot(example, "--write-baseline", BASELINE)
    document = json.loads((example / BASELINE).read_text(encoding="utf-8"))
    for entry in document["findings"]:
        del entry["fingerprints"]
    (example / BASELINE).write_text(json.dumps(document), encoding="utf-8")
    assert ssot(example, "--baseline", BASELINE).returncode == 0
    health = example / "examples" / "chat" / "routes" / "health.py"
    lines = health.read_text(encoding="utf-8").splitlines(keepends=True)
    health.write_text("".join([lines[0], FORBIDDEN, *lines[1:]]), encoding="utf-8")
    (new,) = json.loads(ssot(example, "--baseline", BASELINE, "--format", "json").stdout)["findings"]
    assert (new["path"], new["line"]) == ("examples/chat/routes/health.py", 4)  # no lines recorded: the last one


def test_an_expired_entry_is_reported_as_expired_with_its_new_code_and_update_drops_it(example: Path) -> None:
    # Recorded on 2027-01-15; on 2027-07-01 the deadlines of `chat.websocket_core` (2027-03-31) and
    # `chat.websocket_core.factory` (2027-06-30) have passed: SOT001 is SOT003, SOT010 is SOT012.
    ssot(example, "--write-baseline", BASELINE)
    later = ("--today", "2027-07-01", "--baseline", BASELINE)
    result = ssot(example, *later)
    assert result.returncode == 1  # an expired deprecation is an error, and no entry covers its new code
    assert [(line.split(":")[0], line.split()[1]) for line in finding_lines(result)] == [
        ("examples/chat/agents/supervisor.py", "SOT003"),
        ("examples/chat/agents/test_supervisor.py", "SOT003"),
        ("examples/chat/services/notifier.py", "SOT012"),
        ("examples/chat/websocket_core/handlers.py", "SOT012"),
    ]
    assert result.stdout.splitlines()[-5:] == [
        f"34 findings in the baseline ({BASELINE}).",
        "examples/chat/agents/supervisor.py: SOT001 `WebSocketManager` (via `chat.websocket_core`): "
        "expired (now SOT003, a new finding), can be removed from the baseline (--update-baseline)",
        "examples/chat/agents/test_supervisor.py: SOT001 `WebSocketManager` (via `chat.websocket_core`): "
        "expired (now SOT003, a new finding), can be removed from the baseline (--update-baseline)",
        "examples/chat/services/notifier.py: SOT010 `chat.websocket_core.factory`: "
        "expired (now SOT012, a new finding), can be removed from the baseline (--update-baseline)",
        "examples/chat/websocket_core/handlers.py: SOT010 `chat.websocket_core.factory`: "
        "expired (now SOT012, a new finding), can be removed from the baseline (--update-baseline)",
    ]
    assert "fixed" not in result.stdout
    document = json.loads(ssot(example, *later, "--format", "json").stdout)["baseline"]
    assert document["fixed"] == []
    assert document["expired"][0] == {
        "path": "examples/chat/agents/supervisor.py",
        "code": "SOT001",
        "subject": "WebSocketManager",
        "via": "chat.websocket_core",
        "count": 1,
        "now": "SOT003",
    }

    updated = ssot(example, *later, "--update-baseline")
    assert updated.returncode == 1  # still new: the update removes entries, it never excuses a finding
    assert "expired (now SOT003, a new finding), removed from the baseline" in updated.stdout
    assert sum(entry["count"] for entry in entries(example)) == 34
    assert not any(entry["code"] in ("SOT001", "SOT010") and "factory" in entry["via"] for entry in entries(example))


def test_fixed_entries_of_a_baseline_in_another_directory_show_the_files_paths(example: Path) -> None:
    # Entries are relative to the project root: `ci/examples/...` named a file that does not exist.
    (example / "ci").mkdir()
    ssot(example, "--write-baseline", "ci/baseline.json")
    health = example / "examples" / "chat" / "routes" / "health.py"
    lines = health.read_text(encoding="utf-8").splitlines(keepends=True)
    health.write_text("".join(line for line in lines if "canonical_import_patterns" not in line), encoding="utf-8")
    result = ssot(example, "--baseline", "ci/baseline.json")
    assert result.stdout.splitlines()[-1].startswith("examples/chat/routes/health.py: SOT011 ")
    document = json.loads(ssot(example, "--baseline", "ci/baseline.json", "--format", "json").stdout)
    assert [entry["path"] for entry in document["baseline"]["fixed"]] == ["examples/chat/routes/health.py"]


def test_fixed_entries_are_listed_and_update_baseline_removes_them_only(example: Path) -> None:
    ssot(example, "--write-baseline", BASELINE)
    before = (example / BASELINE).read_text(encoding="utf-8")
    health = example / "examples" / "chat" / "routes" / "health.py"
    lines = health.read_text(encoding="utf-8").splitlines(keepends=True)
    health.write_text("".join(line for line in lines if "canonical_import_patterns" not in line), encoding="utf-8")

    checked = ssot(example, "--baseline", BASELINE)
    assert checked.returncode == 0
    assert checked.stdout.splitlines()[-2:] == [
        f"36 findings in the baseline ({BASELINE}).",
        "examples/chat/routes/health.py: SOT011 `chat.websocket_core.canonical_import_patterns` ×2: fixed, "
        "can be removed from the baseline (--update-baseline)",
    ]
    assert (example / BASELINE).read_text(encoding="utf-8") == before  # only --update-baseline writes

    # A new finding at the same time: --update-baseline removes the fixed entry and never adds the new one.
    prepend(example / "examples" / "chat" / "routes" / "ws.py", FORBIDDEN)
    updated = ssot(example, "--baseline", BASELINE, "--update-baseline")
    assert updated.returncode == 1  # the new finding still fails the run
    assert "fixed, removed from the baseline" in updated.stdout
    after = entries(example)
    assert sum(entry["count"] for entry in after) == 36
    assert not any(entry["path"] == "examples/chat/routes/ws.py" for entry in after)
    assert len((example / BASELINE).read_text(encoding="utf-8")) < len(before)
    assert ssot(example, "--baseline", BASELINE, "--update-baseline").returncode == 1
    assert sum(entry["count"] for entry in entries(example)) == 36  # nothing fixed since: unchanged


def test_only_entries_inside_the_paths_checked_can_be_fixed(example: Path) -> None:
    ssot(example, "--write-baseline", BASELINE)
    result = ssot(example, "--baseline", BASELINE, "examples/chat/routes/ws.py")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == f"0 findings in the baseline ({BASELINE})."


def test_the_file_is_sorted_one_entry_per_line_and_keyed_without_positions(example: Path) -> None:
    ssot(example, "--write-baseline", BASELINE)
    text = (example / BASELINE).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:4] == ["{", '  "schema_version": 2,', '  "tool": "importlinter-ssot",', '  "findings": [']
    assert lines[-2:] == ["  ]", "}"]
    items = entries(example)
    assert len(lines) == len(items) + 6
    assert [list(item) for item in items] == [["path", "code", "subject", "via", "count", "fingerprints"]] * len(items)
    keys = [(item["path"], item["code"], item["subject"], item["via"]) for item in items]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    # A hash of each finding's line content, sorted: no line numbers, which churn with every edit above.
    for item in items:
        fingerprints = item.pop("fingerprints")
        assert len(fingerprints) == item["count"] and fingerprints == sorted(fingerprints)
        assert all(re.fullmatch("[0-9a-f]{8}", fingerprint) for fingerprint in fingerprints)
    assert {
        "path": "examples/chat/agents/supervisor.py",
        "code": "SOT001",
        "subject": "WebSocketManager",
        "via": "chat.websocket_core",
        "count": 1,
    } in items
    assert {
        "path": "contracts/example.toml",
        "code": "SOT030",
        "subject": "WebSocketManager",
        "via": "",
        "count": 1,
    } in items
    assert {"path": "examples/chat/scripts/broken.py", "code": "SOT900", "subject": "", "via": "", "count": 1} in items
    assert dump_baseline(parse_baseline(text, str(example / BASELINE), str(example))) == text  # stable


def test_paths_are_relative_to_the_project_root_wherever_the_baseline_lies_and_ssot_runs(example: Path) -> None:
    (example / "ci").mkdir()
    ssot(example, "--write-baseline", "ci/baseline.json")
    document = json.loads((example / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert document["schema_version"] == 2
    assert {entry["path"] for entry in document["findings"]} >= {"examples/chat/scripts/broken.py"}
    assert not any(entry["path"].startswith("../") for entry in document["findings"])
    from_subdirectory = ssot_in_process(
        "--policy",
        "../contracts/example.toml",
        "--today",
        TODAY,
        "--baseline",
        "../ci/baseline.json",
        cwd=example / "examples",
        today=None,
    )
    assert from_subdirectory.returncode == 0, from_subdirectory.stdout


def test_a_baseline_reached_through_a_symlink_still_matches_and_update_keeps_it(example: Path) -> None:
    # Issue 20: entries relative to the baseline's directory matched nothing through a link
    # from another directory, and --update-baseline then emptied the file.
    (example / "ci").mkdir()
    ssot(example, "--write-baseline", "ci/baseline.json")
    recorded = (example / "ci" / "baseline.json").read_text(encoding="utf-8")
    (example / BASELINE).symlink_to("ci/baseline.json")
    through_link = ssot(example, "--baseline", BASELINE, "--update-baseline")
    assert through_link.returncode == 0, through_link.stdout
    assert "38 findings in the baseline" in through_link.stdout
    assert (example / "ci" / "baseline.json").read_text(encoding="utf-8") == recorded
    assert (example / BASELINE).is_symlink()


def test_a_schema_1_baseline_is_read_relative_to_its_real_directory_and_rewritten_as_schema_2(example: Path) -> None:
    (example / "ci").mkdir()
    ssot(example, "--write-baseline", "ci/baseline.json")
    document = json.loads((example / "ci" / "baseline.json").read_text(encoding="utf-8"))
    document["schema_version"] = 1
    for entry in document["findings"]:
        entry["path"] = "../" + entry["path"]
    (example / "ci" / "baseline.json").write_text(json.dumps(document), encoding="utf-8")
    (example / BASELINE).symlink_to("ci/baseline.json")
    assert ssot(example, "--baseline", BASELINE).returncode == 0
    # One finding fixed, so --update-baseline rewrites the file: in the current schema.
    health = example / "examples" / "chat" / "routes" / "health.py"
    lines = health.read_text(encoding="utf-8").splitlines(keepends=True)
    health.write_text("".join(line for line in lines if "canonical_import_patterns" not in line), encoding="utf-8")
    assert ssot(example, "--baseline", BASELINE, "--update-baseline").returncode == 0
    rewritten = json.loads((example / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert rewritten["schema_version"] == 2
    assert sum(entry["count"] for entry in rewritten["findings"]) == 36
    assert not any(entry["path"].startswith("../") for entry in rewritten["findings"])


@pytest.mark.parametrize("victim", ["contracts/example.toml", "pyproject.toml", "examples/chat/routes/ws.py", "empty"])
def test_write_baseline_refuses_to_replace_a_file_that_is_not_a_baseline(example: Path, victim: str) -> None:
    # Issue 20: `--write-baseline contracts/ssot.toml` replaced the policy with JSON, exit 0.
    target = example / victim
    if victim == "empty":
        target.write_bytes(b"")
    elif not target.exists():
        target.write_text("[tool.black]\nline-length = 100\n", encoding="utf-8")
    before = target.read_bytes()
    result = ssot(example, "--write-baseline", victim)
    assert result.returncode == 2
    assert result.stderr == (
        f"ssot: cannot write {victim}: it exists and is not a baseline file of importlinter-ssot: not overwritten\n"
    )
    assert target.read_bytes() == before
    assert [path.name for path in target.parent.iterdir() if path.name.endswith(".ssot-tmp")] == []


def test_write_baseline_replaces_a_baseline_it_wrote(example: Path) -> None:
    ssot(example, "--write-baseline", BASELINE)
    (example / BASELINE).chmod(0o600)
    prepend(example / "examples" / "chat" / "routes" / "ws.py", FORBIDDEN)
    again = ssot(example, "--write-baseline", BASELINE)
    assert again.returncode == 0, again.stderr
    assert sum(entry["count"] for entry in entries(example)) == 39
    assert (example / BASELINE).stat().st_mode & 0o777 == 0o600


def test_pyproject_baseline_and_the_contract_option(example: Path) -> None:
    ssot(example, "--write-baseline", BASELINE)
    (example / "pyproject.toml").write_text(f'[tool.ssot]\nbaseline = "{BASELINE}"\n', encoding="utf-8")
    assert ssot(example).returncode == 0
    prepend(example / "examples" / "chat" / "routes" / "ws.py", FORBIDDEN)
    assert ssot(example).returncode == 1

    (example / "pyproject.toml").unlink()
    config = (
        "[importlinter]\nroot_packages =\n    chat\n"
        "contract_types =\n    ssot: importlinter_ssot.contracts.SsotContract\n\n"
        "[importlinter:contract:ssot]\nname = SSOT\ntype = ssot\n"
        f"policy = contracts/example.toml\nbaseline = {BASELINE}\n"
    )
    (example / ".importlinter").write_text(config, encoding="utf-8")
    linted = lint_imports_in_process(cwd=example, today=TODAY, pythonpath=example / "examples")
    assert linted.returncode == 1
    broken = linted.stdout.split("Broken contracts")[1]
    assert [line for line in broken.splitlines() if " SOT" in line] == [
        "examples/chat/routes/ws.py:1:8: SOT011 import of forbidden module "
        "`chat.websocket_core.canonical_import_patterns`: removed in phase 2C; "
        "import from `chat.websocket_core.websocket_manager` instead"
    ]
    assert f"38 findings in the baseline ({BASELINE})." in broken


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "ssot-baseline.json:1:1: error: no such file: write it with `ssot check --write-baseline FILE`"),
        ('{"tool": "importlinter-ssot",\n "findings": [}', "ssot-baseline.json:2:15: error: invalid JSON: "),
        ('{"findings": []}', "ssot-baseline.json:1:1: error: not a baseline file of importlinter-ssot"),
        (
            '{"schema_version": 1, "tool": "importlinter-ssot", "findings": [{"path": "a.py"}]}',
            "ssot-baseline.json:1:1: error: findings[0]: expected an object with the keys "
            "path, code, subject, via, count",
        ),
    ],
)
def test_a_baseline_that_cannot_be_used_is_a_usage_error(example: Path, content: str | None, message: str) -> None:
    if content is not None:
        (example / BASELINE).write_text(content, encoding="utf-8")
    result = ssot(example, "--baseline", BASELINE)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.endswith("ssot: the baseline cannot be used.\n")


def test_write_baseline_records_the_whole_project(example: Path) -> None:
    result = ssot(example, "--write-baseline", BASELINE, "examples/chat/routes")
    assert result.returncode == 2 and "--write-baseline records the whole project" in result.stderr
    assert not (example / BASELINE).exists()
    update_alone = ssot(example, "--update-baseline")
    assert update_alone.returncode == 2 and "--update-baseline needs a baseline" in update_alone.stderr


def test_parse_rejects_a_count_below_one() -> None:
    text = '{"schema_version": 2, "tool": "importlinter-ssot", "findings": [\n'
    text += '{"path": "a.py", "code": "SOT011", "subject": "m", "via": "m", "count": 0}]}'
    with pytest.raises(BaselineError, match="count must be at least 1"):
        parse_baseline(text, "/x/b.json", "/x")


def test_the_contract_lists_fixed_entries_as_warnings_and_keeps_when_nothing_is_new(example: Path) -> None:
    ssot(example, "--write-baseline", BASELINE)
    health = example / "examples" / "chat" / "routes" / "health.py"
    lines = health.read_text(encoding="utf-8").splitlines(keepends=True)
    health.write_text("".join(line for line in lines if "canonical_import_patterns" not in line), encoding="utf-8")
    config = (
        "[importlinter]\nroot_packages =\n    chat\n"
        "contract_types =\n    ssot: importlinter_ssot.contracts.SsotContract\n\n"
        "[importlinter:contract:ssot]\nname = SSOT\ntype = ssot\n"
        f"policy = contracts/example.toml\nbaseline = {BASELINE}\n"
    )
    (example / ".importlinter").write_text(config, encoding="utf-8")
    linted = lint_imports_in_process(cwd=example, today=TODAY, pythonpath=example / "examples")
    assert linted.returncode == 0, linted.stdout
    assert "SSOT KEPT (1 warning)" in linted.stdout
    warnings = linted.stdout.split("Warnings")[1]
    assert (
        "examples/chat/routes/health.py: SOT011 `chat.websocket_core.canonical_import_patterns` ×2: fixed, "
        "can be removed from the baseline (--update-baseline)"
    ) in warnings


def test_files_that_cannot_be_written_are_a_usage_error_not_a_traceback(example: Path) -> None:
    nowhere = str(example / "no-such-directory" / "file")
    for args in (("--write-baseline", nowhere), ("--format", "sarif", "--output", nowhere)):
        result = ssot(example, *args)
        assert result.returncode == 2
        assert result.stderr == f"ssot: cannot write {nowhere}: No such file or directory\n"


def test_the_documented_baseline_file_is_what_the_tool_writes(tmp_path: Path) -> None:
    # docs/ci.md shows entries of the docs' example project: they must be real ones, in the real format.
    page = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    shown = re.search(r"```json\n(.*?)```", page[page.index("## The baseline") :], re.DOTALL)
    assert shown is not None
    text = "\n".join(line[2:] for line in shown[1].splitlines()) + "\n"  # the block is indented in a list
    project = tmp_path / "project"
    shutil.copytree(REPO / "docs" / "examples" / "project", project, ignore=shutil.ignore_patterns("__pycache__"))
    written = ssot_in_process(
        "--today", "2026-06-01", "--no-cache", "--write-baseline", BASELINE, cwd=project, today=None
    )
    assert written.returncode == 0, written.stderr
    real = {line.rstrip(",") for line in (project / BASELINE).read_text(encoding="utf-8").splitlines()}
    documented = parse_baseline(text, str(project / BASELINE), str(project))
    assert len(documented.entries) == 2
    assert {line.rstrip(",") for line in text.splitlines() if line.startswith("    {")} <= real


def test_a_file_name_that_is_not_utf8_is_recorded_and_then_covered(make_project) -> None:
    name = os.fsdecode(b"app/caf\xe9.py")  # the surrogate-escaped str Python uses for this name
    policy = '[policy]\nroot_packages = ["app"]\n\n[[module]]\nname = "app.old"\nstatus = "forbidden"\n'
    project = make_project({"app/__init__.py": "", "app/old.py": "", name: "import app.old\n"}, policy)
    assert project.cli("--write-baseline", BASELINE).returncode == 0
    text = (project.root / BASELINE).read_bytes().decode("utf-8")  # strict: the file is UTF-8
    assert '"path": "app/caf\\udce9.py"' in text  # a JSON escape, which reads back as the same name
    checked = project.cli("--baseline", BASELINE)
    assert (checked.returncode, checked.stdout) == (
        0,
        f"No SSOT problems in 3 files checked (policy: ssot).\n1 finding in the baseline ({BASELINE}).\n",
    )
