"""Every file's discover facts, reusing what an earlier ``ssot discover`` recorded of the files unchanged since.

A file's facts (``application/report/discover_facts.py``) depend on its content, its module name
and the root packages only, so they are kept as the check keeps its per-file results: in
the project's cache (``.ssot_cache/``, ``--cache-dir``), authenticated by the store under
the engine's identity, in a section of the same layout (``application/analysis/cache_section.py``)
with its own name and key — the layout's source roots and root packages, the tool's
version and the facts' format — and each stored value shape-checked when read
(``stored_facts``). A file whose stat is the recorded one (outside the recording's mtime
tick) is not read; one whose stat changed is read and hashed, and parsed only when its
content changed. A file that cannot be read is not recorded (read again next time); one that
cannot be parsed is, with why.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Sequence

from importlinter_ssot import __version__
from importlinter_ssot.application.analysis.cache_section import dump_entries, load_entries
from importlinter_ssot.application.analysis.result_codec import stat_proves_unchanged
from importlinter_ssot.application.analysis.scheduling import content_digest
from importlinter_ssot.application.ports import CacheStore, FileStat, FileSystem, TaskRunner
from importlinter_ssot.application.report.discover_facts import (
    FileFacts,
    file_facts,
    storable_facts,
    stored_facts,
)
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.source import ParseFailure, Position, SourceFile

# The facts' generation: entries of another one are not read (the engine identity covers code changes).
FACTS_FORMAT = 1


class FactsEntry(NamedTuple):
    """One file's recorded facts, with the stat and digest of the content they were read from."""

    stat: FileStat
    digest: bytes
    recorded_ns: int  # when they were recorded (the store's clock)
    plain: FileFacts

    def trusted_for(self, stat: FileStat | None) -> bool:
        """Whether ``stat`` (the file now) proves the content unchanged without reading it."""
        return stat_proves_unchanged(self.stat, self.recorded_ns, stat)


class ScanLayout(NamedTuple):
    """What the facts of a file depend on besides its content, and where the cache keys its paths from."""

    project_root: str  # absolute
    source_roots: tuple[str, ...]
    root_packages: tuple[str, ...]


class Scanned(NamedTuple):
    """Each file's facts, and how many files had to be parsed (the others' facts were recorded)."""

    facts: tuple[FileFacts, ...]  # in the order the files were given
    parsed: int


class _Task(NamedTuple):
    source: SourceFile
    known: bytes | None  # the digest recorded for it, if any


class _Reply(NamedTuple):
    stat: FileStat | None  # None: not to be recorded (unreadable)
    digest: bytes | None
    facts: FileFacts | None  # None: the content is the recorded one


class _Shared(NamedTuple):
    """What every task needs; crosses to each worker process once."""

    file_system: FileSystem
    root_packages: tuple[str, ...]


def scan_facts(
    file_system: FileSystem,
    layout: ScanLayout,
    files: Sequence[SourceFile],
    runner: TaskRunner,
    cache: CacheStore | None = None,
    kept: Sequence[SourceFile] = (),
) -> Scanned:
    """The facts of each of ``files``, and how many were parsed.

    ``kept``: other files of the project whose recorded facts stay recorded (a run over a
    part of the tree does not forget the rest).
    """
    started_ns = cache.now_ns() if cache is not None else 0
    recorded = _load(cache, layout)
    found: list[FileFacts | None] = [None] * len(files)
    pending: list[tuple[int, _Task]] = []
    for index, source in enumerate(files):
        entry = recorded.get(_relative(source.path, layout.project_root))
        if entry is not None and entry.trusted_for(file_system.stat(source.path)):
            found[index] = entry.plain
        else:
            pending.append((index, _Task(source, entry.digest if entry is not None else None)))
    replies = runner.map(_scan_file, _Shared(file_system, layout.root_packages), [task for _, task in pending])
    fresh: dict[str, FactsEntry] = {}
    for (index, task), reply in zip(pending, replies, strict=True):
        relative = _relative(task.source.path, layout.project_root)
        facts = recorded[relative].plain if reply.facts is None else reply.facts
        found[index] = facts
        if reply.stat is not None and reply.digest is not None:
            fresh[relative] = FactsEntry(reply.stat, reply.digest, started_ns, facts)
    if cache is not None:
        wanted = {_relative(source.path, layout.project_root) for source in (*files, *kept)}
        entries = {path: entry for path, entry in recorded.items() if path in wanted}
        entries.update(fresh)
        if fresh or entries.keys() != recorded.keys():  # else the section on disk is right as it is
            cache.save(section_name(layout), dump_entries(_key(layout), entries, storable_facts))
    complete = tuple(facts for facts in found if facts is not None)
    assert len(complete) == len(files), "every file has its facts, recorded or read"
    return Scanned(complete, sum(1 for reply in replies if reply.facts is not None))


def _scan_file(shared: _Shared, task: _Task) -> _Reply:
    """Read one file and, unless its content is the recorded one, parse it for its facts."""
    path = task.source.path
    stat = shared.file_system.stat(path)  # before reading: a change during the read shows next time
    try:
        data = shared.file_system.read_bytes(path)
    except OSError as error:
        return _Reply(None, None, ParseFailure(f"cannot read file: {error.strerror or error}", Position(1, 1)))
    digest = content_digest(data)
    if digest == task.known:
        return _Reply(stat, digest, None)
    return _Reply(stat, digest, file_facts(data, task.source, shared.root_packages))


def section_name(layout: ScanLayout) -> str:
    """Discover's cache file for a layout of the project: one per set of source roots and root packages."""
    material = repr((layout.source_roots, layout.root_packages)).encode("utf-8", "surrogateescape")
    return "discover-" + hashlib.sha256(material).hexdigest()[:20] + ".bin"


def _key(layout: ScanLayout) -> str:
    """All but a file's content and path that its facts depend on (no absolute path: a moved tree keeps it)."""
    material = repr((__version__, FACTS_FORMAT, layout.source_roots, layout.root_packages))
    return hashlib.sha256(material.encode("utf-8", "surrogateescape")).hexdigest()


def _load(cache: CacheStore | None, layout: ScanLayout) -> dict[str, FactsEntry]:
    if cache is None:
        return {}
    blob = cache.load(section_name(layout))
    return {} if blob is None else load_entries(blob, _key(layout), stored_facts, FactsEntry)


def _relative(path: str, root: str) -> str:
    """``path`` relative to the project root, as the cache keys it."""
    prefix = root.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else posixpath.relpath(path, root)
