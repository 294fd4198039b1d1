"""The relevance prefilter is sound: a file it skips could produce no finding but SOT900.

``assert_prefilter_sound(run, file_system, projects)`` runs the check as it is and again
with every file treated as mattering (each one parsed in full), then compares: the two
answers are the same but for SOT900 on files that may not matter — and the prefiltered
run reports SOT900 only on files that may.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from importlinter_ssot.application.analysis import scheduling
from importlinter_ssot.application.analysis.check import CheckResult
from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.application.ports import FileSystem
from importlinter_ssot.domain.rules.relevance import may_matter, relevance_needles


def _may_matter_to_some_policy(file_system: FileSystem, projects: Sequence[Project], path: str) -> bool:
    try:
        data = file_system.read_bytes(path)
    except OSError:
        return True  # rule 3: a file that cannot be read may matter
    return any(may_matter(data, relevance_needles(project.policy)) for project in projects)


def assert_prefilter_sound(
    run: Callable[[], CheckResult], file_system: FileSystem, projects: Sequence[Project]
) -> CheckResult:
    """Check the prefiltered answer against an unfiltered one; return the prefiltered answer."""
    filtered = run()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scheduling, "relevance_needles", lambda policy: None)
        unfiltered = run()
    matters: dict[str, bool] = {}

    def may(path: str) -> bool:
        if path not in matters:
            matters[path] = _may_matter_to_some_policy(file_system, projects, path)
        return matters[path]

    expected = [f for f in unfiltered.findings if f.code != "SOT900" or may(f.path)]
    assert list(filtered.findings) == expected, "the prefilter changed a finding besides SOT900 on a skipped file"
    assert all(may(f.path) for f in filtered.findings if f.code == "SOT900")
    assert filtered.files_checked == unfiltered.files_checked
    assert filtered.warnings == unfiltered.warnings
    return filtered
