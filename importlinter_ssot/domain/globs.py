"""Glob languages used in policies.

Module globs follow import-linter: ``.``-separated, ``*`` is exactly one segment,
``**`` is one or more segments, and fnmatch wildcards work inside a segment.
Path globs (``exclude``) are ``/``-separated and ``**`` is *zero* or more segments,
as in .gitignore and ruff.
"""

from __future__ import annotations

import fnmatch
import re


class GlobError(ValueError):
    """A glob that is malformed or can never match anything."""


def _segment_regex(segment: str, separator: str) -> str:
    """fnmatch semantics for one segment; wildcards never cross ``separator``."""
    not_sep = "[^" + re.escape(separator) + "]"
    out: list[str] = []
    index = 0
    while index < len(segment):
        char = segment[index]
        index += 1
        if char == "*":
            out.append(not_sep + "*")
        elif char == "?":
            out.append(not_sep)
        elif char == "[":
            end = index
            if end < len(segment) and segment[end] == "!":
                end += 1
            if end < len(segment) and segment[end] == "]":
                end += 1
            while end < len(segment) and segment[end] != "]":
                end += 1
            if end >= len(segment):
                out.append(re.escape(char))  # unclosed: a literal '[', as fnmatch does
                continue
            body = segment[index:end]
            index = end + 1
            negate = body.startswith("!")
            if negate:
                body = body[1:]
            body = body.replace("\\", "\\\\")
            out.append("[" + ("^" if negate else "") + body + "]")
        else:
            out.append(re.escape(char))
    return "".join(out)


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
    """A validated pattern whose regex is compiled on first use (most globs of a policy never run)."""

    __slots__ = ("_regex", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._regex: re.Pattern[str] | None = None
        self._segments()  # validation: a malformed pattern raises GlobError now, not at first use

    def _segments(self) -> list[str]:
        raise NotImplementedError

    def _compile(self) -> str:
        raise NotImplementedError

    def _match(self, text: str) -> bool:
        if self._regex is None:
            self._regex = re.compile(rf"\A{self._compile()}\Z", re.DOTALL)
        return self._regex.match(text) is not None

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
        # matched by comparing strings, without compiling a regex (a one-file editor run
        # would compile every glob it meets). Anything else is matched by its regex.
        head, _, last = pattern.rpartition(".")
        if not any(char in pattern for char in "*?["):
            self._shape: tuple[str, str] | None = ("module", pattern)
        elif last == "**" and head and not any(char in head for char in "*?["):
            self._shape = ("subtree", head + ".")
        else:
            self._shape = None

    def _segments(self) -> list[str]:
        return _check_segments(self.pattern, ".", "module glob")

    def _compile(self) -> str:
        parts: list[str] = []
        for segment in self._segments():
            if segment == "**":
                parts.append(r"[^.]+(?:\.[^.]+)*")
            elif segment == "*":
                parts.append(r"[^.]+")
            else:
                parts.append(_segment_regex(segment, "."))
        return r"\.".join(parts)

    @property
    def is_literal(self) -> bool:
        """Whether the pattern has no wildcard (it names one module)."""
        return not any(char in self.pattern for char in "*?[")

    def matches(self, module: str) -> bool:
        """Whether ``module`` itself matches."""
        if self._shape is None:
            return self._match(module)
        kind, text = self._shape
        if kind == "module":
            return module == text
        # `**`: one or more non-empty segments after the prefix.
        rest = module[len(text) :]
        return module.startswith(text) and bool(rest) and "" not in rest.split(".")

    def covers(self, module: str) -> bool:
        """True when ``module`` or one of its ancestors matches: the glob's subtree."""
        return any(self.matches(prefix) for prefix in ancestors_and_self(module))

    def can_match_under(self, root_packages: frozenset[str]) -> bool:
        """Whether some module inside one of the root packages could match."""
        first = self.pattern.split(".")[0]
        if first == "**" or first == "*":
            return True
        if not any(char in first for char in "*?["):
            return first in root_packages
        return any(fnmatch.fnmatchcase(root, first) for root in root_packages)


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

    def _compile(self) -> str:
        segments = self._segments()
        regex = ""
        for index, segment in enumerate(segments):
            first = index == 0
            if segment == "**":
                # Zero or more whole segments: `a/**` also matches `a` itself.
                regex += ".*" if first else "(?:/.*)?"
                if first and len(segments) > 1:
                    regex = "(?:.*/)?"
            else:
                if not first and not regex.endswith("/)?"):
                    regex += "/"
                regex += _segment_regex(segment, "/")
        return regex

    def matches(self, relative_path: str) -> bool:
        """Whether a '/'-separated path relative to the project root matches."""
        return self._match(relative_path)


def required_literal(pattern: str) -> str:
    """The longest run of plain characters that every fnmatch match of ``pattern`` contains ("" if none)."""
    runs: list[str] = []
    current = ""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char in "*?":
            runs.append(current)
            current = ""
        elif char == "[":
            closing = pattern.find("]", index + 2 if pattern[index + 1 : index + 2] in ("!", "]") else index + 1)
            if closing == -1:
                current += char  # an unclosed '[' is a literal, as in fnmatch
            else:
                runs.append(current)
                current = ""
                index = closing
        else:
            current += char
        index += 1
    runs.append(current)
    return max(runs, key=len)
