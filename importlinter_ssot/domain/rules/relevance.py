"""Which files may matter to a policy, decided from their content alone, before any parsing.

Parsing is where the time goes, and a file that cannot hold a finding cannot hide one
either, so a file that cannot matter is not parsed at all (and never draws SOT900). Each
check says which text a file must contain for it to find anything there: its *needles* —
every governed name and alias, the longest literal run of the last dotted segment of every
``[[module]]`` name, the longest literal run of every ``[[duplicates]]`` pattern, the shim
helper's name; a rule whose literal run is empty makes every file matter. A needle is a byte
string, or a compiled bytes pattern where no substring says it (``Needle``): the substrings
are tried first, patterns only on files none of them is in. A file may matter when

1. its bytes contain a needle (or match a pattern needle); or
2. it has a non-ASCII byte or ``coding`` in one of its first two lines (Python normalises
   identifiers with NFKC, and a cookie changes how bytes read), and its text — decoded as
   Python decodes source (cookie/BOM, else UTF-8) and NFKC-normalised — contains a needle; or
3. it cannot be read or decoded at all.

This is the specification of which files can draw SOT900; it is sound: every finding
and every whole-project fact needs one of the needles spelled in the file — but for the
facts a check gathers through its ``Reads`` (the deprecated modules' own files, which must
warn whatever their text, and files spelling a warning word). Those files are analysed
too (``ReadPlan``); they never draw SOT900, since by their content they cannot hide a finding.
"""

from __future__ import annotations

# Imports inside functions here are deferred because an editor's flake8 run checks one file, which
# seldom needs unicodedata (measured: 0.7 M instructions, 0.1 % of that run).
import functools
import re

from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.checks import Needle, Needles, Reads
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.registry import CHECKS, PROJECT_CHECKS
from importlinter_ssot.domain.source import decode_source


def relevance_needles(policy: Policy) -> Needles:
    """Every check's needles together; None when some check may find something in any file."""
    needles: set[Needle] = set()
    for check in CHECKS:
        found = check.needles(policy)
        if found is None:
            return None
        needles.update(found)
    return frozenset(needles)


class ReadPlan(NamedTuple):
    """The files the checks of one policy analyse beyond those that may matter (every check's ``Reads``)."""

    reads: tuple[Reads, ...]

    @classmethod
    def of(cls, context: RuleContext) -> ReadPlan:
        """The plan of ``context``'s policy."""
        reads = (check.reads(context) for check in PROJECT_CHECKS if check.reads is not None)
        return cls(tuple(read for read in reads if read.needles or read.words or read.runtime))

    @property
    def runtime(self) -> bool:
        """Whether some check wants runtime facts (then a file spelling a warning word yields them)."""
        return any(read.runtime for read in self.reads)

    def forces(self, module: str) -> bool:
        """Whether the file of ``module`` is analysed whatever its content."""
        return any(read.modules.names(module) for read in self.reads)

    def wants(self, data: bytes) -> bool:
        """Whether a file with these bytes is analysed for some check's facts (rules 1 and 2, as ``may_matter``).

        A file that cannot be decoded is not: it cannot be parsed either, so there is nothing to learn from it.
        """
        needles = frozenset(needle for read in self.reads for needle in read.needles)
        words = frozenset(word for read in self.reads for word in read.words)
        if any(needle in data for needle in needles) or any(_has_word(data, word) for word in words):
            return True
        if not (needles or words) or (data.isascii() and not _coding_in_head(data)):
            return False
        try:
            text = decode_source(data)
        except (SyntaxError, LookupError, UnicodeDecodeError):
            return False
        if _contains_normalised(text, needles):
            return True
        import unicodedata

        normalised = unicodedata.normalize("NFKC", text).encode("utf-8", "surrogatepass")
        return any(_has_word(normalised, word) for word in words)


def may_matter(data: bytes, needles: Needles) -> bool:
    """Whether a file with these bytes may matter to a policy with these needles (rules 1-3)."""
    if needles is None:
        return True
    substrings, patterns = _split(needles)
    if any(needle in data for needle in substrings) or (patterns and _search(data, patterns)):
        return True
    if data.isascii() and not _coding_in_head(data):
        return False
    try:
        text = decode_source(data)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return True  # cannot be decoded: it may hide anything
    return _contains_normalised(text, needles)


def may_matter_text(text: str, needles: Needles) -> bool:
    """``may_matter`` for a file already decoded (flake8 hands over text, not bytes)."""
    if needles is None:
        return True
    substrings, patterns = _split(needles)
    if any(needle.decode("utf-8", "surrogateescape") in text for needle in substrings):
        return True
    if patterns and _matches(text, patterns):
        return True
    if text.isascii() and not any("coding" in line for line in text.split("\n", 2)[:2]):
        return False
    return _contains_normalised(text, needles)


@functools.lru_cache(maxsize=32)
def _split(needles: frozenset[Needle]) -> tuple[tuple[bytes, ...], tuple[re.Pattern[bytes], ...]]:
    """The substrings and the patterns of a set of needles (a policy's: computed once, not per file)."""
    substrings = tuple(needle for needle in needles if isinstance(needle, bytes))
    return substrings, tuple(needle for needle in needles if not isinstance(needle, bytes))


def _search(data: bytes, patterns: tuple[re.Pattern[bytes], ...]) -> bool:
    return any(pattern.search(data) for pattern in patterns)


def _matches(text: str, patterns: tuple[re.Pattern[bytes], ...]) -> bool:
    """Whether decoded text, as UTF-8 bytes (what a pattern reads), matches one of the patterns."""
    return _search(text.encode("utf-8", "surrogatepass"), patterns)


# Bytes that continue an ASCII identifier. Any other byte ends a word: a superset of where a
# Python identifier ends (a non-ASCII letter is taken as a boundary too), so the test stays sound.
_IDENTIFIER_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _has_word(data: bytes, word: bytes) -> bool:
    """Whether ``word`` stands in ``data`` with no identifier byte right before or after it."""
    start = data.find(word)
    while start != -1:
        end = start + len(word)
        if (start == 0 or data[start - 1] not in _IDENTIFIER_BYTES) and (
            end == len(data) or data[end] not in _IDENTIFIER_BYTES
        ):
            return True
        start = data.find(word, start + 1)
    return False


def _coding_in_head(data: bytes) -> bool:
    return any(b"coding" in line for line in data.split(b"\n", 2)[:2])


def _contains_normalised(text: str, needles: frozenset[Needle]) -> bool:
    import unicodedata  # here: only files with non-ASCII bytes get this far

    normalised = unicodedata.normalize("NFKC", text)
    substrings, patterns = _split(needles)
    if any(needle.decode("utf-8", "surrogateescape") in normalised for needle in substrings):
        return True
    return bool(patterns) and _matches(normalised, patterns)
