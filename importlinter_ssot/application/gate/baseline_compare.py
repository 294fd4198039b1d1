"""A run's findings against a baseline: which are new, which it covers, and what became of its entries.

Per key ``(path, code, subject, via)``, an entry covers up to its count of findings. When a file
has more, the new ones are those on lines the entry did not record: findings whose line
fingerprint is among the entry's are covered first, then the rest of the count covers the
others top to bottom (an entry without fingerprints — a file written before them — covers the
top ones), and the remaining ones, further down, are new.

An entry found fewer times than its count is *fixed* — unless its deprecation expired: a SOT001
entry whose import is now SOT003 (SOT010: SOT012), the deadline passed, is *expired*. The
expired finding has a new code, so no entry covers it: it is new and fails the run, as an
expired deprecation should; the entry is reported as expired, with its new code, not as fixed.
``--update-baseline`` drops both: neither covers anything any more.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable, Sequence

from importlinter_ssot.application.gate.line_fingerprints import FingerprintOf
from importlinter_ssot.domain.baseline import Baseline, BaselineEntry, ExpiredEntry, Key, finding_key
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.registry import EXPIRES_AS


class Comparison(NamedTuple):
    """A run's findings against a baseline."""

    new: tuple[Finding, ...]  # not covered: what is reported and decides the exit status
    covered: tuple[Finding, ...]
    fixed: tuple[BaselineEntry, ...]  # entries (or the part of their count) no longer found: how many
    expired: tuple[ExpiredEntry, ...]  # entries (or part) whose findings now have their expired code
    kept: tuple[BaselineEntry, ...]  # the entries after --update-baseline: what still covers findings

    @property
    def changed(self) -> bool:
        """Whether ``--update-baseline`` has something to remove."""
        return bool(self.fixed or self.expired)


def compare(
    baseline: Baseline,
    findings: Sequence[Finding],
    in_scope: Callable[[str], bool],
    fingerprint_of: FingerprintOf | None = None,
) -> Comparison:
    """Split ``findings`` into new and covered, and say which entries of files inside the run's scope went.

    ``in_scope(absolute path)`` says whether the run reported on a file: an entry for a file
    outside it is neither found nor fixed. ``fingerprint_of`` gives a finding's line
    fingerprint; it is asked only about the kinds of finding with more occurrences than their
    entry counts (and those an entry drops), so that a run whose findings all match reads no file.
    """
    groups: dict[Key, list[Finding]] = {}
    for finding in sorted(findings, key=_position):  # top to bottom within a file
        groups.setdefault(finding_key(finding, baseline.directory), []).append(finding)
    entries = {entry.key: entry for entry in baseline.entries}
    new: set[Finding] = set()
    covered_by: dict[Key, list[Finding]] = {}
    for key, found in groups.items():
        entry = entries.get(key)
        covered = _covered(entry, found, fingerprint_of) if entry is not None else []
        covered_by[key] = covered
        kept_findings = frozenset(covered)
        new.update(finding for finding in found if finding not in kept_findings)
    new_per_key = Counter(finding_key(finding, baseline.directory) for finding in new)

    fixed: list[BaselineEntry] = []
    expired: list[ExpiredEntry] = []
    kept: list[BaselineEntry] = []
    for entry in baseline.entries:
        covered = covered_by.get(entry.key, [])
        missing = entry.occurrences - len(covered)
        if missing == 0 or not in_scope(posixpath.normpath(posixpath.join(baseline.directory, entry.path))):
            kept.append(entry)
            continue
        if covered:
            kept.append(_lowered(entry, covered, fingerprint_of))
        expired_code = EXPIRES_AS.get(entry.code)
        now_expired = 0
        if expired_code is not None:
            now_expired = min(missing, new_per_key[(entry.path, expired_code, *entry.key[2:])])
            new_per_key[(entry.path, expired_code, *entry.key[2:])] -= now_expired
        if now_expired:
            expired.append(ExpiredEntry(_part(entry, now_expired), expired_code or ""))
        if missing > now_expired:
            fixed.append(_part(entry, missing - now_expired))
    return Comparison(
        tuple(finding for finding in findings if finding in new),
        tuple(finding for finding in findings if finding not in new),
        tuple(fixed),
        tuple(expired),
        tuple(kept),
    )


def _covered(entry: BaselineEntry, found: list[Finding], fingerprint_of: FingerprintOf | None) -> list[Finding]:
    """The findings of ``found`` (one key, top to bottom) that ``entry`` covers."""
    if len(found) <= entry.occurrences:
        return found
    if not entry.fingerprints or fingerprint_of is None:
        return found[: entry.occurrences]  # no lines recorded: the ones furthest down are new
    recorded = Counter(entry.fingerprints)
    matched: list[Finding] = []
    unmatched: list[Finding] = []
    for finding in found:
        fingerprint = fingerprint_of(finding)
        if fingerprint is not None and recorded[fingerprint] > 0:
            recorded[fingerprint] -= 1
            matched.append(finding)
        else:
            unmatched.append(finding)
    # What the count still allows covers lines edited since (no longer matching), top to bottom.
    spare = entry.occurrences - len(matched)
    covered = {*matched, *unmatched[:spare]}
    return [finding for finding in found if finding in covered]


def _lowered(entry: BaselineEntry, covered: list[Finding], fingerprint_of: FingerprintOf | None) -> BaselineEntry:
    """``entry`` counting only the findings it still covers, with their lines' fingerprints."""
    fingerprints = _fingerprints(covered, fingerprint_of)
    return entry._replace(occurrences=len(covered), fingerprints=fingerprints)


def _part(entry: BaselineEntry, count: int) -> BaselineEntry:
    """``count`` of ``entry``'s findings, as the reporters list them (no lines)."""
    return entry._replace(occurrences=count, fingerprints=())


def _fingerprints(findings: list[Finding], fingerprint_of: FingerprintOf | None) -> tuple[str, ...]:
    """Every finding's line fingerprint, sorted; () unless each of them has one."""
    if fingerprint_of is None:
        return ()
    fingerprints = [fingerprint_of(finding) for finding in findings]
    known = [fingerprint for fingerprint in fingerprints if fingerprint is not None]
    return tuple(sorted(known)) if len(known) == len(fingerprints) else ()


def _position(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.path, finding.line, finding.column, finding.code)


def shrunk(baseline: Baseline, comparison: Comparison) -> Baseline:
    """``baseline`` after ``--update-baseline``: fixed and expired entries gone, counts lowered. Never grows."""
    return Baseline(baseline.directory, comparison.kept)
