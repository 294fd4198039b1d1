"""Property-based: random files built from the forms ``--fix`` must keep, fixed, then checked.

For every generated file (import statements of every form the issue lists — aliases,
comments, parenthesised and backslash layouts, relative imports, ``;``-joined statements,
repeats of canonical imports — inside functions, classes, ``if TYPE_CHECKING:`` and
``try`` blocks, among other statements):

- after ``--fix`` nothing fixable is left (a second fix changes nothing);
- the statements the fix does not concern are unchanged: the file's syntax tree with every
  import statement taken out is the same, and so is every import from an unflagged module;
- the set of names the file's imports bind, scope by scope, is the same.

Projects live in memory (``support.memory_fs``). Raise the example count with
``SSOT_FUZZ_EXAMPLES``.
"""

from __future__ import annotations

import ast
import os
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importlinter_ssot.adapters.memory_cache import MemoryCacheStore
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.fix.fixing import run_fix
from importlinter_ssot.application.policy.policy_loading import load_projects

from support.fix_tree import POLICY, TREE
from support.fixing import TODAY, MemoryWriter
from support.memory_fs import MemoryFileSystem

EXAMPLES = int(os.environ.get("SSOT_FUZZ_EXAMPLES", "0")) or 60
ROOT = "/mem"
PATH = f"{ROOT}/chat/app/a.py"
FLAGGED = {"chat.core.old", "chat.core.impl", "chat.legacy"}  # modules every import from which is flagged

NAMES = ["Manager", "UnifiedManager", "Mode", "helper"]
LEGACY_NAMES = ["connect", "Manager", "Mode", "missing"]


@st.composite
def from_import(draw: st.DrawFn) -> str:
    module = draw(st.sampled_from(["chat.core.old", "..core.old", "chat.legacy", "chat.core.api", "chat.core.impl"]))
    pool = LEGACY_NAMES if module == "chat.legacy" else NAMES
    if module == "chat.core.api":
        pool = ["Manager", "helper", "connect"]
    names = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4, unique=True))
    items = [
        name + (f" as {name[0].lower()}{draw(st.integers(0, 3))}" if draw(st.booleans()) else "") for name in names
    ]
    layout = draw(st.sampled_from(["line", "parens", "lines", "backslash", "hanging"]))
    comment = "  # c" if draw(st.booleans()) else ""
    if layout == "line":
        return f"from {module} import {', '.join(items)}{comment}"
    if layout == "parens":
        return f"from {module} import ({', '.join(items)}){comment}"
    if layout == "backslash":
        return f"from {module} import " + ", \\\n    ".join(items)
    if layout == "hanging":
        head = f"from {module} import ("
        return head + f",\n{' ' * len(head)}".join(items) + ")"
    body = "".join(f"    {item},{'  # on ' + item if draw(st.booleans()) else ''}\n" for item in items)
    own = "    # own line\n" if draw(st.booleans()) else ""
    return f"from {module} import ({comment}\n{own}{body})"


SIMPLE = st.one_of(
    from_import(),
    from_import().map(
        lambda statement: f"import os; {statement.splitlines()[0]}" if "\n" not in statement else statement
    ),
    st.sampled_from(["import chat.legacy", "from chat.legacy import *", "x = 1", "Manager = None", "print(x)"]),
)


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> list[str]:
    statements: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["simple", "simple", "simple", "compound"] if depth < 2 else ["simple"]))
        if kind == "simple":
            statements.extend(draw(SIMPLE).splitlines())
            continue
        header = draw(st.sampled_from(["if TYPE_CHECKING:", "def f():", "class C:", "try:"]))
        inner = draw(block(depth + 1))
        statements.append(header)
        statements.extend("    " + line for line in inner)
        if header == "try:":
            statements.extend(["except ImportError:", "    pass"])
    return statements


def bindings(tree: ast.Module) -> set[tuple[str, str]]:
    """(scope, name) for every name an import statement binds."""
    found: set[tuple[str, str]] = set()
    pending: list[tuple[ast.AST, str]] = [(tree, "")]
    while pending:
        node, scope = pending.pop()
        for child in ast.iter_child_nodes(node):
            inner = f"{scope}.{child.name}" if isinstance(child, (ast.FunctionDef, ast.ClassDef)) else scope
            if isinstance(child, ast.Import):
                found.update((scope, alias.asname or alias.name.split(".")[0]) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                found.update((scope, alias.asname or alias.name) for alias in child.names)
            pending.append((child, inner))
    return found


def without_imports(tree: ast.Module) -> str:
    """The tree with every import statement taken out (an emptied block holds ``pass``)."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            value = getattr(node, field, None)
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                kept = [statement for statement in value if not isinstance(statement, (ast.Import, ast.ImportFrom))]
                setattr(node, field, kept or [ast.Pass()])
    return ast.dump(tree)


def unflagged_imports(tree: ast.Module) -> Counter[str]:
    return Counter(
        ast.dump(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.level == 0
        and node.module not in FLAGGED
        and node.module != "chat.core.api"
    )


def fix(file_system: MemoryFileSystem, *, write: bool):  # type: ignore[no-untyped-def]
    projects = load_projects(file_system, [f"{ROOT}/contracts/ssot.toml"])
    writer = MemoryWriter(file_system) if write else None
    return run_fix(file_system, writer, projects, TODAY, runner=SerialRunner(), cache=MemoryCacheStore())


# What may follow the statements: the fix parses a prefix of the file when one parses, so
# some tails hold statements that a prefix cuts (a string, a try, a bracket) at various lines.
TAILS = st.sampled_from(
    [
        "",
        "y = 2\n" * 12,
        "y = 2\n" * 5 + 'TEXT = """\n' + "line\n" * 10 + '"""\n',
        "y = 2\n" * 6 + "try:\n" + "    y = 3\n" * 4 + "except ImportError:\n    from chat.core.old import Manager\n",
        "CALL = print(\n" + "    1,\n" * 70 + ")\nfrom chat.core.old import Manager as late\n",
    ]
)


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(block(), TAILS)
def test_fixing_keeps_everything_but_the_paths(lines: list[str], tail: str) -> None:
    source = "from typing import TYPE_CHECKING\n\nimport os\n\n" + "\n".join(lines) + "\n" + tail
    files = {f"{ROOT}/{path}": text.encode() for path, text in TREE.items()}
    files.update({f"{ROOT}/.git/HEAD": b"", f"{ROOT}/contracts/ssot.toml": POLICY.encode(), PATH: source.encode()})
    file_system = MemoryFileSystem(files)

    result = fix(file_system, write=True)
    after = file_system.files[PATH].decode()

    # Nothing fixable is left: a second fix has nothing to do.
    assert fix(file_system, write=False).changes == ()
    before_tree, after_tree = ast.parse(source), ast.parse(after)
    assert bindings(after_tree) == bindings(before_tree)
    assert unflagged_imports(after_tree) >= unflagged_imports(before_tree)
    assert without_imports(after_tree) == without_imports(before_tree)
    if not result.changes:
        assert after == source
