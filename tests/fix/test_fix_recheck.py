"""After writing, ``--fix`` checks again; it reuses the verdicts it decided on the files it wrote.

The fix evaluates each fixed text with the engine before writing it (that is how it knows
the fix brings no new finding); those verdicts go to the cache, so the check after the fix
only hashes the written files. The answer is the one a cold check gives.
"""

from __future__ import annotations

from importlinter_ssot.adapters.file_writer import AtomicFileWriter
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.memory_cache import MemoryCacheStore
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.analysis import scheduling
from importlinter_ssot.application.analysis.check import run_check
from importlinter_ssot.application.fix.fixing import run_fix
from importlinter_ssot.application.policy.policy_loading import load_projects

from support.fix_tree import POLICY, TREE
from support.fixing import TODAY

SOURCE = """
from chat.core.old import Manager, helper
import chat.legacy


class Manager2(Manager):
    pass
"""


def test_the_check_after_the_fix_reuses_the_fixed_files_verdicts(make_project, monkeypatch) -> None:
    project = make_project(
        {**TREE, "chat/app/a.py": SOURCE, "chat/app/b.py": "from ..core.old import Manager\n"}, POLICY
    )
    file_system = LocalFileSystem()
    projects = load_projects(file_system, [project.abs("contracts/ssot.toml")])
    parsed: list[bytes] = []
    original = scheduling.parse_source
    monkeypatch.setattr(scheduling, "parse_source", lambda data, *rest: parsed.append(data) or original(data, *rest))

    result = run_fix(file_system, AtomicFileWriter(), projects, TODAY, runner=SerialRunner(), cache=MemoryCacheStore())

    written = [(project.root / path).read_bytes() for path in ("chat/app/a.py", "chat/app/b.py")]
    assert written[1] == b"from chat.core.api import Manager\n"
    assert not [data for data in parsed if data in written]  # the check after the fix parsed neither
    cold = run_check(file_system, projects, TODAY, runner=SerialRunner())
    assert result.check.findings == cold.findings
    assert [(project.rel(f.path), f.line, f.code) for f in cold.findings] == [("chat/app/a.py", 3, "SOT011")]
