"""Every output is well-formed, and inert, whatever file names, messages and policy names hold.

A file name is bytes chosen by whoever wrote the repository, and policy messages and names
are free text: control characters, a terminal escape, a newline, a lone surrogate (an
undecodable byte of a file name), U+FFFE, backticks, ``<img src=x>``, ``[click](http://e)``.
Each format is read back by its own parser: JSON (json, sarif, gitlab) must parse, JUnit
must be well-formed XML 1.0 (ElementTree and minidom), every line of ``github`` must be one
workflow command naming the file as it is; and every report must be UTF-8. ``--diff`` of a
file holding the characters ``str.splitlines`` breaks at must apply with ``git apply`` and
``patch`` and give exactly what ``--fix`` writes.

Through ``ssot check`` as a real process writing to a pipe with a strict UTF-8 stdout, on a
project with hostile file names and policy text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.dom.minidom
import xml.etree.ElementTree as ElementTree

import pytest

from importlinter_ssot.adapters.fix_reporting import render_diff
from importlinter_ssot.adapters.formats import FORMATS
from importlinter_ssot.adapters.presentation import display_path
from importlinter_ssot.application.check import CheckResult
from importlinter_ssot.application.fixing import FileChange, FixResult
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.rules.registry import RULES

# -- reading each format back ---------------------------------------------------------------------

GITHUB_COMMAND = re.compile(r"::(?:error|warning) file=[^,:\r\n]*,line=\d+,col=\d+,title=SOT\d{3}::[^\r\n]*")


def findings_in(name: str, data: bytes) -> int | None:
    """How many findings the report ``data`` of format ``name`` holds, asserting it is well-formed."""
    text = data.decode("utf-8")  # strict: every report is UTF-8
    if name == "json":
        return len(json.loads(text)["findings"])
    if name == "sarif":
        return len(json.loads(text)["runs"][0]["results"])
    if name == "gitlab":
        return len(json.loads(text))
    if name == "junit":
        xml.dom.minidom.parseString(data)
        root = ElementTree.fromstring(data)
        bodies = [element.text or "" for element in root.iter() if element.tag in ("failure", "system-out")]
        return sum(len(body.split("\n")) for body in bodies)  # one line per finding
    if name == "github":
        lines = text.split("\n")
        assert lines.pop() == ""
        for line in lines:
            assert GITHUB_COMMAND.fullmatch(line), line
        return len(lines)
    assert name == "text"  # left as it is: a name holding a line break spans lines
    return None


# -- through the command -----------------------------------------------------------------------

HOSTILE_NAMES = [
    "chat/esc\x1b[31m%:,\nname.py",
    "chat/x` <img src=x> [click](http:/e) `.py",  # a directory `x` … (http:`, then `e) `.py`
    "chat/ctl\x01\x08\x0b\x0c\x0e\x1f\x7f\x85.py",
    "chat/nonchar\ufffe\uffff.py",
    "chat/cr\rand ``tick`` |pipe| &amp; *em* _u_ ~~s~~ www.evil.com a@b.co.py",
    os.fsdecode(b"chat/undecodable\xff.py"),  # a lone surrogate in the messages that name its module
]
MESSAGE = (
    r"gone \u0000\u0001\u001b[31mred <img src=x onerror=alert(1)> [click](http://e) ![i](http://e/i.png) "
    r"`tick` | pipe & &lt; *em* _em_ ~~s~~ www.evil.com a@b.co \ufffe\r\n\n# heading\n- item"
)
HOSTILE_POLICY = f"""
[policy]
name = "hostile \\u001b[31m <b>bold</b> | `x` [l](http://e)"
root_packages = ["chat"]

[[module]]
name = "chat.legacy"
status = "forbidden"
message = "{MESSAGE}"

[[duplicates]]
pattern = "Thing"
within = ["chat.**"]
"""
HOSTILE_SOURCE = "import chat.legacy\n\n\nclass Thing:\n    pass\n"


@pytest.fixture
def hostile_project(make_project):
    files = {"chat/__init__.py": "", "chat/legacy.py": ""}
    files.update({name: HOSTILE_SOURCE for name in HOSTILE_NAMES})
    return make_project(files, HOSTILE_POLICY)


@pytest.mark.parametrize("name", sorted(set(FORMATS) - {"markdown"}))
def test_every_format_is_well_formed_with_hostile_names_and_messages(hostile_project, name: str) -> None:
    # A real process writing to a pipe, with a stdout that refuses what UTF-8 cannot encode.
    strict = {"PYTHONIOENCODING": "utf-8:strict"}
    run = hostile_project.cli_process("--format", name, "--no-cache", text=False, env=strict)
    assert b"Traceback" not in run.stderr and run.returncode == 1, run.stderr.decode("utf-8", "replace")
    expected = 2 * len(HOSTILE_NAMES)  # an SOT011 and an SOT022 in each file
    assert findings_in(name, run.stdout) in (expected, None)


def test_github_escapes_a_file_name_and_does_not_strip_it(hostile_project) -> None:
    run = hostile_project.cli_process("--format", "github", "--no-cache", text=False)  # stdout: a pipe
    lines = run.stdout.decode("utf-8").split("\n")[:-1]  # the runner's lines end at \n, \r, \r\n only
    # ESC [31m stays as it is (the runner reads it as part of the name); %, :, ",", the newline are escaped.
    assert "::error file=chat/esc\x1b[31m%25%3A%2C%0Aname.py,line=1,col=8,title=SOT011::" in [
        line[: line.index("::", 2) + 2] for line in lines
    ]


def test_junit_writes_what_xml_cannot_hold_as_visible_escapes(hostile_project) -> None:
    run = hostile_project.cli_process("--format", "junit", "--no-cache", text=False)
    names = {case.get("name") for case in ElementTree.fromstring(run.stdout).iter("testcase")}
    assert "chat/esc\\x1b[31m%:,\\nname.py" in names
    assert "chat/ctl\\x01\\x08\\x0b\\x0c\\x0e\\x1f\\x7f\\x85.py" in names
    assert "chat/nonchar\\ufffe\\uffff.py" in names
    assert "chat/undecodable\ufffd.py" in names  # as every format shows an undecodable byte of a path


def test_a_report_to_a_file_holds_a_lone_surrogate_as_u_fffd(hostile_project) -> None:
    run = hostile_project.cli("--format", "json", "--no-cache", "--output", "report.json")
    assert run.returncode == 1
    document = json.loads((hostile_project.root / "report.json").read_bytes().decode("utf-8"))
    messages = [finding["message"] for finding in document["findings"] if finding["code"] == "SOT022"]
    assert any("`chat.undecodable\ufffd`" in message for message in messages)


def test_a_path_with_any_lone_surrogate_is_shown_with_u_fffd_and_fingerprinted() -> None:
    # A byte no encoding decoded (PEP 383), and a surrogate a Windows file name can hold.
    path = f"{os.getcwd()}/a\udcff\ud800b.py"
    assert display_path(path) == "a\ufffd\ufffdb.py"
    result = CheckResult((Finding(path, 1, 1, RULES[0], "message"),), 1, (), ())
    for name in ("sarif", "gitlab"):  # their fingerprints hash the path
        assert findings_in(name, FORMATS[name].render(result, "2026-06-15").encode("utf-8")) == 1


# -- the diff ------------------------------------------------------------------------------------------


def test_diff_of_a_file_holding_what_splitlines_breaks_at_applies_with_git_and_patch(make_project) -> None:
    from test_fix_forms import POLICY, TREE

    git, patch = shutil.which("git"), shutil.which("patch")
    if git is None or patch is None:
        pytest.skip("needs git and patch")
    odd = "\x0c\x0b\x1c\x1d\x1e\x85\u2028\u2029\x1b[31m"  # line breaks for str.splitlines, not for diff
    files = {
        # CRLF, a lone CR, the odd characters in a comment and a string, no newline at the end.
        "chat/app/a.py": f"# {odd} comment\r\nfrom chat.core.old import Manager\r\nx = '{odd}'\ry = 1\nz = 2".encode(),
        # The fixed import is the last line, with no line break after it.
        "chat/app/b.py": f"# {odd}\nfrom chat.core.old import Manager".encode(),
        # A last line that ends with a lone CR.
        "chat/app/c.py": f"from chat.core.old import Manager\n# {odd}\r".encode(),
    }
    shown, fixed = make_project({**TREE, **files}, POLICY), make_project({**TREE, **files}, POLICY)
    run = shown.cli_process("--diff", "--no-cache", text=False)  # stdout: a pipe
    assert run.returncode == 1, run.stderr
    assert run.stdout.count(b"+++ ") == 3
    (shown.root / "fix.diff").write_bytes(run.stdout)
    outside_git = {**os.environ, "GIT_CEILING_DIRECTORIES": str(shown.root.parent)}
    for command in (
        [git, "apply", "--check", "-p0", "fix.diff"],
        [patch, "-p0", "--dry-run", "--input", "fix.diff"],
        [git, "apply", "-p0", "fix.diff"],
    ):
        applied = subprocess.run(command, cwd=shown.root, capture_output=True, env=outside_git, timeout=60)
        assert applied.returncode == 0, (command, applied.stdout, applied.stderr)
    assert fixed.cli("--fix", "--no-cache").returncode in (0, 1)
    for name in files:
        assert (shown.root / name).read_bytes() == (fixed.root / name).read_bytes() != files[name]


def test_diff_lines_break_at_newlines_only() -> None:
    before = "a\x0cb\u2028c\x1c\r\nold\rd"
    change = FileChange(f"{os.getcwd()}/x.py", (), before, before.replace("old", "new"))
    nothing = CheckResult((), 0, (), ())
    diff = render_diff(FixResult(nothing, (change,), (), written=False))
    assert diff.split("\n") == [
        "--- x.py",
        "+++ x.py",
        "@@ -1,2 +1,2 @@",
        " a\x0cb\u2028c\x1c\r",
        "-old\rd",
        "\\ No newline at end of file",
        "+new\rd",
        "\\ No newline at end of file",
        "",
    ]
