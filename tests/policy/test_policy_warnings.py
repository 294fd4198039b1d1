"""Policy entries that match nothing are warnings (located, exit code unchanged); so is a PATH with nothing to check.

A typo in a module name or a glob silently turns a rule off; the warning says so at the
policy key. Warnings go to stderr and to JSON ``policy_warnings``; they never change the
exit code.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.commands import ssot_command

TREE = {
    "acme/__init__.py": "",
    "acme/core.py": "class Client:\n    pass\n",
    "acme/compat/__init__.py": "",
    "acme/compat/py2.py": "from acme.core import Client\n",
    "acme/tools/__init__.py": "",
    "acme/tools/cli.py": "",
    "acme/types.py": "class MessageType:\n    pass\n",
    "acme/more/__init__.py": "",
    "acme/more/types.py": "class MessageType:\n    pass\n",
    "acme/backups/old.py": "",
    "acme/app.py": "from acme.compat.py2 import Client\n",
}

CLEAN = """
[policy]
root_packages = ["acme"]
exclude = ["acme/backups/**"]

[[symbol]]
name = "Client"
defined_in = "acme.core"
deprecated = ["acme.compat.py2"]
allow_importers = ["acme.tools.*"]

[[module]]
name = "acme.compat"
status = "deprecated"
allow_importers = ["acme.tools.**"]

[[module]]
name = "six"
status = "forbidden"

[[duplicates]]
pattern = "*Type"
within = ["acme.**"]
"""


def warnings_of(project) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    return [(warning.line, warning.key, warning.message) for warning in project.result().warnings]


def test_a_policy_whose_entries_all_match_has_no_warnings(make_project) -> None:  # type: ignore[no-untyped-def]
    assert warnings_of(make_project(TREE, CLEAN)) == []


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ('name = "acme.compat"', 'name = "acme.compat.pyy2"', "module[0].name", "`acme.compat.pyy2` matches no module"),
        ('name = "acme.compat"', 'name = "acme.compt*"', "module[0].name", "`acme.compt*` matches no module"),
        (
            'deprecated = ["acme.compat.py2"]',
            'deprecated = ["acme.compat.py3"]',
            "symbol[0].deprecated[0]",
            "module `acme.compat.py3` of symbol `Client` does not exist",
        ),
        (
            'allow_importers = ["acme.tools.*"]',
            'allow_importers = ["acme.tool.*"]',
            "symbol[0].allow_importers[0]",
            "`acme.tool.*` matches no module",
        ),
        (
            'allow_importers = ["acme.tools.**"]',
            'allow_importers = ["acme.tols.**"]',
            "module[0].allow_importers[0]",
            "`acme.tols.**` matches no module",
        ),
        ('within = ["acme.**"]', 'within = ["acme.nope.**"]', "duplicates[0].within[0]", "matches no module"),
        (
            'within = ["acme.**"]',
            'within = ["acme"]',
            "duplicates[0].within[0]",
            "matches the package `acme` only, not the modules inside it; write `acme.**` to include them",
        ),
        (
            'exclude = ["acme/backups/**"]',
            'exclude = ["acme/backup/**"]',
            "policy.exclude[0]",
            "`acme/backup/**` matches no file or directory below the root packages",
        ),
    ],
    ids=[
        "module typo",
        "module glob",
        "deprecated path",
        "symbol allow",
        "module allow",
        "within",
        "within a package",
        "exclude",
    ],
)
def test_an_entry_that_matches_nothing_is_a_located_warning(make_project, old, new, key, message) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, CLEAN.replace(old, new))
    found = warnings_of(project)
    assert [(entry_key, text) for _, entry_key, text in found if message in text] == [(key, found[0][2])]
    line = next(number for number, text in enumerate(CLEAN.replace(old, new).splitlines()[1:], 1) if new in text)
    assert found[0][0] == line


def test_third_party_module_rules_are_not_compared_with_the_tree(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, CLEAN.replace('name = "six"', 'name = "requests.packages"'))
    assert warnings_of(project) == []


def test_warnings_keep_the_exit_code_and_reach_json(make_project) -> None:  # type: ignore[no-untyped-def]
    baseline = make_project(TREE, CLEAN).cli()
    project = make_project(TREE, CLEAN.replace('name = "acme.compat"', 'name = "acme.compat.pyy2"'))
    text = project.cli()
    assert text.returncode == baseline.returncode == 1  # the duplicated MessageType (SOT022)
    assert "contracts/ssot.toml:12:1: warning: module[0].name: `acme.compat.pyy2` matches no module" in text.stderr
    document = json.loads(project.cli("--format", "json").stdout)
    assert [warning["key"] for warning in document["policy_warnings"]] == ["module[0].name"]


def test_a_path_outside_every_root_package_says_so(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project({**TREE, "scripts/tool.py": "import os\n"}, CLEAN)
    result = project.cli("scripts")
    assert result.returncode == 0
    assert "ssot: scripts is outside the root packages of every policy (acme): nothing there is checked" in (
        result.stderr
    )
    assert "0 files checked" in result.stdout
    document = json.loads(project.cli("--format", "json", "scripts/tool.py").stdout)
    assert document["paths_outside"] == ["scripts/tool.py"]
    inside = json.loads(project.cli("--format", "json", "acme/app.py", "contracts/ssot.toml").stdout)
    assert inside["paths_outside"] == []


def test_an_unquoted_malformed_date_names_the_key_and_the_form(make_project) -> None:  # type: ignore[no-untyped-def]
    policy = CLEAN.replace(
        'deprecated = ["acme.compat.py2"]', 'deprecated = [{ module = "acme.compat.py2", until = 2027-6-30 }]'
    )
    result = make_project(TREE, policy).cli()
    assert result.returncode == 2
    expected = "until: `2027-6-30` is not a date: write `until` as YYYY-MM-DD, e.g. 2027-06-30"
    assert f"contracts/ssot.toml:8:53: error: {expected}" in result.stderr
    assert "Unclosed inline table" not in result.stderr


def test_ten_thousand_symbols_are_warned_about_in_linear_time(make_project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # 150 s before: every warning's location rebuilt the table of all 60 000 keys written, and
    # every symbol's allow_importers glob was compared with every module again. Counted, not timed.
    from importlinter_ssot.domain.globs import ModuleGlob
    from importlinter_ssot.domain.policy import KeyLocations

    count = 10_000
    entries = [
        f'[[symbol]]\nname = "Sym{index}"\ndefined_in = "acme.gone{index}"\n'
        f'allow_importers = ["acme.tests.**", "acme.*.x{index}"]\n'
        for index in range(count)
    ]
    policy = '[policy]\nroot_packages = ["acme"]\n\n' + "\n".join(entries)
    project = make_project({"acme/__init__.py": "", "acme/core.py": "import os\n"}, policy)
    calls = {"tables": 0, "lookups": 0, "matches": 0}

    def counted(name: str, function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(KeyLocations, "__init__", counted("tables", KeyLocations.__init__))
    monkeypatch.setattr(KeyLocations, "__getitem__", counted("lookups", KeyLocations.__getitem__))
    monkeypatch.setattr(ModuleGlob, "matches", counted("matches", ModuleGlob.matches))
    found = warnings_of(project)

    # Each symbol takes 5 lines (4 and a blank one) after the 3 of [policy]: `name` on line 5 + 5i.
    missing, nothing = "does not exist in the scanned tree", "matches no module of the scanned tree"
    undefined = "scanned tree (no module-level `class`, `def` or assignment binds it)"
    expected = []
    for index in range(count):
        expected += [
            (5 + 5 * index, f"symbol[{index}].name", f"`Sym{index}` is defined in no file of the {undefined}"),
            (
                6 + 5 * index,
                f"symbol[{index}].defined_in",
                f"module `acme.gone{index}` of symbol `Sym{index}` {missing}",
            ),
            (7 + 5 * index, f"symbol[{index}].allow_importers[0]", f"`acme.tests.**` {nothing}"),
            (7 + 5 * index, f"symbol[{index}].allow_importers[1]", f"`acme.*.x{index}` {nothing}"),
        ]
    assert found == expected
    # The key table is built once per load, then looked up: each warning asks for its key (and at
    # worst its ancestors; twice here, the check and its prefilter proof), never walks the table.
    assert calls["tables"] <= 2
    assert calls["lookups"] <= 2 * 3 * len(expected)
    # `acme.tests.**` is one subtree: looked up; `acme.*.x<i>` is only compared with modules named `x<i>`.
    assert calls["matches"] == 0


@settings(max_examples=300, deadline=None, database=None)
@given(
    files=st.lists(st.lists(st.sampled_from(["acme", "a", "b", "ab", ""]), min_size=1, max_size=4), max_size=5),
    pattern=st.lists(st.sampled_from(["acme", "a", "b", "*", "**", "a*"]), min_size=1, max_size=4),
)
def test_the_tree_answers_as_comparing_every_module(files: list[list[str]], pattern: list[str]) -> None:
    # Literal and subtree globs are looked up, others compared once: the answer is the plain scan's.
    from importlinter_ssot.application.policy.policy_warnings import _Tree
    from importlinter_ssot.application.policy.project import ProjectIndex
    from importlinter_ssot.domain.globs import ModuleGlob

    modules = ProjectIndex.from_file_modules([".".join(parts) for parts in files]).modules
    try:
        glob = ModuleGlob(".".join(pattern))
    except ValueError:
        return
    tree = _Tree(modules)
    assert tree.matched(glob) == any(glob.matches(module) for module in modules)
    assert tree.has_submodules(glob.pattern) == any(module.startswith(glob.pattern + ".") for module in modules)


# -- a governed name that no file defines ------------------------------------------------------------

UNDEFINED = "`Client` is defined in no file of the scanned tree (no module-level `class`, `def` or assignment binds it)"


def name_warnings(project) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    return [found for found in warnings_of(project) if found[1].endswith(".name") and "defined in no" in found[2]]


# (what acme/core.py, the symbol's defined_in, holds; other files; whether `Client` is warned about)
DEFINITION_CASES = {
    "class": ("class Client:\n    pass\n", {}, False),
    "async def": ("async def Client():\n    pass\n", {}, False),
    "assignment": ("Client = object\n", {}, False),  # `Client = make_client()`
    "annotated assignment": ("Client: type = object\n", {}, False),
    "unpacked": ("A, (B, *Client) = 1, (2, 3)\n", {}, False),
    "with target": ("with open(__file__) as Client:\n    pass\n", {}, False),
    "both branches": (
        "import typing\nif typing.TYPE_CHECKING:\n    class Client: ...\nelse:\n    Client = object\n",
        {},
        False,
    ),
    "import or fallback": ("try:\n    from fast import Client\nexcept ImportError:\n    Client = None\n", {}, False),
    "NFKC spelling": ("class Ｃlient: ...\n", {}, False),  # Python reads it as `Client`
    # defined_in only re-exports it: from inside the tree, whose definition is found there (SOT020) ...
    "re-exported from the tree": ("from acme.impl import Client\n", {"acme/impl.py": "class Client: ...\n"}, False),
    # ... or from outside the tree: a third-party object the policy governs.
    "re-exported from outside": ("from requests import Client\n", {}, False),
    "defined elsewhere": ("", {"acme/tools/cli.py": "class Client: ...\n"}, False),  # SOT020's business
    # Nothing defines it:
    "nowhere": ("", {}, True),
    "a re-export loop": ("from acme.impl import Client\n", {"acme/impl.py": "from acme.core import Client\n"}, True),
    "in a function": ("def make():\n    class Client: ...\n    return Client\n", {}, True),
    "in a class body": ("class Wrapper:\n    Client = None\n", {}, True),
    "in a loop": ("for _ in ():\n    Client = None\n", {}, True),  # as a def there (docs/rules.md)
    "in comments and strings": ("# class Client\nname = 'class Client: ...'\n", {}, True),
    "in an excluded file": ("", {"acme/backups/old.py": "class Client: ...\n"}, True),  # not scanned
    "outside the root packages": ("", {"scripts/client.py": "class Client: ...\n"}, True),
}


def test_a_governed_name_that_no_file_defines_is_a_located_warning(make_project) -> None:  # type: ignore[no-untyped-def]
    warned = {
        case: name_warnings(make_project({**TREE, "acme/core.py": core, **extra}, CLEAN))
        for case, (core, extra, _) in DEFINITION_CASES.items()
    }
    expected = {
        case: [(6, "symbol[0].name", UNDEFINED)] if warn else [] for case, (_, _, warn) in DEFINITION_CASES.items()
    }
    assert warned == expected
    # An alias is another name of the same object: often bound only by a re-export, or gone already
    # (the policy keeps it from coming back). Only the name itself must exist.
    policy = CLEAN.replace('name = "Client"', 'name = "Client"\naliases = ["OldClient", "LegacyClient"]')
    assert warnings_of(make_project(TREE, policy)) == []
    assert name_warnings(make_project({**TREE, "acme/core.py": "OldClient = 1\n"}, policy)) == [
        (6, "symbol[0].name", UNDEFINED)
    ]


def test_an_undefined_name_is_warned_about_by_every_front_end_whatever_the_scope(make_project) -> None:  # type: ignore[no-untyped-def]
    policy = CLEAN.replace('name = "Client"', 'name = "Cleint"')
    project = make_project(TREE, policy)
    expected = (
        "contracts/ssot.toml:6:1: warning: symbol[0].name: `Cleint` is defined in no file of the scanned tree "
        "(no module-level `class`, `def` or assignment binds it)\n"
    )
    baseline = make_project(TREE, CLEAN).cli()
    cold, warm = project.cli(), project.cli()  # the second run reads every file's facts from the cache
    assert cold.returncode == warm.returncode == baseline.returncode  # a warning never changes the exit code
    assert expected in cold.stderr and cold.stderr == warm.stderr
    # The file defining a name need not be among the PATHS checked: it is defined in the tree.
    assert "defined in no file" not in make_project(TREE, CLEAN).cli("acme/app.py").stderr
    assert expected in project.cli("acme/app.py").stderr
    document = json.loads(project.cli("--format", "json").stdout)
    assert [warning["key"] for warning in document["policy_warnings"]] == ["symbol[0].name"]
    report = ssot_command("report", cwd=project.root, today="2026-06-15")
    assert expected in report.stderr
