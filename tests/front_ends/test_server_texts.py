"""The language server's small decisions about text, without a client: ranges, positions, edits, bytes.

- a finding's range covers its token: the dotted name, the whole string, the module path
  after ``from``/``import``, the name after ``class``/``def`` — never the rest of the line;
- LSP positions count UTF-16 code units (or UTF-8/UTF-32 when negotiated), round trip;
- a fix's edit, applied, gives exactly the fixed text; a ``# noqa`` edit suppresses the
  finding as flake8 (and so ``ssot check``) reads comments, and the file still compiles;
- a buffer becomes the bytes saving it would write (its coding cookie honoured).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importlinter_ssot.application.analysis.text_lines import TextLines
from importlinter_ssot.application.gate.suppression import read_noqa
from importlinter_ssot.server.documents import buffer_bytes
from importlinter_ssot.server.edits import apply, noqa_replacement, smallest_replacement
from importlinter_ssot.server.positions import UTF8, UTF16, UTF32, finding_span, lsp_position, text_offset


def _covered(text: str, line: int, column: int, via: str | None = None) -> str:
    span = finding_span(TextLines(text), line, column, via)
    return text[span.start : span.end]


@pytest.mark.parametrize(
    ("text", "line", "column", "via", "covered"),
    [
        ("from a.b import Name as Other\n", 1, 17, None, "Name"),
        ("from a.b import Name\n", 1, 1, "a.b", "a.b"),  # a module finding at `from`: the module path
        ("from  a . b  import Name\n", 1, 1, "a.b", "a . b"),
        ("from ..pkg.mod import x\n", 1, 1, None, "..pkg.mod"),
        ("from . import x\n", 1, 1, None, "."),
        ("import a.b, c.d.e as f\n", 1, 1, "c.d.e", "c.d.e"),  # the module the finding is about
        ("import a.b, c.d.e as f\n", 1, 1, "zz", "a.b"),
        ("x = shim.Manager.active()\n", 1, 10, None, "Manager.active"),
        ("class Manager(Base):\n    pass\n", 1, 1, None, "Manager"),
        ("async def manager():\n    pass\n", 1, 1, None, "manager"),
        ("patch('a.b.Name')\n", 1, 7, None, "'a.b.Name'"),
        ('patch(rb"a\\"b")\n', 1, 7, None, 'rb"a\\"b"'),
        ('x = """\na.b.Name\n"""\n', 1, 5, None, '"""\na.b.Name\n"""'),
        ("x = 'open\n", 1, 5, None, "'open"),  # unterminated: to the end of the line
        ("x = (1 +\n", 1, 8, None, "+"),
        ("x = 1\n", 3, 1, None, ""),  # past the end of the text (the buffer changed): nothing
        ("x = 1", 1, 99, None, ""),
        ("def f(:\n", 1, 7, None, ":"),  # SOT900 at the error
        ("mañana.Ñame = 1\n", 1, 8, None, "Ñame"),
    ],
)
def test_a_finding_range_covers_its_token(text: str, line: int, column: int, via: str | None, covered: str) -> None:
    assert _covered(text, line, column, via) == covered


@pytest.mark.parametrize(
    ("encoding", "character"),
    [(UTF16, 10), (UTF8, 13), (UTF32, 9)],  # "é" is one UTF-16 unit, "😀" two; two UTF-8 bytes and four
)
def test_lsp_positions_count_the_negotiated_code_units_and_round_trip(encoding: str, character: int) -> None:
    text = "first\nx = 'é😀' + y\n"
    lines = TextLines(text)
    offset = text.index("+")
    assert lsp_position(lines, offset, encoding) == (1, character)
    assert text_offset(lines, 1, character, encoding) == offset


def test_a_position_past_a_line_or_the_text_is_clamped() -> None:
    lines = TextLines("ab\ncd\n")
    assert text_offset(lines, 0, 99, UTF16) == 2
    assert text_offset(lines, 7, 0, UTF16) == 6


@given(st.text(alphabet="ab\n é", max_size=30), st.text(alphabet="ab\n é", max_size=30))
def test_the_smallest_replacement_gives_exactly_the_fixed_text(before: str, after: str) -> None:
    replacement = smallest_replacement(before, after)
    assert apply(before, replacement) == after
    assert replacement.start <= replacement.end


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("from a import B\n", 1, "from a import B  # noqa: SOT001\n"),
        ("from a import (\n    B,\n)\n", 2, "from a import (\n    B,  # noqa: SOT001\n)\n"),
        # A backslash joins lines: the comment goes after the last one (after a backslash: a syntax error).
        ("from a import \\\n    B\n", 1, "from a import \\\n    B  # noqa: SOT001\n"),
        # Inside a triple-quoted string it would be text: after the string.
        ('X = """\na.B\n"""\n', 2, 'X = """\na.B\n"""  # noqa: SOT001\n'),
        ("import a  # noqa: SOT010\n", 1, "import a  # noqa: SOT010,SOT001\n"),  # only the first noqa counts
        ("import a  # type: ignore\n", 1, "import a  # type: ignore  # noqa: SOT001\n"),
        ("from a import B\r\nx = 1\r\n", 1, "from a import B  # noqa: SOT001\r\nx = 1\r\n"),
    ],
)
def test_the_noqa_edit_suppresses_the_finding_as_flake8_reads_comments(text: str, line: int, expected: str) -> None:
    replacement = noqa_replacement(text, text.encode(), line, "SOT001")
    assert replacement is not None
    edited = apply(text, replacement)
    assert edited == expected
    assert read_noqa(edited.encode()).suppresses("SOT001", line)
    compile(edited, "edited.py", "exec")


def test_a_bare_noqa_needs_no_edit() -> None:
    assert noqa_replacement("import a  # noqa\n", b"import a  # noqa\n", 1, "SOT010") is None


def test_a_buffer_is_encoded_as_its_coding_cookie_says() -> None:
    latin = "# -*- coding: latin-1 -*-\nNAME = 'é'\n"
    assert buffer_bytes(latin) == latin.encode("latin-1")
    assert buffer_bytes("NAME = 'é'\n") == "NAME = 'é'\n".encode()
    # A cookie the text cannot be encoded in, or one that names no codec: UTF-8, and the check says the rest.
    assert buffer_bytes("# coding: ascii\nNAME = 'é'\n") == "# coding: ascii\nNAME = 'é'\n".encode()
    assert buffer_bytes("# coding: nonsense\nx = 1\n") == b"# coding: nonsense\nx = 1\n"
