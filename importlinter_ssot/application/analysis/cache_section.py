"""One cache section: every file's stat, digest and result, in a layout that decodes safely and fast.

A section is one policy's check results, or ``ssot discover``'s per-file facts
(``application/report/discover_scan.py``): the layout is the same, only what a result is differs
(``load_entries``/``dump_entries`` take how one is decoded and stored).

The cache is untrusted input: a checkout's ``.ssot_cache/`` may come from any branch or
fork. The store authenticates each section (adapters/cache_store.py); this layout is the
line behind that, for a key that leaked — no byte sequence makes decoding crash the
interpreter, as ``marshal.loads`` could, and anything malformed is a clean miss (``{}``):

    importlinter-ssot cache 13 \\n  version \\n  key \\n  COUNT PATHS_SIZE \\n
    sizes, inodes, modes     3 columns of COUNT unsigned 64-bit integers, little-endian
    mtimes, ctimes, recorded 3 columns of COUNT signed 64-bit integers, little-endian
    digests                  COUNT × 16 bytes
    paths                    PATHS_SIZE bytes: UTF-8 (surrogates escaped), NUL-separated
    results                  the rest: a JSON array of COUNT stored results (result_codec)

Fixed-size numbers are read as machine integers (no parse at all: sixty thousand JSON
numbers were most of a warm run's decoding); the results — the only structured part — go
through the standard library's C JSON parser, which raises on bad input, and then through
their shape checks (``stored_result``'s, discover's ``stored_facts``). Every length is
checked against the counts.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import Protocol, TypeVar

from importlinter_ssot import __version__
from importlinter_ssot.application.analysis.parsing import no_cycle_collection
from importlinter_ssot.application.analysis.result_codec import CacheEntry, FactShapes, storable, stored_result
from importlinter_ssot.application.ports import FileStat
from importlinter_ssot.domain.records import NamedTuple

# The format generation: a cache file of another one is ignored.
# 4: SHA-256 digests; 5: findings carry `via`; 6: the inventory fact; 7: each finding's reference kind;
# 8: this layout instead of marshal, facts checked against their shapes, ctime and mode in the stat,
#    the section MAC'ed by the store; 9-11: the inventory, SOT022 and SOT040 facts grew (kinds, bindings);
# 12: the path-usage fact (who refers to an old path); 13: a fact that is nothing is null, not []
FORMAT = b"importlinter-ssot cache 13"
DIGEST_SIZE = 16
_NUMBER_SIZE = 8
_COUNT_DIGITS = 12  # more than any tree has files; a longer count is no count
_SIZE, _INODE, _MODE = attrgetter("size"), attrgetter("inode"), attrgetter("mode")
_MTIME, _CTIME = attrgetter("mtime_ns"), attrgetter("ctime_ns")
_RECORDED, _DIGEST, _PLAIN = attrgetter("recorded_ns"), attrgetter("digest"), attrgetter("plain")


_Decoded = TypeVar("_Decoded")
_Entry = TypeVar("_Entry")
_Plain = TypeVar("_Plain", covariant=True)
_Stored = TypeVar("_Stored")


class StoredEntry(Protocol[_Plain]):
    """What a section holds per file: the check's ``CacheEntry``, or another command's entry of the same fields."""

    @property
    def stat(self) -> FileStat:
        """The file's stat when it was read."""
        ...

    @property
    def digest(self) -> bytes:
        """Of the content the result was decided on."""
        ...

    @property
    def recorded_ns(self) -> int:
        """When the result was recorded (the store's clock)."""
        ...

    @property
    def plain(self) -> _Plain:
        """The result, as ``dump_entries``'s ``stored`` takes it."""
        ...


class SectionParts(NamedTuple):
    """A section split along its layout, nothing checked yet but the lengths the header gives."""

    version: bytes
    key: bytes
    files: int  # how many files the section holds
    unsigned: bytes  # sizes, inodes, modes
    signed: bytes  # mtimes, ctimes, recorded
    digests: bytes
    paths: bytes
    results: bytes


def split_section(blob: bytes) -> SectionParts:
    """``blob`` along the layout; ValueError when it is of another format or its lengths do not add up."""
    magic, version, key, counts, rest = blob.split(b"\n", 4)
    if magic != FORMAT:
        raise ValueError("another format")
    count_text, paths_text = counts.split(b" ")
    count, paths_size = _natural(count_text), _natural(paths_text)
    numbers = 3 * _NUMBER_SIZE * count
    digests_end = 2 * numbers + DIGEST_SIZE * count
    paths_end = digests_end + paths_size
    if len(rest) < paths_end:
        raise ValueError("shorter than its counts")
    return SectionParts(
        version,
        key,
        count,
        rest[:numbers],
        rest[numbers : 2 * numbers],
        rest[2 * numbers : digests_end],
        rest[digests_end:paths_end],
        rest[paths_end:],
    )


def join_section(parts: SectionParts) -> bytes:
    """The section of ``parts`` (as given: inconsistent parts make a section that does not load)."""
    header = [FORMAT, parts.version, parts.key, b"%d %d" % (parts.files, len(parts.paths))]
    return b"\n".join(header) + b"\n" + parts.unsigned + parts.signed + parts.digests + parts.paths + parts.results


def dump_section(key: str, entries: Mapping[str, CacheEntry]) -> bytes:
    """The section of a policy's check results, written with ``key``."""
    return dump_entries(key, entries, storable)


def dump_entries(key: str, entries: Mapping[str, StoredEntry[_Stored]], stored: Callable[[_Stored], object]) -> bytes:
    """The section of ``entries``, written with ``key``; ``stored``: what is kept of a ``plain`` (JSON-ready)."""
    items = list(entries.items())
    try:
        return _dumped(key, items, stored)
    except (UnicodeEncodeError, OverflowError, ValueError):
        # A path or a number no file system of ours makes: such an entry is left out (read next time).
        return _dumped(key, [(path, entry) for path, entry in items if _storable(path, entry)], stored)


def _dumped(key: str, items: list[tuple[str, StoredEntry[_Stored]]], stored: Callable[[_Stored], object]) -> bytes:
    """The section of ``items``; UnicodeEncodeError, OverflowError or ValueError when one does not fit the layout."""
    paths = "\0".join(path for path, _ in items)
    if paths.count("\0") != max(len(items) - 1, 0):
        raise ValueError("a NUL in a path")
    entries = [entry for _, entry in items]
    stats = [entry.stat for entry in entries]
    # Column by column, through map: a warm run that rewrites ten thousand entries spends no Python loop on them.
    unsigned = array("Q", map(_SIZE, stats))
    unsigned.extend(map(_INODE, stats))
    unsigned.extend(map(_MODE, stats))
    signed = array("q", map(_MTIME, stats))
    signed.extend(map(_CTIME, stats))
    signed.extend(map(_RECORDED, entries))
    digests = b"".join(map(_DIGEST, entries))
    if len(digests) != DIGEST_SIZE * len(items):
        raise ValueError("a digest of another size")
    parts = SectionParts(
        __version__.encode(),
        key.encode(),
        len(items),
        _little_endian(unsigned),
        _little_endian(signed),
        digests,
        paths.encode("utf-8", "surrogateescape"),
        json.dumps(list(map(stored, map(_PLAIN, entries))), separators=(",", ":"), check_circular=False).encode(
            "ascii"
        ),
    )
    return join_section(parts)


def _storable(path: str, entry: StoredEntry[object]) -> bool:
    """Whether the entry fits the layout: a path a file system gives, 64-bit numbers, a digest of its size."""
    try:
        path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    stat = entry.stat
    unsigned = (stat.size, stat.inode, stat.mode)
    signed = (stat.mtime_ns, stat.ctime_ns, entry.recorded_ns)
    return (
        "\0" not in path
        and len(entry.digest) == DIGEST_SIZE
        and all(0 <= value < 1 << 64 for value in unsigned)
        and all(-(1 << 63) <= value < 1 << 63 for value in signed)
    )


def load_section(blob: bytes, key: str, shapes: FactShapes) -> dict[str, CacheEntry]:
    """The entries of a section written with ``key``; {} when it is of another key or version, or malformed."""
    return load_entries(blob, key, lambda stored: stored_result(stored, shapes), CacheEntry)


def load_entries(
    blob: bytes,
    key: str,
    decode: Callable[[object], _Decoded],
    make: Callable[[FileStat, bytes, int, _Decoded], _Entry],
) -> dict[str, _Entry]:
    """The entries of a section written with ``key``, each stored value through ``decode`` (ValueError: malformed).

    {} when it is of another key or version, or anything in it is malformed.
    """
    try:
        parts = split_section(blob)
        if (parts.version, parts.key) != (__version__.encode(), key.encode()):
            return {}  # another version or another policy: start afresh
        with no_cycle_collection():  # tens of thousands of new containers, and no cycle among them
            return _entries(parts, decode, make)
    except Exception:  # noqa: BLE001 - whatever is wrong with it (RecursionError included) means: no cache
        return {}


def _entries(
    parts: SectionParts, decode: Callable[[object], _Decoded], make: Callable[[FileStat, bytes, int, _Decoded], _Entry]
) -> dict[str, _Entry]:
    count = parts.files
    unsigned, signed = _numbers("Q", parts.unsigned), _numbers("q", parts.signed)
    paths = parts.paths.decode("utf-8", "surrogateescape").split("\0") if count or parts.paths else []
    results = json.loads(parts.results)
    if type(results) is not list or len(results) != count or len(paths) != count:
        raise ValueError("columns of different lengths")
    plains = [decode(stored) for stored in results]
    # Built column by column: the constructors run through map, not a Python loop per entry.
    sizes, inodes, modes = unsigned[:count], unsigned[count : 2 * count], unsigned[2 * count :]
    mtimes, ctimes, recorded = signed[:count], signed[count : 2 * count], signed[2 * count :]
    stats = map(FileStat, sizes, mtimes, inodes, ctimes, modes)
    digests = parts.digests
    digest_of = [digests[start : start + DIGEST_SIZE] for start in range(0, len(digests), DIGEST_SIZE)]
    return dict(zip(paths, map(make, stats, digest_of, recorded, plains), strict=True))


def _natural(text: bytes) -> int:
    if not text.isdigit() or len(text) > _COUNT_DIGITS:
        raise ValueError("not a count")
    return int(text)


def _numbers(kind: str, data: bytes) -> array[int]:
    numbers = array(kind)
    if numbers.itemsize != _NUMBER_SIZE:
        raise ValueError("no 64-bit integers here")  # then this machine keeps no cache
    numbers.frombytes(data)  # the split made its length a whole number of them
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _little_endian(numbers: array[int]) -> bytes:
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tobytes()
