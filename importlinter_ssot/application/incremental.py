"""Evaluate every file of every project, reusing what a previous run already decided.

Per file and policy, a run keeps the per-file findings and the file's facts for the
whole-project rules; both depend on the file's path and content and on the policy only
(not on other files), so a later run reuses them when the file is unchanged (same stat,
or same content digest). The cache is keyed by tool version, policy and which deadlines
have passed, so any change there starts afresh. Parsing and evaluation of the files that
need it run through a TaskRunner (several processes).
"""

from __future__ import annotations

import datetime
import hashlib
import marshal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from importlinter_ssot import __version__
from importlinter_ssot.application.parsing import check_syntax, parse_source
from importlinter_ssot.application.ports import CacheStore, FileStat, FileSystem, TaskRunner
from importlinter_ssot.application.project import Project
from importlinter_ssot.domain.findings import Code, Finding
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.evaluation import FileFacts, check_file, file_facts
from importlinter_ssot.domain.rules.relevance import may_matter, relevance_needles
from importlinter_ssot.domain.source import (
    Definition,
    ParsedSource,
    ParseFailure,
    Position,
    SourceFile,
)

_Needles = tuple[bytes, ...] | None

_MAGIC = b"importlinter-ssot cache 1"
# A file modified this close to when its entry was recorded may have changed within the
# same mtime tick; such an entry is verified by content, not trusted by its stat.
_STAT_TRUST_MARGIN_NS = 2_000_000_000


@dataclass(frozen=True)
class FileResult:
    findings: tuple[Finding, ...]
    facts: FileFacts


# A file's result in plain data (what the cache file holds and worker processes send
# back): (findings, duplicate definitions per rule, import patterns). Plain tuples pickle
# and marshal compactly, and the empty ones (most files) are shared when decoded.
_EncodedResult = tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]
# What a worker sends for a file with nothing found and no facts (most files): nothing.
_NOTHING: tuple[()] = ()


class _StoredEntry:
    """An entry as read from the cache file: its stored form is kept to compare and write back.

    A warm run of a large tree reads thousands of entries, and most files have no findings
    and no facts: those share one result instead of each building their own.
    """

    __slots__ = ("_data", "result")

    def __init__(self, data: tuple[Any, ...], result: FileResult) -> None:
        self._data = data
        self.result = result

    @property
    def digest(self) -> bytes:
        digest: bytes = self._data[1]
        return digest

    def trusted_for(self, stat: FileStat | None) -> bool:
        (size, mtime_ns, inode), _, recorded_ns = self._data[:3]
        return (
            stat is not None
            and (stat.size, stat.mtime_ns, stat.inode) == (size, mtime_ns, inode)
            and mtime_ns < recorded_ns - _STAT_TRUST_MARGIN_NS
        )

    def encoded(self) -> tuple[Any, ...]:
        return self._data  # unchanged since it was read: written back as it was


def evaluate_projects(
    file_system: FileSystem,
    projects: Sequence[Project],
    today: datetime.date,
    runner: TaskRunner,
    cache: CacheStore | None = None,
) -> list[dict[str, FileResult]]:
    """Per project (same order), every file's FileResult."""
    contexts = tuple(RuleContext(project.policy, today) for project in projects)
    started_ns = cache.now_ns() if cache is not None else 0
    sections = [_load_section(cache, project, context) for project, context in zip(projects, contexts, strict=True)]
    results: list[dict[str, FileResult]] = [{} for _ in projects]
    pending: dict[str, list[tuple[int, SourceFile, bytes | None]]] = {}
    for index, project in enumerate(projects):
        entries = sections[index]
        for source in project.files:
            entry = entries.get(source.path)
            if entry is not None and entry.trusted_for(file_system.stat(source.path)):
                results[index][source.path] = entry.result
                continue
            known = entry.digest if entry is not None else None
            pending.setdefault(source.path, []).append((index, source, known))
    tasks = sorted(pending.items())
    needles = tuple(relevance_needles(project.policy) for project in projects)
    outcomes = runner.map(_evaluate_file, (file_system, contexts, needles), tasks)
    empties = [_empty_result(context.policy) for context in contexts]
    empties_encoded = [_encode(empty.findings, empty.facts) for empty in empties]
    fresh: list[dict[str, tuple[Any, ...]]] = [{} for _ in projects]
    for (path, wanted), (stat, digest, decided) in zip(tasks, outcomes, strict=True):
        for (index, _, _), sent in zip(wanted, decided, strict=True):
            if sent is None:  # same content as the cached entry
                results[index][path] = sections[index][path].result
                encoded = sections[index][path].encoded()[3:]
            elif len(sent) == 3:
                encoded = sent
                results[index][path] = _decode_result(path, contexts[index].policy.name, encoded, empties[index])
            else:  # _NOTHING
                results[index][path] = empties[index]
                encoded = empties_encoded[index]
            if stat is not None and digest is not None:
                fresh[index][path] = (stat, digest, started_ns, *encoded)
    if cache is not None:
        for index, (project, context) in enumerate(zip(projects, contexts, strict=True)):
            entries = sections[index]
            kept = {
                path: fresh[index].get(path) or entries[path].encoded()
                for path in results[index]
                if path in fresh[index] or path in entries
            }
            if fresh[index] or kept.keys() != entries.keys():  # nothing changed: the file on disk is right
                _save_section(cache, project, context, kept)
    return results


def _evaluate_file(
    shared: tuple[FileSystem, tuple[RuleContext, ...], tuple[_Needles, ...]],
    task: tuple[str, list[tuple[int, SourceFile, bytes | None]]],
) -> tuple[tuple[int, int, int] | None, bytes | None, list[_EncodedResult | tuple[()] | None]]:
    """Read, parse (once) and evaluate one file for every policy that needs it."""
    file_system, contexts, needles = shared
    path, wanted = task
    stat = file_system.stat(path)  # before reading: a change during the read shows next time
    identity = (stat.size, stat.mtime_ns, stat.inode) if stat is not None else None
    try:
        data = file_system.read_bytes(path)
    except OSError as error:
        # Unreadable, deleted while scanning, a symlink loop: a finding, never a crash; not cached.
        failure = ParsedSource(failure=ParseFailure(f"cannot read file: {error.strerror or error}", Position(1, 1)))
        return None, None, [_decide(contexts[index], source, failure) for index, source, _ in wanted]
    digest = hashlib.blake2b(data, digest_size=16).digest()
    parsed: ParsedSource | None = None
    decided: list[_EncodedResult | tuple[()] | None] = []
    for index, source, known in wanted:
        if known == digest:
            decided.append(None)
            continue
        if parsed is None:
            matters = any(may_matter(data, needles[policy]) for policy, _, _ in wanted)
            parsed = parse_source(data) if matters else check_syntax(data)
        decided.append(_decide(contexts[index], source, parsed))
    return identity, digest, decided


def _decide(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> _EncodedResult | tuple[()]:
    encoded = _encode(check_file(context, source, parsed), file_facts(context, source, parsed))
    return _NOTHING if _is_empty(encoded) else encoded


def _encode(findings: Sequence[Finding], facts: FileFacts) -> _EncodedResult:
    return (
        tuple(
            (finding.line, finding.column, finding.code.value, finding.message, finding.symbol, finding.replacement)
            for finding in findings
        ),
        tuple(
            tuple((item.name, item.position.line, item.position.column, item.kind) for item in definitions)
            for definitions in facts.duplicate_definitions
        ),
        facts.import_patterns,
    )


def _is_empty(encoded: _EncodedResult) -> bool:
    """Nothing found and no facts: the case of most files."""
    findings, duplicates, patterns = encoded
    return not findings and not patterns and not any(duplicates)


# -- the cache file: header (magic, version, key, checksum) + marshal'ed plain data ---------------


def _section_name(policy: Policy) -> str:
    return "results-" + hashlib.sha256(policy.path.encode()).hexdigest()[:20] + ".bin"


def _context_key(context: RuleContext) -> str:
    """Everything besides the files that a verdict depends on."""
    policy = context.policy
    deadlines = sorted(
        {path.until for symbol in policy.symbols for path in symbol.deprecated if path.until}
        | {rule.until for rule in policy.modules if rule.until}
    )
    passed = [deadline.isoformat() for deadline in deadlines if context.today > deadline]
    material = repr((__version__, policy, sorted(policy.key_locations.items()), passed))
    return hashlib.sha256(material.encode()).hexdigest()


def _load_section(cache: CacheStore | None, project: Project, context: RuleContext) -> dict[str, _StoredEntry]:
    """The entries a previous run recorded for this policy, if they can be trusted."""
    if cache is None:
        return {}
    blob = cache.load(_section_name(project.policy))
    if blob is None:
        return {}
    try:
        magic, version, key, checksum, payload = blob.split(b"\n", 4)
        if (magic, version, key) != (_MAGIC, __version__.encode(), _context_key(context).encode()):
            return {}  # another version or another policy: start afresh
        if hashlib.sha256(payload).hexdigest().encode() != checksum:
            return {}  # truncated or corrupted: never trusted into a wrong answer
        files = marshal.loads(payload)
        empty = _empty_result(context.policy)
        return {path: _read_entry(path, context.policy.name, data, empty) for path, data in files.items()}
    except Exception:  # noqa: BLE001 - any damage means: no cache
        return {}


def _save_section(cache: CacheStore, project: Project, context: RuleContext, files: dict[str, tuple[Any, ...]]) -> None:
    payload = marshal.dumps(files)
    header = [
        _MAGIC,
        __version__.encode(),
        _context_key(context).encode(),
        hashlib.sha256(payload).hexdigest().encode(),
    ]
    cache.save(_section_name(project.policy), b"\n".join([*header, payload]))


def _empty_result(policy: Policy) -> FileResult:
    """The result of a file with nothing found and no facts; one value shared by all of them."""
    return FileResult(
        findings=(),
        facts=FileFacts(duplicate_definitions=((),) * len(policy.duplicates), import_patterns=()),
    )


def _read_entry(path: str, policy_name: str, data: tuple[Any, ...], empty: FileResult) -> _StoredEntry:
    """Check an entry's shape (a forged one raises here, meaning: no cache) and decode what it found."""
    (size, mtime_ns, inode), digest, recorded_ns, findings, duplicates, patterns = data
    if not (isinstance(digest, bytes) and all(type(value) is int for value in (size, mtime_ns, inode, recorded_ns))):
        raise ValueError("not a cache entry")
    return _StoredEntry(data, _decode_result(path, policy_name, (findings, duplicates, patterns), empty))


def _decode_result(path: str, policy_name: str, encoded: _EncodedResult, empty: FileResult) -> FileResult:
    if _is_empty(encoded):
        return empty  # shared by most files of a tree
    findings, duplicates, patterns = encoded
    return FileResult(
        findings=tuple(
            Finding(path, line, column, Code(code), message, symbol, replacement, policy_name)
            for line, column, code, message, symbol, replacement in findings
        ),
        facts=FileFacts(
            duplicate_definitions=tuple(
                tuple(Definition(name, Position(line, column), kind) for name, line, column, kind in definitions)
                for definitions in duplicates
            ),
            import_patterns=tuple(tuple(pattern) for pattern in patterns),
        ),
    )
