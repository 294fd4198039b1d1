"""The per-file use case: one (possibly unsaved) file's findings, as an editor shows them while typing.

Kept apart from the whole-project check so that an editor's linter process imports only
what one file needs (no scheduling, cache or process pool).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.evaluation import file_findings
from importlinter_ssot.domain.source import ParsedSource

if TYPE_CHECKING:
    from importlinter_ssot.application.ports import FileSystem


def check_one_file(
    projects: Iterable[Project], path: str, parsed: ParsedSource, today: datetime.date, file_system: FileSystem
) -> list[Finding]:
    """The per-file findings for one file.

    ``path`` is absolute; the file's content comes as ``parsed`` (it may differ from
    the disk, e.g. an unsaved editor buffer). Whole-project rules are not decided here;
    whether a module exists (for ``from p import m; m.Name``) is read from the disk.
    """
    findings: dict[tuple[str, int, int, str, str], Finding] = {}
    for project in projects:
        source = project.source_file_for(path)
        if source is None:
            continue
        context = RuleContext(project.policy, today)
        for finding in file_findings(context, source, parsed, project.module_on_disk(file_system)):
            findings.setdefault(finding.identity(), finding)
    return sorted(findings.values())
