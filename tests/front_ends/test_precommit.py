"""pre-commit: the real ``pre-commit try-repo`` against this repository's .pre-commit-hooks.yaml.

In a git repository holding a copy of the example, a staged change that adds a forbidden
import makes the ``ssot-check`` hook fail; with the import fixed and staged instead, it
passes. Only the staged file is passed to ``ssot check`` (the example's other files have
findings of their own), while the whole project is still scanned for facts.

pre-commit builds the hook's environment by pip-installing this repository, in a fresh
store for every ``try-repo``, so the test needs the package index (as any pre-commit user
does) and takes a while. The two staged states (the forbidden import, then its fix) are
therefore two copies of the same committed project, checked by two ``try-repo`` runs at
once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from support.front_ends import console_script

REPO = Path(__file__).resolve().parents[2]

# What pre-commit needs to install the hooks from a repository.
HOOK_REPOSITORY_FILES = (".pre-commit-hooks.yaml", "setup.cfg", "pyproject.toml", "README.md", "importlinter_ssot")

FORBIDDEN_IMPORT = "import chat.websocket_core.canonical_import_patterns\n"
CONSUMER = "examples/chat/routes/ws.py"  # the example's model consumer: no findings of its own


def git_environment() -> dict[str, str]:
    # Inherited GIT_DIR & co (e.g. when the suite itself runs inside a git hook) would point git elsewhere.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_AUTHOR_NAME="test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        HOME=env.get("HOME", "/tmp"),
    )
    return env


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=git_environment(),
        check=True,
    )
    return result.stdout


def hook_repository(tmp_path: Path) -> Path:
    """This checkout, as `pre-commit try-repo` should see it.

    try-repo clones the given repository at HEAD and adds its uncommitted changes to
    tracked files, but not untracked files. On a clone (CI) everything is tracked and the
    checkout is used as it is. In a working tree where the hook files are not committed
    yet, a snapshot of them is committed to a temporary repository instead, so the test
    always exercises the files on disk.
    """
    try:
        status = git("status", "--porcelain", "--untracked-files=all", "--", *HOOK_REPOSITORY_FILES, cwd=REPO)
        untracked = [line for line in status.splitlines() if line.startswith("??")]
        if not untracked:
            return REPO
    except (subprocess.CalledProcessError, OSError):
        pass  # not a git checkout (e.g. an unpacked sdist)
    snapshot = tmp_path / "hook-repository"
    snapshot.mkdir()
    for name in HOOK_REPOSITORY_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, snapshot / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif source.exists():
            shutil.copy2(source, snapshot / name)
    git("init", "-q", cwd=snapshot)
    git("add", "-A", cwd=snapshot)
    git("commit", "-q", "-m", "snapshot of the hook repository", cwd=snapshot)
    return snapshot


def start_try_repo(repository: Path, project: Path) -> subprocess.Popen[str]:
    """`pre-commit try-repo REPOSITORY ssot-check` on the staged files of ``project``, started."""
    env = git_environment()
    env["SSOT_TODAY"] = "2027-01-15"
    return subprocess.Popen(
        [console_script("pre-commit"), "try-repo", str(repository), "ssot-check", "--verbose"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(run: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    stdout, stderr = run.communicate(timeout=900)
    return subprocess.CompletedProcess(run.args, run.returncode, stdout, stderr)


def committed_example(project: Path) -> Path:
    """A git repository whose one commit is a copy of the example and its policy."""
    shutil.copytree(REPO / "examples", project / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "contracts").mkdir()
    shutil.copy2(REPO / "contracts" / "example.toml", project / "contracts" / "example.toml")
    git("init", "-q", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "the example", cwd=project)
    return project


def stage(project: Path, text: str) -> None:
    (project / CONSUMER).write_text(text, encoding="utf-8")
    git("add", CONSUMER, cwd=project)


def test_ssot_check_hook_fails_on_a_forbidden_import_and_passes_once_it_is_fixed(tmp_path: Path) -> None:
    repository = hook_repository(tmp_path)
    broken = committed_example(tmp_path / "broken")
    fixed = committed_example(tmp_path / "fixed")

    original = (broken / CONSUMER).read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    lines.insert(2, FORBIDDEN_IMPORT)  # after the docstring and `from typing import ...`
    stage(broken, "".join(lines))
    # The fix, staged (with a comment, so that the file still differs from HEAD and is checked).
    stage(fixed, original + "# the forbidden import was removed\n")

    runs = [start_try_repo(repository, broken), start_try_repo(repository, fixed)]
    try:
        failing, passing = [finish(run) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()

    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert (
        f"{CONSUMER}:3:8: SOT011 import of forbidden module `chat.websocket_core.canonical_import_patterns`"
        in failing.stdout
    ), failing.stdout
    # Only the staged file is reported, although the example has findings elsewhere.
    reported = {
        line.split(":")[0] for line in failing.stdout.splitlines() if " SOT" in line and line.startswith("examples/")
    }
    assert reported == {CONSUMER}

    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
    assert "No SSOT problems in 1 file checked" in passing.stdout  # it ran, on the staged file


def readme_pre_commit_config() -> str:
    """The `.pre-commit-config.yaml` the README shows, as written."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL)
    (config,) = [block for block in blocks if "id: ssot-check" in block]
    return config


def test_the_readme_pre_commit_config_works_as_written_after_autoupdate(tmp_path: Path) -> None:
    """The README's config, its `repo:` URL pointing at this checkout: `pre-commit autoupdate`, then a run."""
    repository = hook_repository(tmp_path)
    project = committed_example(tmp_path / "project")
    config = readme_pre_commit_config()
    url = re.search(r"- repo: (\S+)", config)
    assert url is not None
    (project / ".pre-commit-config.yaml").write_text(config.replace(url[1], str(repository)), encoding="utf-8")
    git("add", ".pre-commit-config.yaml", cwd=project)
    env = git_environment()
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), SSOT_TODAY="2027-01-15")

    def pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [console_script("pre-commit"), *args], cwd=project, capture_output=True, text=True, env=env, timeout=900
        )

    updated = pre_commit("autoupdate")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    head = git("rev-parse", "HEAD", cwd=repository).strip()
    pinned = re.search(r"rev: (\S+)", (project / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert pinned is not None
    tags = git("tag", "--list", cwd=repository).split()
    # No release tag yet: the latest commit; once there is one, the latest tag.
    assert pinned[1] == (git("describe", "--tags", "--abbrev=0", head, cwd=repository).strip() if tags else head)

    git("add", ".pre-commit-config.yaml", cwd=project)
    stage(project, (project / CONSUMER).read_text(encoding="utf-8") + "# touched\n")
    run = pre_commit("run", "ssot-check")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout and "mutable reference" not in run.stdout + run.stderr


def test_all_files_runs_ssot_check_once(tmp_path: Path) -> None:
    """`--all-files` hands every file to one `ssot check` (require_serial): one scan, one summary.

    Without it pre-commit splits the files over one process per core, each scanning the whole
    project and printing a summary of its own part.
    """
    repository = hook_repository(tmp_path)
    project = committed_example(tmp_path / "project")
    env = git_environment()
    env["SSOT_TODAY"] = "2027-01-15"
    run = subprocess.Popen(
        [console_script("pre-commit"), "try-repo", str(repository), "ssot-check", "--all-files", "--verbose"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        result = finish(run)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert result.returncode == 1, result.stdout + result.stderr
    summaries = [line for line in result.stdout.splitlines() if line.startswith(("Found ", "No SSOT problems"))]
    # Every Python file, one summary (the policy file is not passed: SOT030, reported there, is not among them).
    assert summaries == [
        "Found 26 errors and 11 warnings in 28 files checked (policy: WebSocket manager SSOT (example))."
    ], result.stdout
