"""What ``--fix`` leaves alone, and the reason it gives: the file is then not touched at all.

Attribute uses, dynamic imports and patch targets are never rewritten; nor is an import of
a whole module, a star import, a module rule without a replacement, a name the target does
not provide, a target that is a package containing the importer (an import cycle), a target
without a file, or what policies disagree on. A fix that would not compile, or would give the
file a new finding, is refused as a whole; a file with SOT900 is never touched.
"""

from __future__ import annotations

import os

import pytest

from support.fix_tree import POLICY, TREE
from support.fixing import fix_project


def run(
    make_project, source: str, *, policy: str = POLICY, tree: dict[str, str] | None = None, path: str = "chat/app/a.py"
):
    files = {**(TREE if tree is None else tree), path: source}
    project = make_project(files, policy)
    before = {name: os.stat(project.root / name) for name in files}
    result = fix_project(project)
    reasons = sorted(
        (item.finding.code, item.reason.key, item.detail)
        for item in result.not_fixed
        if item.finding.path == project.abs(path)
    )
    unchanged = os.stat(project.root / path)
    untouched = (unchanged.st_ino, unchanged.st_mtime_ns) == (before[path].st_ino, before[path].st_mtime_ns)
    return result, reasons, untouched


NOT_FIXABLE = {
    "attribute use": (
        "import chat.core.old\n\nchat.core.old.Manager()\n",
        ("SOT001", "attribute-use", "an attribute use, not an import statement: rewrite the use where it is"),
    ),
    "patch target": (
        'from unittest.mock import patch\n\n\n@patch("chat.core.old.Manager")\ndef test(mocked):\n    pass\n',
        (
            "SOT001",
            "patch-target",
            "a patch target: the right target depends on where the code under test looks the name up",
        ),
    ),
    "dynamic import": (
        'import importlib\n\nimportlib.import_module("chat.legacy")\n',
        ("SOT011", "dynamic-import", "a dynamic import: the module name is a string the code computes with"),
    ),
    "import of the module itself": (
        "import chat.legacy\n",
        (
            "SOT011",
            "module-import",
            "imports the module itself, not names from it: its uses would have to be rewritten too",
        ),
    ),
    "from-import of the module itself": (
        "from chat import legacy\n",
        (
            "SOT011",
            "module-import",
            "imports the module itself, not names from it: its uses would have to be rewritten too",
        ),
    ),
    "star import": (
        "from chat.legacy import *\n",
        ("SOT011", "star-import", "a star import: which names the file needs from it is unknown"),
    ),
    "getattr with a literal name": (
        'import chat.core.old as o\n\ngetattr(o, "Manager")\n',
        ("SOT001", "attribute-use", "an attribute use, not an import statement: rewrite the use where it is"),
    ),
    "patch.object through a module": (
        'from unittest import mock\n\nimport chat.core.old as o\n\nmock.patch.object(o, "Manager")\n',
        (
            "SOT001",
            "patch-target",
            "a patch target: the right target depends on where the code under test looks the name up",
        ),
    ),
    "a name used through a dynamically imported module": (
        'import importlib\n\nimportlib.import_module("chat.core.old").Manager\n',
        ("SOT001", "dynamic-import", "a dynamic import: the module name is a string the code computes with"),
    ),
    "sys.modules": (
        'import sys\n\nsys.modules["chat.legacy"]\n',
        (
            "SOT011",
            "string-reference",
            "a name spelled in a string (a `sys.modules` key, a string annotation): rewrite the string where it is",
        ),
    ),
    "a string annotation": (
        'import chat.core.old\n\n\ndef f(m: "chat.core.old.Manager"):\n    pass\n',
        (
            "SOT001",
            "string-reference",
            "a name spelled in a string (a `sys.modules` key, a string annotation): rewrite the string where it is",
        ),
    ),
    "a governed name taken from a star import": (
        "from chat.core.old import *\n\nManager()\n",
        ("SOT001", "star-import", "a star import: which names the file needs from it is unknown"),
    ),
    "a name the replacement does not provide": (
        "from chat.legacy import connect, missing\n",
        (
            "SOT011",
            "not-available",
            "`missing` is not available in `chat.core.api` (neither defined nor imported at module level there)",
        ),
    ),
}


def probe(handler: str, code: str = "SOT001") -> tuple[str, str, str]:
    return (
        code,
        "probe",
        f"the import is a probe: it sits in a `try` whose `{handler}` catches its failure, so its path is the point",
    )


def warning_test(block: str, code: str = "SOT001") -> tuple[str, str, str]:
    why = f"the import sits in `with {block}`: it tests the old path (or silences its warning) on purpose"
    return (code, "tests-the-old-path", why)


OLD_PATH_ON_PURPOSE = {
    "try / except ImportError": (
        "try:\n    from chat.core.old import Manager\nexcept ImportError:\n    Manager = None\n",
        probe("except ImportError"),
    ),
    "the fallback in the handler": (
        "try:\n    from chat.core.api import Manager\nexcept ImportError:\n    from chat.core.old import Manager\n",
        probe("except ImportError"),
    ),
    "nested in the try's body, ModuleNotFoundError in a tuple": (
        "import os\n\ntry:\n    if os.sep:\n        from chat.core.old import Manager\n"
        "except (KeyError, ModuleNotFoundError):\n    pass\n",
        probe("except ModuleNotFoundError"),
    ),
    "except Exception": (
        "try:\n    from chat.core.old import Manager\nexcept Exception:\n    pass\n",
        probe("except Exception"),
    ),
    "bare except": (
        "try:\n    from chat.core.old import Manager\nexcept:\n    pass\n",
        probe("except:"),
    ),
    "a module rule's import in a probe": (
        "try:\n    from chat.legacy import connect\nexcept BaseException:\n    pass\n",
        probe("except BaseException", "SOT011"),
    ),
    "pytest.warns": (
        "import pytest\n\n\ndef test_old_path():\n    with pytest.warns(DeprecationWarning):\n"
        "        from chat.core.old import Manager  # This should trigger a warning\n",
        warning_test("pytest.warns(…)"),
    ),
    "pytest.deprecated_call through an alias of pytest": (
        "import pytest as pt\n\n\ndef test_old_path():\n    with pt.deprecated_call():\n"
        "        from chat.core.old import Manager\n",
        warning_test("pt.deprecated_call(…)"),
    ),
    "warns imported from pytest under another name": (
        "from pytest import warns as expect\n\n\ndef test_old_path():\n    with expect(DeprecationWarning):\n"
        "        from chat.core.old import Manager\n",
        warning_test("expect(…)"),
    ),
    "unittest's assertWarns": (
        "import unittest\n\n\nclass T(unittest.TestCase):\n    def test_old_path(self):\n"
        "        with self.assertWarns(DeprecationWarning):\n            from chat.core.old import Manager\n",
        warning_test("self.assertWarns(…)"),
    ),
    "unittest's assertWarnsRegex": (
        "import unittest\n\n\nclass T(unittest.TestCase):\n    def test_old_path(self):\n"
        "        with self.assertWarnsRegex(DeprecationWarning, 'old'):\n"
        "            from chat.core.old import Manager\n",
        warning_test("self.assertWarnsRegex(…)"),
    ),
    "warnings.catch_warnings through an alias": (
        "import warnings as w\n\nwith w.catch_warnings():\n    w.simplefilter('ignore')\n"
        "    from chat.core.old import Manager\n",
        warning_test("w.catch_warnings(…)"),
    ),
}


@pytest.mark.parametrize("case", list(OLD_PATH_ON_PURPOSE))
def test_an_import_whose_path_is_the_point_is_never_rewritten(make_project, case: str) -> None:
    source, reason = OLD_PATH_ON_PURPOSE[case]
    result, reasons, untouched = run(make_project, source)
    assert reasons == [reason]
    assert untouched and result.changes == ()


@pytest.mark.parametrize("case", list(NOT_FIXABLE))
def test_not_fixable_with_its_reason(make_project, case: str) -> None:
    source, reason = NOT_FIXABLE[case]
    result, reasons, untouched = run(make_project, source)
    assert reasons == [reason]
    assert untouched and result.changes == ()


def test_a_module_rule_without_replacement(make_project) -> None:
    policy = POLICY.replace('replacement = "chat.core.api"\n', "")
    _, reasons, untouched = run(make_project, "from chat.legacy import connect\n", policy=policy)
    assert reasons == [("SOT011", "no-replacement", "the module rule names no replacement")]
    assert untouched


def test_a_name_with_a_symbol_finding_that_cannot_move_holds_the_statement_back(make_project) -> None:
    policy = POLICY + '\n[[symbol]]\nname = "Orphan"\ndefined_in = "chat.legacy"\ncanonical = ["chat.core.api"]\n'
    tree = {**TREE, "chat/legacy.py": TREE["chat/legacy.py"] + "\n\nclass Orphan:\n    pass\n"}
    _, reasons, untouched = run(make_project, "from chat.legacy import connect, Orphan\n", policy=policy, tree=tree)
    assert reasons == [
        (
            "SOT002",
            "not-available",
            "`Orphan` is not available in `chat.core.api` (neither defined nor imported at module level there)",
        ),
        ("SOT011", "name-cannot-move", "`Orphan` cannot move with the rest of the statement (see its own finding)"),
    ]
    assert untouched


def test_a_split_that_no_order_keeps_right_is_refused(make_project) -> None:
    # `Manager` last binds helper (stays), `Mode` last binds the class (moves): each statement
    # would have to run after the other.
    source = "from chat.core.old import Manager, helper as Mode, helper as Manager, Manager as Mode\n"
    _, reasons, untouched = run(make_project, source)
    why = (
        "the statement binds a name twice across the statements a split makes: no order of them keeps "
        "the later binding last"
    )
    assert reasons == [("SOT001", "binding-order", why), ("SOT001", "binding-order", why)]
    assert untouched


def test_a_target_that_contains_the_importer_would_be_an_import_cycle(make_project) -> None:
    # The case: `from .decl_api import X` inside sqlalchemy/orm/decl_base.py, with
    # `sqlalchemy.orm` canonical: importing the package from inside it cycles at import time.
    policy = """
        [policy]
        name = "cycle"
        root_packages = ["sqlalchemy"]

        [[symbol]]
        name = "declarative_base"
        defined_in = "sqlalchemy.orm.decl_api"
        canonical = ["sqlalchemy.orm"]
    """
    tree = {
        "sqlalchemy/__init__.py": "",
        "sqlalchemy/orm/__init__.py": "from .decl_api import declarative_base\n",
        "sqlalchemy/orm/decl_api.py": "def declarative_base():\n    pass\n",
    }
    _, reasons, untouched = run(
        make_project,
        "from .decl_api import declarative_base\n",
        policy=policy,
        tree=tree,
        path="sqlalchemy/orm/decl_base.py",
    )
    assert reasons == [
        (
            "SOT002",
            "import-cycle",
            "`sqlalchemy.orm` is a package containing the importer: importing through it creates an import cycle",
        )
    ]
    assert untouched


def test_a_target_without_a_file(make_project) -> None:
    policy = POLICY.replace('canonical = ["chat.core.types"]', 'canonical = ["chat.core.enums"]')
    _, reasons, untouched = run(make_project, "from chat.core.types import Mode\n", policy=policy)
    assert reasons == [
        (
            "SOT002",
            "no-module-file",
            "`chat.core.enums` has no file in the project that parses, so what it provides is unknown",
        )
    ]
    assert untouched


def test_policies_that_name_different_targets(make_project) -> None:
    other = POLICY.replace('name = "fix"', 'name = "other"').replace(
        'canonical = ["chat.core.api"]', 'canonical = ["chat.core.impl"]'
    )
    project = make_project(
        {**TREE, "chat/app/a.py": "from chat.core.old import Manager\n"},
        policies={"contracts/a.toml": POLICY, "contracts/b.toml": other},
    )
    result = fix_project(project)
    details = {item.detail for item in result.not_fixed if item.finding.path == project.abs("chat/app/a.py")}
    assert details == {"the policies name different replacements: `chat.core.api`, `chat.core.impl`"}
    assert result.changes == ()


def test_a_fix_that_would_not_compile_is_refused_and_the_file_left_untouched(make_project) -> None:
    # The file parses (so it has findings, not SOT900) but does not compile: no fix may be written.
    _, reasons, untouched = run(make_project, "from chat.core.old import Manager\nreturn Manager\n")
    assert reasons == [
        ("SOT001", "would-not-compile", "the fixed file would not compile: 'return' outside function (line 2)")
    ]
    assert untouched


def test_a_fix_that_would_bring_a_new_finding_is_refused(make_project) -> None:
    # The canonical module is itself deprecated by a module rule: moving there trades SOT001 for SOT010.
    policy = POLICY + '\n[[module]]\nname = "chat.core.api"\nstatus = "deprecated"\n'
    _, reasons, untouched = run(make_project, "from chat.core.old import Manager\n", policy=policy)
    assert reasons == [
        (
            "SOT001",
            "new-finding",
            "the fixed file would have a new finding: SOT010 import of deprecated module `chat.core.api`",
        )
    ]
    assert untouched


def test_a_file_with_sot900_is_never_touched(make_project) -> None:
    result, reasons, untouched = run(make_project, "from chat.core.old import Manager\ndef broken(:\n")
    assert reasons == [("SOT900", "no-fix", "SOT900 has no automatic fix")]
    assert untouched and result.changes == ()


def test_rules_about_definitions_have_no_fix(make_project) -> None:
    _, reasons, untouched = run(make_project, "from chat.core.old import Manager as M\n\n\nclass Manager:\n    pass\n")
    assert reasons == [("SOT020", "no-fix", "SOT020 has no automatic fix")]
    assert not untouched  # the import itself was fixed


def test_a_name_the_old_module_defines_itself_stays(make_project) -> None:
    # chat.core.old defines its own Manager (SOT020): the file would get another class from chat.core.api.
    tree = {**TREE, "chat/core/old.py": "class Manager:\n    pass\n"}
    _, reasons, untouched = run(make_project, "from chat.core.old import Manager\n", tree=tree)
    assert reasons == [
        (
            "SOT001",
            "own-definition",
            "`chat.core.old` defines its own `Manager` (a class or def, SOT020): importing it from the canonical "
            "module would give this file another object; keep one definition first",
        )
    ]
    assert untouched


def test_a_name_assigned_in_the_old_module_is_the_same_object_and_moves(make_project) -> None:
    tree = {**TREE, "chat/core/old.py": "from chat.core import impl\n\nManager = impl.Manager\n"}
    project = make_project({**tree, "chat/app/a.py": "from chat.core.old import Manager\n"}, POLICY)
    fix_project(project)
    assert (project.root / "chat/app/a.py").read_text() == "from chat.core.api import Manager\n"


def test_a_rewrite_that_would_not_compile_is_refused(make_project, monkeypatch) -> None:
    # The guard itself: whatever produced the fixed text, text that does not compile is never written.
    from importlinter_ssot.application.fix import fix_file
    from importlinter_ssot.application.fix.import_rewrite import TextEdit

    def broken(lines, plan):  # type: ignore[no-untyped-def]
        return [TextEdit(plan.site.start, plan.site.end, "from chat.core.api import (Manager")]

    monkeypatch.setattr(fix_file, "site_edits", broken)
    _, reasons, untouched = run(make_project, "from chat.core.old import Manager\n")
    assert reasons == [
        ("SOT001", "would-not-compile", "the fixed file would not compile: '(' was never closed (line 1)")
    ]
    assert untouched


def memory_project(source: str):  # type: ignore[no-untyped-def]
    from support.memory_fs import MemoryFileSystem

    root = "/mem"  # an in-memory project's root, as test_fix_properties uses

    files = {f"{root}/{path}": text.encode() for path, text in TREE.items()}
    files.update({f"{root}/.git/HEAD": b"", f"{root}/contracts/ssot.toml": POLICY.encode()})
    files[f"{root}/chat/app/a.py"] = source.encode()
    return MemoryFileSystem(files), f"{root}/chat/app/a.py"


def run_in_memory(file_system, writer):  # type: ignore[no-untyped-def]
    from importlinter_ssot.adapters.memory_cache import MemoryCacheStore
    from importlinter_ssot.adapters.runner import SerialRunner
    from importlinter_ssot.application.fix.fixing import run_fix
    from importlinter_ssot.application.policy.policy_loading import load_projects

    from support.fixing import TODAY

    projects = load_projects(file_system, ["/mem/contracts/ssot.toml"])
    return run_fix(file_system, writer, projects, TODAY, runner=SerialRunner(), cache=MemoryCacheStore())


def test_a_file_that_cannot_be_written_is_reported_and_left_as_it_was() -> None:
    file_system, path = memory_project("from chat.core.old import Manager\n")

    class FailingWriter:
        def replace_content(self, path: str, data: bytes, *, expected: bytes) -> None:
            raise PermissionError(13, "Permission denied", path)

    result = run_in_memory(file_system, FailingWriter())
    assert [(item.reason.key, item.detail) for item in result.not_fixed] == [
        ("write-failed", "the file cannot be written: Permission denied")
    ]
    assert result.changes == ()
    assert file_system.files[path] == b"from chat.core.old import Manager\n"


def test_a_file_changed_between_the_check_and_the_fix_is_fixed_from_its_new_bytes() -> None:
    from support.fixing import MemoryWriter

    file_system, path = memory_project("from chat.core.old import Manager\n")
    read = file_system.read_bytes

    def read_bytes(name: str) -> bytes:
        data = read(name)
        if name == path and data == b"from chat.core.old import Manager\n":
            file_system.write(path, b"\n\nfrom chat.core.old import Manager\n")  # edited right after the check read it
        return data

    file_system.read_bytes = read_bytes  # type: ignore[method-assign]
    result = run_in_memory(file_system, MemoryWriter(file_system))
    # The check's finding (line 1) is not acted on: the file's own bytes say where the import is now.
    assert [(change.fixed[0].line, change.fixed[0].code) for change in result.changes] == [(3, "SOT001")]
    assert result.not_fixed == ()
    assert file_system.files[path] == b"\n\nfrom chat.core.api import Manager\n"


def test_a_finding_the_file_no_longer_gives_is_changed_and_nothing_is_written() -> None:
    from support.fixing import MemoryWriter

    file_system, path = memory_project("from chat.core.old import Manager\n")
    read = file_system.read_bytes
    reads = {"count": 0}

    def read_bytes(name: str) -> bytes:
        data = read(name)
        if name == path:
            reads["count"] += 1
            if reads["count"] == 1:  # someone fixed it by hand right after the check read it
                file_system.write(path, b"from chat.core.api import Manager\n")
        return data

    file_system.read_bytes = read_bytes  # type: ignore[method-assign]
    result = run_in_memory(file_system, MemoryWriter(file_system))
    assert [item.reason.key for item in result.not_fixed] == ["changed"]
    assert result.changes == ()
    assert file_system.files[path] == b"from chat.core.api import Manager\n"


def test_every_reason_is_in_the_table_of_docs_fix_md() -> None:
    from pathlib import Path

    from importlinter_ssot.domain.fix_reasons import Reason

    docs = (Path(__file__).parents[2] / "docs" / "fix.md").read_text()
    table = docs.split("## What is not fixed, and why", 1)[1].split("\n## ", 1)[0]
    missing = [reason.key for reason in Reason if f"`{reason.key}`" not in table]
    assert missing == []
