"""Globs are matched without backtracking, and decide what the regexes they replaced decided.

Module and path globs used to be compiled to regexes that backtrack: `**/a/**/a/…/c` on a
path 30 directories deep took minutes, and so did `*a*a*…*b` on one long segment. The
matcher now simulates the pattern's segments as a set of states and places the pieces of
a segment left to right, once each. These tests

- compare it with the old regex translation (copied below as the oracle) on random small
  patterns and texts, wherever that translation was right (the fixes are pinned one by one);
- compare its fnmatch with ``fnmatch.fnmatchcase`` on random patterns;
- count its steps on the hostile patterns: at most the size of the text plus that of the
  pattern, where the regex's steps grow exponentially (no clock is read).
"""

from __future__ import annotations

import fnmatch
import os
import re
import warnings

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from importlinter_ssot.domain import globs
from importlinter_ssot.domain.globs import ModuleGlob, PathGlob, Wildcard, required_literal

from support.commands import ssot_command

EXAMPLES = int(os.environ.get("SSOT_FUZZ_EXAMPLES", "0")) or 400


# -- the oracle: the regex translation globs.py used before, verbatim but where marked ---------------


def _oracle_segment_regex(segment: str, separator: str) -> str:
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
                out.append(re.escape(char))
                continue
            body = segment[index:end]
            index = end + 1
            negate = body.startswith("!")
            if negate:
                body = body[1:]
            body = body.replace("\\", "\\\\")
            # Fix 1: a negated set matched the separator too (`a[!b]c` matched the module `a.c`);
            # wildcards never cross a separator, as the docstring of this function always said.
            out.append(("(?!" + re.escape(separator) + ")[^" if negate else "[") + body + "]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _oracle_module(pattern: str) -> str:
    parts: list[str] = []
    for segment in pattern.split("."):
        if segment == "**":
            parts.append(r"[^.]+(?:\.[^.]+)*")
        elif segment == "*":
            parts.append(r"[^.]+")
        else:
            parts.append(_oracle_segment_regex(segment, "."))
    return r"\.".join(parts)


def _oracle_path(pattern: str) -> str:
    segments = (pattern.rstrip("/") or pattern).split("/")
    regex = ""
    for index, segment in enumerate(segments):
        first = index == 0
        if segment == "**":
            regex += ".*" if first else "(?:/.*)?"
            if first and len(segments) > 1:
                regex = "(?:.*/)?"
        else:
            if not first and not regex.endswith("/)?"):
                regex += "/"
            regex += _oracle_segment_regex(segment, "/")
    return regex


def _oracle(regex: str, text: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # `[[`, `&&` in a set: literal, as fnmatch means
        try:
            compiled = re.compile(rf"\A{regex}\Z", re.DOTALL)
        except re.error:
            assume(False)  # a reversed range (`[b-a]`) was a traceback: fixed, pinned below
            raise
    return compiled.match(text) is not None


# -- random small patterns and texts that share characters often ----------------------------------

# No `^`: the old translation read `[^a]` as a negation (regex syntax), fnmatch as a set holding `^`.
SEGMENT_TEXT = st.text(alphabet="ab*?[]!-", min_size=1, max_size=5)
SEGMENTS = st.one_of(
    st.sampled_from(["a", "b", "ab", "*", "**", "a*", "*b", "?", "[ab]", "[!a]", "[a-b]", "[", "[]a]", "[!]]"]),
    SEGMENT_TEXT,
)
PARTS = st.one_of(
    st.sampled_from(["a", "b", "ab", "ba", "aab", "", "[", "]", "-", "!", "a-b", "b]"]), st.text("ab[]!-", max_size=4)
)


def _valid(make: type, pattern: str) -> object | None:
    try:
        return make(pattern)
    except globs.GlobError:
        return None


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(segments=st.lists(SEGMENTS, min_size=1, max_size=5), parts=st.lists(PARTS, min_size=1, max_size=6))
def test_module_globs_decide_as_the_old_regex(segments: list[str], parts: list[str]) -> None:
    pattern = ".".join(segments)
    glob = _valid(ModuleGlob, pattern)
    assume(isinstance(glob, ModuleGlob))
    assert isinstance(glob, ModuleGlob)
    module = ".".join(parts)
    assert glob.matches(module) == _oracle(_oracle_module(pattern), module)


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(
    segments=st.lists(SEGMENTS, min_size=1, max_size=5),
    trailing=st.sampled_from(["", "/", "//"]),
    parts=st.lists(PARTS, min_size=1, max_size=6),
)
def test_path_globs_decide_as_the_old_regex(segments: list[str], trailing: str, parts: list[str]) -> None:
    pattern = "/".join(segments) + trailing
    # Fix 2: a leading `**/**` matched only paths with an empty segment (`a//b`); pinned below.
    assume(segments[:2] != ["**", "**"])
    glob = _valid(PathGlob, pattern)
    assume(isinstance(glob, PathGlob))
    assert isinstance(glob, PathGlob)
    path = "/".join(parts)
    assert glob.matches(path) == _oracle(_oracle_path(pattern), path)


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(pattern=st.text(alphabet="ab*?[]!-^\\&", max_size=8), name=st.text(alphabet="ab[]!-^\\&", max_size=6))
def test_name_patterns_decide_as_fnmatch(pattern: str, name: str) -> None:
    assert Wildcard.of(pattern).matches(name) == fnmatch.fnmatchcase(name, pattern)


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(pattern=st.text(alphabet="ab*?[]!-", max_size=8), data=st.data())
def test_every_match_contains_the_required_literal(pattern: str, data: st.DataObject) -> None:
    # A name the pattern matches, built piece by piece (random names would almost never match).
    name = ""
    for kind, text in globs._scan(pattern):
        if kind == "*":
            name += data.draw(st.text("ab[]!-", max_size=2))
        elif kind == "?":
            name += data.draw(st.sampled_from("ab[]!-"))
        elif kind == "[":
            members = [char for char in "ab[]!-xyz" if fnmatch.fnmatchcase(char, text)]
            assume(members)
            name += data.draw(st.sampled_from(members))
        else:
            name += text
    assert fnmatch.fnmatchcase(name, pattern)
    assert required_literal(pattern) in name


def test_the_fixed_cases() -> None:
    # A wildcard never crosses a separator, a negated set included.
    assert not ModuleGlob("chat.x[!y]z").matches("chat.x.z")
    assert ModuleGlob("chat.x[!y]z").matches("chat.xaz")
    assert not PathGlob("a/[!b]").matches("a//")
    # A set is fnmatch's: `^` first is a member, a reversed range holds nothing (was re.error).
    assert ModuleGlob("chat.[^a]").matches("chat.^")
    assert not ModuleGlob("chat.[^a]").matches("chat.b")
    assert not ModuleGlob("chat.[b-a]x").matches("chat.ax")
    assert ModuleGlob("chat.[b-ax]").matches("chat.x")
    # `**` is zero or more segments, also twice at the start.
    assert PathGlob("**/**").matches("a")
    assert PathGlob("**/**").matches("a/b")
    assert PathGlob("**/**/x").matches("a/x")
    assert PathGlob("**/**/x").matches("x")
    # A `]` right after `[!` is a member, so `[!]x]` is one set: no literal `x]` is required.
    assert fnmatch.fnmatchcase("a", "[!]x]") and required_literal("[!]x]") == ""


def test_documented_examples() -> None:
    module = {
        "a.**": (["a.b", "a.b.c"], ["a"]),
        "a.*": (["a.b"], ["a.b.c"]),
        "a.**.c": (["a.b.c"], ["a.c"]),
        "**.tests": (["a.tests"], ["tests"]),
        "a.*_test": (["a.x_test"], []),
    }
    for pattern, (yes, no) in module.items():
        assert [ModuleGlob(pattern).matches(name) for name in yes + no] == [True] * len(yes) + [False] * len(no)
    path = {
        "**/backups/**": (["chat/a/backups", "chat/a/backups/x.py"], []),
        "**/backups": (["chat/a/backups"], []),
        "backups": (["backups"], ["chat/backups"]),
        "chat/**/test_*.py": (["chat/test_a.py", "chat/a/b/test_a.py"], []),
        "chat/*/migrations": (["chat/a/migrations"], ["chat/a/b/migrations"]),
        "*.py": ([], ["chat/a.py"]),
        "a/**": (["a", "a/b"], ["b"]),
        "a/": (["a"], ["a/b"]),
    }
    for pattern, (yes, no) in path.items():
        assert [PathGlob(pattern).matches(name) for name in yes + no] == [True] * len(yes) + [False] * len(no)


# -- hostile patterns: steps bounded by the sizes, counted ------------------------------------------


@pytest.fixture
def placements(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every attempt to fit a run of pattern segments at one place of the text."""
    calls = [0]
    original = globs._fits_segments

    def counting(piece: object, parts: list[str], at: int) -> bool:
        calls[0] += 1
        return original(piece, parts, at)  # type: ignore[arg-type]

    monkeypatch.setattr(globs, "_fits_segments", counting)
    return calls


def test_a_path_glob_with_many_double_stars_on_a_deep_tree(placements: list[int]) -> None:
    # 285 s with the regex: each `**` could end at any of the 30 levels, tried in every combination.
    # Here each run between two `**` is tried at each place at most once, left to right.
    pattern = "**/" + "a/**/" * 14 + "c"
    runs = pattern.count("**") + 1
    for depth in (30, 300):
        for text, expected in (
            ("/".join(["a"] * depth) + "/b", False),
            ("/".join(["a"] * depth) + "/c", True),
            ("/".join(["a"] * 13) + "/c", False),  # 14 `a` levels needed
            ("/".join(["a"] * depth) + "/c/b", False),
        ):
            placements[0] = 0
            assert PathGlob(pattern).matches(text) is expected
            assert placements[0] <= text.count("/") + 1 + 2 * runs


def test_a_module_glob_of_double_stars_on_a_deep_module(placements: list[int]) -> None:
    # 23 s with the regex, on a module 30 deep.
    pattern = "**." * 9 + "zz"
    for depth in (30, 300):
        for module, expected in (
            (".".join(["a"] * depth) + ".zy", False),
            (".".join(["a"] * depth) + ".zz", True),
            ("a." * 8 + "zz", False),  # nine `**`, each at least one segment
            (".".join(["a"] * depth) + ".zz.a", False),
        ):
            placements[0] = 0
            assert ModuleGlob(pattern).matches(module) is expected
            assert placements[0] <= module.count(".") + 1 + 2 * 10


def test_a_segment_with_many_stars_places_each_piece_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # `[^.]*a[^.]*a…b` backtracks polynomially with the number of stars (seconds at 40 characters).
    placed: list[object] = []
    original = globs._find

    def counting(piece: object, text: str, start: int, stop: int) -> int:
        placed.append(piece)
        return original(piece, text, start, stop)  # type: ignore[arg-type]

    monkeypatch.setattr(globs, "_find", counting)
    pattern = "*" + "a*" * 12 + "b"
    for length in (40, 4000):
        placed.clear()
        assert not ModuleGlob(f"chat.{pattern}").matches("chat." + "a" * length)
        assert len(placed) <= 12  # every middle piece placed once, whatever the length
        assert ModuleGlob(f"chat.{pattern}").matches("chat." + "a" * length + "b")
        placed.clear()
        assert not Wildcard.of(pattern.replace("a*", "[a]?*")).matches("a" * length)  # pieces of sets: placed once too
        assert len(placed) <= 12


class _CountingFinds(str):
    """A pattern that counts the searches for a `]` made in it."""

    finds = 0

    def find(self, *args: object) -> int:  # type: ignore[override]
        type(self).finds += 1
        return super().find(*args)  # type: ignore[arg-type]


def test_unclosed_brackets_are_read_once() -> None:
    # fnmatch scans to the end from each unclosed `[`: quadratic (11 s for 20 000 of them).
    pattern = _CountingFinds("[ab]x" + "[" * 200_000 + "*")
    tokens = list(globs._scan(pattern))
    assert len(tokens) == 200_003  # one set, `x`, 200 000 literal `[`, `*`
    assert _CountingFinds.finds <= 1  # only the `[` before the last `]` looks for it
    assert Wildcard.of(pattern).matches("ax" + "[" * 200_000 + "yz")
    assert required_literal(pattern) == "x" + "[" * 200_000


def test_name_patterns_reach_fnmatch_one_set_at_a_time(make_project, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # `[[duplicates]] pattern` and `ssot discover --pattern` were whole fnmatch patterns, whose
    # translation is quadratic in unclosed `[`; fnmatch now only ever sees one closed set.
    translated: list[str] = []
    translate = fnmatch.translate
    monkeypatch.setattr(fnmatch, "translate", lambda pattern: translated.append(pattern) or translate(pattern))
    files = {"acme/__init__.py": "", "acme/a.py": "class QType: ...\n", "acme/b.py": "class QType: ...\n"}
    policy = '[policy]\nroot_packages = ["acme"]\n\n[[duplicates]]\npattern = "*[PQ]Typ[!]]"\n'
    project = make_project(files, policy)
    assert [row[3] for row in project.check()] == ["SOT022", "SOT022"]
    run = ssot_command("discover", "--pattern", "*[PQ]Typ[!]]", "--pattern", "[", cwd=project.root)
    assert run.returncode == 0 and "\nQType: 2 objects, 2 definition sites in 2 modules\n" in run.stdout
    assert translated and all(text in ("[PQ]", "[!]]") for text in translated)
