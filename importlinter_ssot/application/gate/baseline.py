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
- ``count``: how many such findings the file had when the baseline was written;
- ``fingerprints`` (optional): a short hash of each of those findings' lines — their content,
  stripped, never their numbers (application/gate/line_fingerprints.py) — sorted.

A run's findings with the same key are covered up to the count; more of them are new — the ones
on lines the entry did not record (application/gate/baseline_compare.py). An entry matched by fewer
findings than its count is (partly) *fixed*, or *expired* when its finding now has the code of
a deprecation whose date passed: ``--update-baseline`` removes both — lowering counts and
dropping entries, never adding.

The file is JSON, one entry per line, sorted, with no dates or versions in it, so that it
diffs well in review::

    {
      "schema_version": 2,
      "tool": "importlinter-ssot",
      "findings": [
        {"path": "chat/routes/ws.py", "code": "SOT011", "subject": "chat.legacy", "via": "chat.legacy",
         "count": 1, "fingerprints": ["05659a47"]}
      ]
    }
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from importlinter_ssot.application.gate.json_document import JsonError, load_json
from importlinter_ssot.domain.baseline import Baseline, BaselineEntry, Key, finding_key
from importlinter_ssot.domain.findings import Finding

if TYPE_CHECKING:
    from importlinter_ssot.application.gate.line_fingerprints import FingerprintOf
    from importlinter_ssot.application.ports import FileSystem

SCHEMA_VERSION = 2
_SCHEMA_RELATIVE_TO_FILE = 1  # paths relative to the baseline file's directory
TOOL = "importlinter-ssot"


class BaselineError(Exception):
    """A baseline file that cannot be read or is not one; ``line``/``column`` locate it (1-based)."""

    def __init__(self, path: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.column = column


def baseline_of(findings: Iterable[Finding], directory: str, fingerprint_of: FingerprintOf | None = None) -> Baseline:
    """The baseline recording ``findings``, with their lines' fingerprints when ``fingerprint_of`` gives them all."""
    grouped: dict[Key, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding_key(finding, directory), []).append(finding)
    entries = []
    for key, found in sorted(grouped.items()):
        fingerprints = [fingerprint_of(finding) for finding in found] if fingerprint_of is not None else []
        known = tuple(sorted(fingerprint for fingerprint in fingerprints if fingerprint is not None))
        entries.append(BaselineEntry(*key, len(found), known if len(known) == len(found) else ()))
    return Baseline(directory, tuple(entries))


# -- the file format ---------------------------------------------------------------------------------

_FIELDS = ("path", "code", "subject", "via", "count")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_FINGERPRINTS = "fingerprints"  # optional: files written before them still load


def dump_baseline(baseline: Baseline) -> str:
    """The file's text: stable, sorted, one entry per line."""
    lines = [
        _escaped_surrogates(json.dumps(_item(entry), ensure_ascii=False))
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


def _item(entry: BaselineEntry) -> dict[str, Any]:
    item: dict[str, Any] = dict(zip(_FIELDS, entry[: len(_FIELDS)], strict=True))
    if entry.fingerprints:
        item[_FINGERPRINTS] = list(entry.fingerprints)
    return item


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
    entries = _merged(_entry(item, index, path) for index, item in enumerate(items))
    if directory != project_root:  # schema 1: the same entries, keyed from the project root
        entries = _rebased(entries, directory, project_root)
    return Baseline(project_root, entries)


def _rebased(entries: Iterable[BaselineEntry], directory: str, project_root: str) -> tuple[BaselineEntry, ...]:
    return _merged(
        entry._replace(path=posixpath.relpath(posixpath.normpath(posixpath.join(directory, entry.path)), project_root))
        for entry in entries
    )


def _merged(entries: Iterable[BaselineEntry]) -> tuple[BaselineEntry, ...]:
    """One entry per key, sorted: an entry written twice (a merge, a hand edit) counts twice."""
    merged: dict[Key, BaselineEntry] = {}
    for entry in entries:
        before = merged.get(entry.key)
        if before is not None:
            # Fingerprints only when both list theirs: else which findings they stand for is unknown.
            both = before.fingerprints and entry.fingerprints
            fingerprints = tuple(sorted(before.fingerprints + entry.fingerprints)) if both else ()
            entry = entry._replace(occurrences=before.occurrences + entry.occurrences, fingerprints=fingerprints)
        merged[entry.key] = entry
    return tuple(merged[key] for key in sorted(merged))


def is_baseline_text(text: str) -> bool:
    """Whether ``text`` is a baseline file this tool wrote (any schema it reads): safe to overwrite."""
    try:
        parse_baseline(text, "", "/")
    except BaselineError:
        return False
    return True


def _entry(item: Any, index: int, path: str) -> BaselineEntry:
    if not isinstance(item, dict) or set(item) - {_FINGERPRINTS} != set(_FIELDS):
        raise BaselineError(
            path, f"findings[{index}]: expected an object with the keys {', '.join(_FIELDS)} (and {_FINGERPRINTS})"
        )
    entry_path, code, subject, via, count = (item[name] for name in _FIELDS)
    if not all(isinstance(value, str) for value in (entry_path, code, subject, via)) or type(count) is not int:
        raise BaselineError(path, f"findings[{index}]: path, code, subject and via are strings, count an integer")
    if count < 1:
        raise BaselineError(path, f"findings[{index}]: count must be at least 1, got {count}")
    return BaselineEntry(entry_path, code, subject, via, count, _fingerprints(item, index, path, count))


def _fingerprints(item: dict[str, Any], index: int, path: str, count: int) -> tuple[str, ...]:
    fingerprints = item.get(_FINGERPRINTS, [])
    if not isinstance(fingerprints, list) or not all(isinstance(value, str) for value in fingerprints):
        raise BaselineError(path, f"findings[{index}]: {_FINGERPRINTS} is an array of strings")
    if fingerprints and len(fingerprints) != count:
        raise BaselineError(
            path,
            f"findings[{index}]: {_FINGERPRINTS} lists one per finding: {len(fingerprints)} for a count of {count}",
        )
    return tuple(sorted(fingerprints))
