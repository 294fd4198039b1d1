"""Which files may matter (and so are parsed, and can draw SOT900): the specification, pinned.

The needles of a policy are its governed names and aliases, the longest literal run of the
last dotted segment of every [[module]] name and of every [[duplicates]] pattern. A file
may matter when (1) its bytes contain a needle, or (2) it has a non-ASCII byte or `coding`
in one of its first two lines and its decoded, NFKC-normalised text contains one, or (3)
it cannot be read or decoded at all. Files that cannot matter are not parsed at all.
(tests/conftest.py re-runs every rule test with every file parsed, and compares.)

A needle may be a compiled bytes pattern where no substring can say what a file needs (a
star import: ``from . import *`` names no module, and ``*`` is in most files). Patterns go
through the same three rules; the engine's own runs here are repeated with every needle
turned into its pattern (``needle_form``), so the prefilter's soundness proof covers them.
"""

from __future__ import annotations

import ast
import os
import pickle
import re
import sys

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from importlinter_ssot.application.analysis import scheduling
from importlinter_ssot.application.settings import RawSettings
from importlinter_ssot.composition import Session
from importlinter_ssot.domain.globs import required_literal
from importlinter_ssot.domain.rules import relevance
from importlinter_ssot.domain.rules.checks import FileCheck, ProjectCheck, Reads
from importlinter_ssot.domain.rules.relevance import ReadPlan, may_matter, may_matter_text, relevance_needles

POLICY = """
[policy]
root_packages = ["app"]

[[symbol]]
name = "Manager"
aliases = ["LegacyManager"]
defined_in = "app.core"

[[module]]
name = "app.legacy"
status = "forbidden"

[[duplicates]]
pattern = "*Type"
"""
TREE = {"app/__init__.py": "", "app/core.py": "class Manager:\n    pass\n", "app/legacy.py": ""}
BROKEN = "def f(:\n"  # a syntax error
FULLWIDTH_LEGACY = "\uff4c\uff45\uff47\uff41\uff43\uff59"  # Python reads ｌｅｇａｃｙ as `legacy`
# A needle no substring can say: `import` then `*`, with only what may stand between them in one
# statement (blanks, line continuations: a star import has no parentheses to hold a comment).
STAR_IMPORT = re.compile(rb"\bimport(?:[ \t\f]|\\\r?\n|\\\r)*\*")


def as_patterns(check: FileCheck | ProjectCheck) -> FileCheck | ProjectCheck:
    """The check with each needle given as the pattern of its substring: the same files must matter."""

    def needles(policy):  # type: ignore[no-untyped-def]
        found = check.needles(policy)
        if found is None:
            return None
        return frozenset(re.compile(re.escape(needle)) if isinstance(needle, bytes) else needle for needle in found)

    return check._replace(needles=needles)


@pytest.fixture(params=["substrings", "patterns"])
def needle_form(request, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    """Run a test with the checks' needles as they are, then as patterns (through the whole engine)."""
    if request.param == "patterns":
        monkeypatch.setattr(relevance, "CHECKS", tuple(as_patterns(check) for check in relevance.CHECKS))
        policy_needles = relevance_needles(parse_policy_text(POLICY))
        assert policy_needles and all(isinstance(needle, re.Pattern) for needle in policy_needles)
    return str(request.param)


def parse_policy_text(text: str):  # type: ignore[no-untyped-def]
    from importlinter_ssot.application.policy.policy_parsing import parse_policy

    return parse_policy(text, "/p/contracts/ssot.toml", "/p")


def test_required_literal_of_fnmatch_patterns() -> None:
    assert required_literal("*WebSocketManager*") == "WebSocketManager"
    assert required_literal("Foo?Barbaz") == "Barbaz"
    assert required_literal("a[!x]bcd*") == "bcd"
    assert required_literal("x[]]yz") == "yz"
    assert required_literal("[ab") == "[ab"  # an unclosed bracket is a literal
    assert required_literal("*") == ""
    assert required_literal("[A-Z]*") == ""


def test_may_matter_follows_the_three_rules() -> None:
    needles = frozenset({b"Manager", b"legacy"})
    assert may_matter(b"from app import legacy\n", needles)  # 1: the bytes
    assert may_matter(b"# Manager, in a comment\nx = 1\n", needles)
    assert not may_matter(b"import os\n", needles)
    assert may_matter(b"import os\n", None)  # a catch-all pattern: every file
    # 2: non-ASCII or a coding cookie: the decoded, NFKC-normalised text decides.
    assert not may_matter("x = 'é'\n".encode(), needles)
    assert may_matter(f"from app import {FULLWIDTH_LEGACY}\n".encode(), needles)
    assert not may_matter(b"# -*- coding: latin-1 -*-\nimport os\n", needles)
    assert may_matter("# -*- coding: latin-1 -*-\n# Manager\n".encode("latin-1"), needles)
    # 3: cannot be decoded.
    assert may_matter(b"# -*- coding: klingon -*-\nimport os\n", needles)
    assert may_matter(b"\xff\xfe not utf-8", needles)
    # `coding` below the second line is no cookie: plain ASCII, no needle.
    assert not may_matter(b"a = 1\nb = 2\n# coding: klingon\n", needles)


def test_a_pattern_needle_follows_the_same_rules() -> None:
    needles = frozenset({b"Manager", STAR_IMPORT})
    assert may_matter(b"from . import *\n", needles)  # 1: the bytes match
    assert may_matter(b"from app.sub import\\\n    *\n", needles)
    assert may_matter(b"import os\nx = Manager\n", needles)  # the substring still counts
    assert not may_matter(b"x = a * b\ndef f(*args, **kw): print(*args)\n", needles)  # `*` alone is not it
    assert not may_matter(b"# import this * that? no: `import` then `*` only\n", frozenset({b"Manager"}))
    # 2: non-ASCII or a cookie: the decoded, NFKC-normalised text is matched.
    # NFKC makes a fullwidth `＊` a `*`: Python would not read it so, but more files may matter, never fewer.
    assert may_matter("# é\nfrom . import \uff0a\n".encode(), needles)
    assert not may_matter("# é\nimport os\n".encode(), needles)
    assert not may_matter("# -*- coding: latin-1 -*-\n# \xe9\nx = a * b\n".encode("latin-1"), needles)
    # 3: cannot be decoded.
    assert may_matter(b"\xff\xfe not utf-8", needles)
    # A policy's needles cross to the worker processes as they are.
    assert pickle.loads(pickle.dumps(needles)) == needles


def test_the_text_test_of_per_file_front_ends_agrees_with_the_byte_test() -> None:
    needles = frozenset({b"Manager", b"legacy", STAR_IMPORT})
    samples = [
        "from . import *\n",
        "x = a * b\n",
        "# é\nfrom . import \uff0a\n",
        "from app import legacy\n",
        "import os\n",
        "x = 'é'\n",
        f"from app import {FULLWIDTH_LEGACY}\n",
        "# -*- coding: latin-1 -*-\nimport os\n",
    ]
    for text in samples:
        assert may_matter_text(text, needles) == may_matter(text.encode(), needles), text
    assert may_matter_text("anything", None)


# Blanks and continuations Python allows around a star import's words; `from.x` needs none.
_GAP = st.lists(st.sampled_from([" ", "\t", "\f", "\\\n", "\\\r\n", "\\\r"]), max_size=3).map("".join)
_LINES = st.sampled_from(["x = a * b", "def f(*args, **kw): pass", "# import *", "s = 'import'", "import os", ""])


@given(
    before=st.lists(_LINES, max_size=3),
    after=st.lists(_LINES, max_size=3),
    gaps=st.tuples(_GAP, _GAP, _GAP),
    dots=st.sampled_from(["", ".", ".."]),
    module=st.sampled_from(["", "pkg", "pkg.sub"]),
    indent=st.booleans(),
)
def test_the_star_import_pattern_matches_every_star_import_python_reads(before, after, gaps, dots, module, indent):  # type: ignore[no-untyped-def]
    # Soundness of a pattern needle, against the parser itself: wherever Python reads a star
    # import, the pattern matches the file's bytes.
    statement = f"from {gaps[0]}{dots}{module} {gaps[1]}import{gaps[2]}*"
    head = "if True:\n    " if indent else ""
    source = "\n".join([*before, head + statement, *after]) + "\n"
    try:
        tree = ast.parse(source)
    except SyntaxError:
        assume(False)
    assert any(isinstance(node, ast.ImportFrom) and node.names[0].name == "*" for node in ast.walk(tree))
    assert may_matter(source.encode(), frozenset({STAR_IMPORT})), source


@pytest.mark.parametrize(
    ("content", "reported"),
    [
        (BROKEN, False),  # no needle: not parsed, no finding
        ("# uses Manager\n" + BROKEN, True),  # a needle anywhere, even in a comment
        ("from app import legacy\n" + BROKEN, True),
        ("class MessageType:\n" + BROKEN, True),  # a duplicates pattern's literal
        ("x = 'é'\n" + BROKEN, False),  # non-ASCII, but no needle after normalisation
        (f"import app.{FULLWIDTH_LEGACY}\n" + BROKEN, True),  # a needle in fullwidth letters
        (b"x = '\xff'\n" + BROKEN.encode(), True),  # cannot be decoded as UTF-8
        (b"# -*- coding: klingon -*-\n" + BROKEN.encode(), True),  # an unknown encoding
        (b"# -*- coding: latin-1 -*-\nx = '\xe9'\n" + BROKEN.encode(), False),  # decodes; no needle
    ],
    ids=[
        "no needle",
        "needle in a comment",
        "module needle",
        "duplicates literal",
        "non-ASCII without needle",
        "fullwidth needle",
        "undecodable",
        "unknown encoding",
        "latin-1 without needle",
    ],
)
def test_sot900_only_where_a_finding_could_hide(make_project, needle_form, content, reported) -> None:  # type: ignore[no-untyped-def]
    project = make_project({**TREE, "app/broken.py": content}, POLICY)
    rows = [row for row in project.check() if row[0] == "app/broken.py"]
    assert [row[3] for row in rows] == (["SOT900"] if reported else [])


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_always_matters(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project({**TREE, "app/secret.py": "import os\n"}, POLICY)
    os.chmod(project.root / "app" / "secret.py", 0)
    try:
        assert ("app/secret.py", 1, 1, "SOT900") in project.check()
    finally:
        os.chmod(project.root / "app" / "secret.py", 0o644)


def test_a_file_that_cannot_matter_is_not_parsed_at_all(make_project, monkeypatch, needle_form) -> None:  # type: ignore[no-untyped-def]
    files = {**TREE, "app/plain.py": "import os\n" + BROKEN, "app/user.py": "import app.legacy\n"}
    project = make_project(files, POLICY)
    parsed: list[bytes] = []
    real = scheduling.parse_source
    monkeypatch.setattr(scheduling, "parse_source", lambda data, *rest: parsed.append(data) or real(data, *rest))
    session = Session(RawSettings(today="2026-06-15", jobs=1, cache=False), environ={}, cwd=str(project.root))
    result = session.check(session.load(session.policy_paths()))
    assert [(project.rel(f.path), f.code) for f in result.findings] == [("app/user.py", "SOT011")]
    assert b"import os\n" + BROKEN.encode() not in parsed
    assert b"import app.legacy\n" in parsed


def test_nfkc_spelled_identifiers_are_still_found(make_project, needle_form) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "app/__init__.py": "",
            "app/legacy.py": "",
            "app/user.py": f"from app import {FULLWIDTH_LEGACY}\n",
        },
        policy="""
            [policy]
            root_packages = ["app"]

            [[module]]
            name = "app.legacy"
            status = "forbidden"
        """,
    )
    assert project.check() == [("app/user.py", 1, 17, "SOT011")]


def test_a_catch_all_duplicates_pattern_makes_every_file_matter(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {"app/__init__.py": "", "app/broken.py": BROKEN},
        policy="""
            [policy]
            root_packages = ["app"]

            [[duplicates]]
            pattern = "*"
        """,
    )
    assert project.check() == [("app/broken.py", 1, 7, "SOT900")]


def test_files_read_for_a_fact_spell_a_word_or_a_needle_as_python_reads_them() -> None:
    # Who refers to a deprecated module `pkg.old`: a file spelling `old` as a word, not inside a longer name.
    plan = ReadPlan((Reads(words=frozenset({b"old"}), needles=frozenset({b"legacy_"})),))
    assert plan.wants(b"from . import old\n")
    assert plan.wants(b'sys.modules["pkg.old"] = None\n')
    assert plan.wants(b"old")  # at the start and at the end of the file
    assert plan.wants("from . import \uff4f\uff4c\uff44\n".encode())  # Python reads `ｏｌｄ` as `old`
    assert not plan.wants(b"bold = old_stuff + gold\n")
    assert plan.wants(b"from pkg import legacy_tools\n")  # a glob rule's literal run: anywhere
    assert not plan.wants(b"\xff\xfe bold")  # cannot be decoded: nothing to learn from it
