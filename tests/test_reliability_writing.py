"""``--fix`` never harms users' files: what it writes, where, and from which bytes.

- **Only inside the project.** A ``source_roots`` entry outside the project is a located
  policy error (exit 2).

``ssot`` runs in this process (click's CliRunner) unless the test is about processes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from test_fix_forms import POLICY, TREE

FLAGGED = "from chat.core.old import Manager\n"
FIXED = "from chat.core.api import Manager\n"


def identity(path: Path) -> tuple[bytes, int, int, int]:
    status = os.stat(path)
    return path.read_bytes(), status.st_ino, status.st_mtime_ns, stat.S_IMODE(status.st_mode)


# -- only inside the project -----------------------------------------------------------------------


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
