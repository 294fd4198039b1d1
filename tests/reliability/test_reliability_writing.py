"""``--fix`` never harms users' files: what it writes, where, and from which bytes.

- **Only inside the project.** A ``.py`` symlink that leads out of the project root is
  checked but never written (``outside-project``); a ``source_roots`` entry outside the
  project is a located policy error (exit 2).
- **Never from cached findings.** What is written comes from evaluating the file's current
  bytes, never from the check's (possibly cached) result.
- **Never over a change it did not see.** Each file's fix is computed from the bytes it
  replaces, which are read again just before the rename: a file changed meanwhile is
  planned again from its new bytes (or left alone, ``changed``). Two ``--fix`` runs on one
  project take turns (a lock in the cache directory).
- **Never over the owner's word.** A file without any write permission bit is left as it
  is (``read-only``).
- **Never quietly.** A write that fails makes ``--fix`` exit 2, whatever the severity of
  the findings in that file.
- **``ssot shim --write`` too** writes a shim only over the bytes it was computed from.

``ssot`` runs in this process (click's CliRunner) unless the test is about processes.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from importlinter_ssot.adapters.file_writer import AtomicFileWriter
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.memory_cache import MemoryCacheStore
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.fix.fixing import run_fix
from importlinter_ssot.application.policy.policy_loading import load_projects

from support.fix_tree import POLICY, TREE
from support.fixing import TODAY
from support.front_ends import PYTHON_M_SSOT, process_environment, run_variables

FLAGGED = "from chat.core.old import Manager\n"
FIXED = "from chat.core.api import Manager\n"


def identity(path: Path) -> tuple[bytes, int, int, int]:
    status = os.stat(path)
    return path.read_bytes(), status.st_ino, status.st_mtime_ns, stat.S_IMODE(status.st_mode)


# -- only inside the project -----------------------------------------------------------------------


def test_a_symlink_to_a_file_outside_the_project_is_checked_but_never_written(make_project, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "victim.py"
    outside.parent.mkdir()
    outside.write_text(FLAGGED)
    project = make_project({**TREE, "chat/app/b.py": FLAGGED}, POLICY)
    (project.root / "chat/app/a.py").symlink_to(outside)
    before = identity(outside)

    diff = project.cli("--diff")
    assert "chat/app/a.py" not in diff.stdout  # --fix would not change it: neither does --diff
    assert "+++ chat/app/b.py" in diff.stdout

    result = project.cli("--fix")
    assert identity(outside) == before
    assert (project.root / "chat/app/a.py").is_symlink()
    assert (project.root / "chat/app/b.py").read_text() == FIXED
    assert "chat/app/a.py:1:27: SOT001 " in result.stdout  # still checked, still reported
    assert "1 fixed in 1 file; 1 not fixable:\n  1 outside-project: files outside the project root\n" in result.stdout

    document = project.cli("--fix", "--format", "json").stdout
    assert f"the file is {outside.as_posix()}, outside the project root" in document


def test_a_root_package_symlinked_out_of_the_project_is_never_written(make_project, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    for path, text in {**TREE, "chat/app/a.py": FLAGGED}.items():
        (elsewhere / path).parent.mkdir(parents=True, exist_ok=True)
        (elsewhere / path).write_text(text)
    victim = elsewhere / "chat/app/a.py"
    project = make_project({}, POLICY)
    (project.root / "chat").symlink_to(elsewhere / "chat", target_is_directory=True)
    before = identity(victim)
    result = project.cli("--fix")
    assert identity(victim) == before
    assert "chat/app/a.py:1:27: SOT001 " in result.stdout
    assert "1 outside-project" in result.stdout


OUTSIDE_ROOTS = {
    "escaping with ..": lambda tmp: "../elsewhere",
    "absolute": lambda tmp: (tmp / "elsewhere").as_posix(),
    "through a symlink": lambda tmp: "src",  # src -> ../elsewhere
}


@pytest.mark.parametrize("case", list(OUTSIDE_ROOTS))
def test_a_source_root_outside_the_project_is_a_located_policy_error(make_project, tmp_path: Path, case: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    for path, text in {**TREE, "chat/app/a.py": FLAGGED}.items():
        (elsewhere / path).parent.mkdir(parents=True, exist_ok=True)
        (elsewhere / path).write_text(text)
    victim = elsewhere / "chat/app/a.py"
    source_root = OUTSIDE_ROOTS[case](tmp_path)
    policy = POLICY.replace(
        'root_packages = ["chat"]\n', f'root_packages = ["chat"]\nsource_roots = ["{source_root}"]\n'
    )
    project = make_project({}, policy)
    (project.root / "src").symlink_to(elsewhere, target_is_directory=True)
    before = identity(victim)

    result = project.cli("--fix")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "contracts/ssot.toml:4:17: error: policy.source_roots[0]: source root " in result.stderr, result.stderr
    assert "outside the project root" in result.stderr
    assert identity(victim) == before

    if case == "through a symlink":  # the same layout inside the project is fine, through a symlink too
        project.write({f"inside/{path}": text for path, text in {**TREE, "chat/app/a.py": FLAGGED}.items()})
        (project.root / "src").unlink()
        (project.root / "src").symlink_to(project.root / "inside", target_is_directory=True)
        assert project.cli("--fix").returncode == 0
        assert (project.root / "inside/chat/app/a.py").read_text() == FIXED
        assert identity(victim) == before


# -- never from cached findings --------------------------------------------------------------------


OLD_MTIME_NS = 1_600_000_000 * 10**9  # long before the run: a cache trusts the file's stat


def test_a_stale_cache_entry_never_decides_what_is_written(make_project) -> None:
    # The cache is the tool's own, on disk, whatever its format: its entry for a.py was decided on
    # other bytes of the same size, inode and mtime, so a check trusts it (a forger can do this).
    forged = "from chat.core.old import Manager\n"
    clean = "from chat.core.old import helper \n"  # helper is no governed name: nothing to fix
    assert len(forged) == len(clean)
    project = make_project({**TREE, "chat/app/a.py": forged}, POLICY)
    target = project.root / "chat/app/a.py"
    os.utime(target, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    assert "chat/app/a.py:1:27: SOT001 " in project.cli().stdout  # recorded in .ssot_cache
    target.write_text(clean)  # in place: same inode, same size
    os.utime(target, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    before = identity(target)

    diff = project.cli("--diff")
    assert diff.stdout == ""
    project.cli("--fix")
    assert identity(target) == before


def test_a_forged_finding_in_the_checks_result_never_decides_what_is_written(make_project, monkeypatch) -> None:
    # Whatever the check's result says (a cache can say anything), only what the file's own
    # bytes give when evaluated now is fixed: here, nothing.
    from importlinter_ssot.application.fix import fixing
    from importlinter_ssot.domain.findings import Finding, Reference
    from importlinter_ssot.domain.rules.registry import rule_by_code

    clean = "from chat.core.api import connect\n"
    project = make_project({**TREE, "chat/app/a.py": clean, "chat/evil.py": "connect = None\n"}, POLICY)
    target = project.root / "chat/app/a.py"
    forged = Finding(
        project.abs("chat/app/a.py"),
        1,
        1,
        rule_by_code("SOT011"),
        "import of forbidden module `chat.core.api`",
        replacement="chat.evil",  # the forger's choice
        policy="fix",
        via="chat.core.api",
        reference=Reference.IMPORT,
    )
    real_check = fixing.run_check

    def forging_check(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real_check(*args, **kwargs)
        return result if forged.path in {f.path for f in result.findings} else _with(result, forged)

    monkeypatch.setattr(fixing, "run_check", forging_check)
    before = identity(target)
    diff = project.cli("--diff")
    assert "chat/app/a.py" not in diff.stdout
    project.cli("--fix")
    assert identity(target) == before


def _with(result, finding):  # type: ignore[no-untyped-def]
    import dataclasses

    return dataclasses.replace(result, findings=tuple(sorted((*result.findings, finding))))


# -- never over a change it did not see ------------------------------------------------------------


APPENDED = "".join(f"line_{number} = {number}\n" for number in range(2000))


class AppendingWriter:
    """The real writer, with another process's appends landing after the fix read the file and before it writes."""

    def __init__(self, times: int) -> None:
        self.times = times
        self.calls = 0

    def replace_content(self, path: str, data: bytes, **options: object) -> None:
        self.calls += 1
        if self.calls <= self.times:
            with open(path, "a", encoding="utf-8") as stream:
                stream.write(APPENDED.replace("line_", f"line{self.calls}_"))
        AtomicFileWriter().replace_content(path, data, **options)  # type: ignore[arg-type]


def fix_with(project, writer):  # type: ignore[no-untyped-def]
    file_system = LocalFileSystem()
    projects = load_projects(file_system, [project.abs(path) for path in project.policy_paths])
    return run_fix(file_system, writer, projects, TODAY, runner=SerialRunner(), cache=MemoryCacheStore())


def test_lines_appended_while_a_file_is_fixed_are_never_lost(make_project) -> None:
    project = make_project({**TREE, "chat/app/a.py": "from chat.core.old import Manager, helper\n"}, POLICY)
    writer = AppendingWriter(times=1)
    result = fix_with(project, writer)
    assert writer.calls == 2  # the first write found the file changed: planned again from its new bytes
    text = (project.root / "chat/app/a.py").read_text()
    assert text == (
        "from chat.core.old import helper\nfrom chat.core.api import Manager\n" + APPENDED.replace("line_", "line1_")
    )
    assert [change.path for change in result.changes] == [project.abs("chat/app/a.py")]


def test_a_file_that_keeps_changing_is_left_alone_and_nothing_is_lost(make_project) -> None:
    project = make_project({**TREE, "chat/app/a.py": FLAGGED}, POLICY)
    result = fix_with(project, AppendingWriter(times=2))
    text = (project.root / "chat/app/a.py").read_text()
    assert text == FLAGGED + APPENDED.replace("line_", "line1_") + APPENDED.replace("line_", "line2_")
    assert result.changes == ()
    assert [(item.finding.code, item.reason.key) for item in result.not_fixed] == [("SOT001", "changed")]


SPLIT = "from chat.core.old import Manager, helper\n"
SPLIT_FIXED = "from chat.core.old import helper\nfrom chat.core.api import Manager\n"


def test_two_fix_processes_at_once_give_what_one_fix_gives(make_project) -> None:
    # Each file's finding is on `Manager`; once one run has split the statement, that position
    # holds `helper`: a run applying its positions to the other's text would move the wrong name.
    files = {f"chat/app/m{number:02}.py": SPLIT for number in range(40)}
    project = make_project({**TREE, **files}, POLICY)
    for round_number in range(4):
        project.write(files)
        runs = [
            subprocess.Popen(
                [*PYTHON_M_SSOT, "check", "--fix", "--no-cache", "--jobs", "1"],
                cwd=project.root,
                env=process_environment(run_variables(TODAY.isoformat())),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=300) for run in runs]
        for run, (stdout, stderr) in zip(runs, outputs, strict=True):
            assert run.returncode == 0, stdout + stderr
        texts = {path: (project.root / path).read_text() for path in files}
        assert texts == dict.fromkeys(files, SPLIT_FIXED), f"round {round_number}"
        fixed_counts = sorted(stdout.rsplit("\n", 2)[-2] for stdout, _ in outputs)
        assert fixed_counts == ["0 fixed in 0 files; 0 not fixable.", "40 fixed in 40 files; 0 not fixable."]
        assert not [path for path in (project.root / "chat/app").iterdir() if path.name.endswith(".ssot-tmp")]


def test_the_fix_lock_lives_in_the_cache_directory_also_without_the_cache(make_project) -> None:
    project = make_project({**TREE, "chat/app/a.py": FLAGGED}, POLICY)
    assert project.cli("--fix", "--no-cache").returncode == 0
    assert (project.root / ".ssot_cache" / "fix.lock").is_file()
    assert not list((project.root / ".ssot_cache").glob("results-*"))  # --no-cache: no results written


def test_without_a_usable_lock_directory_the_fix_says_so_and_still_fixes(make_project, tmp_path: Path) -> None:
    project = make_project({**TREE, "chat/app/a.py": FLAGGED}, POLICY)
    (project.root / ".ssot_cache").symlink_to(tmp_path, target_is_directory=True)  # planted: never used
    result = project.cli("--fix")
    assert result.returncode == 0, result.stderr
    assert "ssot: cannot lock the project against another --fix" in result.stderr
    assert (project.root / "chat/app/a.py").read_text() == FIXED
    assert not (tmp_path / "fix.lock").exists()


# -- never over the owner's word -------------------------------------------------------------------


def test_a_read_only_file_is_not_rewritten(make_project) -> None:
    project = make_project({**TREE, "chat/app/a.py": FLAGGED, "chat/app/b.py": FLAGGED}, POLICY)
    target = project.root / "chat/app/a.py"
    os.chmod(target, 0o444)
    before = identity(target)
    diff = project.cli("--diff")
    assert "chat/app/a.py" not in diff.stdout
    assert "1 read-only: read-only files" in diff.stderr
    result = project.cli("--fix")
    assert identity(target) == before
    assert (project.root / "chat/app/b.py").read_text() == FIXED
    assert "chat/app/a.py:1:27: SOT001 " in result.stdout
    assert "1 fixed in 1 file; 1 not fixable:\n  1 read-only: read-only files\n" in result.stdout


# -- never quietly ---------------------------------------------------------------------------------


def test_a_write_that_fails_makes_fix_exit_2_even_with_only_warnings(make_project, monkeypatch) -> None:
    project = make_project({**TREE, "chat/app/a.py": FLAGGED}, POLICY)

    def fail(self, path: str, data: bytes, **options: object) -> None:  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device", path)

    monkeypatch.setattr(AtomicFileWriter, "replace_content", fail)
    result = project.cli("--fix")
    assert (project.root / "chat/app/a.py").read_text() == FLAGGED
    assert "1 write-failed: files that cannot be written" in result.stdout
    assert result.returncode == 2, result.stdout  # SOT001 is a warning: a check alone exits 0


# -- ssot shim --write: the same promise -----------------------------------------------------------


def test_shim_write_never_writes_over_an_edit_made_since_it_read_the_module(make_project, monkeypatch) -> None:
    from importlinter_ssot.composition import Session

    from support.shim_tree import POLICY as SHIM_POLICY
    from support.shim_tree import TREE as SHIM_TREE
    from support.shim_tree import shim

    project = make_project(SHIM_TREE, SHIM_POLICY)
    assert shim(project, "--write", "app.compat")[0] == 0
    policy = project.root / "contracts/ssot.toml"
    policy.write_text(policy.read_text().replace("compat goes away", "compat is going"), encoding="utf-8")
    module = project.root / "app/compat.py"
    planned = Session.plan_shims

    def plan_then_edit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        plans = planned(self, *args, **kwargs)
        with open(module, "a", encoding="utf-8") as stream:  # the owner saves an edit meanwhile
            stream.write("EXTRA = 1\n")
        return plans

    monkeypatch.setattr(Session, "plan_shims", plan_then_edit)
    code, output = shim(project, "--write", "app.compat")
    assert "EXTRA = 1\n" in module.read_text(encoding="utf-8")
    assert "compat goes away" in module.read_text(encoding="utf-8")  # not rewritten
    assert code == 1
    assert output.splitlines()[-1] == "app/compat.py: changed since it was read: not written (run again)"
