"""References that are not import statements: attribute uses, dynamic imports, patch targets.

Attribute uses ``x.s1.….sk.N`` are judged as ``from <module of x>.s1.….sk import N`` when
every binding of ``x`` in the scope Python resolves it to imports one module; dynamic
imports with a literal as ``import M``; patch targets ``"P.A"`` as a symbol through ``P``
(deprecated paths only) or as an import of ``P``.
"""

from __future__ import annotations

import datetime

import pytest

from support.front_ends import flake8_in_process, lint_imports_in_process

POLICY = """
[policy]
name = "refs"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
aliases = ["UnifiedManager"]
defined_in = "chat.core.impl"
canonical = ["chat.core.api"]
deprecated = [
  { module = "chat.core.old", until = 2026-12-31, message = "compatibility shim" },
]
allow_importers = ["chat.tools.**"]

[[module]]
name = "chat.legacy"
status = "forbidden"
replacement = "chat.core.api"
"""

TREE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "",
    "chat/core/impl.py": "class Manager:\n    pass\n\n\nUnifiedManager = Manager\n",
    "chat/core/api.py": "from chat.core.impl import Manager, UnifiedManager\n",
    "chat/core/old.py": "from chat.core.impl import Manager\n",
    "chat/legacy/__init__.py": "",
    "chat/legacy/sessions.py": "def open_session():\n    pass\n",
    "chat/helpers.py": "def helpers():\n    pass\n",
    "chat/app/__init__.py": "",
    "chat/tools/__init__.py": "",
}
TODAY = datetime.date(2026, 6, 15)
AFTER = datetime.date(2027, 1, 1)


@pytest.fixture
def project(make_project):
    def make(source: str, path: str = "chat/app/a.py", policy: str = POLICY):
        return make_project({**TREE, path: source}, policy)

    return make


def codes(project, path: str = "chat/app/a.py", **kwargs) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    return [(line, column, code) for file, line, column, code in project.check(**kwargs) if file == path]


# -- attribute uses ----------------------------------------------------------------------------------


def test_a_use_through_an_aliased_module_import(project) -> None:  # type: ignore[no-untyped-def]
    p = project("import chat.core.old as o\n\no.Manager()\n")
    assert codes(p) == [(3, 3, "SOT001")]
    assert p.message("SOT001") == (
        "`Manager` used through deprecated `chat.core.old` (via `o`) (until 2026-12-31): compatibility shim; "
        "import it from `chat.core.api`"
    )
    assert codes(p, today=AFTER) == [(3, 3, "SOT003")]


def test_a_use_through_the_full_dotted_path_of_a_plain_import(project) -> None:  # type: ignore[no-untyped-def]
    p = project("import chat.core.impl\n\nx = chat.core.impl.Manager\ny = chat.core.impl.UnifiedManager\n")
    assert codes(p) == [(3, 20, "SOT002"), (4, 20, "SOT002")]
    assert "used through non-canonical `chat.core.impl` (via `chat`)" in p.findings()[0].message


def test_canonical_third_party_and_unrelated_attributes_are_fine(project) -> None:  # type: ignore[no-untyped-def]
    p = project("import chat.core.api as api\nimport os\n\napi.Manager()\nos.Manager\napi.other\n")
    assert codes(p) == []


def test_a_from_import_binds_a_module_only_when_it_is_one(project) -> None:  # type: ignore[no-untyped-def]
    p = project("from chat.core import old\nfrom chat import helpers\n\nold.Manager()\nhelpers.Manager\n")
    # chat.core.old is a module of the tree; chat.helpers is a module too, but not chat.helpers.helpers.
    assert codes(p) == [(4, 5, "SOT001"), (5, 9, "SOT002")]
    q = project("from chat.helpers import helpers\n\nhelpers.Manager\n")
    assert codes(q) == []  # `helpers` is a function here, not a module


def test_a_relative_from_import_of_a_module(project) -> None:  # type: ignore[no-untyped-def]
    p = project("from ..core import old\n\nold.Manager\n", path="chat/app/b.py")
    assert codes(p, "chat/app/b.py") == [(3, 5, "SOT001")]


def test_load_store_and_del_contexts_alike(project) -> None:  # type: ignore[no-untyped-def]
    p = project("import chat.core.old as o\n\no.Manager = None\ndel o.Manager\nprint(o.Manager)\n")
    assert codes(p) == [(3, 3, "SOT001"), (4, 7, "SOT001"), (5, 9, "SOT001")]


def test_a_local_variable_shadowing_the_module_name(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        "import chat.core.old as o\n\n\ndef f(o):\n    return o.Manager\n\n\ndef g():\n    o = object()\n"
        "    return o.Manager\n\n\ndef h():\n    return o.Manager\n"
    )
    assert codes(p) == [(14, 14, "SOT001")]


def test_a_name_bound_by_an_import_and_an_assignment_in_one_scope(project) -> None:  # type: ignore[no-untyped-def]
    p = project("import chat.core.old as o\n\nif True:\n    o = None\n\no.Manager\n")
    assert codes(p) == []


def test_two_imports_of_different_modules_under_one_name(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        "try:\n    import chat.core.old as o\nexcept ImportError:\n    import chat.core.api as o\n\no.Manager\n"
    )
    assert codes(p) == []


def test_class_bodies_do_not_enclose_nested_scopes(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        "import chat.core.old as o\n\n\nclass C:\n    o = 1\n    x = o.Manager\n\n    def m(self):\n"
        "        return o.Manager\n"
    )
    assert codes(p) == [(9, 18, "SOT001")]


def test_comprehension_scopes(project) -> None:  # type: ignore[no-untyped-def]
    p = project("import chat.core.old as o\n\na = [o.Manager for o in range(3)]\nb = [o.Manager for i in range(3)]\n")
    assert codes(p) == [(4, 8, "SOT001")]


def test_global_and_nonlocal_are_honoured(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        "import chat.core.old as o\n\n\ndef rebind():\n    global o\n    o = None\n\n\no.Manager\n",
    )
    assert codes(p) == []  # `global o` makes the assignment a binding of the module's `o`
    q = project(
        "def outer():\n    import chat.core.old as o\n\n    def inner():\n        nonlocal o\n"
        "        return o.Manager\n\n    return inner\n"
    )
    assert codes(q) == [(6, 18, "SOT001")]


def test_a_star_import_may_bind_any_name(project) -> None:  # type: ignore[no-untyped-def]
    p = project("import chat.core.old as o\nfrom chat.helpers import *\n\no.Manager\n")
    assert codes(p) == []


def test_middle_parts_must_be_plain_attributes(project) -> None:  # type: ignore[no-untyped-def]
    p = project("import chat\n\nchat.core.old.Manager\nchat.core.get().Manager\n")
    assert codes(p) == [(3, 15, "SOT001")]


def test_attribute_uses_have_the_exemptions_of_imports(project) -> None:  # type: ignore[no-untyped-def]
    assert codes(project("import chat.core.old as o\no.Manager\n", path="chat/tools/t.py"), "chat/tools/t.py") == []
    assert codes(project("import chat.core.impl as i\ni.Manager\n", path="chat/core/api.py"), "chat/core/api.py") == []


def test_attribute_uses_do_not_count_toward_the_import_pattern_budget(project) -> None:  # type: ignore[no-untyped-def]
    policy = POLICY.replace(
        'allow_importers = ["chat.tools.**"]', 'allow_importers = ["chat.tools.**"]\nmax_import_patterns = 3'
    )
    p = project("import chat.core.old as o\nimport chat.core.impl as i\n\no.Manager\ni.Manager\n", policy=policy)
    assert "SOT030" not in [row[3] for row in p.check()]


def test_a_name_spelled_across_lines_and_in_fullwidth_letters(project) -> None:  # type: ignore[no-untyped-def]
    p = project("import chat.core.old as o\n\nx = (o.\n     Manager)\ny = o.\uff2danager\n")
    assert codes(p) == [(4, 6, "SOT001"), (5, 7, "SOT001")]


# -- dynamic imports ---------------------------------------------------------------------------------


def test_dynamic_imports_with_a_literal_are_imports(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        'import importlib\nfrom importlib import import_module\n\nimportlib.import_module("chat.legacy")\n'
        'import_module("chat.legacy.sessions")\n__import__("chat.legacy")\n'
    )
    assert codes(p) == [(4, 25, "SOT011"), (5, 15, "SOT011"), (6, 12, "SOT011")]
    assert p.findings()[1].message == (
        "dynamic import of forbidden module `chat.legacy.sessions` (inside `chat.legacy`); "
        "import from `chat.core.api` instead"
    )


def test_dynamic_imports_that_are_not_judged(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        'import importlib\n\nname = "chat.legacy"\nimportlib.import_module(name)\n'
        'importlib.import_module(".legacy", "chat")\nimportlib.import_module(f"chat.{name}")\n'
        'importlib.import_module("chat.core.old")  # symbol rules do not apply\n'
    )
    assert codes(p) == []


# -- patch targets -----------------------------------------------------------------------------------


def test_patch_targets_through_a_deprecated_path(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        "from unittest import mock\nfrom unittest.mock import patch\n\n\n"
        '@patch("chat.core.old.Manager")\ndef test_a(manager):\n    pass\n\n\n'
        'def test_b(mocker, monkeypatch):\n    mocker.patch("chat.core.old.Manager")\n'
        '    monkeypatch.setattr("chat.core.old.UnifiedManager", None)\n'
        '    with mock.patch("chat.core.old.Manager"):\n        pass\n',
        path="chat/app/test_x.py",
    )
    assert codes(p, "chat/app/test_x.py") == [
        (5, 8, "SOT001"),
        (11, 18, "SOT001"),
        (12, 25, "SOT001"),
        (13, 21, "SOT001"),
    ]
    assert p.findings()[0].message.startswith(
        "patch target `chat.core.old.Manager` patches `Manager` through deprecated `chat.core.old`"
    )
    assert "patch `Manager` where the code under test looks it up" in p.findings()[0].message
    assert [row[2] for row in codes(p, "chat/app/test_x.py", today=AFTER)] == ["SOT003"] * 4


def test_patching_where_a_name_is_looked_up_is_never_sot002(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        'from unittest.mock import patch\n\npatch("chat.app.service.Manager")\npatch("chat.core.impl.Manager")\n'
    )
    assert codes(p) == []


def test_patch_targets_into_a_covered_module(project) -> None:  # type: ignore[no-untyped-def]
    p = project('from unittest.mock import patch\n\npatch("chat.legacy.sessions.open_session")\n')
    assert codes(p) == [(3, 7, "SOT011")]
    assert p.findings()[0].message.startswith(
        "patch target `chat.legacy.sessions.open_session` is in forbidden module `chat.legacy.sessions` (inside"
    )


def test_what_is_not_a_patch_target(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        "from unittest import mock\n\n\n"
        'def test(o):\n    """Use mock.patch("chat.core.old.Manager") in your tests."""\n'
        '    mock.patch.object(o, "Manager")\n    mock.patch("Manager")\n'
        '    target = "chat.core.old.Manager"\n    mock.patch(f"{target}")\n    mock.patch(target)\n'
        '    dispatch("chat.core.old.Manager")\n'
    )
    assert codes(p) == []


def test_patch_targets_have_the_exemptions_of_imports(project) -> None:  # type: ignore[no-untyped-def]
    source = 'from unittest.mock import patch\npatch("chat.core.old.Manager")\npatch("chat.legacy.x")\n'
    assert codes(project(source, path="chat/tools/t.py"), "chat/tools/t.py") == [(3, 7, "SOT011")]
    assert codes(project(source, path="chat/legacy/t.py"), "chat/legacy/t.py") == [(2, 7, "SOT001")]


# -- names spelled in strings over a module: getattr, patch.object, string annotations ----------------------


def test_getattr_with_a_literal_name_is_an_attribute_use(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        "import chat.core.old as o\nimport chat.core.impl as impl\n\n"
        'getattr(o, "Manager")\ngetattr(impl, "UnifiedManager", None)\n'
        'getattr(o, name)\ngetattr(o, "other")\ngetattr(o, "\uff2danager")\ngetattr(o, "Man" "ager")\n'
    )
    # At the string, as a patch target is; `getattr` does not normalise a string as Python reads identifiers.
    assert codes(p) == [(4, 12, "SOT001"), (5, 15, "SOT002")]
    assert p.findings()[0].message.startswith("`Manager` used through deprecated `chat.core.old` (via `o`)")


def test_patch_object_patches_a_name_through_the_module_it_is_given(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        "from unittest import mock\nimport chat.core.old as o\nimport chat.core.impl as impl\n\n"
        'mock.patch.object(o, "Manager")\nmock.patch.object(impl, "Manager")\n\n\n'
        'def test(monkeypatch, mocker):\n    monkeypatch.setattr(o, "UnifiedManager", None)\n'
        '    mocker.patch.object(o, "Manager")\n',
        path="chat/app/test_x.py",
    )
    # Never SOT002: patching a name where it is looked up is right (as for patch target strings).
    assert codes(p, "chat/app/test_x.py") == [(5, 22, "SOT001"), (10, 28, "SOT001"), (11, 28, "SOT001")]
    assert p.findings()[0].message.startswith(
        "patch target `chat.core.old.Manager` patches `Manager` through deprecated `chat.core.old`"
    )
    assert [row[2] for row in codes(p, "chat/app/test_x.py", today=AFTER)] == ["SOT003"] * 3


def test_string_annotations_are_attribute_uses_inside_the_string(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        "import typing\nimport chat.core.old\nimport chat.core.impl as impl\n\n\n"
        'def f(m: "chat.core.old.Manager") -> "typing.Optional[impl.Manager]":\n'
        '    x: "chat.core.old.UnifiedManager" = typing.cast("impl.Manager", m)\n'
        '    y = "chat.core.old.Manager"  # not an annotation\n'
        '    z: "chat.core.old.Man\\x61ger"  # not spelled as it is: what the prefilter sees is not what it says\n'
        '    w: " chat.core.old.Manager"  # not an expression typing can evaluate\n'
    )
    assert codes(p) == [(6, 25, "SOT001"), (6, 60, "SOT002"), (7, 23, "SOT001"), (7, 59, "SOT002")]
    assert p.findings()[0].message == (
        "`Manager` named through deprecated `chat.core.old` in the string `chat.core.old.Manager` (until 2026-12-31): "
        "compatibility shim; import it from `chat.core.api`"
    )
    unbound = project('def f(m: "chat.core.old.Manager"):\n    pass\n')
    assert codes(unbound) == []  # `chat` is bound by no import: type checkers cannot resolve it either


def test_a_name_in_a_string_counts_only_spelled_as_it_is(project) -> None:  # type: ignore[no-untyped-def]
    # The relevance prefilter looks for governed names in the file's text: a string that spells
    # one only through an escape or a concatenation would be found with the prefilter off and
    # missed with it on. So such strings are never judged (the fixture compares both runs).
    for source in (
        'import chat.core.old as o\n\ngetattr(o, "Man\\x61ger")\n',
        'import chat.core.old as o\n\ngetattr(o, "Man" "ager")\n',
        'import chat.core.old\n\nx: "chat.core.old.Man\\x61ger"\n',
        'import sys\n\nsys.modules["chat.leg\\x61cy"]\n',
    ):
        assert codes(project(source)) == [], source


# -- dynamic imports that a module is then used through ----------------------------------------------------


def test_a_name_used_through_a_dynamically_imported_module(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        "import importlib\nfrom importlib import import_module as load\n\n"
        'importlib.import_module("chat.core.old").Manager\n'
        'm = load("chat.core.old")\nm.UnifiedManager\n'
        '__import__("chat.core.impl").core.impl.Manager\n'
        'n = importlib.import_module("chat.core.old")\nn = None\nn.Manager\n'
    )
    assert codes(p) == [(4, 42, "SOT001"), (6, 3, "SOT001"), (7, 40, "SOT002")]
    assert p.findings()[0].message.startswith(
        "`Manager` used through deprecated `chat.core.old` "
        '(dynamically imported, via `importlib.import_module("chat.core.old")`)'
    )


def test_an_alias_of_import_module_is_a_dynamic_import(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        'import importlib as il\nfrom importlib import import_module as load\n\nload("chat.legacy")\n'
        'il.import_module("chat.legacy.sessions")\n'
    )
    assert codes(p) == [(4, 6, "SOT011"), (5, 18, "SOT011")]


# -- sys.modules ---------------------------------------------------------------------------------------------


def test_sys_modules_entries_are_module_references(project) -> None:  # type: ignore[no-untyped-def]
    p = project(
        "import sys\nimport sys as system\nfrom sys import modules as loaded\n\n"
        'sys.modules["chat.legacy"]\nsystem.modules["chat.legacy.sessions"] = None\ndel loaded["chat.legacy"]\n'
        'sys.modules[name]\n"chat.legacy" in sys.modules\nsys.modules.get("chat.legacy")\n'
        'sys.modules["chat.leg\\x61cy"]\n'
    )
    assert codes(p) == [(5, 13, "SOT011"), (6, 16, "SOT011"), (7, 12, "SOT011")]
    assert p.findings()[0].message == (
        "`sys.modules` entry of forbidden module `chat.legacy`; import from `chat.core.api` instead"
    )


# -- names a star import brings -------------------------------------------------------------------------------


def test_a_governed_name_taken_from_a_star_import(project) -> None:  # type: ignore[no-untyped-def]
    p = project("from chat.core.old import *\n\n\ndef f():\n    return Manager()\n\n\nx = UnifiedManager\n")
    # One finding per name, at the `*`: where `from chat.core.old import Manager` is reported at the name.
    assert codes(p) == [(1, 27, "SOT001"), (1, 27, "SOT001")]
    assert sorted(f.message for f in p.findings() if f.code == "SOT001") == [
        "`Manager` taken from deprecated `chat.core.old` by a star import (used on line 5) (until 2026-12-31): "
        "compatibility shim; import it from `chat.core.api`",
        "`UnifiedManager` taken from deprecated `chat.core.old` by a star import (used on line 8) (until "
        "2026-12-31): compatibility shim; import it from `chat.core.api`",
    ]
    q = project("from ..core.impl import *\n\nManager\n", path="chat/app/b.py")
    assert codes(q, "chat/app/b.py") == [(1, 25, "SOT002")]
    # Only what nothing else binds comes from the star import:
    assert codes(project("from chat.core.old import *\nfrom chat.core.api import Manager\n\nManager\n")) == []
    defined = project("from chat.core.old import *\n\n\nclass Manager:\n    pass\n\n\nManager\n")
    assert codes(defined) == [(4, 1, "SOT020")]  # defined here, not taken from the star import
    assert codes(project("from chat.core.old import *\n\n\ndef f(Manager):\n    return Manager\n")) == []
    assert codes(project('from chat.core.old import *\n\nx = "Manager"  # Manager\n')) == []
    # Two star imports: which one provides the name depends on the other modules' contents.
    assert codes(project("from chat.core.old import *\nfrom chat.helpers import *\n\nManager\n")) == []
    assert codes(project("from chat.core.api import *\n\nManager\n")) == []  # canonical


# -- every front end reports them ------------------------------------------------------------------------


REFERENCES = (
    "import importlib\nfrom unittest.mock import patch\n\nimport refs.core.old as o\nfrom refs.core import old\n\n"
    'o.Manager()\nold.Manager()\nimportlib.import_module("refs.legacy")\npatch("refs.core.old.Manager")\n'
    'getattr(o, "Manager")\nsys.modules["refs.legacy"]\n'
)


@pytest.fixture
def refs_project(make_project):  # type: ignore[no-untyped-def]
    tree = {path.replace("chat/", "refs/"): text.replace("chat.", "refs.") for path, text in TREE.items()}
    policy = POLICY.replace('"chat', '"refs').replace("chat.", "refs.")
    return make_project({**tree, "refs/app/a.py": REFERENCES}, policy)


def test_ssot_check_flake8_and_lint_imports_report_the_same_references(refs_project) -> None:  # type: ignore[no-untyped-def]
    expected = [
        ("refs/app/a.py", 7, 3, "SOT001"),
        ("refs/app/a.py", 8, 5, "SOT001"),
        ("refs/app/a.py", 9, 25, "SOT011"),
        ("refs/app/a.py", 10, 7, "SOT001"),
        ("refs/app/a.py", 11, 12, "SOT001"),
        ("refs/app/a.py", 12, 13, "SOT011"),
    ]
    assert [row for row in refs_project.check() if row[0] == "refs/app/a.py"] == expected
    flake8 = flake8_in_process(
        "--isolated",
        "--select",
        "SOT",
        "--ssot-policy",
        "contracts/ssot.toml",
        "refs",
        cwd=refs_project.root,
        today="2026-06-15",
    )
    flake8_rows = sorted(
        (path.removeprefix("./"), int(line), int(column), rest.split()[0])
        for path, line, column, rest in (entry.split(":", 3) for entry in flake8.stdout.splitlines())
    )
    assert flake8_rows == expected
    (refs_project.root / ".importlinter").write_text(
        "[importlinter]\nroot_packages =\n    refs\ncontract_types =\n"
        "    ssot: importlinter_ssot.contracts.SsotContract\n\n"
        "[importlinter:contract:refs]\nname = refs\ntype = ssot\npolicy = contracts/ssot.toml\n",
        encoding="utf-8",
    )
    linted = lint_imports_in_process(cwd=refs_project.root, today="2026-06-15", pythonpath=refs_project.root)
    for path, line, column, code in expected:
        assert f"{path}:{line}:{column}: {code} " in linted.stdout


# -- the two ways of tying names to the symbol table agree ---------------------------------------------

SCOPING_SAMPLES = [
    "import a.b as o\no.N\n",
    "import a.b as o\ndef f(o):\n    return o.N\ndef g():\n    return o.N\n",
    "import a.b as o\nclass C:\n    o = 1\n    x = o.N\n    def m(self):\n        return o.N\n",
    "import a.b as o\nx = [o.N for o in y]\nz = [o.N for i in y]\nw = {k: o.N for k in y}\n",
    "import a.b as o\ndef f():\n    global o\n    o = 1\no.N\n",
    "def outer():\n    import a.b as o\n    def inner():\n        nonlocal o\n        return o.N\n"
    "    return lambda: o.N\n",
    "import a.b as o\nfrom c import *\no.N\n",
    "try:\n    import a.b as o\nexcept ImportError:\n    import a.c as o\no.N\n",
    "import a.b as o\nf = lambda o=o.N: o.N\n",
    "import a.b as o\n@o.N\ndef f(x=o.N) -> o.N:\n    return [y for y in o.N if (z := o.N)]\n",
    "from . import m\nclass C(m.N):\n    def f(self, m=m.N):\n        return m.N\n",
    "import a\nwith a.N() as b:\n    a.b.N\nfor a in b:\n    pass\n",
]


@pytest.mark.parametrize("source", SCOPING_SAMPLES)
def test_the_table_resolver_agrees_with_the_full_walk(source: str) -> None:
    import ast
    import symtable

    from importlinter_ssot.application.analysis import references
    from importlinter_ssot.domain.source import Position

    tree = ast.parse(source)
    position = lambda line, offset: Position(line, offset + 1)  # noqa: E731
    candidates = references._ChainFinder(tree, source, frozenset({"N"}), position, position).chains(None)
    assert candidates
    table = symtable.symtable(source, "<x>", "exec")
    walker = references._ScopeWalker(tree, table, {id(chain.anchor) for chain in candidates})
    resolver = references._TableResolver(table, tree, source, {chain.base for chain in candidates})
    for chain in candidates:
        expected = walker.module_bindings_at(chain.anchor, chain.base)
        assert resolver.module_bindings(chain.scope, chain.base) == expected, chain.locate()
