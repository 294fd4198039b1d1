"""Evaluate every file of every project, reusing what a previous run already decided.

Per file and policy, a run keeps the file's FileResult (its findings and its facts for
the project checks); it depends on the file's path and content and on the policy only
(not on other files), so a later run reuses it when the file is unchanged (same stat, or
same content digest). The cache is keyed by tool version, policy and which deadlines have
passed, so any change there starts afresh. Files that need work are read, parsed once and
evaluated for every policy through a TaskRunner (several processes).
"""

from __future__ import annotations

import datetime
import hashlib
import posixpath
from collections.abc import Sequence
from typing import Final

from importlinter_ssot import __version__
from importlinter_ssot.application.analysis.cache_section import dump_section, load_section
from importlinter_ssot.application.analysis.parsing import parse_source
from importlinter_ssot.application.analysis.result_codec import (
    EMPTY_PLAIN,
    CacheEntry,
    PlainResult,
    decode_result,
    encode_result,
    fact_shapes,
)
from importlinter_ssot.application.analysis.runtime_facts import spells_warning_word
from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.application.ports import CacheStore, FileStat, FileSystem, TaskRunner
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.checks import Needles
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.evaluation import EMPTY_RESULT, FileResult, evaluate_file
from importlinter_ssot.domain.rules.registry import RULES
from importlinter_ssot.domain.rules.relevance import ReadPlan, may_matter, relevance_needles
from importlinter_ssot.domain.source import ParsedSource, ParseFailure, Position, SourceFile, decode_source

# Wire types are NamedTuples: named fields, yet pickled as compactly as plain tuples.

# A worker's verdict on one (file, policy): the cached entry still holds (same content),
# nothing found (most files: sent as None, the cheapest thing to pickle), or the result.
UNCHANGED: Final = "unchanged"
Decision = str | PlainResult | None


class FileTask(NamedTuple):
    """One file to read, and for each policy that needs a verdict: its index, the file, the cached digest."""

    path: str
    wanted: tuple[tuple[int, SourceFile, bytes | None], ...]


class FileReply(NamedTuple):
    """What a worker sends back for a FileTask: the file's stat and digest as read, and a decision per policy."""

    stat: FileStat | None  # None: not to be cached (unreadable)
    digest: bytes | None
    decisions: tuple[Decision, ...]


class _Shared(NamedTuple):
    """What every task needs; crosses to each worker process once."""

    file_system: FileSystem
    contexts: tuple[RuleContext, ...]
    needles: tuple[Needles, ...]
    governed: tuple[frozenset[str], ...]  # per policy: the names whose attribute uses matter
    plans: tuple[ReadPlan, ...]  # per policy: files analysed although they cannot matter


def _shared(file_system: FileSystem, contexts: tuple[RuleContext, ...]) -> _Shared:
    return _Shared(
        file_system,
        contexts,
        tuple(relevance_needles(context.policy) for context in contexts),
        tuple(frozenset(context.symbols_by_name) for context in contexts),
        tuple(ReadPlan.of(context) for context in contexts),
    )


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
    # Cached entries are keyed by paths relative to the project root, so that a cache moved
    # with its checkout (a CI restore into another directory) still serves it.
    sections = [_load_section(cache, context) for context in contexts]
    results: list[dict[str, FileResult]] = [{} for _ in projects]
    pending: dict[str, list[tuple[int, SourceFile, bytes | None]]] = {}
    for index, project in enumerate(projects):
        entries = sections[index]
        policy_name = project.policy.name
        root = project.policy.project_root
        for source in project.files:
            entry = entries.get(_relative(source.path, root))
            if entry is not None and entry.trusted_for(file_system.stat(source.path)):
                results[index][source.path] = decode_result(source.path, policy_name, entry.plain)
                continue
            known = entry.digest if entry is not None else None
            pending.setdefault(source.path, []).append((index, source, known))
    fresh: list[dict[str, CacheEntry]] = [{} for _ in projects]
    # A file whose stat changed but whose every wanted verdict has a digest (a fresh clone:
    # every mtime is new) is read and hashed first — on the workers too: per file, Python's
    # own work outweighs the read and the hash, so threads would queue on the GIL — and is
    # evaluated only if its content changed.
    to_verify = [path for path, wanted in pending.items() if all(known is not None for _, _, known in wanted)]
    for path, (stat, digest) in zip(to_verify, runner.map(_identify, file_system, to_verify), strict=True):
        wanted = pending[path]
        if stat is None or digest is None or any(known != digest for _, _, known in wanted):
            continue
        for index, _, _ in wanted:
            relative = _relative(path, contexts[index].policy.project_root)
            plain = sections[index][relative].plain
            results[index][path] = decode_result(path, contexts[index].policy.name, plain)
            fresh[index][relative] = CacheEntry(stat, digest, started_ns, plain)
        del pending[path]
    tasks = [FileTask(path, tuple(wanted)) for path, wanted in sorted(pending.items())]
    shared = _shared(file_system, contexts)
    replies = runner.map(_evaluate_file, shared, tasks)
    for task, reply in zip(tasks, replies, strict=True):
        for (index, _, _), decision in zip(task.wanted, reply.decisions, strict=True):
            relative = _relative(task.path, contexts[index].policy.project_root)
            if decision == UNCHANGED:
                plain = sections[index][relative].plain
            else:
                plain = EMPTY_PLAIN if decision is None else decision  # type: ignore[assignment]
            results[index][task.path] = decode_result(task.path, contexts[index].policy.name, plain)
            if reply.stat is not None and reply.digest is not None:
                fresh[index][relative] = CacheEntry(reply.stat, reply.digest, started_ns, plain)
    if cache is not None:
        for index, context in enumerate(contexts):
            root = context.policy.project_root
            entries = sections[index]
            kept: dict[str, CacheEntry] = {}
            for path in results[index]:
                relative = _relative(path, root)
                entry = fresh[index].get(relative) or entries.get(relative)
                if entry is not None:
                    kept[relative] = entry
            if fresh[index] or kept.keys() != entries.keys():  # nothing changed: the file on disk is right
                cache.save(section_name(context.policy), dump_section(_context_key(context), kept))
    return results


def _relative(path: str, root: str) -> str:
    """``path`` relative to the project root (a slice in the common case of a file inside it)."""
    prefix = root.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else posixpath.relpath(path, root)


def _identify(file_system: FileSystem, path: str) -> tuple[FileStat | None, bytes | None]:
    """The file's stat (taken before reading: a change during the read shows next time) and content digest."""
    stat = file_system.stat(path)
    try:
        return stat, content_digest(file_system.read_bytes(path))
    except OSError:
        return None, None


def content_digest(data: bytes) -> bytes:
    """What identifies a file's content in the cache (SHA-256: hardware-accelerated on current CPUs)."""
    return hashlib.sha256(data).digest()[:16]


def _evaluate_file(shared: _Shared, task: FileTask) -> FileReply:
    """Read, parse (once) and evaluate one file for every policy that needs it."""
    stat = shared.file_system.stat(task.path)  # before reading: a change during the read shows next time
    try:
        data = shared.file_system.read_bytes(task.path)
    except OSError as error:
        # Unreadable, deleted while scanning, a symlink loop: a finding, never a crash; not cached.
        failure = ParsedSource(failure=ParseFailure(f"cannot read file: {error.strerror or error}", Position(1, 1)))
        return FileReply(
            None, None, tuple(_decide(shared.contexts[index], source, failure) for index, source, _ in task.wanted)
        )
    digest = content_digest(data)
    parsed: ParsedSource | None = None
    decisions: list[Decision] = []
    for index, source, known in task.wanted:
        if known == digest:
            decisions.append(UNCHANGED)
            continue
        if parsed is None:
            parsed = _parse(shared, task, data)
        decisions.append(_decide(shared.contexts[index], source, parsed))
    return FileReply(stat, digest, tuple(decisions))


_CANNOT_MATTER = ParsedSource()


class ContentEvaluator:
    """Evaluates bytes given by the caller (an editor's unsaved buffer) as a run evaluates a file read from disk.

    The same relevance test, parse and checks as ``evaluate_projects`` (``_parse``, ``evaluate_file``),
    so that a buffer's result is the one ``ssot check`` gives the file once it is saved. The per-policy
    needles and plans are computed once, here, not per evaluation.
    """

    def __init__(self, file_system: FileSystem, contexts: tuple[RuleContext, ...]) -> None:
        self._shared = _shared(file_system, contexts)

    def evaluate(self, wanted: Sequence[tuple[int, SourceFile]], data: bytes) -> tuple[FileResult, ...]:
        """The file's result under each policy of ``wanted`` ((index of its context, the file as it sees it))."""
        task = FileTask(wanted[0][1].path if wanted else "", tuple((index, source, None) for index, source in wanted))
        parsed = _parse(self._shared, task, data)
        return tuple(evaluate_file(self._shared.contexts[index], source, parsed) for index, source in wanted)


def _parse(shared: _Shared, task: FileTask, data: bytes) -> ParsedSource:
    """The file parsed once for every policy that wants it, or ``_CANNOT_MATTER``.

    A file that cannot matter to any policy is not parsed at all: it can hold no finding,
    so it cannot hide one (and so it never draws SOT900) — unless a check reads it for its
    facts (a deprecated module's own file, a helper that warns); then it is parsed, and a
    failure to parse it is kept to ourselves.
    """
    choice = _parse_choice(shared, task.wanted, data)
    if choice is None:
        return _CANNOT_MATTER
    matters, runtime = choice
    names = frozenset().union(*(shared.governed[policy] for policy, _, _ in task.wanted))
    parsed = parse_source(data, names, runtime)
    return parsed if matters or parsed.failure is None else _CANNOT_MATTER


def _parse_choice(
    shared: _Shared, wanted: tuple[tuple[int, SourceFile, bytes | None], ...], data: bytes
) -> tuple[bool, bool | None] | None:
    """How a file with these bytes is parsed for the policies ``wanted``: None, not at all; else
    whether it may matter to one of them, and which runtime facts are read (``parse_source``'s ``runtime``)."""
    plans = [shared.plans[policy] for policy, _, _ in wanted]
    forced = any(plan.forces(source.module) for plan, (_, source, _) in zip(plans, wanted, strict=True))
    matters = any(may_matter(data, shared.needles[policy]) for policy, _, _ in wanted)
    if not (matters or forced or any(plan.wants(data) for plan in plans)):
        return None
    # Runtime facts: always for a deprecated module's file, by content where a policy wants them.
    return matters, True if forced else (None if any(plan.runtime for plan in plans) else False)


def _decide(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> Decision:
    result = evaluate_file(context, source, parsed)
    return None if result is EMPTY_RESULT else encode_result(result)


# -- the cache: one section per policy ------------------------------------------------------------


def section_name(policy: Policy) -> str:
    """The cache file of a policy: named after its path in the project, not on this machine."""
    relative = _relative(policy.path, policy.project_root)
    return "results-" + hashlib.sha256(relative.encode("utf-8", "surrogateescape")).hexdigest()[:20] + ".bin"


def _context_key(context: RuleContext) -> str:
    """Everything besides the files that a verdict depends on."""
    policy = context.policy
    deadlines = sorted(
        {path.until for symbol in policy.symbols for path in symbol.deprecated if path.until}
        | {rule.until for rule in policy.modules if rule.until}
    )
    passed = [deadline.isoformat() for deadline in deadlines if context.today > deadline]
    # Every rule's code: a verdict recorded without a rule cannot stand for one with it. (What a
    # rule *does* is the engine's identity, which the store's authentication covers.)
    rules = [rule.code for rule in RULES]
    # The policy's text and where it sits in the project, not absolute paths:
    # the same checkout in another directory has the same key.
    relative_path = _relative(policy.path, policy.project_root)
    material = repr((__version__, policy.text, relative_path, policy.root_packages, passed, rules))
    return hashlib.sha256(material.encode()).hexdigest()


def _load_section(cache: CacheStore | None, context: RuleContext) -> dict[str, CacheEntry]:
    """The entries a previous run recorded for this policy, if they can be trusted."""
    if cache is None:
        return {}
    blob = cache.load(section_name(context.policy))
    return {} if blob is None else load_section(blob, _context_key(context), fact_shapes(context.policy))


def record_verdicts(
    cache: CacheStore,
    file_system: FileSystem,
    projects: Sequence[Project],
    today: datetime.date,
    verdicts: Sequence[tuple[int, str, FileStat, bytes, FileResult]],
) -> None:
    """Keep verdicts decided outside a run (a fix evaluates every file it writes) for the next run to reuse.

    Each verdict is (index of the project, path, the file's stat, its content digest, its result);
    the next run finds the file's stat changed, hashes it, and reuses the result when the digest matches.
    Only a verdict the check itself would reach is kept: the fix evaluates its text without the
    runtime facts a check reads (SOT040's), so a file whose check would read them — a deprecated
    module, a file that spells a warning word — is left for the next check to decide; a file the
    check would not parse at all gets the check's empty verdict.
    """
    contexts = tuple(RuleContext(project.policy, today) for project in projects)
    shared = _shared(file_system, contexts)
    by_path: dict[str, list[tuple[int, str, FileStat, bytes, FileResult]]] = {}
    for verdict in verdicts:
        by_path.setdefault(verdict[1], []).append(verdict)
    files = [{source.path: source for source in project.files} for project in projects]
    kept: dict[int, list[tuple[str, FileStat, bytes, FileResult]]] = {}
    for path, mine in by_path.items():
        try:
            data = file_system.read_bytes(path)
        except OSError:
            continue
        if any(content_digest(data) != digest for _, _, _, digest, _ in mine):
            continue  # changed since it was written: the next check reads it anyway
        wanted = tuple((index, files[index][path], None) for index, *_ in mine if path in files[index])
        if len(wanted) != len(mine):
            continue
        choice = _parse_choice(shared, wanted, data)
        if choice is not None and (choice[1] is True or (choice[1] is None and _spells_warning_word(data))):
            continue
        for index, _, stat, digest, result in mine:
            kept.setdefault(index, []).append((path, stat, digest, EMPTY_RESULT if choice is None else result))
    recorded_ns = cache.now_ns()
    for index, mine_kept in kept.items():
        context = contexts[index]
        entries = _load_section(cache, context)
        for path, stat, digest, result in mine_kept:
            entries[_relative(path, context.policy.project_root)] = CacheEntry(
                stat, digest, recorded_ns, encode_result(result)
            )
        cache.save(section_name(context.policy), dump_section(_context_key(context), entries))


def _spells_warning_word(data: bytes) -> bool:
    """Whether the check would read this file's runtime facts by its content (runtime_facts' own test)."""
    try:
        return spells_warning_word(decode_source(data))
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return True  # it compiled when the fix wrote it; if it cannot be decoded now, let the check decide
