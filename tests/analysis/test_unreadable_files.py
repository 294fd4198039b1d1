"""Unreadable input: one SOT900 per file that cannot be decoded or parsed; the rest is still checked."""

from __future__ import annotations

import pytest

POLICY = """
[policy]
name = "test"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
defined_in = "chat.core.impl"
canonical = ["chat.core.api"]

[[duplicates]]
pattern = "*Manager"
"""

TREE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "",
    "chat/core/impl.py": "class Manager:\n    pass\n",
    "chat/core/api.py": "from chat.core.impl import Manager\n",
    # a healthy file with a finding, to show the others are still checked
    "chat/ok.py": "from chat.other import Manager\n",
}

OK_FINDING = ("chat/ok.py", 1, 24, "SOT002")


@pytest.fixture
def project(make_project):
    def make(files: dict[str, str | bytes]):
        return make_project({**TREE, **files}, POLICY)

    return make


def only(rows, path):
    return [row for row in rows if row[0] == path]


def test_syntax_error_is_one_sot900_at_the_error_line(project):
    p = project(
        {
            "chat/broken.py": """
                from chat.other import Manager


                def broken(:
                    pass

                class Manager:
                    pass
                x = = 1
            """
        }
    )
    rows = p.check()
    broken = only(rows, "chat/broken.py")
    assert [(path, line, code) for path, line, _, code in broken] == [("chat/broken.py", 4, "SOT900")]
    assert broken[0][2] >= 1
    assert OK_FINDING in rows
    (finding,) = [f for f in p.findings() if f.code == "SOT900"]
    assert finding.severity.value == "error"
    assert finding.message


def test_broken_file_takes_no_part_in_project_rules(project):
    # Its definitions are unknown, so SOT022 cannot pair with it; nothing crashes either.
    p = project({"chat/broken.py": "class ChatManager:\n    pass\n)\n", "chat/a.py": "class ChatManager:\n    pass\n"})
    rows = p.check()
    assert [row for row in rows if row[3] == "SOT022"] == []
    assert [(r[0], r[1], r[3]) for r in only(rows, "chat/broken.py")] == [("chat/broken.py", 3, "SOT900")]


def test_non_utf8_without_cookie_is_sot900(project):
    p = project({"chat/latin.py": b"x = 1\ny = 2\nname = 'caf\xe9'\n"})
    rows = p.check()
    assert [(r[0], r[1], r[3]) for r in only(rows, "chat/latin.py")] == [("chat/latin.py", 3, "SOT900")]
    assert OK_FINDING in rows


def test_non_utf8_on_the_first_line_is_sot900(project):
    p = project({"chat/latin.py": b"name = 'caf\xe9'\n"})
    assert [(r[0], r[3]) for r in only(p.check(), "chat/latin.py")] == [("chat/latin.py", "SOT900")]


def test_latin1_coding_cookie_decodes(project):
    p = project(
        {
            "chat/latin.py": (
                b"# -*- coding: latin-1 -*-\n"
                b"name = 'caf\xe9'\n"
                b"from chat.other import Manager  # \xe9\n"
                b"s = '\xe9'; from chat.other import Manager\n"
            )
        }
    )
    assert only(p.check(), "chat/latin.py") == [
        ("chat/latin.py", 3, 24, "SOT002"),
        ("chat/latin.py", 4, 33, "SOT002"),
    ]


def test_cookie_on_the_second_line(project):
    p = project(
        {"chat/latin.py": b"#!/usr/bin/env python\n# coding: latin-1\nfrom chat.other import Manager  # \xe9\n"}
    )
    assert only(p.check(), "chat/latin.py") == [("chat/latin.py", 3, 24, "SOT002")]


def test_crlf_line_endings_and_non_ascii_text_keep_positions_right(project):
    p = project({"chat/crlf.py": 'x = "é"\r\ns = "ü"; from chat.other import Manager\r\n'.encode()})
    assert only(p.check(), "chat/crlf.py") == [("chat/crlf.py", 2, 33, "SOT002")]


def test_utf8_bom_is_fine(project):
    p = project({"chat/bom.py": b"\xef\xbb\xbffrom chat.other import Manager\n"})
    assert only(p.check(), "chat/bom.py") == [("chat/bom.py", 1, 24, "SOT002")]


def test_bom_contradicting_the_coding_cookie_is_sot900(project):
    p = project({"chat/bom.py": b"\xef\xbb\xbf# coding: latin-1\nx = 1\n"})
    assert [(r[0], r[3]) for r in only(p.check(), "chat/bom.py")] == [("chat/bom.py", "SOT900")]


def test_utf8_cookie_with_invalid_bytes_is_sot900(project):
    p = project({"chat/bad.py": b"# coding: utf-8\nx = 1\nname = '\xff'\n"})
    assert [(r[1], r[3]) for r in only(p.check(), "chat/bad.py")] == [(3, "SOT900")]


def test_unknown_coding_cookie_is_sot900(project):
    p = project({"chat/bad.py": b"# coding: no-such-encoding\nx = 1\n"})
    assert [(r[0], r[3]) for r in only(p.check(), "chat/bad.py")] == [("chat/bad.py", "SOT900")]


def test_nul_bytes_are_sot900(project):
    p = project({"chat/nul.py": b"from chat.other import Manager\nx = 1\x00\n"})
    rows = p.check()
    assert [(r[0], r[3]) for r in only(rows, "chat/nul.py")] == [("chat/nul.py", "SOT900")]
    assert OK_FINDING in rows


def test_pathologically_nested_file_is_sot900(project):
    # (SOT900 needs a file that may matter: this one names the governed `Manager`.)
    p = project({"chat/deep.py": "Manager = " + "(" * 500 + ")" * 500 + "\n"})
    assert [(r[0], r[3]) for r in only(p.check(), "chat/deep.py")] == [("chat/deep.py", "SOT900")]


def test_a_directory_named_like_a_python_file_is_not_a_crash(project):
    p = project({"chat/weird.py/inner.txt": ""})
    rows = p.check()
    assert OK_FINDING in rows
    assert [row for row in rows if row[0].startswith("chat/weird.py")] == []


def test_several_policies_report_sot900_once(make_project):
    files = {**TREE, "chat/broken.py": "def broken(:  # Manager\n"}
    p = make_project(files, policies={"contracts/a.toml": POLICY, "contracts/b.toml": POLICY})
    assert [(r[0], r[1], r[3]) for r in p.check() if r[3] == "SOT900"] == [("chat/broken.py", 1, "SOT900")]


def test_cli_never_prints_a_traceback(project):
    p = project(
        {
            # Each broken file names the governed `Manager`, so it may matter (else: not parsed).
            "chat/broken.py": "def broken(:  # Manager\n",
            "chat/latin.py": b"name = 'caf\xe9'\n",  # not UTF-8: cannot be decoded, so it may matter
            "chat/nul.py": b"Manager = 1\x00\n",
            "chat/bad_cookie.py": b"# coding: no-such-encoding\n",
            "chat/deep.py": "Manager = " + "(" * 500 + ")" * 500 + "\n",
            "chat/bom.py": b"\xef\xbb\xbfx = 1\n",
            "chat/unrelated.py": "def broken(:\n",  # no needle: cannot hide a finding, not reported
        }
    )
    result = p.cli()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    sot900 = sorted(line.split(":")[0] for line in result.stdout.splitlines() if " SOT900 " in line)
    assert sot900 == ["chat/bad_cookie.py", "chat/broken.py", "chat/deep.py", "chat/latin.py", "chat/nul.py"]
    assert "chat/ok.py:1:24: SOT002 " in result.stdout
