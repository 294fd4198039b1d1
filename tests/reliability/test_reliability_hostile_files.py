"""Hostile files: each has a defined outcome — correct findings, or one SOT900 — never a traceback.

Contents (encodings, line endings, control characters, size, nesting, syntax errors)
are checked in process, through the engine's use case (where the conftest also
proves the relevance prefilter exact) and through ``parse_source`` directly, and then
all together through the ``ssot check`` command (in process). File-system hazards (symlink
loops, unreadable and vanishing files, FIFOs and devices, odd directory names,
namespace packages, ``.pyi`` stubs, file names that are not UTF-8) each have a test.
Three stay real ``python -m importlinter_ssot`` processes, because the process is what
they guard: a FIFO must not hang it (time limit), ``/dev/zero`` must not exhaust its
memory (address-space limit), and its stdout must be valid UTF-8 JSON for a file name
that is not UTF-8 (the bytes a real stdout gets).
"""

from __future__ import annotations

import datetime
import json
import os
import socket
import subprocess

import pytest

from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.analysis.check import run_check
from importlinter_ssot.application.analysis.parsing import _ColumnMap, parse_source
from importlinter_ssot.application.policy.policy_loading import load_projects

TODAY = datetime.date(2026, 6, 15)

POLICY = """
[policy]
name = "hostile"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
defined_in = "chat.core.impl"
canonical = ["chat.core.api"]
"""

TREE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "",
    "chat/core/impl.py": "class Manager:\n    pass\n",
    "chat/core/api.py": "from chat.core.impl import Manager\n",
    # A healthy file with a finding: every other file is still checked.
    "chat/ok.py": "from chat.other import Manager\n",
}
OK_FINDING = ("chat/ok.py", 1, 24, "SOT002")

IMPORT = b"from chat.other import Manager"  # an SOT002; `Manager` is at column 24 when the line starts with it

# 5 MB of comments and a 1 MB string constant between two findings: big, but cheap to parse.
BIG = IMPORT + b"\n" + (b"# " + b"x" * 97 + b"\n") * 40_000 + b'DATA = "' + b"y" * 1_000_000 + b'"\n' + IMPORT + b"\n"
assert len(BIG) > 5_000_000

DEPTH = 100_000

# name: (file content, expected findings in it as (line, column or None, code))
CONTENTS: dict[str, tuple[bytes, list[tuple[int, int | None, str]]]] = {
    # -- encodings
    "non-utf8 bytes": (b"x = 1\nname = 'caf\xe9'\n" + IMPORT + b"\n", [(2, None, "SOT900")]),
    "non-utf8 in a comment": (b"# caf\xe9\n" + IMPORT + b"\n", [(1, None, "SOT900")]),
    "pep263 latin-1 cookie": (
        b"# -*- coding: latin-1 -*-\ns = '\xe9\xe9'; " + IMPORT + b"\n",
        [(2, 34, "SOT002")],  # columns count characters, not bytes
    ),
    "pep263 cookie on line 2": (
        b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n# \x80\n" + IMPORT + b"\n",
        [(4, 24, "SOT002")],
    ),
    "pep263 unknown encoding": (b"# coding: klingon\n" + IMPORT + b"\n", [(1, None, "SOT900")]),
    "pep263 utf-16 cookie": (b"# coding: utf-16\n" + IMPORT + b"\n", [(1, None, "SOT900")]),
    "utf-16 with its BOM": ((IMPORT + b"\n").decode().encode("utf-16"), [(1, None, "SOT900")]),
    "NFKC-normalised identifier": ("from chat.other import \uff2danager\n".encode(), [(1, 24, "SOT002")]),
    "lone surrogate in utf-8": (b"s = '\xed\xa0\x80'\n" + IMPORT + b"\n", [(1, None, "SOT900")]),
    "utf-8 BOM": (b"\xef\xbb\xbf" + IMPORT + b"\n", [(1, 24, "SOT002")]),
    "utf-8 BOM and non-ascii": (b"\xef\xbb\xbfs = '\xc3\xa9'; " + IMPORT + b"\n", [(1, 33, "SOT002")]),
    "utf-8 BOM contradicting the cookie": (b"\xef\xbb\xbf# coding: latin-1\n" + IMPORT + b"\n", [(1, None, "SOT900")]),
    "only a BOM": (b"\xef\xbb\xbf", []),
    # -- line endings
    "crlf": (b"x = 1\r\n\r\n" + IMPORT + b"\r\n", [(3, 24, "SOT002")]),
    "lone cr": (b"x = 1\r\r" + IMPORT + b"\r", [(3, 24, "SOT002")]),
    "mixed line endings": (b"a = 1\r\nb = 2\rc = 3\n" + IMPORT + b"\r\n", [(4, 24, "SOT002")]),
    "lone cr and non-ascii": ("é = 1\rs = 'ü'; ".encode() + IMPORT + b"\r", [(2, 33, "SOT002")]),
    "crlf inside a parenthesised import": (
        b"from chat.other import (\r\n    os,\r\n    Manager,\r\n)\r\n",
        [(3, 5, "SOT002")],
    ),
    "unicode line separators are not line breaks": (
        "s = '\u2028\x85\x0b\x1c'  # \u2029\n".encode() + IMPORT + b"\n",
        [(2, 24, "SOT002")],
    ),
    "no newline at end of file": (IMPORT, [(1, 24, "SOT002")]),
    # -- whitespace and control characters
    "form feed line": (b"x = 1\n\x0c\n" + IMPORT + b"\n", [(3, 24, "SOT002")]),
    "form feed before a statement": (b"\x0c" + IMPORT + b"\n", [(1, 25, "SOT002")]),
    "form feed in indentation": (b"if True:\n\x0c    " + IMPORT + b"\n", [(2, 29, "SOT002")]),
    "tabs": (b"if True:\n\tfrom chat.other import\tManager\n", [(2, 25, "SOT002")]),
    "inconsistent tabs and spaces": (b"if True:\n        x = 1\n\t" + IMPORT + b"\n", [(3, None, "SOT900")]),
    "nul byte": (IMPORT + b"\nx = 1\x00\n", [(None, None, "SOT900")]),
    "nul byte in a comment": (b"# \x00\n" + IMPORT + b"\n", [(None, None, "SOT900")]),
    # -- size and nesting
    "empty file": (b"", []),
    "only blank lines": (b"\n\n   \n\t\n", []),
    "5 MB file": (BIG, [(1, 24, "SOT002"), (BIG.count(b"\n"), 24, "SOT002")]),
    "100k nested parentheses": (IMPORT + b"\nx = " + b"(" * DEPTH + b")" * DEPTH + b"\n", [(2, None, "SOT900")]),
    "100k nested brackets": (IMPORT + b"\nx = " + b"[" * DEPTH + b"]" * DEPTH + b"\n", [(2, None, "SOT900")]),
    "100k nested braces": (IMPORT + b"\nx = " + b"{" * DEPTH + b"}" * DEPTH + b"\n", [(2, None, "SOT900")]),
    "100k unary operators": (IMPORT + b"\nx = " + b"-" * DEPTH + b"1\n", [(None, None, "SOT900")]),
    "100k chained additions": (IMPORT + b"\nx = " + b"1+" * DEPTH + b"1\n", [(None, None, "SOT900")]),
    "100k attribute chain": (IMPORT + b"\nx = a" + b".b" * DEPTH + b"\n", [(None, None, "SOT900")]),
    "100k nested lambdas": (IMPORT + b"\nx = " + b"lambda: " * DEPTH + b"1\n", [(None, None, "SOT900")]),
    "100 nested blocks": (
        b"".join(b" " * depth + b"if True:\n" for depth in range(100)) + b" " * 100 + IMPORT + b"\n",
        [(101, None, "SOT900")],  # the interpreter allows 100 levels of indentation, not 101
    ),
    # -- syntax errors
    "syntax error on the last line": (IMPORT + b"\nx = 1\ndef broken(:\n", [(3, None, "SOT900")]),
    "syntax error on the last line, no newline": (IMPORT + b"\nx = 1\ny = (", [(3, None, "SOT900")]),
    "unterminated triple-quoted string": (IMPORT + b'\ns = """never closed\n', [(2, None, "SOT900")]),
    "backslash continuation at end of file": (IMPORT + b"\nx = 1 \\", [(None, None, "SOT900")]),
}


@pytest.fixture
def project(make_project):
    def make(files: dict[str, str | bytes]):
        return make_project({**TREE, **files}, POLICY)

    return make


def rows_for(rows, path):
    return [(line, column, code) for found, line, column, code in rows if found == path]


def matches(actual: list[tuple[int, int, str]], expected: list[tuple[int | None, int | None, str]]) -> bool:
    return len(actual) == len(expected) and all(
        code == want_code
        and (want_line is None or line == want_line)
        and (want_column is None or column == want_column)
        for (line, column, code), (want_line, want_column, want_code) in zip(actual, expected, strict=True)
    )


@pytest.mark.parametrize("case", list(CONTENTS))
def test_hostile_content_has_its_defined_outcome(project, case):
    data, expected = CONTENTS[case]
    parsed = parse_source(data)  # never raises
    assert (parsed.failure is not None) == any(code == "SOT900" for _, _, code in expected)
    p = project({"chat/hostile.py": data})
    result = p.result()
    rows = [(p.rel(f.path), f.line, f.column, f.code) for f in result.findings]
    actual = rows_for(rows, "chat/hostile.py")
    assert matches(actual, expected), actual
    assert OK_FINDING in rows
    assert result.files_checked == len(TREE) + 1
    for finding in result.findings:
        assert finding.line >= 1 and finding.column >= 1 and finding.message


def test_all_hostile_contents_at_once_through_the_command(project):
    files = {f"chat/hostile_{index}.py": data for index, (data, _) in enumerate(CONTENTS.values())}
    p = project(files)
    expected = {(p.rel(f.path), f.line, f.column, f.code) for f in p.findings()}
    for jobs in ("1", "2"):
        result = p.cli("--jobs", jobs, "--no-cache")
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 1
        found = {
            (path, int(line), int(column), rest.split()[0])
            for path, line, column, rest in (row.split(":", 3) for row in result.stdout.splitlines()[:-1])
        }
        assert found == expected
    assert f"in {len(TREE) + len(CONTENTS)} files checked" in result.stdout


def test_a_5_mb_line_with_many_imports_is_checked_in_linear_time(project):
    """Columns count characters; mapping byte offsets must not re-read the whole line per import.

    Counted, not timed: the bytes the column map decodes for 500 imports on one 5 MB line
    stay within one pass over the line (a re-read per import would be 500 passes).
    """
    prefix = 's = "' + "\u00e9" * 2_500_000 + '"; '
    line = prefix + "from chat.other import Manager; " * 500
    data = (line + "\n").encode()
    assert len(data) > 5_000_000
    parsed = parse_source(data)
    last = parsed.imports[-1].names[0].position
    assert (len(parsed.imports), last.line, last.column) == (500, 1, len(prefix) + 499 * 32 + 24)

    class CountingBytes(bytes):
        decoded = 0

        def __getitem__(self, key):  # type: ignore[no-untyped-def]
            part = super().__getitem__(key)
            if isinstance(key, slice):
                CountingBytes.decoded += len(part)
            return part

    columns = _ColumnMap(line + "\n")
    columns._encoded[1] = CountingBytes(line.encode())
    offsets = [statement.position for statement in parsed.imports]
    encoded_prefix = len(prefix.encode())
    for index in range(500):
        columns.at(1, encoded_prefix + index * 32)
    assert [columns.at(1, encoded_prefix + index * 32) for index in (0, 499)] == [offsets[0], offsets[-1]]
    decoded = CountingBytes.decoded
    assert decoded <= 2 * len(data), f"{decoded:,} bytes decoded for a {len(data):,}-byte line"


def test_names_on_a_long_non_ascii_line_are_located_in_linear_time():
    """Attribute uses are located by where their name ends: one pass over the line, not one per name."""
    prefix = 's = "' + "\u00e9" * 1_000_000 + '"; '
    line = prefix + "mod.Manager; " * 500

    class CountingStr(str):
        encoded = 0

        def encode(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            CountingStr.encoded += len(self)
            return super().encode(*args, **kwargs)

    columns = _ColumnMap(line + "\n")
    assert columns._lines is not None
    columns._lines[0] = CountingStr(line)
    name_end = len(prefix.encode()) + len("mod.Manager")
    positions = [columns.name_ending_at(1, name_end + index * 13) for index in range(500)]
    assert positions[0].column == len(prefix) + len("mod.") + 1
    assert positions[-1].column == len(prefix) + 499 * 13 + len("mod.") + 1
    assert CountingStr.encoded <= 2 * len(line), f"{CountingStr.encoded:,} characters encoded for a {len(line):,}"


def test_a_long_elif_chain_is_valid_python_and_checked(project):
    """1200 `elif`s nest 1200 deep in the AST; the interpreter compiles it, so the tool checks it."""
    source = (
        "x = 0\nif x == 0:\n    pass\n"
        + "".join(f"elif x == {index}:\n    pass\n" for index in range(1, 1201))
        + "else:\n    class Manager:\n        pass\n    from chat.other import Manager\n"
    )
    compile(source, "elif_chain.py", "exec")  # valid Python
    line = source.count("\n") - 2  # the class line
    p = project({"chat/elif_chain.py": source})
    assert rows_for(p.check(), "chat/elif_chain.py") == [(line, 5, "SOT020"), (line + 2, 28, "SOT002")]
    result = p.cli()
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert f"chat/elif_chain.py:{line}:5: SOT020 " in result.stdout


# -- the file system ----------------------------------------------------------------------------


def test_symlink_loops_are_sot900_and_symlinked_directories_are_not_followed(project):
    p = project({"chat/pkg/real.py": IMPORT + b"\n"})
    chat = p.root / "chat"
    (chat / "loop_a.py").symlink_to("loop_b.py")
    (chat / "loop_b.py").symlink_to("loop_a.py")
    (chat / "itself.py").symlink_to("itself.py")
    (chat / "dangling.py").symlink_to("no_such_file.py")
    (chat / "pkg" / "up").symlink_to("..", target_is_directory=True)  # a directory loop
    (chat / "pkg" / "here").symlink_to(".", target_is_directory=True)
    (chat / "linked.py").symlink_to("ok.py")  # a symlinked *file* is a file: checked
    rows = p.check()
    cannot_read = sorted(path for path, line, column, code in rows if code == "SOT900")
    assert cannot_read == ["chat/dangling.py", "chat/itself.py", "chat/loop_a.py", "chat/loop_b.py"]
    assert all((line, column) == (1, 1) for path, line, column, code in rows if code == "SOT900")
    assert ("chat/pkg/real.py", 1, 24, "SOT002") in rows and OK_FINDING in rows
    assert ("chat/linked.py", 1, 24, "SOT002") in rows
    assert not [row for row in rows if "/up/" in row[0] or "/here/" in row[0]]
    message = next(f.message for f in p.findings() if f.path.endswith("loop_a.py"))
    assert message.startswith("cannot read file")
    result = p.cli()
    assert "Traceback" not in result.stderr and result.returncode == 1


class FailingReads(LocalFileSystem):
    """The local file system, except that reading some paths fails the way the OS would."""

    def __init__(self, failures: dict[str, OSError]) -> None:
        self.failures = failures

    def read_bytes(self, path: str) -> bytes:
        if path in self.failures:
            raise self.failures[path]
        return super().read_bytes(path)


@pytest.mark.parametrize(
    "error, reason",
    [
        pytest.param(PermissionError(13, "Permission denied"), "Permission denied", id="permission-denied"),
        pytest.param(FileNotFoundError(2, "No such file or directory"), "No such file or directory", id="deleted"),
        pytest.param(IsADirectoryError(21, "Is a directory"), "Is a directory", id="now-a-directory"),
        pytest.param(OSError(5, "Input/output error"), "Input/output error", id="io-error"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_sot900_and_the_rest_is_checked(project, error, reason):
    p = project({"chat/victim.py": "class Manager:\n    pass\n"})
    file_system = FailingReads({p.abs("chat/victim.py"): error})
    projects = load_projects(file_system, [p.abs("contracts/ssot.toml")])
    result = run_check(file_system, projects, TODAY, runner=SerialRunner())
    rows = [(p.rel(f.path), f.line, f.column, f.code, f.message) for f in result.findings]
    assert ("chat/victim.py", 1, 1, "SOT900", f"cannot read file: {reason}") in rows
    assert [row for row in rows if row[0] == "chat/victim.py"] == [
        ("chat/victim.py", 1, 1, "SOT900", f"cannot read file: {reason}")
    ]
    assert OK_FINDING + ("`Manager` imported from non-canonical `chat.other`; import it from `chat.core.api`",) in rows


def test_a_file_deleted_between_scan_and_check(project):
    p = project({"chat/gone.py": "class ExtraManager:\n    pass\n", "chat/stays.py": IMPORT + b"\n"})
    file_system = LocalFileSystem()
    projects = load_projects(file_system, [p.abs("contracts/ssot.toml")])
    (p.root / "chat/gone.py").unlink()
    (p.root / "chat/stays.py").write_bytes(b"x = 1\n" + IMPORT + b"\n")  # and another one edited meanwhile
    result = run_check(file_system, projects, TODAY, runner=SerialRunner())
    rows = [(p.rel(f.path), f.line, f.column, f.code) for f in result.findings]
    assert ("chat/gone.py", 1, 1, "SOT900") in rows
    assert ("chat/stays.py", 2, 24, "SOT002") in rows and OK_FINDING in rows


def test_unreadable_file_by_permissions(project):
    if os.geteuid() == 0:
        pytest.skip(
            "running as root, chmod 000 does not stop reading; the same outcome is proven with "
            "PermissionError from the file system (test_a_file_that_cannot_be_read_is_one_sot900...)"
        )
    p = project({"chat/secret.py": IMPORT + b"\n"})
    (p.root / "chat/secret.py").chmod(0)
    try:
        rows = p.check()
    finally:
        (p.root / "chat/secret.py").chmod(0o644)
    assert [row for row in rows if row[0] == "chat/secret.py"] == [("chat/secret.py", 1, 1, "SOT900")]
    assert OK_FINDING in rows


def test_a_socket_named_like_a_module_is_sot900(project, tmp_path):
    p = project({})
    # AF_UNIX paths are limited to ~107 bytes: bind from inside the directory.
    cwd = os.getcwd()
    os.chdir(p.root / "chat")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("sock.py")
        rows = p.check()
    finally:
        server.close()
        os.chdir(cwd)
    assert [row for row in rows if row[0] == "chat/sock.py"] == [("chat/sock.py", 1, 1, "SOT900")]
    assert OK_FINDING in rows


def test_a_fifo_named_like_a_module_does_not_hang_the_check(project):
    """Reading a FIFO blocks until a writer comes, which never happens: it is not a source file."""
    p = project({})
    os.mkfifo(p.root / "chat" / "pipe.py")
    try:
        result = _cli(p, 10)
    except subprocess.TimeoutExpired:
        pytest.fail("ssot check hangs on a FIFO named like a module")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert "chat/pipe.py:1:1: SOT900 " in result.stdout
    assert "chat/ok.py:1:24: SOT002 " in result.stdout


def test_a_symlink_to_an_endless_device_does_not_exhaust_memory(project):
    """`x.py -> /dev/zero` never ends; reading it whole would take all memory (capped here at 2 GiB)."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero on this system")
    p = project({})
    (p.root / "chat" / "zero.py").symlink_to("/dev/zero")
    try:
        result = _cli(p, 60, memory=2 * 1024**3)
    except subprocess.TimeoutExpired:
        pytest.fail("ssot check hangs on a symlink to /dev/zero")
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 1
    assert "chat/zero.py:1:1: SOT900 " in result.stdout
    assert "chat/ok.py:1:24: SOT002 " in result.stdout


def _cli(p, timeout: float, memory: int | None = None) -> subprocess.CompletedProcess[str]:
    """``p.cli_process("--no-cache")``: a real process, with a time limit and optionally an address-space limit."""

    def limit() -> None:
        if memory is not None:
            import resource  # POSIX only, like this test

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return p.cli_process("--no-cache", timeout=timeout, preexec_fn=limit)


def test_directories_and_files_named_with_dashes_and_dots(project):
    """Not importable names, but *.py files below a root package: checked, module name taken literally."""
    p = project(
        {
            "chat/my-pkg/x.py": IMPORT + b"\n",
            "chat/my-pkg/__init__.py": b"",
            "chat/a.b/c.py": b"from . import Manager\n",  # module chat.a.b.c: `.` is chat.a.b
            "chat/a/b/c.py": IMPORT + b"\n",  # the same module name, from a real package path
            "chat/dash-mod.py": IMPORT + b"\n",
            "chat/v1.2.py": IMPORT + b"\n",
            "chat/sp ace.py": IMPORT + b"\n",
            "chat/caf\u00e9.py": IMPORT + b"\n",
            "chat/weird.py/inner.py": IMPORT + b"\n",  # a directory named like a module file
        }
    )
    rows = p.check()
    for path in (
        "chat/my-pkg/x.py",
        "chat/a/b/c.py",
        "chat/dash-mod.py",
        "chat/v1.2.py",
        "chat/sp ace.py",
        "chat/caf\u00e9.py",
        "chat/weird.py/inner.py",
    ):
        assert (path, 1, 24, "SOT002") in rows, path
    assert ("chat/a.b/c.py", 1, 15, "SOT002") in rows
    assert "`chat.a.b`" in next(f.message for f in p.findings() if f.path.endswith("a.b/c.py"))
    result = p.cli()
    assert "Traceback" not in result.stderr and result.returncode == 1
    assert "chat/my-pkg/x.py:1:24: SOT002" in result.stdout


def test_namespace_packages_are_checked(make_project):
    """Directories without __init__.py — also the root package itself — are checked like packages."""
    p = make_project(
        {
            "chat/core/impl.py": "class Manager:\n    pass\n",
            "chat/ns/deeper/m.py": "from chat.other import Manager\n",
            "chat/ns/rel.py": "from .sibling import Manager\n",
            "chat/ns/up.py": "from ..core import impl\nfrom ..core.impl import Manager\n",
        },
        POLICY.replace('canonical = ["chat.core.api"]\n', ""),
    )
    rows = p.check()
    assert rows == [
        ("chat/ns/deeper/m.py", 1, 24, "SOT002"),
        ("chat/ns/rel.py", 1, 22, "SOT002"),
    ]
    assert "`chat.ns.sibling`" in p.message("SOT002", scope=["chat/ns/rel.py"])
    assert p.result().files_checked == 4


def test_pyi_stubs_are_not_checked(project):
    """Only *.py files are checked; a stub is not code that runs (docs/reliability.md)."""
    stub = b"from chat.other import Manager\nfrom chat.core.impl import Manager as M\nclass Manager: ...\n"
    p = project({"chat/stubbed.pyi": stub, "chat/core/impl.pyi": stub, "chat/only_stub.pyi": stub})
    result = p.result()
    assert [p.rel(f.path) for f in result.findings] == ["chat/ok.py"]
    assert result.files_checked == len(TREE)
    # ... and a module that only has a stub does not exist for the module rules either.
    assert not any("only_stub" in f.message for f in result.findings)


def test_file_names_that_are_not_utf8_give_valid_output(project):
    """Linux file names are bytes; the JSON report must still be valid UTF-8 JSON naming the file."""
    p = project({})
    name = os.fsdecode(b"caf\xe9.py")  # the surrogate-escaped str Python uses for this name
    (p.root / "chat" / name).write_bytes(IMPORT + b"\n")
    rows = p.check()
    assert (f"chat/{name}", 1, 24, "SOT002") in rows
    text = p.cli()
    assert "Traceback" not in text.stderr and text.returncode == 1
    raw = p.cli_process("--format", "json", "--no-cache", text=False)  # the bytes a real stdout gets
    assert b"Traceback" not in raw.stderr and raw.returncode == 1
    document = json.loads(raw.stdout.decode("utf-8"))  # strict UTF-8: JSON text must be UTF-8
    paths = [finding["path"] for finding in document["findings"]]
    assert len(paths) == 2 and "chat/ok.py" in paths
    assert any(path.startswith("chat/caf") and path.endswith(".py") for path in paths)
