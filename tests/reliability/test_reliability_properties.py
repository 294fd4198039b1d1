"""Property-based tests of the engine: generated Python sources and generated projects.

- ``parse_source`` never raises, on generated Python (import statements of every form,
  definitions, assignments of governed names (aliases, other objects, placeholders),
  overloads and accessors, classes, nesting in if/try/with/def/for/match, docstrings and
  strings and comments that contain import text), on hypothesmith's grammar-generated code, and on
  arbitrary bytes; it finds exactly the import statements the interpreter's own parser
  sees.
- The engine never crashes on generated projects, and its findings are deterministic:
  across runs, task runners (serial, reversed order, results pickled across a process
  boundary, real worker processes), cache states (none, cold, warm), the relevance
  prefilter, and scope (one file alone gets the answer it gets in a full run).
- Inserting blank or comment lines only shifts the line numbers of the findings below.
- The verdict on a file does not depend on how deep in the call stack it is parsed
  (worker processes parse at a different depth than the serial runner).

Generated projects live in memory (``support.memory_fs``), so each example costs no disk I/O.

Example counts are kept small so the suite stays fast; raise them with
``SSOT_FUZZ_EXAMPLES=1000`` for a longer hunt.
"""

from __future__ import annotations

import ast
import datetime
import os
import pickle
import posixpath
import re
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importlinter_ssot.adapters.report.json_report import report_document
from importlinter_ssot.adapters.runner import ProcessRunner, SerialRunner
from importlinter_ssot.application.analysis import scheduling
from importlinter_ssot.application.analysis.check import CheckResult, run_check
from importlinter_ssot.application.analysis.parsing import parse_source
from importlinter_ssot.application.policy.policy_loading import load_projects
from importlinter_ssot.application.report.report import build_report

from support.memory_fs import MemoryCache, MemoryFileSystem
from support.soundness import assert_prefilter_sound

TODAY = datetime.date(2026, 6, 15)
EXAMPLES = int(os.environ.get("SSOT_FUZZ_EXAMPLES", "0"))


def examples(default: int) -> int:
    return EXAMPLES or default


# No example database: nothing is written into the work tree.
FAST = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- task runners that change order and process boundaries (the file system and cache are in memory) --


class ReversedRunner:
    """Runs the tasks last to first (results still in task order)."""

    def map(self, function: Callable[[Any, Any], Any], shared: Any, items: Sequence[Any]) -> list[Any]:
        return list(reversed([function(shared, item) for item in reversed(items)]))


class PicklingRunner:
    """What a process boundary does to the data: everything is pickled both ways."""

    def map(self, function: Callable[[Any, Any], Any], shared: Any, items: Sequence[Any]) -> list[Any]:
        shared = pickle.loads(pickle.dumps(shared))
        return [pickle.loads(pickle.dumps(function(shared, pickle.loads(pickle.dumps(item))))) for item in items]


# -- generated Python sources ------------------------------------------------------------------

MODULES = [
    "chat",
    "chat.core",
    "chat.core.impl",
    "chat.old",
    "chat.shim",
    "chat.legacy",
    "chat.legacy.sub",
    "chat.compat",
    "chat.compat.x",
    "chat.gen",
    "chat.gen.m0",
    "os",
    "typing",
    "chat.missing",
]
NAMES = ["Manager", "UnifiedManager", "legacy", "sub", "x", "impl", "ChatHandler", "Thing", "m1", "TYPE_CHECKING"]
DEFINED = ["Manager", "UnifiedManager", "ChatHandler", "OtherHandler", "helper", "Thing"]

identifier = st.sampled_from(["a", "b", "value", "Manager", "_x", "é"])


@st.composite
def import_statement(draw, depth: int = 0) -> list[str]:
    """One import statement, possibly spread over several lines."""
    kinds = ["import", "from", "relative", "parenthesised", "continued"] + (["star"] if depth == 0 else [])
    kind = draw(st.sampled_from(kinds))
    alias = lambda: draw(st.sampled_from(["", "", " as alias", " as Manager"]))  # noqa: E731
    if kind == "import":
        names = draw(st.lists(st.sampled_from(MODULES), min_size=1, max_size=3))
        return ["import " + ", ".join(name + alias() for name in names)]
    module = draw(st.sampled_from(MODULES))
    if kind == "relative":
        dots = "." * draw(st.integers(1, 4))
        module = draw(st.sampled_from(["", "core", "core.impl", "old", "legacy", "x"]))
        names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3))
        return [f"from {dots}{module} import " + ", ".join(name + alias() for name in names)]
    if kind == "star":
        return [f"from {module} import *"]
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4))
    if kind == "parenthesised":
        inner = [f"    {name}{alias()}," for name in names]
        if draw(st.booleans()):
            inner.insert(0, "    # from chat.legacy import Manager")
        return [f"from {module} import (", *inner, ")"]
    if kind == "continued":
        return [f"from {module} \\", f"    import {', '.join(names)}"]
    return [f"from {module} import " + ", ".join(name + alias() for name in names)]


REFERENCES = [
    ["import chat.old as o", 'getattr(o, "Manager")'],
    ["from unittest import mock", "import chat.shim", 'mock.patch.object(chat.shim, "UnifiedManager")'],
    ["import sys", 'sys.modules["chat.legacy.sub"] = None'],
    ["import chat.old", 'x: "chat.old.Manager" = cast("chat.old.Manager", None)'],
    ["import importlib", 'importlib.import_module("chat.shim").Manager'],
    ["from importlib import import_module as load", 'm = load("chat.old")', "m.Manager", 'load("chat.compat.x")'],
    ["Manager()"],  # a name a star import may bring
    ['def annotated(a: "chat.core.impl.Manager") -> "chat.old.Manager":', "    return a"],
]


@st.composite
def simple_statement(draw) -> list[str]:
    kind = draw(st.sampled_from(["pass", "assign", "string", "comment", "docstring", "call", "reference"]))
    if kind == "reference":  # the references that are not import statements
        return draw(st.sampled_from(REFERENCES))
    if kind == "pass":
        return ["pass"]
    if kind == "assign":
        # Assignments of governed and duplicated names: aliases, other objects, placeholders.
        target = draw(st.sampled_from([draw(identifier), *DEFINED]))
        value = draw(
            st.sampled_from(["1", "None", "Manager", "UnifiedManager", "impl.Manager", "chat.core.Manager", "Thing()"])
        )
        annotation = draw(st.sampled_from(["", ": type"]))
        return [f"{target}{annotation} = {value}"]
    if kind == "string":  # import text in strings is not an import
        return ["text = 'from chat.legacy import Manager; import chat.old'"]
    if kind == "comment":
        return ["# import chat.legacy", "pass"]
    if kind == "docstring":
        return ['"""Docs.', "", "    from chat.legacy import Manager", "import chat.old", '"""']
    return [f"print({draw(identifier)})"]


def indent(lines: list[str], prefix: str = "    ") -> list[str]:
    # Lines inside a multi-line string must not change: only the generator's own strings span
    # lines, and they are docstrings, so indenting their content changes nothing that matters.
    return [prefix + line if line else line for line in lines]


@st.composite
def block(draw, depth: int) -> list[str]:
    """A statement list (at least one statement)."""
    statements = draw(st.lists(statement(depth), min_size=1, max_size=3))
    return [line for lines in statements for line in lines]


@st.composite
def statement(draw, depth: int) -> list[str]:
    choices = ["import", "import", "simple", "def", "class"]
    if depth < 2:
        choices += ["if", "try", "with", "deffunc", "classbody", "for", "while", "match", "typechecking", "decorated"]
        choices += ["overload"]
    kind = draw(st.sampled_from(choices))
    name = draw(st.sampled_from(DEFINED))
    if kind == "import":
        return draw(import_statement(depth))
    if kind == "simple":
        return draw(simple_statement())
    if kind == "def":
        prefix = draw(st.sampled_from(["def", "async def"]))
        return [f"{prefix} {name}(a, b=1):", "    return a"]
    if kind == "class":
        return [f"class {name}:", "    pass"]
    body = draw(block(depth + 1))
    if kind == "if":
        lines = ["if value:", *indent(body)]
        for _ in range(draw(st.integers(0, 2))):
            lines += ["elif other:", *indent(draw(block(depth + 1)))]
        if draw(st.booleans()):
            lines += ["else:", *indent(draw(block(depth + 1)))]
        return lines
    if kind == "try":
        lines = ["try:", *indent(body), "except ImportError:", *indent(draw(block(depth + 1)))]
        if draw(st.booleans()):
            lines += ["else:", *indent(draw(block(depth + 1)))]
        if draw(st.booleans()):
            lines += ["finally:", *indent(draw(block(depth + 1)))]
        return lines
    if kind == "with":
        return [draw(st.sampled_from(["with open('x') as f:", "with a, b:", "with (a as b, c):"])), *indent(body)]
    if kind == "deffunc":
        return [f"def {name}():", '    """from chat.old import Manager"""', *indent(body)]
    if kind == "classbody":
        return [f"class {name}(Base):", *indent(body)]
    if kind == "for":
        return ["for item in items:", *indent(body)]
    if kind == "while":
        return ["while running:", *indent(body)]
    if kind == "match":
        return ["match value:", "    case 1:", *indent(body, "        "), "    case _:", "        pass"]
    if kind == "typechecking":
        return ["if TYPE_CHECKING:", *indent(body)]
    if kind == "overload":
        decorator = draw(st.sampled_from(["overload", "typing.overload", f"{name}.setter"]))
        return [f"@{decorator}", f"def {name}(a):", *indent(body)]
    return ["@decorator", "@other.decorator(1)", f"class {name}:", *indent(body)]


module_sources = st.lists(statement(0), min_size=0, max_size=5).map(
    lambda statements: [line for lines in statements for line in lines]
)


def render(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def oracle_imports(data: bytes) -> list[tuple[int, int, str | None, int, tuple[str, ...]]]:
    """Every import statement the interpreter's parser sees (columns in characters)."""
    text = data.decode("utf-8")
    lines = re.split(r"\r\n|\r|\n", text)
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            column = len(lines[node.lineno - 1].encode()[: node.col_offset].decode()) + 1
            module = node.module if isinstance(node, ast.ImportFrom) else None
            level = node.level if isinstance(node, ast.ImportFrom) else 0
            found.append((node.lineno, column, module, level or 0, tuple(alias.name for alias in node.names)))
    return sorted(found)


def engine_imports(data: bytes) -> list[tuple[int, int, str | None, int, tuple[str, ...]]]:
    parsed = parse_source(data)
    assert parsed.failure is None, parsed.failure
    return sorted(
        (s.position.line, s.position.column, s.module, s.level, tuple(n.name for n in s.names)) for s in parsed.imports
    )


@settings(max_examples=examples(80), **FAST)
@given(lines=module_sources)
def test_generated_sources_parse_and_every_import_is_found(lines):
    data = render(lines)
    compile(data, "generated.py", "exec")  # the generator writes valid Python
    assert engine_imports(data) == oracle_imports(data)


@settings(max_examples=examples(30), **FAST)
@given(source=hypothesmith.from_grammar())
def test_grammar_generated_code_never_crashes_the_parser(source):
    data = source.encode("utf-8", "surrogatepass")
    parsed = parse_source(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(data)
            parses = True
        except (SyntaxError, ValueError, RecursionError, MemoryError, UnicodeDecodeError):
            parses = False
    assert (parsed.failure is None) == parses


def mutations(data: bytes) -> st.SearchStrategy[bytes]:
    """``data`` with a few bytes inserted, deleted or replaced (hostile bytes included)."""
    hostile = st.sampled_from([b"\x00", b"\r", b"\x0c", b"\t", b"\xff", b"\xef\xbb\xbf", b"(", b'"""', b"\\", b"\xe9"])

    @st.composite
    def mutate(draw) -> bytes:
        result = bytearray(data)
        for _ in range(draw(st.integers(1, 3))):
            position = draw(st.integers(0, len(result)))
            action = draw(st.sampled_from(["insert", "delete", "replace"]))
            if action == "insert":
                result[position:position] = draw(hostile)
            elif action == "delete":
                del result[position : position + draw(st.integers(1, 3))]
            else:
                result[position : position + 1] = draw(hostile)
        return bytes(result)

    return mutate()


@settings(max_examples=examples(80), **FAST)
@given(data=st.one_of(st.binary(max_size=200), module_sources.map(render).flatmap(mutations)))
def test_arbitrary_bytes_never_crash_the_parser(data):
    parsed = parse_source(data)
    if parsed.failure is not None:
        assert parsed.failure.position.line >= 1 and parsed.failure.position.column >= 1
        assert parsed.failure.message


# -- generated projects --------------------------------------------------------------------------

ROOT = "/mem"
POLICY_PATH = f"{ROOT}/contracts/ssot.toml"
POLICY = b"""
[policy]
name = "properties"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
aliases = ["UnifiedManager"]
defined_in = "chat.core.impl"
canonical = ["chat.core"]
deprecated = [{ module = "chat.old", until = 2026-01-01 }, { module = "chat.shim" }]
max_import_patterns = 3

[[module]]
name = "chat.legacy"
status = "forbidden"
replacement = "chat.core"

[[module]]
name = "chat.compat.*"
status = "deprecated"
until = 2027-01-01

[[duplicates]]
pattern = "*Handler"
"""
BASE = {
    "chat/__init__.py": b"",
    "chat/core/__init__.py": b"from chat.core.impl import Manager\n",
    "chat/core/impl.py": b"class Manager:\n    pass\n\nUnifiedManager = Manager\n",
    "chat/old.py": b"from chat.core import Manager\n",
    "chat/shim.py": b"from chat.core import Manager\n",
    "chat/legacy/__init__.py": b"",
    "chat/legacy/sub.py": b"",
    "chat/compat/x.py": b"",
}
# Places for generated files: packages, a directory without __init__.py, an __init__.py.
SLOTS = ["chat/gen/m0.py", "chat/gen/__init__.py", "chat/ns/deep/m2.py", "chat/legacy/m3.py", "chat/compat/m4.py"]

projects_files = st.lists(module_sources.map(render), min_size=1, max_size=len(SLOTS)).map(
    lambda sources: {**BASE, **dict(zip(SLOTS, sources, strict=False))}
)


def memory_project(files: dict[str, bytes], policy: bytes = POLICY) -> tuple[MemoryFileSystem, list]:
    file_system = MemoryFileSystem(
        {f"{ROOT}/pyproject.toml": b"", POLICY_PATH: policy, **{f"{ROOT}/{path}": data for path, data in files.items()}}
    )
    return file_system, load_projects(file_system, [POLICY_PATH])


Row = tuple[str, int, int, str, str]


def rows(result: CheckResult) -> list[Row]:
    return [(posixpath.relpath(f.path, ROOT), f.line, f.column, f.code, f.message) for f in result.findings]


@settings(max_examples=examples(30), **FAST)
@given(files=projects_files)
def test_findings_are_deterministic_across_runs_runners_caches_prefilter_and_scope(files):
    file_system, projects = memory_project(files)
    reference = run_check(file_system, projects, TODAY, runner=SerialRunner())
    assert reference.files_checked == len(files)
    assert run_check(file_system, projects, TODAY, runner=SerialRunner()) == reference
    assert run_check(file_system, projects, TODAY, runner=ReversedRunner()) == reference
    assert run_check(file_system, projects, TODAY, runner=PicklingRunner()) == reference
    cache = MemoryCache()
    assert run_check(file_system, projects, TODAY, cache=cache, runner=SerialRunner()) == reference  # cold
    assert cache.blobs
    assert run_check(file_system, projects, TODAY, cache=cache, runner=SerialRunner()) == reference  # warm
    assert run_check(file_system, projects, TODAY, runner=ReversedRunner(), cache=cache) == reference
    # Every file parsed in full: the same answer but SOT900 on files that cannot matter.
    assert_prefilter_sound(
        lambda: run_check(file_system, projects, TODAY, runner=SerialRunner()), file_system, projects
    )
    # One file alone gets the very findings it gets in a full run.
    for path in files:
        alone = run_check(file_system, projects, TODAY, scope=[f"{ROOT}/{path}"], runner=SerialRunner())
        assert rows(alone) == [row for row in rows(reference) if row[0] == path]
    # A changed file is seen through a warm cache.
    changed = SLOTS[0] if SLOTS[0] in files else next(iter(files))
    file_system.write(f"{ROOT}/{changed}", b"from chat.legacy import Manager\n")
    assert run_check(file_system, projects, TODAY, cache=cache, runner=SerialRunner()) == run_check(
        file_system, projects, TODAY, runner=SerialRunner()
    )


@settings(max_examples=examples(30), **FAST)
@given(files=projects_files)
def test_reports_do_not_depend_on_the_prefilter_runners_or_caches(files):
    # What a report counts beyond the findings (who refers to each old path, every form of
    # reference) comes from per-file facts: parsing every file in full must not change them.
    # No catch-all glob here (`chat.compat.*` makes every file matter): the prefilter must choose.
    file_system, projects = memory_project(files, POLICY.replace(b'"chat.compat.*"', b'"chat.compat"'))

    def document(**kwargs: Any) -> dict:
        report = build_report(file_system, projects, TODAY, runner=kwargs.pop("runner", SerialRunner()), **kwargs)
        return report_document(report)

    reference = document()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scheduling, "relevance_needles", lambda policy: None)
        assert document() == reference, "the prefilter changed the report"
    assert document(runner=PicklingRunner()) == reference
    cache = MemoryCache()
    assert document(cache=cache) == reference  # cold
    assert document(cache=cache, runner=ReversedRunner()) == reference  # warm


@settings(max_examples=examples(3), **FAST)
@given(files=projects_files)
def test_worker_processes_give_the_serial_answer(files):
    # 70 more files, so that the process runner really starts two workers.
    sources = list(files.values())
    many = {**files, **{f"chat/many/f{index}.py": sources[index % len(sources)] for index in range(70)}}
    file_system, projects = memory_project(many)
    assert run_check(file_system, projects, TODAY, runner=ProcessRunner(2)) == run_check(
        file_system, projects, TODAY, runner=SerialRunner()
    )


# Codes reported at 1:1 because they are about a whole module, not about a line of it.
WHOLE_FILE_CODES = frozenset({"SOT040"})


@st.composite
def insertions(draw):
    files = draw(projects_files)
    path = draw(st.sampled_from(sorted(set(files) & set(SLOTS))))
    lines = files[path].decode().split("\n")[:-1]
    # Not after a backslash continuation (a comment line there would end the statement).
    allowed = [index for index in range(len(lines) + 1) if index == 0 or not lines[index - 1].endswith("\\")]
    at = draw(st.sampled_from(allowed))
    inserted = draw(
        st.lists(
            st.sampled_from(["", "    ", "\t", "\x0c", "# a comment", "    # from chat.legacy import Manager", "#"]),
            min_size=1,
            max_size=3,
        )
    )
    return files, path, at, inserted


@settings(max_examples=examples(40), **FAST)
@given(case=insertions())
def test_inserting_blank_or_comment_lines_only_shifts_line_numbers(case):
    files, path, at, inserted = case
    file_system, projects = memory_project(files)
    before = run_check(file_system, projects, TODAY, runner=SerialRunner())
    lines = files[path].decode().split("\n")[:-1]
    edited = {**files, path: render(lines[:at] + inserted + lines[at:])}
    file_system, projects = memory_project(edited)
    after = run_check(file_system, projects, TODAY, runner=SerialRunner())
    shift = len(inserted)

    def moved(row: Row) -> tuple[str, int, int, str]:
        found, line, column, code, _ = row
        if code in WHOLE_FILE_CODES:
            return (found, line, column, code)  # about the file, always at 1:1
        return (found, line + shift if found == path and line > at else line, column, code)

    # Messages may quote line numbers (SOT021 "first defined at line N"): compare positions and codes.
    assert sorted(row[:4] for row in rows(after)) == sorted(moved(row) for row in rows(before))


# -- the verdict does not depend on the parser's call depth ---------------------------------------


def at_depth(depth: int, function: Callable[[], Any]) -> Any:
    return function() if depth == 0 else at_depth(depth - 1, function)


def chained_additions(terms: int) -> bytes:
    return b"from chat.other import Manager\nx = " + b"1+" * terms + b"1\n"


def test_the_verdict_on_a_deeply_nested_file_does_not_depend_on_the_call_depth():
    """Worker processes and the serial runner (and flake8, editors) call the parser at different depths."""
    low, high = 1, 50_000  # the largest parseable number of terms, here and now
    while low < high:
        middle = (low + high + 1) // 2
        if parse_source(chained_additions(middle)).failure is None:
            low = middle
        else:
            high = middle - 1
    data = chained_additions(low)
    assert parse_source(data).failure is None
    assert at_depth(60, lambda: parse_source(data)).failure is None, (
        f"a file of {low} chained additions parses at one call depth and is SOT900 at another"
    )


def test_jobs_1_and_jobs_2_agree_on_deeply_nested_files(make_project):
    """Around the interpreter's nesting limit, serial and parallel runs must still give one answer.

    Real ``ssot check`` processes: the depths at which the command and its workers parse are
    the subject (in this process, pytest's stack would add its own depth).
    """
    files = {f"chat/deep{terms}.py": chained_additions(terms) for terms in range(2400, 3000, 8)}
    project = make_project(
        {"chat/__init__.py": "", "chat/core.py": "class Manager:\n    pass\n", **files},
        '[policy]\nroot_packages = ["chat"]\n\n[[symbol]]\nname = "Manager"\ndefined_in = "chat.core"\n',
    )
    serial = project.cli_process("--jobs", "1", "--no-cache")
    parallel = project.cli_process("--jobs", "2", "--no-cache")
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout
