"""A cache restored into a fresh clone serves it: nothing in its names or keys is an absolute path.

CI starts from a fresh clone, often in another directory, with every mtime new. The cache
copied with the tree must give the same answer without parsing anything again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from importlinter_ssot.application.analysis import scheduling
from importlinter_ssot.application.settings import RawSettings
from importlinter_ssot.composition import Session

POLICY = """
[policy]
name = "relocation"
root_packages = ["app"]
exclude = ["app/skipped/**"]

[[symbol]]
name = "Manager"
defined_in = "app.core"
deprecated = [{ module = "app.old", until = 2027-01-01 }]
max_import_patterns = 1

[[module]]
name = "app.legacy"
status = "forbidden"

[[duplicates]]
pattern = "*Type"
"""

FILES = {
    "app/__init__.py": "",
    "app/core.py": "class Manager:\n    pass\n",
    "app/old.py": "from app.core import Manager\n",
    "app/legacy.py": "",
    "app/user.py": "from app.old import Manager\nimport app.legacy\n",
    "app/types.py": "class MessageType:\n    pass\n",
    "app/more/types.py": "class MessageType:\n    pass\n",
    "app/broken.py": "from app.core import Manager\ndef f(:\n",
    "app/plain.py": "import os\n",
    "app/skipped/x.py": "class Manager:\n    pass\n",
}


def check(root: Path) -> list[tuple[str, int, int, str, str]]:
    session = Session(RawSettings(today="2026-06-15", jobs=1), environ={}, cwd=str(root))
    projects = session.load(session.policy_paths())
    result = session.check(projects)
    return [
        (os.path.relpath(finding.path, root), finding.line, finding.column, finding.code, finding.message)
        for finding in result.findings
    ]


def test_a_cache_copied_with_its_tree_elsewhere_is_reused(make_project, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    project = make_project(FILES, POLICY)
    first = check(project.root)
    assert {row[3] for row in first} >= {"SOT001", "SOT011", "SOT022", "SOT030", "SOT900"}
    assert (project.root / ".ssot_cache").is_dir()

    moved = tmp_path / "elsewhere" / "clone"
    shutil.copytree(project.root, moved)  # copies keep mtimes; a clone does not:
    for path in moved.rglob("*.py"):
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    shutil.rmtree(project.root)  # nothing may still point at the old location

    parsed: list[bytes] = []
    real_parse = scheduling.parse_source
    monkeypatch.setattr(scheduling, "parse_source", lambda data, *rest: parsed.append(data) or real_parse(data, *rest))
    assert check(moved) == first
    assert parsed == [], "a relocated cache must not re-parse unchanged files"


def test_an_edited_file_in_the_relocated_tree_is_re_evaluated(make_project, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    project = make_project(FILES, POLICY)
    check(project.root)
    moved = tmp_path / "clone"
    shutil.copytree(project.root, moved)
    (moved / "app" / "plain.py").write_text("from app.old import Manager\n", encoding="utf-8")
    parsed: list[bytes] = []
    real_parse = scheduling.parse_source
    monkeypatch.setattr(scheduling, "parse_source", lambda data, *rest: parsed.append(data) or real_parse(data, *rest))
    rows = check(moved)
    assert parsed == [b"from app.old import Manager\n"]
    assert ("app/plain.py", 1, 21, "SOT001") in [row[:4] for row in rows]


@pytest.mark.parametrize("cache_dir", ["shared-cache"])
def test_a_cache_directory_outside_the_tree_serves_two_checkouts_correctly(  # type: ignore[no-untyped-def]
    make_project, tmp_path, cache_dir
) -> None:
    # Two checkouts of the same repository sharing one cache: same relative paths, different
    # content. Entries are verified by content, so each gets its own answer.
    first = make_project(FILES, POLICY)
    second = make_project({**FILES, "app/plain.py": "from app.old import Manager\n"}, POLICY)
    shared = str(tmp_path / cache_dir)

    def run(root: Path) -> list[tuple[str, int, int, str, str]]:
        session = Session(RawSettings(today="2026-06-15", jobs=1, cache_dir=shared), environ={}, cwd=str(root))
        result = session.check(session.load(session.policy_paths()))
        return [(os.path.relpath(f.path, root), f.line, f.column, f.code, f.message) for f in result.findings]

    alone_first, alone_second = run(first.root), run(second.root)
    assert alone_first != alone_second
    assert run(first.root) == alone_first and run(second.root) == alone_second
