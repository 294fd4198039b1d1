"""Every finding says how the name it is about was referenced, and the cache keeps it.

``--fix`` rewrites import statements only; it tells them from attribute uses, dynamic
imports and patch targets by this field, never by parsing messages.
"""

from __future__ import annotations

import datetime

from importlinter_ssot.adapters.cache_store import DirectoryCacheStore
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.analysis.check import run_check
from importlinter_ssot.application.policy.policy_loading import load_projects
from importlinter_ssot.domain.findings import Reference

from support.deprecated import WARNS

TODAY = datetime.date(2026, 6, 15)

POLICY = """
[policy]
name = "refs"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
defined_in = "chat.core.impl"
canonical = ["chat.core.api"]
deprecated = [{ module = "chat.core.old" }]

[[module]]
name = "chat.legacy"
status = "forbidden"
"""

TREE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "",
    "chat/core/impl.py": "class Manager:\n    pass\n",
    "chat/core/api.py": "from chat.core.impl import Manager\n",
    "chat/core/old.py": "from chat.core.impl import Manager\n" + WARNS,
    "chat/legacy.py": "",
    "chat/app.py": """
        import importlib
        from unittest.mock import patch

        import chat.core.old
        from chat.core.old import Manager

        chat.core.old.Manager()
        importlib.import_module("chat.legacy")


        @patch("chat.core.old.Manager")
        def test(mocked):
            pass


        class Manager:
            pass
    """,
}

EXPECTED = [
    ("chat/app.py", 5, 27, "SOT001", Reference.IMPORT),
    ("chat/app.py", 7, 15, "SOT001", Reference.ATTRIBUTE),
    ("chat/app.py", 8, 25, "SOT011", Reference.DYNAMIC),
    ("chat/app.py", 11, 8, "SOT001", Reference.PATCH),
    ("chat/app.py", 16, 1, "SOT020", None),
]


def test_each_finding_says_how_its_name_was_referenced(make_project) -> None:
    project = make_project(TREE, POLICY)
    rows = [(project.rel(f.path), f.line, f.column, f.code, f.reference) for f in project.findings()]
    assert rows == EXPECTED


def test_the_cache_keeps_the_reference_kind(make_project, tmp_path) -> None:
    project = make_project(TREE, POLICY)
    file_system = LocalFileSystem()
    projects = load_projects(file_system, [project.abs("contracts/ssot.toml")])
    cache = DirectoryCacheStore(str(tmp_path / "cache"), str(project.root))
    cold = run_check(file_system, projects, TODAY, runner=SerialRunner(), cache=cache)
    warm = run_check(file_system, projects, TODAY, runner=SerialRunner(), cache=cache)
    assert [finding.reference for finding in warm.findings] == [row[-1] for row in EXPECTED]
    assert warm.findings == cold.findings
