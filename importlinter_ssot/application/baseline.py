"""The baseline: today's findings frozen, so that a run fails only on new ones.

An entry identifies findings without their line or column — ``(path, code, subject, via)``
with a ``count`` — so that edits elsewhere in a file keep it valid:

- ``path``: the file, relative to the project root, ``/``-separated — wherever the baseline
  lies or however it is reached (a symlink, ``--baseline ../x``), the same file has one key.
  (Schema 1 made paths relative to the baseline file's own directory; such files are still
  read that way, from the directory the file really is in, and rewritten as schema 2.)
- ``code``: e.g. ``SOT011``;
- ``subject``: the governed symbol (or duplicated name), else the module the finding is about,
  else ``""`` (an unreadable file);
- ``via``: the module the reference names (the import path used), ``""`` when there is none;
- ``count``: how many such findings the file had when the baseline was written.

A run's findings with the same key are covered up to the count; more of them are new (the
ones furthest down the file are reported). An entry matched by fewer findings than its count
is (partly) *fixed*: it can be removed, which ``--update-baseline`` does — lowering counts and
dropping entries, never adding.

The file is JSON, one entry per line, sorted, with no dates or versions in it, so that it
diffs well in review::

    {
      "schema_version": 2,
      "tool": "importlinter-ssot",
      "findings": [
        {"path": "chat/routes/ws.py", "code": "SOT011", "subject": "chat.legacy", "via": "chat.legacy", "count": 1}
      ]
    }
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from importlinter_ssot.application.json_document import JsonError, load_json
from importlinter_ssot.domain.findings import Finding

if TYPE_CHECKING:
    from importlinter_ssot.application.ports import FileSystem

SCHEMA_VERSION = 2
_SCHEMA_RELATIVE_TO_FILE = 1  # paths relative to the baseline file's directory
TOOL = "importlinter-ssot"

Key = tuple[str, str, str, str]  # (path, code, subject, via)


class BaselineError(Exception):
    """A baseline file that cannot be read or is not one; ``line``/``column`` locate it (1-based)."""

    def __init__(self, path: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.column = column


class BaselineEntry(NamedTuple):
    """Findings of one kind in one file, counted."""

    path: str
    code: str
    subject: str
    via: str
    occurrences: int  # the file's `count`

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


class BaselineSummary(NamedTuple):
    """What a run's reporters say about the baseline it was compared with."""

    path: str  # the baseline file, absolute
    covered: int  # findings of the run it covers (not reported)
    fixed: tuple[BaselineEntry, ...]  # entries (or parts of their counts) no longer found
    updated: bool = False  # the file was rewritten without them (--update-baseline)


def finding_key(finding: Finding, directory: str) -> Key:
    """The baseline key of a finding; ``directory`` is what its path is made relative to."""
    subject = finding.symbol or finding.via or ""
    return (posixpath.relpath(finding.path, directory), finding.code, subject, finding.via or "")


def baseline_of(findings: Iterable[Finding], directory: str) -> Baseline:
    """The baseline recording ``findings``."""
    counts = Counter(finding_key(finding, directory) for finding in findings)
    return Baseline(directory, tuple(BaselineEntry(*key, count) for key, count in sorted(counts.items())))


class Comparison(NamedTuple):
    """A run's findings against a baseline."""

    new: tuple[Finding, ...]  # not covered: what is reported and decides the exit status
    covered: tuple[Finding, ...]
    fixed: tuple[BaselineEntry, ...]  # entries (or the part of their count) no longer found: how many


def compare(baseline: Baseline, findings: Sequence[Finding], in_scope: Callable[[str], bool]) -> Comparison:
    """Split ``findings`` into new and covered; entries of files inside the run's scope not found are fixed.

    ``in_scope(absolute path)`` says whether the run reported on a file: an entry for a file
    outside it is neither found nor fixed.
    """
    remaining = {entry.key: entry.occurrences for entry in baseline.entries}
    is_new = [False] * len(findings)
    # Top to bottom within a file: when a file has more of a kind than the baseline allows,
    # the ones further down are the new ones.
    for index in sorted(range(len(findings)), key=lambda index: _position(findings[index])):
        key = finding_key(findings[index], baseline.directory)
        if remaining.get(key, 0) > 0:
            remaining[key] -= 1
        else:
            is_new[index] = True
    fixed = tuple(
        entry._replace(occurrences=remaining[entry.key])
        for entry in baseline.entries
        if remaining[entry.key] > 0 and in_scope(posixpath.normpath(posixpath.join(baseline.directory, entry.path)))
    )
    return Comparison(
        tuple(finding for finding, flag in zip(findings, is_new, strict=True) if flag),
        tuple(finding for finding, flag in zip(findings, is_new, strict=True) if not flag),
        fixed,
    )


def _position(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.path, finding.line, finding.column, finding.code)


def shrunk(baseline: Baseline, fixed: Iterable[BaselineEntry]) -> Baseline:
    """``baseline`` without what was fixed: counts lowered, emptied entries dropped. Never grows."""
    gone = {entry.key: entry.occurrences for entry in fixed}
    entries = []
    for entry in baseline.entries:
        count = entry.occurrences - gone.get(entry.key, 0)
        if count > 0:
            entries.append(entry._replace(occurrences=count))
    return Baseline(baseline.directory, tuple(entries))


# -- the file format ---------------------------------------------------------------------------------

_FIELDS = ("path", "code", "subject", "via", "count")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def dump_baseline(baseline: Baseline) -> str:
    """The file's text: stable, sorted, one entry per line."""
    lines = [
        _escaped_surrogates(json.dumps(dict(zip(_FIELDS, entry, strict=True)), ensure_ascii=False))
        for entry in sorted(baseline.entries, key=lambda entry: entry.key)
    ]
    body = ",\n".join(f"    {line}" for line in lines)
    findings = f"[\n{body}\n  ]" if lines else "[]"
    return f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "tool": "{TOOL}",\n  "findings": {findings}\n}}\n'


def _escaped_surrogates(line: str) -> str:
    # A file name that is not UTF-8 holds lone surrogates (PEP 383), which a UTF-8 file cannot:
    # as JSON escapes (only strings can hold them) they read back as the same path, so the
    # entry still matches its file.
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match[0]):04x}", line)


def load_baseline(file_system: FileSystem, path: str, project_root: str, real_directory: str) -> Baseline:
    """The baseline file at ``path``; BaselineError when it cannot be read or is not one.

    ``project_root``: what its paths are relative to; ``real_directory``: the directory the
    file really lies in (symlinks resolved), what a schema-1 file's paths are relative to.
    """
    try:
        text = file_system.read_bytes(path).decode("utf-8")
    except FileNotFoundError:
        raise BaselineError(path, "no such file: write it with `ssot check --write-baseline FILE`") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = "not valid UTF-8" if isinstance(error, UnicodeDecodeError) else error.strerror or str(error)
        raise BaselineError(path, f"cannot read the baseline: {reason}") from None
    return parse_baseline(text, path, project_root, real_directory)


def parse_baseline(text: str, path: str, project_root: str, real_directory: str | None = None) -> Baseline:
    """The baseline in ``text`` (the file at ``path``); BaselineError saying what is wrong where.

    Its paths are relative to ``project_root`` (schema 2) or, in a schema-1 file, to
    ``real_directory`` (default: the directory of ``path``).
    """
    try:
        document = load_json(text)
    except JsonError as error:
        raise BaselineError(path, f"invalid JSON: {error.message}", error.line, error.column) from None
    if not isinstance(document, dict) or document.get("tool") != TOOL or "findings" not in document:
        raise BaselineError(path, f"not a baseline file of {TOOL} (write one with `ssot check --write-baseline`)")
    version = document.get("schema_version")
    if type(version) is not int or version not in (SCHEMA_VERSION, _SCHEMA_RELATIVE_TO_FILE):
        raise BaselineError(path, f"unsupported schema_version {version!r} (expected {SCHEMA_VERSION})")
    directory = project_root if version == SCHEMA_VERSION else (real_directory or posixpath.dirname(path))
    items = document["findings"]
    if not isinstance(items, list):
        raise BaselineError(path, "`findings` must be an array")
    counts: Counter[Key] = Counter()
    for index, item in enumerate(items):
        entry = _entry(item, index, path)
        counts[entry.key] += entry.occurrences  # an entry written twice (a merge, a hand edit) counts twice
    entries = tuple(BaselineEntry(*key, count) for key, count in sorted(counts.items()))
    if directory != project_root:  # schema 1: the same entries, keyed from the project root
        entries = _rebased(entries, directory, project_root)
    return Baseline(project_root, entries)


def _rebased(entries: Iterable[BaselineEntry], directory: str, project_root: str) -> tuple[BaselineEntry, ...]:
    counts: Counter[Key] = Counter()
    for entry in entries:
        path = posixpath.relpath(posixpath.normpath(posixpath.join(directory, entry.path)), project_root)
        counts[(path, *entry.key[1:])] += entry.occurrences
    return tuple(BaselineEntry(*key, count) for key, count in sorted(counts.items()))


def is_baseline_text(text: str) -> bool:
    """Whether ``text`` is a baseline file this tool wrote (any schema it reads): safe to overwrite."""
    try:
        parse_baseline(text, "", "/")
    except BaselineError:
        return False
    return True


def _entry(item: Any, index: int, path: str) -> BaselineEntry:
    if not isinstance(item, dict) or set(item) != set(_FIELDS):
        raise BaselineError(path, f"findings[{index}]: expected an object with the keys {', '.join(_FIELDS)}")
    entry_path, code, subject, via, count = (item[name] for name in _FIELDS)
    if not all(isinstance(value, str) for value in (entry_path, code, subject, via)) or type(count) is not int:
        raise BaselineError(path, f"findings[{index}]: path, code, subject and via are strings, count an integer")
    if count < 1:
        raise BaselineError(path, f"findings[{index}]: count must be at least 1, got {count}")
    return BaselineEntry(entry_path, code, subject, via, count)
