"""Glob languages used in policies.

Module globs follow import-linter: ``.``-separated, ``*`` is exactly one segment,
``**`` is one or more segments, and fnmatch wildcards work inside a segment.
Path globs (``exclude``) are ``/``-separated and ``**`` is *zero* or more segments,
as in .gitignore and ruff.

Matching never backtracks, so no pattern a policy can hold makes a run hang. Within a
segment, fnmatch's ``*`` splits the pattern into pieces, and each piece is placed once, at
the leftmost place it fits; over segments, ``**`` does the same with runs of segments. That
is at most (text segments × pattern segments) segment tests, each at most (characters ×
pattern characters) steps. A regex compiled from the glob backtracks instead:
``**/a/**/a/…/c`` took minutes on a path 30 directories deep.
"""

from __future__ import annotations

import enum
import fnmatch
import re
from collections.abc import Callable, Iterator, Sequence, Sized
from typing import TypeVar

from importlinter_ssot.domain.records import NamedTuple


class GlobError(ValueError):
    """A glob that is malformed or can never match anything."""


class _CharSet:
    """One ``[...]`` of fnmatch, deciding one character exactly as fnmatch decides it.

    Its meaning (``!``, ranges, a ``]`` first, a ``^``, empty ranges) is fnmatch's own
    translation of the set alone: a set reads only its own characters, and a regex
    applied to one character cannot backtrack.
    """

    __slots__ = ("_regex", "bracket")

    def __init__(self, bracket: str) -> None:
        self.bracket = bracket
        self._regex: re.Pattern[str] = re.compile(fnmatch.translate(bracket))

    def __reduce__(self) -> tuple[type[_CharSet], tuple[str]]:
        return (type(self), (self.bracket,))

    def matches(self, char: str) -> bool:
        """Whether the set holds ``char``."""
        return self._regex.match(char) is not None


# One character of a piece: itself (a ``str`` of length 1), ``None`` for ``?``, or a set.
_Token = str | None | _CharSet
# What lies between two ``*``: plain text (matched by ``str`` methods), or tokens.
_Piece = str | tuple[_Token, ...]


def _scan(pattern: str) -> Iterator[tuple[str, str]]:
    """fnmatch's syntax, each character read once: ``("*", "*")``, ``("?", "?")``, ``("[", "[…]")``, ``("", char)``."""
    # fnmatch looks for a set's `]` from each `[`; past the last `]` there is none to find,
    # so a run of unclosed `[` costs one step each, not a scan to the end each.
    last_closing = pattern.rfind("]")
    index = 0
    while index < len(pattern):
        char = pattern[index]
        index += 1
        if char in "*?":
            yield (char, char)
        elif char == "[":
            start = index
            if start < len(pattern) and pattern[start] == "!":
                start += 1
            if start < len(pattern) and pattern[start] == "]":
                start += 1  # a `]` first is a member
            closing = pattern.find("]", start) if start <= last_closing else -1
            if closing < 0:
                yield ("", "[")  # unclosed: a literal '[', as fnmatch does
            else:
                yield ("[", pattern[index - 1 : closing + 1])
                index = closing + 1
        else:
            yield ("", char)


def _pieces(pattern: str) -> tuple[_Piece, ...]:
    """``pattern`` split at its ``*`` into pieces."""
    pieces: list[_Piece] = []
    tokens: list[_Token] = []
    for kind, text in _scan(pattern):
        if kind == "*":
            pieces.append(_piece(tokens))
            tokens = []
        else:
            tokens.append(None if kind == "?" else _CharSet(text) if kind == "[" else text)
    pieces.append(_piece(tokens))
    return tuple(pieces)


def _piece(tokens: list[_Token]) -> _Piece:
    if all(isinstance(token, str) for token in tokens):
        return "".join(token for token in tokens if isinstance(token, str))
    return tuple(tokens)


def _fits(piece: _Piece, text: str, at: int) -> bool:
    """Whether ``piece`` matches ``text`` from ``at`` (``at + len(piece) <= len(text)``)."""
    if isinstance(piece, str):
        return text.startswith(piece, at)
    for offset, token in enumerate(piece):
        if token is None:
            continue
        char = text[at + offset]
        if isinstance(token, str):
            if token != char:
                return False
        elif not token.matches(char):
            return False
    return True


def _find(piece: _Piece, text: str, start: int, stop: int) -> int:
    """The leftmost place in ``text[start:stop]`` where ``piece`` fits, or -1."""
    if isinstance(piece, str):
        return text.find(piece, start, stop)
    for at in range(start, stop - len(piece) + 1):
        if _fits(piece, text, at):
            return at
    return -1


_P = TypeVar("_P", bound=Sized)  # a piece: characters, or segments
_S = TypeVar("_S", bound=Sized)  # the text it is placed in: a name, or a path's segments


def _place(
    pieces: Sequence[_P],
    text: _S,
    fits: Callable[[_P, _S, int], bool],
    find: Callable[[_P, _S, int, int], int],
) -> bool:
    """Whether ``text`` matches the pattern split at its stars into ``pieces``, without backtracking.

    The first piece must fit at the start, the last at the end, and each one between is
    placed at the leftmost place it ``find``s after the one before: placing a piece further
    left only leaves more room to the next, so no choice is ever undone. The one algorithm
    of both levels: characters within a segment (``*``), segments within a glob (``**``).
    """
    head = pieces[0]
    if len(pieces) == 1:
        return len(text) == len(head) and fits(head, text, 0)
    tail = pieces[-1]
    stop = len(text) - len(tail)
    if stop < len(head) or not fits(head, text, 0) or not fits(tail, text, stop):
        return False
    position = len(head)
    for piece in pieces[1:-1]:
        found = find(piece, text, position, stop)
        if found < 0:
            return False
        position = found + len(piece)
    return True


class Wildcard(NamedTuple):
    """An fnmatch pattern (``*``, ``?``, ``[…]``, ``[!…]``), case-sensitive, on one name or segment.

    Decides what ``fnmatch.fnmatchcase`` decides, without backtracking: the pieces between
    the stars are placed left to right, each at the leftmost place it fits (a later piece
    can only gain room from an earlier one placed further left), so no choice is ever
    undone — at most (characters × pattern characters) steps.
    """

    pieces: tuple[_Piece, ...]  # the pattern split at its `*`; a single piece: no `*`

    @classmethod
    def of(cls, pattern: str) -> Wildcard:
        """The matcher of an fnmatch ``pattern``."""
        return cls(_pieces(pattern))

    @property
    def literal(self) -> str | None:
        """The one text the pattern matches, when it has no wildcard."""
        only = self.pieces[0]
        return only if len(self.pieces) == 1 and isinstance(only, str) else None

    def matches(self, text: str) -> bool:
        """Whether the whole of ``text`` matches."""
        return _place(self.pieces, text, _fits, _find)


class _Special(enum.Enum):
    # Enum members survive pickling as themselves (policies cross to worker processes).
    GLOBSTAR = "**"  # any run of whole segments, none included (a module glob's `**` is ONE then this)
    ONE = "*"  # one whole segment (of a module glob: never an empty one)


_Segment = str | Wildcard | _Special  # one pattern segment: literal, fnmatch, or ONE
_SegmentPiece = tuple[_Segment, ...]  # what lies between two GLOBSTARs


def _segment_matches(segment: _Segment, part: str) -> bool:
    """Whether one pattern segment matches one segment of the text."""
    if isinstance(segment, str):
        return segment == part
    if segment is _Special.ONE:
        return part != ""
    assert isinstance(segment, Wildcard)
    return segment.matches(part)


def _fits_segments(piece: _SegmentPiece, parts: Sequence[str], at: int) -> bool:
    """Whether ``piece`` matches ``parts`` from ``at`` (``at + len(piece) <= len(parts)``)."""
    for segment in piece:
        # Literal segments inline: most segments of most globs, on the hot path of every run.
        if segment.__class__ is str:
            if segment != parts[at]:
                return False
        elif not _segment_matches(segment, parts[at]):
            return False
        at += 1
    return True


def _find_segments(piece: _SegmentPiece, parts: Sequence[str], start: int, stop: int) -> int:
    """The leftmost place in ``parts[start:stop]`` where ``piece`` fits, or -1."""
    for at in range(start, stop - len(piece) + 1):
        if _fits_segments(piece, parts, at):
            return at
    return -1


def _match_segments(pieces: tuple[_SegmentPiece, ...], parts: Sequence[str]) -> bool:
    """Whether ``parts`` match the pattern split at its GLOBSTARs into ``pieces``.

    ``Wildcard.matches`` one level up: a GLOBSTAR is a ``*`` over segments, so each piece
    is placed once, at the leftmost place it fits — at most (text segments × pattern
    segments) segment tests, never a choice undone.
    """
    return _place(pieces, parts, _fits_segments, _find_segments)


def _check_segments(pattern: str, separator: str, kind: str) -> list[str]:
    if not pattern:
        raise GlobError(f"empty {kind}")
    if pattern != pattern.strip():
        raise GlobError(f"{kind} `{pattern}` has surrounding whitespace")
    segments = pattern.split(separator)
    for segment in segments:
        if segment == "":
            raise GlobError(f"{kind} `{pattern}` has an empty segment, so it can never match")
        if separator == "/" and segment in (".", ".."):
            raise GlobError(f"{kind} `{pattern}` has a `{segment}` segment; write it relative to the project root")
        if "**" in segment and segment != "**":
            raise GlobError(f"{kind} `{pattern}`: `**` must be a whole segment (write `a{separator}**`, not `a**`)")
    return segments


class _Glob:
    """A validated pattern, made into its matcher on first use (most globs of a policy never run)."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: tuple[_SegmentPiece, ...] | None = None  # split at GLOBSTARs
        self._segments()  # validation: a malformed pattern raises GlobError now, not at first use

    def _segments(self) -> list[str]:
        raise NotImplementedError

    def _segment(self, segment: str) -> tuple[_Segment | _Special, ...]:
        """What one segment of the pattern stands for (``**`` is GLOBSTAR in a path glob)."""
        if segment == "**":
            return (_Special.GLOBSTAR,)
        wildcard = Wildcard.of(segment)
        literal = wildcard.literal
        return (wildcard if literal is None else literal,)

    def _match(self, parts: Sequence[str]) -> bool:
        if self._compiled is None:
            pieces: list[_SegmentPiece] = [()]
            for segment in self._segments():
                for item in self._segment(segment):
                    if item is _Special.GLOBSTAR:
                        pieces.append(())
                    else:
                        pieces[-1] += (item,)
            self._compiled = tuple(pieces)
        return _match_segments(self._compiled, parts)

    def __reduce__(self) -> tuple[type[_Glob], tuple[str]]:
        # Across processes, the pattern alone: its matcher is rebuilt where it is used.
        return (type(self), (self.pattern,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Glob) and type(other) is type(self) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.pattern))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.pattern!r})"


class ModuleGlob(_Glob):
    """A module glob: ``.``-separated, ``*`` one segment, ``**`` one or more, fnmatch inside a segment."""

    __slots__ = ("_shape",)

    def __init__(self, pattern: str) -> None:
        super().__init__(pattern)
        # Most globs of a policy name one module (`a.b`) or one subtree (`a.b.**`): those are
        # matched by comparing strings, without building a matcher (a one-file editor run
        # would build every glob it meets). Anything else goes through the general matcher.
        head, _, last = pattern.rpartition(".")
        if not any(char in pattern for char in "*?["):
            self._shape: tuple[str, str] | None = ("module", pattern)
        elif last == "**" and head and not any(char in head for char in "*?["):
            self._shape = ("subtree", head + ".")
        else:
            self._shape = None

    def _segments(self) -> list[str]:
        return _check_segments(self.pattern, ".", "module glob")

    def _segment(self, segment: str) -> tuple[_Segment | _Special, ...]:
        # `*` is one segment, `**` one or more: one, then any number.
        if segment == "*":
            return (_Special.ONE,)
        if segment == "**":
            return (_Special.ONE, _Special.GLOBSTAR)
        return super()._segment(segment)

    @property
    def is_literal(self) -> bool:
        """Whether the pattern has no wildcard (it names one module)."""
        return not any(char in self.pattern for char in "*?[")

    @property
    def subtree_of(self) -> str | None:
        """``a.b`` for ``a.b.**`` (every module below one named module), else None."""
        return self._shape[1][:-1] if self._shape is not None and self._shape[0] == "subtree" else None

    def matches(self, module: str) -> bool:
        """Whether ``module`` itself matches."""
        if self._shape is None:
            parts = module.split(".")
            # Every segment of a module glob matches at least one character.
            return "" not in parts and self._match(parts)
        kind, text = self._shape
        if kind == "module":
            return module == text
        # `**`: one or more non-empty segments after the prefix.
        rest = module[len(text) :]
        return module.startswith(text) and bool(rest) and "" not in rest.split(".")

    def can_match_under(self, root_packages: frozenset[str]) -> bool:
        """Whether some module inside one of the root packages could match."""
        first = self.pattern.split(".")[0]
        if first == "**" or first == "*":
            return True
        if not any(char in first for char in "*?["):
            return first in root_packages
        wildcard = Wildcard.of(first)
        return any(wildcard.matches(root) for root in root_packages)


def ancestors_and_self(module: str) -> list[str]:
    """``a.b.c`` → ``['a', 'a.b', 'a.b.c']``."""
    segments = module.split(".")
    return [".".join(segments[: index + 1]) for index in range(len(segments))]


def is_within(module: str, target: str) -> bool:
    """``module`` is ``target`` or one of its submodules."""
    return module == target or module.startswith(target + ".")


class PathGlob(_Glob):
    """A ``/``-separated glob relative to the project root; ``**`` spans zero or more segments."""

    __slots__ = ()

    def _segments(self) -> list[str]:
        return _check_segments(self.pattern.rstrip("/") or self.pattern, "/", "path glob")

    def matches(self, relative_path: str) -> bool:
        """Whether a '/'-separated path relative to the project root matches."""
        return self._match(relative_path.split("/"))


def required_literal(pattern: str) -> str:
    """The longest run of plain characters that every fnmatch match of ``pattern`` contains ("" if none)."""
    runs = [""]
    for kind, text in _scan(pattern):
        if kind:
            runs.append("")
        else:
            runs[-1] += text
    return max(runs, key=len)
