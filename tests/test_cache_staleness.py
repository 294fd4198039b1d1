"""The cache never serves a stale answer: whatever changed since an entry was recorded is seen.

- A file that cannot be read any more (``chmod``) keeps no old findings: a change of mode or
  ctime makes its entry untrusted, and reading it fails (SOT900).
"""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path

import pytest

from importlinter_ssot.adapters.cache_store import DirectoryCacheStore
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.check import run_check
from importlinter_ssot.application.policy_loading import load_projects

TODAY = "2026-06-01"
DATE = datetime.date(2026, 6, 1)

POLICY = """
[policy]
name = "staleness"
root_packages = ["staleapp"]

[[symbol]]
name = "Manager"
defined_in = "staleapp.core.impl"
canonical = ["staleapp.core"]
deprecated = [{ module = "staleapp.old" }, { module = "staleapp.older" }]

[[symbol]]
name = "Helper"
defined_in = "staleapp.core.impl"
canonical = ["staleapp.core"]
"""

FILES = {
    "staleapp/__init__.py": "",
    "staleapp/core/__init__.py": "from .impl import Helper, Manager\n",
    "staleapp/core/impl.py": "class Manager:\n    pass\n\n\nclass Helper:\n    pass\n",
    # A deprecated module that does not warn (SOT040), with an import --fix rewrites.
    "staleapp/old.py": "from staleapp.core.impl import Helper, Manager\n",
    # A deprecated module that warns through a helper, whose file --fix rewrites too.
    "staleapp/older.py": (
        "from staleapp.core.impl import Manager\nfrom staleapp.helpers import moved\n\nmoved(__name__)\n"
    ),
    "staleapp/helpers.py": (
        "import warnings\nfrom staleapp.core.impl import Helper\n\n\n"
        "def moved(name):\n    warnings.warn(f'{name} moved', DeprecationWarning, stacklevel=3)\n"
    ),
    "staleapp/user.py": "from staleapp.core import Manager\n",
    ".importlinter": (
        "[importlinter]\nroot_packages =\n    staleapp\n"
        "contract_types =\n    ssot: importlinter_ssot.contracts.SsotContract\n\n"
        "[importlinter:contract:ssot]\nname = SSOT\ntype = ssot\npolicy = contracts/ssot.toml\n"
    ),
}


def age(root: Path) -> None:
    """Files older than the cache's trust margin, so that warm runs really trust their stat."""
    an_hour_ago = int((time.time() - 3600) * 1e9)
    for path in root.rglob("*.py"):
        os.utime(path, ns=(an_hour_ago, an_hour_ago))


# -- a file made unreadable -------------------------------------------------------------------------


class UnreadableWithoutReadBits(LocalFileSystem):
    """The local file system as a normal user sees it: no read bit, no read (root reads anyway)."""

    def read_bytes(self, path: str) -> bytes:
        if not os.stat(path).st_mode & 0o444:
            raise PermissionError(13, "Permission denied", path)
        return super().read_bytes(path)


def check_rows(root: Path, file_system: LocalFileSystem, cache_dir: Path | None) -> list[tuple[str, int, int, str]]:
    projects = load_projects(file_system, [(root / "contracts/ssot.toml").as_posix()])
    cache = None if cache_dir is None else DirectoryCacheStore(str(cache_dir))
    result = run_check(file_system, projects, DATE, runner=SerialRunner(), cache=cache)
    return [(os.path.relpath(f.path, root), f.line, f.column, f.code) for f in result.findings]


@pytest.mark.parametrize("file_system", [UnreadableWithoutReadBits, LocalFileSystem], ids=["any-user", "real-chmod"])
def test_a_file_made_unreadable_after_a_warm_run_is_sot900_not_its_old_findings(
    make_project, tmp_path: Path, file_system
) -> None:
    if file_system is LocalFileSystem and os.geteuid() == 0:
        pytest.skip("as root, chmod 000 does not stop reading: the any-user case proves it through the file system")
    project = make_project(FILES, POLICY)
    age(project.root)
    cache_dir = tmp_path / "cache"
    files = file_system()
    check_rows(project.root, files, cache_dir)
    warm = check_rows(project.root, files, cache_dir)
    assert ("staleapp/old.py", 1, 32, "SOT002") in warm
    victim = project.root / "staleapp/old.py"
    victim.chmod(0)
    try:
        rows = check_rows(project.root, files, cache_dir)
        assert rows == check_rows(project.root, files, None)
    finally:
        victim.chmod(0o644)
    assert [row for row in rows if row[0] == "staleapp/old.py"] == [("staleapp/old.py", 1, 1, "SOT900")]
