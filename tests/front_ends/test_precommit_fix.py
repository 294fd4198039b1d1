"""pre-commit: the real ``pre-commit try-repo`` runs the ``ssot-fix`` hook of .pre-commit-hooks.yaml.

In a git repository holding a copy of the example, a staged file importing the manager
through its deprecated package path is rewritten to the canonical path by the hook, which
fails as fixing hooks do ("files were modified by this hook"); only the staged file is
touched, although the example has fixable imports elsewhere. One ``try-repo`` run (it
pip-installs this repository into a fresh store, as for ``ssot-check`` in test_precommit).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_precommit import (
    CONSUMER,
    committed_example,
    finish,
    git,
    git_environment,
    hook_repository,
    stage,
)

from support.front_ends import console_script

DEPRECATED_IMPORT = "from chat.websocket_core import WebSocketManager as PackageManager\n"
CANONICAL_IMPORT = "from chat.websocket_core.websocket_manager import WebSocketManager as PackageManager\n"


def test_ssot_fix_hook_rewrites_the_staged_file_to_the_canonical_path(tmp_path: Path) -> None:
    repository = hook_repository(tmp_path)
    project = committed_example(tmp_path / "project")
    original = (project / CONSUMER).read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    lines.insert(2, DEPRECATED_IMPORT)  # after the docstring and `from typing import ...`
    stage(project, "".join(lines))
    elsewhere = {path: path.read_bytes() for path in (project / "examples").rglob("*.py") if path.name != "ws.py"}

    env = git_environment()
    env["SSOT_TODAY"] = "2027-01-15"
    run = subprocess.Popen(
        [console_script("pre-commit"), "try-repo", str(repository), "ssot-fix", "--verbose"],
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
    assert "files were modified by this hook" in result.stdout
    assert "1 fixed in 1 file; 0 not fixable." in result.stdout
    fixed = (project / CONSUMER).read_text(encoding="utf-8")
    lines[2] = CANONICAL_IMPORT
    assert fixed == "".join(lines)
    assert {path: path.read_bytes() for path in elsewhere} == elsewhere  # only the staged file is fixed
    assert CONSUMER in git("diff", "--name-only", cwd=project)  # fixed in the work tree, left for the user to stage
