"""The byte prefilter: a file skipped as irrelevant could not have produced a finding.

(tests/conftest.py also re-runs every rule test with the prefilter off and compares.)
"""

from __future__ import annotations

from importlinter_ssot.application.parsing import check_syntax, parse_source
from importlinter_ssot.domain.globs import required_literal
from importlinter_ssot.domain.rules.relevance import may_matter


def test_required_literal_of_fnmatch_patterns() -> None:
    assert required_literal("*WebSocketManager*") == "WebSocketManager"
    assert required_literal("Foo?Barbaz") == "Barbaz"
    assert required_literal("a[!x]bcd*") == "bcd"
    assert required_literal("x[]]yz") == "yz"
    assert required_literal("[ab") == "[ab"  # an unclosed bracket is a literal
    assert required_literal("*") == ""
    assert required_literal("[A-Z]*") == ""


def test_may_matter() -> None:
    needles = frozenset({b"Manager", b"legacy"})
    assert may_matter(b"from app import legacy\n", needles)
    assert not may_matter(b"import os\n", needles)
    assert may_matter(b"import os\n", None)  # a policy with a catch-all pattern
    # Non-ASCII or a coding cookie: the decoded, NFKC-normalised text decides.
    assert not may_matter("x = 'é'\n".encode(), needles)
    assert may_matter("from app import \uff4c\uff45\uff47\uff41\uff43\uff59\n".encode(), needles)  # ｌｅｇａｃｙ
    assert not may_matter(b"# -*- coding: latin-1 -*-\nimport os\n", needles)
    assert may_matter(b"# -*- coding: utf-16 -*-\nimport os\n", needles)  # cannot be decoded
    assert may_matter(b"\xff\xfe not utf-8", needles)


def test_check_syntax_agrees_with_the_full_parse() -> None:
    samples = [
        b"import os\n",
        b"def f(:\n",
        b"nonlocal x\n",  # the symbol table rejects it, ast.parse does not
        b"\xff\xfe garbage",
        b"# coding: nonsense\n",
        b"x = 1\x00\n",
        b"(" * 5000,
        b"",
    ]
    for data in samples:
        full = parse_source(data)
        assert check_syntax(data).failure == full.failure, data[:20]


def test_nfkc_spelled_identifiers_are_still_found(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "app/__init__.py": "",
            "app/legacy.py": "",
            # Python reads the fullwidth ｌｅｇａｃｙ as `legacy`.
            "app/user.py": "from app import \uff4c\uff45\uff47\uff41\uff43\uff59\n",
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
