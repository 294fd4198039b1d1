"""A baseline's entries as values: today's findings frozen, keyed without positions.

Reading and writing the file, and comparing a run with it, are the application's
(``application/gate``); a check's result names the summary of that comparison, so the
values live here, below both.
"""

from __future__ import annotations

import posixpath

from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.records import NamedTuple

Key = tuple[str, str, str, str]  # (path, code, subject, via)


class BaselineEntry(NamedTuple):
    """Findings of one kind in one file, counted."""

    path: str
    code: str
    subject: str
    via: str
    occurrences: int  # the file's `count`
    fingerprints: tuple[str, ...] = ()  # one per occurrence, sorted; () when not recorded

    @property
    def key(self) -> Key:
        """What a finding must match."""
        return (self.path, self.code, self.subject, self.via)


class Baseline(NamedTuple):
    """A baseline file's entries (sorted by key) and the directory its paths are relative to."""

    directory: str  # absolute, '/'-separated
    entries: tuple[BaselineEntry, ...]

    @property
    def total(self) -> int:
        """How many findings it covers in all."""
        return sum(entry.occurrences for entry in self.entries)


class ExpiredEntry(NamedTuple):
    """Findings an entry recorded (``entry.occurrences`` of them) that now have the code of an expired deprecation."""

    entry: BaselineEntry
    code: str  # what they are reported as now: SOT003 (was SOT001), SOT012 (was SOT010)


class BaselineSummary(NamedTuple):
    """What a run's reporters say about the baseline it was compared with."""

    path: str  # the baseline file, absolute
    covered: int  # findings of the run it covers (not reported)
    fixed: tuple[BaselineEntry, ...]  # entries (or parts of their counts) no longer found
    updated: bool = False  # the file was rewritten without them, and without the expired ones (--update-baseline)
    expired: tuple[ExpiredEntry, ...] = ()  # entries whose deprecation ended: their findings are new, with a new code
    directory: str = ""  # what the entries' paths are relative to: the project root


def finding_key(finding: Finding, directory: str) -> Key:
    """The baseline key of a finding; ``directory`` is what its path is made relative to."""
    subject = finding.symbol or finding.via or ""
    return (posixpath.relpath(finding.path, directory), finding.code, subject, finding.via or "")
