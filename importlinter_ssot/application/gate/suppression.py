"""``# noqa`` comments, read exactly as flake8 reads them, so every front end suppresses the same findings.

flake8 (7.x) decides per violation, from the file's text:

- ``# flake8: noqa`` (or ``=``) alone on a line — the regular expression must match at the
  start of the line, after blanks — ignores the whole file;
- else the *noqa line* of the reported line is searched for ``# noqa`` (any case), optionally
  followed by ``:`` and codes (``# noqa: SOT001,SOT011``). Without codes, every finding there
  is suppressed; with codes, a finding whose code is one of them or starts with one of them.
  ``# noqa:SOT`` has no code in flake8's sense (letters then digits), so it suppresses everything;
- the text searched is the reported line — or, when a token spans several lines (a
  triple-quoted string) or a backslash joins lines, all of those lines together: the
  tokenizer groups them. Inside brackets each line stands alone (its own NL token), so in a
  parenthesised import the comment goes on the reported name's line. A file that does not
  tokenize is read line by line.

The text is decoded as flake8 decodes it (the encoding Python detects, else latin-1; universal
newlines; a leading BOM dropped). Only ``.py`` files are read: a finding located in a policy
file (SOT030) has no noqa. Files with findings are read again through the FileSystem port;
only those that mention ``noqa`` are tokenized.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable
from typing import TYPE_CHECKING

from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.unreadable import UNREADABLE_FILE

if TYPE_CHECKING:
    from importlinter_ssot.application.ports import FileSystem

# flake8's own expressions (flake8/defaults.py), but for `[#]`: written `#` they would be read as
# directives by linters scanning this file (ruff, flake8 itself), and a file-level one exempts the file.
NOQA_INLINE = re.compile(r"[#] noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
NOQA_FILE = re.compile(r"\s*[#] flake8[:=]\s*noqa", re.IGNORECASE)
_CODE_SEPARATOR = re.compile(r"[,\s]")


class NoqaFile(NamedTuple):
    """What the comments of one file suppress."""

    ignores_everything: bool  # a file-level `flake8: noqa` comment
    noqa_lines: dict[int, str]  # line number → the text searched for a noqa comment (its logical line)
    lines: tuple[str, ...]

    def suppresses(self, code: str, line: int) -> bool:
        """Whether a finding of ``code`` reported at ``line`` is suppressed."""
        if self.ignores_everything:
            return True
        text = self.noqa_lines.get(line)
        if text is None:
            text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        match = NOQA_INLINE.search(text)
        if match is None:
            return False
        listed = match.group("codes")
        if listed is None:
            return True
        codes = {item.strip() for item in _CODE_SEPARATOR.split(listed) if item.strip()}
        return code in codes or code.startswith(tuple(codes))


NOTHING_SUPPRESSED = NoqaFile(False, {}, ())


def read_noqa(data: bytes, until_line: int | None = None) -> NoqaFile:
    """The suppressions of a file's content, for its lines up to ``until_line`` (None: all of them).

    Tokenizing stops after the logical line that holds ``until_line``: findings are mostly
    imports at the top of a file, and tokenizing a long file to its end costs more than the
    rest of a warm run. The lines up to there are grouped exactly as a full pass groups them,
    as long as the file tokenizes to its end — which a file that parses does (a file that does
    not parse has only SOT900, read with a full pass).
    """
    # bytes.lower() and `in` run in C, some ten times faster than a case-insensitive regex search.
    if b"noqa" not in data.lower():
        return NOTHING_SUPPRESSED  # the common case: no comment to read, no need to decode or tokenize
    lines = _decode_lines(data)
    if any(NOQA_FILE.match(line) for line in lines):
        return NoqaFile(True, {}, tuple(lines))
    return NoqaFile(False, _noqa_line_mapping(lines, until_line), tuple(lines))


def _decode_lines(data: bytes) -> list[str]:
    """The file's lines as flake8 reads them (``tokenize.open``, else latin-1), BOM stripped."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, UnicodeError, LookupError):
        text = data.decode("latin-1")
    lines = io.StringIO(text, newline=None).readlines()
    if lines and lines[0][:1] == "\ufeff":
        lines[0] = lines[0][1:]
    return lines


def _noqa_line_mapping(lines: list[str], until_line: int | None = None) -> dict[int, str]:
    """Each line → the lines read with it (flake8's ``FileProcessor._noqa_line_mapping``), up to ``until_line``."""
    mapping: dict[int, str] = {}
    for first, last in _line_groups(lines, until_line):
        joined = "".join(lines[first - 1 : last])
        mapping.update(dict.fromkeys(range(first, last + 1), joined))
    return mapping


def _line_groups(lines: list[str], until_line: int | None = None) -> list[tuple[int, int]]:
    """The (first, last) lines the tokenizer groups (up to the group holding ``until_line``); [] when it fails."""
    line_iterator = iter(lines)
    groups: list[tuple[int, int]] = []
    first, last = len(lines) + 2, -1
    try:
        for kind, _, (start, _), (end, _), _ in tokenize.generate_tokens(lambda: next(line_iterator)):
            if kind in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first, last = min(first, start), max(last, end)
            if kind in (tokenize.NL, tokenize.NEWLINE):
                groups.append((first, last))
                if until_line is not None and last >= until_line:
                    break
                first, last = len(lines) + 2, -1
    except (tokenize.TokenError, SyntaxError):
        return []  # as flake8: without tokens, each line stands alone
    return groups


def comment_line(data: bytes, line: int) -> int:
    """The line where a ``# noqa`` comment suppresses what is reported at ``line``: the last one flake8 reads with it.

    A triple-quoted string or a backslash joins lines into one noqa line; a comment can only
    follow the last of them (inside the string it is text; after a backslash, a syntax error).
    """
    for first, last in _line_groups(_decode_lines(data), line):
        if first <= line <= last:
            return last
    return line


class Suppressed(NamedTuple):
    """Findings split by the files' ``# noqa`` comments."""

    kept: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]


def apply_noqa(file_system: FileSystem, findings: Iterable[Finding]) -> Suppressed:
    """Drop the findings a ``# noqa`` comment suppresses (order kept)."""
    findings = list(findings)
    reach: dict[str, int | None] = {}  # per file, the last line a comment is needed for (None: all)
    for finding in findings:
        if finding.path.endswith(".py"):
            known = reach.get(finding.path, 0)
            # An unreadable file may not tokenize to its end: read it whole, as flake8 would.
            whole = known is None or finding.rule is UNREADABLE_FILE
            reach[finding.path] = None if known is None or whole else max(known, finding.line)
    files: dict[str, NoqaFile] = {}
    for path, until_line in reach.items():
        try:
            files[path] = read_noqa(file_system.read_bytes(path), until_line)
        except OSError:
            files[path] = NOTHING_SUPPRESSED  # unreadable now: nothing to read a comment from
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        noqa = files.get(finding.path, NOTHING_SUPPRESSED)  # not a Python file: no comment to read
        (suppressed if noqa.suppresses(finding.code, finding.line) else kept).append(finding)
    return Suppressed(tuple(kept), tuple(suppressed))
