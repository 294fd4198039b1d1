"""Per-file results as plain data: what worker processes send back and what the cache file holds.

Plain tuples of str/int/bytes pickle and marshal compactly, and most files of a tree
have nothing to report, so their results decode to one shared value. The formats:

- ``PlainResult`` = ``(findings, facts, conditional)``: each finding ``(line, column, code,
  message, symbol, replacement, via)`` (path and policy name are known to the reader), one fact
  per project check of the registry, as the check collected it, and each conditional
  finding as ``(module, *finding)``.
- ``CacheEntry``: one file's stat, content digest, the time it was recorded, and its
  ``PlainResult``; stored as one plain tuple.
- A cache *section* (one per policy): a header — magic, tool version, the key of every
  verdict input besides the files, a checksum — then the marshal'ed ``{path: entry}``.
"""

from __future__ import annotations

import hashlib
import marshal
from typing import Any, NamedTuple

from importlinter_ssot import __version__
from importlinter_ssot.application.ports import FileStat
from importlinter_ssot.domain.findings import Finding, Reference
from importlinter_ssot.domain.rules.evaluation import EMPTY_RESULT, FileResult
from importlinter_ssot.domain.rules.registry import PROJECT_CHECKS, rule_by_code
from importlinter_ssot.domain.rules.rule import Conditional, Fact

PlainFinding = tuple[int, int, str, str, "str | None", "str | None", "str | None", "str | None"]
PlainResult = tuple[tuple[PlainFinding, ...], tuple[Fact, ...], tuple[tuple[Any, ...], ...]]

EMPTY_PLAIN: PlainResult = ((), ((),) * len(PROJECT_CHECKS), ())

# The format (and content digest) generation: a cache file of another one is ignored.
# 4: SHA-256 digests; 5: findings carry `via`; 6: the inventory fact; 7: each finding's reference kind;
# 8: the inventory fact's governed names bound without a class/def; 9: the path-usage fact
FORMAT = b"importlinter-ssot cache 9"
# A file modified this close to when its entry was recorded may have changed within the
# same mtime tick; such an entry is verified by content, not trusted by its stat.
_STAT_TRUST_MARGIN_NS = 2_000_000_000


def encode_result(result: FileResult) -> PlainResult:
    """A FileResult as plain data (path and policy name are left out: the reader knows them)."""
    if result.is_empty:
        return EMPTY_PLAIN
    findings = tuple(_plain_finding(finding) for finding in result.findings)
    conditional = tuple((item.module, *_plain_finding(item.finding)) for item in result.conditional)
    return findings, result.facts, conditional


def _plain_finding(finding: Finding) -> PlainFinding:
    reference = None if finding.reference is None else finding.reference.value
    return (
        finding.line,
        finding.column,
        finding.code,
        finding.message,
        finding.symbol,
        finding.replacement,
        finding.via,
        reference,
    )


def decode_result(path: str, policy_name: str, plain: PlainResult) -> FileResult:
    """The FileResult of ``plain`` for the file at ``path``; the shared empty result when there is nothing."""
    findings, facts, conditional = plain
    if not findings and not conditional and not any(facts):
        return EMPTY_RESULT
    if len(facts) != len(PROJECT_CHECKS):
        raise ValueError("facts for another set of project checks")

    def finding(
        line: int,
        column: int,
        code: str,
        message: str,
        symbol: str | None,
        replacement: str | None,
        via: str | None,
        reference: str | None,
    ) -> Finding:
        kind = None if reference is None else Reference(reference)
        return Finding(path, line, column, rule_by_code(code), message, symbol, replacement, policy_name, via, kind)

    return FileResult(
        findings=tuple(finding(*item) for item in findings),
        facts=tuple(facts),  # tuples all the way down: our encoding's, checked on loading (hash)
        conditional=tuple(Conditional(finding(*item[1:]), item[0]) for item in conditional),
    )


class CacheEntry(NamedTuple):
    """One file's recorded verdict, kept in its stored (plain) form to compare and write back as is."""

    stat: FileStat
    digest: bytes  # of the content the verdict was decided on
    recorded_ns: int  # when the verdict was recorded (the store's clock)
    plain: PlainResult

    def trusted_for(self, stat: FileStat | None) -> bool:
        """Whether ``stat`` (the file now) proves the content unchanged without reading it."""
        return stat is not None and stat == self.stat and self.stat.mtime_ns < self.recorded_ns - _STAT_TRUST_MARGIN_NS

    def to_plain(self) -> tuple[Any, ...]:
        """The stored form."""
        return ((self.stat.size, self.stat.mtime_ns, self.stat.inode), self.digest, self.recorded_ns, *self.plain)

    @classmethod
    def from_plain(cls, data: tuple[Any, ...]) -> CacheEntry:
        """Check a stored entry's shape; a forged or foreign one raises ValueError/TypeError."""
        (size, mtime_ns, inode), digest, recorded_ns, findings, facts, conditional = data
        if not (
            isinstance(digest, bytes) and all(type(value) is int for value in (size, mtime_ns, inode, recorded_ns))
        ):
            raise ValueError("not a cache entry")
        return cls(FileStat(size, mtime_ns, inode), digest, recorded_ns, (findings, facts, conditional))


def dump_section(key: str, entries: dict[str, CacheEntry]) -> bytes:
    """A cache section: header lines, then the marshal'ed entries."""
    payload = marshal.dumps({path: entry.to_plain() for path, entry in entries.items()})
    header = [FORMAT, __version__.encode(), key.encode(), hashlib.sha256(payload).hexdigest().encode()]
    return b"\n".join([*header, payload])


def load_section(blob: bytes, key: str) -> dict[str, CacheEntry]:
    """The entries of a section written with ``key``; {} when the blob is of another key, version or damaged."""
    try:
        magic, version, stored_key, checksum, payload = blob.split(b"\n", 4)
        if (magic, version, stored_key) != (FORMAT, __version__.encode(), key.encode()):
            return {}  # another version or another policy: start afresh
        if hashlib.sha256(payload).hexdigest().encode() != checksum:
            return {}  # truncated or corrupted: never trusted into a wrong answer
        files = marshal.loads(payload)
        entries = {path: CacheEntry.from_plain(data) for path, data in files.items()}
        for path, entry in entries.items():
            # Checked once here, so that each run decodes an entry once: a forged entry (an
            # unknown code, a list where the encoding writes tuples, …) raises.
            decode_result(path, "", entry.plain)
            hash(entry.plain[1])  # facts are hashable tuples; a list, dict or set raises (in C: fast)
        return entries
    except Exception:  # noqa: BLE001 - any damage means: no cache
        return {}
