"""``ssot check --fix`` / ``--diff`` from the command line: the bundled example, exit codes, output, safety.

The exact diff on the bundled example is a golden file (``expected/example_fix.diff``);
``--fix`` on a copy of the example then leaves none of the fixed findings, no new finding
in the changed files, and nothing for a second ``--fix`` to do. ``ssot`` runs in this
process (click's CliRunner) unless the test is about the process.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from support.example import example_copy
from support.fix_tree import POLICY, TREE
from support.front_ends import ssot_in_process

REPO = Path(__file__).resolve().parents[2]
EXPECTED = REPO / "tests" / "expected"
EXAMPLE_ARGS = ("--policy", "contracts/example.toml", "--today", "2027-01-15", "--no-cache")
SUMMARY = """\
6 fixable in 4 files; 32 not fixable:
  17 no-fix: rules without an automatic fix
  6 module-import: imports of a whole module
  2 own-definition: names the old module defines itself (another object)
  1 attribute-use: attribute uses (not import statements)
  1 dynamic-import: dynamic imports
  1 name-cannot-move: statements with a name that cannot move
  1 not-available: names the target does not provide
  1 patch-target: patch targets
  1 star-import: star imports
  1 unproven: names not proven to be the same object
"""


def tree_state(root: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*.py"))
    }


def test_the_diff_of_the_bundled_example_is_the_golden_one() -> None:
    before = tree_state(REPO / "examples")
    result = ssot_in_process(*EXAMPLE_ARGS, "--diff", cwd=REPO, today=None)
    assert result.returncode == 1, result.stderr
    assert result.stdout == EXPECTED.joinpath("example_fix.diff").read_text()
    assert result.stderr == SUMMARY
    assert tree_state(REPO / "examples") == before  # --diff writes nothing


def test_fix_on_the_example_then_check_and_fix_again(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    checked = ssot_in_process(*EXAMPLE_ARGS, "--format", "json", cwd=root, today=None)
    before = json.loads(checked.stdout)["findings"]

    fixed = ssot_in_process(*EXAMPLE_ARGS, "--fix", cwd=root, today=None)
    assert fixed.returncode == 1  # errors remain that no fix can take away
    assert fixed.stdout.endswith(
        "Found 23 errors and 9 warnings in 28 files checked (policy: WebSocket manager SSOT (example)).\n"
        + SUMMARY.replace("fixable in", "fixed in")
    )
    # The golden diff, applied: the copy's files are what the diff says.
    diff = EXPECTED.joinpath("example_fix.diff").read_text()
    changed = sorted({line[4:].strip() for line in diff.splitlines() if line.startswith("+++ ")})
    assert len(changed) == 4
    for path in changed:
        assert (root / path).read_bytes() != (REPO / path).read_bytes()

    after = json.loads(ssot_in_process(*EXAMPLE_ARGS, "--format", "json", cwd=root, today=None).stdout)
    fixed_ones = json.loads(
        ssot_in_process(
            *EXAMPLE_ARGS, "--diff", "--format", "json", cwd=example_copy(tmp_path / "again"), today=None
        ).stdout
    )["fix"]["fixed"]
    assert len(fixed_ones) == 6
    remaining = {(item["path"], item["code"], item["message"]) for item in after["findings"]}
    assert not remaining & {(item["path"], item["code"], item["message"]) for item in fixed_ones}
    # No new finding in the changed files: what remains there was there before.
    old = {(item["path"], item["code"], item["message"]) for item in before}
    assert {key for key in remaining if key[0] in changed} <= old

    state = tree_state(root)
    again = ssot_in_process(*EXAMPLE_ARGS, "--fix", cwd=root, today=None)
    assert "0 fixed in 0 files; 32 not fixable" in again.stdout
    assert tree_state(root) == state  # idempotent: nothing rewritten, not even touched
    diff_again = ssot_in_process(*EXAMPLE_ARGS, "--diff", cwd=root, today=None)
    assert (diff_again.returncode, diff_again.stdout) == (0, "")


def test_fix_and_diff_do_not_go_together(tmp_path: Path) -> None:
    result = ssot_in_process(*EXAMPLE_ARGS, "--fix", "--diff", cwd=example_copy(tmp_path), today=None)
    assert result.returncode == 2
    assert "--fix and --diff cannot be combined" in result.stderr


def test_paths_limit_what_is_fixed(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    state = tree_state(root)
    result = ssot_in_process(*EXAMPLE_ARGS, "--fix", "examples/chat/agents/tools.py", cwd=root, today=None)
    # WebSocketManagerMode stays: unified_manager.py defines its own copy of the enum.
    assert result.stdout.endswith(
        "2 fixed in 1 file; 1 not fixable:\n  1 own-definition: names the old module defines itself (another object)\n"
    )
    now = tree_state(root)
    assert [path for path in now if now[path] != state[path]] == ["examples/chat/agents/tools.py"]


def test_json_lists_fixes_and_what_is_not_fixable_where_it_now_is(make_project) -> None:
    source = "from chat.core.old import Manager, helper\nimport chat.legacy\n"
    project = make_project({**TREE, "chat/app/a.py": source}, POLICY)
    result = project.cli("--fix", "--format", "json")
    document = json.loads(result.stdout)
    fix = document["fix"]
    assert fix["mode"] == "fix"
    assert [(item["path"], item["line"], item["column"], item["code"]) for item in fix["fixed"]] == [
        ("chat/app/a.py", 1, 27, "SOT001")
    ]
    # The split added a line above `import chat.legacy`: it is reported where it is now, as the findings are.
    assert [(item["line"], item["column"], item["code"], item["reason"]) for item in fix["not_fixable"]] == [
        (3, 8, "SOT011", "module-import")
    ]
    assert [(item["line"], item["column"], item["code"]) for item in document["findings"]] == [(3, 8, "SOT011")]
    assert fix["files"] == [{"path": "chat/app/a.py", "fixed": 1}]
    assert fix["summary"] == {"fixed": 1, "files": 1, "not_fixable": 1, "reasons": {"module-import": 1}}
    assert result.returncode == 1


def test_diff_exits_0_when_there_is_nothing_to_fix(make_project) -> None:
    project = make_project({**TREE, "chat/app/a.py": "import chat.legacy\n"}, POLICY)
    result = project.cli("--diff")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "0 fixable in 0 files; 1 not fixable:\n  1 module-import: imports of a whole module\n"


def test_fix_exits_0_once_nothing_is_left(make_project) -> None:
    project = make_project({**TREE, "chat/app/a.py": "from chat.core.old import Manager\n"}, POLICY)
    result = project.cli("--fix")
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith(
        "No SSOT problems in 9 files checked (policy: fix).\n1 fixed in 1 file; 0 not fixable.\n"
    )


def test_only_flagged_files_are_written_and_permissions_are_kept(make_project) -> None:
    project = make_project({**TREE, "chat/app/a.py": "from chat.core.old import Manager\n"}, POLICY)
    target = project.root / "chat/app/a.py"
    os.chmod(target, 0o640)
    others = {
        path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in project.root.rglob("*.py") if path != target
    }
    assert project.cli("--fix").returncode == 0
    assert target.read_text() == "from chat.core.api import Manager\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in others} == others
    assert not [path for path in target.parent.iterdir() if path.name.startswith(".ssot-fix-")]


def test_a_symlinked_file_is_fixed_where_it_points(make_project) -> None:
    project = make_project({**TREE, "real/a.py": "from chat.core.old import Manager\n"}, POLICY)
    (project.root / "chat/app/a.py").symlink_to(project.root / "real/a.py")
    assert project.cli("--fix").returncode == 0
    assert (project.root / "chat/app/a.py").is_symlink()
    assert (project.root / "real/a.py").read_text() == "from chat.core.api import Manager\n"


def test_fix_from_a_real_process(make_project) -> None:
    project = make_project({**TREE, "chat/app/a.py": "from chat.core.old import Manager, helper\n"}, POLICY)
    result = project.cli_process("--fix", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert (
        project.root / "chat/app/a.py"
    ).read_text() == "from chat.core.old import helper\nfrom chat.core.api import Manager\n"


def test_the_worked_example_in_the_docs_is_the_golden_diff() -> None:
    docs = (REPO / "docs" / "fix.md").read_text()
    block = docs.split("<!-- example-fix-diff:start -->\n", 1)[1].split("<!-- example-fix-diff:end -->", 1)[0]
    assert block == "```diff\n" + EXPECTED.joinpath("example_fix.diff").read_text() + "```\n"
    assert SUMMARY in docs


def test_only_what_the_check_reports_is_fixed(make_project) -> None:
    # A noqa comment, or a code left out by --ignore, keeps its import as it is, as ruff --fix does.
    kept = "from chat.core.old import Manager  # noqa: SOT001\nfrom chat.legacy import connect\n"
    tree = {**TREE, "chat/app/a.py": kept, "chat/app/b.py": "from chat.core.old import Manager\n"}
    project = make_project(tree, POLICY)
    result = project.cli("--fix", "--ignore", "SOT011")
    assert (project.root / "chat/app/a.py").read_text() == kept
    assert (project.root / "chat/app/b.py").read_text() == "from chat.core.api import Manager\n"
    assert result.stdout.endswith("1 fixed in 1 file; 0 not fixable.\n"), result.stdout


def test_fix_reports_what_remains_against_the_baseline_in_any_format(make_project) -> None:
    source = "from chat.core.old import Manager\nimport chat.legacy\n"
    project = make_project({**TREE, "chat/app/a.py": source}, POLICY)
    assert project.cli("--write-baseline", "baseline.json").returncode == 0
    result = project.cli("--fix", "--baseline", "baseline.json", "--format", "github")
    # SOT011 on `import chat.legacy` is not fixable but the baseline covers it: nothing new, exit 0.
    assert (result.returncode, result.stdout) == (0, "")
    assert "1 fixed in 1 file; 0 not fixable." in result.stderr
    assert "1 baseline entry fixed" in result.stderr or "fixed, can be removed" in result.stderr
    assert (project.root / "chat/app/a.py").read_text() == "from chat.core.api import Manager\nimport chat.legacy\n"


def test_a_baseline_is_not_written_from_a_fix(make_project) -> None:
    project = make_project({**TREE, "chat/app/a.py": "from chat.core.old import Manager\n"}, POLICY)
    result = project.cli("--fix", "--write-baseline", "baseline.json")
    assert result.returncode == 2
    assert "--write-baseline records the whole project as it is" in result.stderr
    assert not (project.root / "baseline.json").exists()


def test_diff_goes_to_the_output_file_when_one_is_given(make_project) -> None:
    project = make_project({**TREE, "chat/app/a.py": "from chat.core.old import Manager\n"}, POLICY)
    result = project.cli("--diff", "--output", "fix.diff")
    assert (result.returncode, result.stdout) == (1, "")
    assert (project.root / "fix.diff").read_text() == (
        "--- chat/app/a.py\n+++ chat/app/a.py\n@@ -1 +1 @@\n"
        "-from chat.core.old import Manager\n+from chat.core.api import Manager\n"
    )
    assert (project.root / "chat/app/a.py").read_text() == "from chat.core.old import Manager\n"  # nothing fixed
