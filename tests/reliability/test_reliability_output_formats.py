"""Every output is well-formed, and inert, whatever file names, messages and policy names hold.

A file name is bytes chosen by whoever wrote the repository, and policy messages and names
are free text: control characters, a terminal escape, a newline, a lone surrogate (an
undecodable byte of a file name), U+FFFE, backticks, ``<img src=x>``, ``[click](http://e)``.
Each format is read back by its own parser: JSON (json, sarif, gitlab) must parse, JUnit
must be well-formed XML 1.0 (ElementTree and minidom), every line of ``github`` must be one
workflow command naming the file as it is, markdown must render (markdown-it-py, CommonMark
with tables) with no tag, link, image or block coming from the text; and every report must
be UTF-8. ``--diff`` of a file holding the characters ``str.splitlines`` breaks at must apply
with ``git apply`` and ``patch`` and give exactly what ``--fix`` writes.

Two ways in: a project with hostile file names and policy text, through ``ssot check`` as a
real process writing to a pipe with a strict UTF-8 stdout; and hypothesis, rendering every
format in process from results holding arbitrary paths, messages, policy names and baseline
entries.
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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from importlinter_ssot.adapters.fix_reporting import render_diff
from importlinter_ssot.adapters.formats import FORMATS
from importlinter_ssot.adapters.formats.markdown_text import code_span, message_text
from importlinter_ssot.adapters.formats.visible import visible
from importlinter_ssot.adapters.output_files import report_bytes
from importlinter_ssot.adapters.presentation import display_path
from importlinter_ssot.adapters.rule_docs import DOCS_URL
from importlinter_ssot.application.analysis.check import CheckResult
from importlinter_ssot.application.fix.fixing import FileChange, FixResult
from importlinter_ssot.domain.baseline import BaselineEntry, BaselineSummary
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.rules.registry import RULES

# -- reading each format back ---------------------------------------------------------------------

GITHUB_COMMAND = re.compile(r"::(?:error|warning) file=[^,:\r\n]*,line=\d+,col=\d+,title=SOT\d{3}::[^\r\n]*")
# Our own tags in the markdown report: the collapsible section of each file.
OUR_TAGS = re.compile(r"</?(?:details|summary|code)>")
# What GitHub's autolink extension turns into a link with no markup around it.
AUTOLINKED = re.compile(r"://|www\.|@", re.IGNORECASE)


def markdown_findings(text: str) -> int:
    """The finding items of a markdown report, asserting nothing in it is markup the report did not write."""
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    allowed = {"heading", "paragraph", "table", "thead", "tbody", "tr", "th", "td", "bullet_list", "list_item"}
    items = 0
    for token in tokens:
        kind = token.type.removesuffix("_open").removesuffix("_close")
        if token.type == "html_block":
            assert "<" not in OUR_TAGS.sub("", token.content), token.content
        elif token.type == "inline":
            children = token.children or []
            for child in children:
                assert child.type in {
                    "text",
                    "code_inline",
                    "strong_open",
                    "strong_close",
                    "link_open",
                    "link_close",
                    "hardbreak",
                }
                if child.type == "link_open":  # only the table's links to the rules
                    assert str(child.attrs["href"]).startswith(DOCS_URL), child.attrs
                if child.type == "text":
                    assert not AUTOLINKED.search(child.content), child.content
            if children and children[0].type == "code_inline" and re.fullmatch(r"\d+:\d+", children[0].content):
                items += 1
        else:
            assert kind in allowed, token.type
    assert sum(token.type == "heading_open" for token in tokens) == 1
    return items


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
    if name == "markdown":
        return markdown_findings(text)
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


@pytest.mark.parametrize("name", sorted(FORMATS))
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


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("a", "`a`"),
        ("a`b", "``a`b``"),
        ("`a", "`` `a ``"),
        ("a``", "``` a`` ```"),
        (" a ", "`  a  `"),  # CommonMark eats one space at each end: the text's own must stay
        ("x` <img src=x> [click](http://e) `.py", "``x` <img src=x> [click](http://e) `.py``"),
    ],
)
def test_a_markdown_code_span_outlasts_the_backticks_inside(text: str, span: str) -> None:
    assert code_span(text) == span
    (inline,) = [token for token in MarkdownIt("commonmark").parse(f"x {span}") if token.type == "inline"]
    assert [(child.type, child.content) for child in inline.children or []][-1] == ("code_inline", text)


def test_markdown_message_text_keeps_quoted_names_as_code_and_escapes_the_rest() -> None:
    message = "import of `chat.old`: see [click](http://e) <img src=x> *now* or mail a@b.co; get_manager()"
    assert message_text(message) == (
        "import of `chat.old`: see `[click](http://e)` \\<img src=x\\> \\*now\\* or mail `a@b.co;` get_manager()"
    )


# -- property: arbitrary paths, messages, names --------------------------------------------------

HOSTILE_CHARACTERS = (
    "\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\x9b\r\n\t\u2028\u2029\ufffe\uffff\ud800\udcff\udfff"
    "`*_[]()<>!&|~#=+-.:/@\\%,\"' 1"
)
FRAGMENTS = [
    "<img src=x>",
    "[click](http://e)",
    "![i](http://e/i.png)",
    "<http://e>",
    "```",
    "www.evil.com",
    "a@b.co",
    "\x1b[31m",
    "&lt;",
    "<!--",
    "]]>",
    "\n\n",
    "# ",
    "1. ",
    "> ",
    "| --- |",
    "</details>",
]
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(st.sampled_from(HOSTILE_CHARACTERS), max_size=6),
        st.text(st.characters(exclude_categories=()), max_size=6),  # surrogates included
    ),
    max_size=6,
).map("".join)


@st.composite
def results(draw: st.DrawFn) -> CheckResult:
    root = os.getcwd().replace(os.sep, "/")
    paths = [f"{root}/{draw(hostile_text)}x.py" for _ in range(draw(st.integers(1, 3)))]
    findings = tuple(
        Finding(
            draw(st.sampled_from(paths)),
            draw(st.integers(1, 10_000)),
            draw(st.integers(1, 500)),
            draw(st.sampled_from(RULES)),
            draw(hostile_text),
            symbol=draw(st.none() | hostile_text),
            via=draw(st.none() | hostile_text),
        )
        for _ in range(draw(st.integers(0, 6)))
    )
    policy = Policy(draw(hostile_text), f"{root}/contracts/ssot.toml", root, ("chat",))
    entries = tuple(
        BaselineEntry(draw(hostile_text), "SOT011", draw(hostile_text), draw(hostile_text), draw(st.integers(1, 3)))
        for _ in range(draw(st.integers(0, 2)))
    )
    baseline = draw(st.none() | st.just(BaselineSummary(f"{root}/{draw(hostile_text)}.json", 1, entries)))
    return CheckResult(findings, len(paths), (policy,), (), checked=tuple(sorted(paths)), baseline=baseline)


@settings(
    max_examples=int(os.environ.get("SSOT_FUZZ_EXAMPLES", 100)),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(result=results())
def test_every_format_is_well_formed_whatever_paths_and_messages_hold(result: CheckResult) -> None:
    for name, report_format in FORMATS.items():
        data = report_bytes(report_format.render(result, "2026-06-15"))
        assert findings_in(name, data) in (len(result.findings), None), name
    # JSON changes nothing but what UTF-8 cannot hold: a lone surrogate is U+FFFD.
    document = json.loads(report_bytes(FORMATS["json"].render(result, "2026-06-15")))
    assert sorted(item["message"] for item in document["findings"]) == sorted(
        re.sub("[\ud800-\udfff]", "\ufffd", finding.message) for finding in result.findings
    )


@settings(max_examples=int(os.environ.get("SSOT_FUZZ_EXAMPLES", 100)), deadline=None, database=None)
@given(result=results())
def test_markdown_shows_each_message_as_its_text(result: CheckResult) -> None:
    tokens = MarkdownIt("commonmark").enable("table").parse(FORMATS["markdown"].render(result, "2026-06-15"))
    shown = []
    for token in tokens:
        children = token.children or []
        if token.type == "inline" and children and re.fullmatch(r"\d+:\d+", children[0].content):
            # `line:col` **CODE** message: the message is what follows the strong code.
            shown.append("".join(child.content for child in children[5:]))
    messages = [visible(finding.message) for finding in result.findings]
    # A message's `quoted` names are code spans, so only their backticks go; the item is trimmed.
    assert sorted(text.replace("`", "").strip() for text in shown) == sorted(
        message.replace("`", "").strip() for message in messages
    )


# -- the diff ------------------------------------------------------------------------------------------


def test_diff_of_a_file_holding_what_splitlines_breaks_at_applies_with_git_and_patch(make_project) -> None:
    from support.fix_tree import POLICY, TREE

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
