"""Which files are checked, what modules they are, how paths are shown, and the scope of a run."""

from __future__ import annotations

import os

import pytest

POLICY = """
[policy]
name = "test"
root_packages = ["chat"]
{settings}

[[symbol]]
name = "Manager"
defined_in = "chat.core.impl"
canonical = ["chat.core.api"]
"""

CORE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "",
    "chat/core/impl.py": "class Manager:\n    pass\n",
    "chat/core/api.py": "from chat.core.impl import Manager\n",
}

DEFINES = "class Manager:\n    pass\n"


def policy(settings: str = "") -> str:
    return POLICY.replace("{settings}", settings)


def modules_named_in_sot020(project, **kwargs) -> dict[str, str]:
    """path → the module named in its SOT020 message (`Manager` defined in `<module>`, ...)."""
    found = {}
    for finding in project.findings(**kwargs):
        if finding.code == "SOT020":
            found[project.rel(finding.path)] = finding.message.split("`")[3]
    return found


def test_directories_without_init_are_checked(make_project):
    p = make_project(
        {
            "chat/core/__init__.py": "",
            "chat/core/impl.py": DEFINES,
            "chat/core/api.py": "from chat.core.impl import Manager\n",
            # chat/ itself, chat/scripts/ and chat/a/b/ have no __init__.py
            "chat/top.py": DEFINES,
            "chat/scripts/run.py": DEFINES,
            "chat/a/b/c.py": DEFINES,
            "chat/scripts/notes.txt": "class Manager: pass\n",
        },
        policy(),
    )
    assert p.check() == [
        ("chat/a/b/c.py", 1, 1, "SOT020"),
        ("chat/scripts/run.py", 1, 1, "SOT020"),
        ("chat/top.py", 1, 1, "SOT020"),
    ]
    assert p.result().files_checked == 6


def test_module_names(make_project):
    p = make_project(
        {
            **CORE,
            "chat/pkg/__init__.py": DEFINES,
            "chat/pkg/mod.py": DEFINES,
            "chat/nodir/deeper/leaf.py": DEFINES,
            "chat/nodir/deeper/__init__.py": DEFINES,
        },
        policy(),
    )
    assert modules_named_in_sot020(p) == {
        "chat/pkg/__init__.py": "chat.pkg",
        "chat/pkg/mod.py": "chat.pkg.mod",
        "chat/nodir/deeper/__init__.py": "chat.nodir.deeper",
        "chat/nodir/deeper/leaf.py": "chat.nodir.deeper.leaf",
    }


def test_exclude_globs(make_project):
    settings = 'exclude = ["**/backups/**", "chat/vendor", "chat/gen_*.py", "chat/**/skip_me.py"]'
    files = {
        **CORE,
        "chat/backups/old.py": DEFINES,
        "chat/core/backups/deep/old.py": DEFINES,
        "chat/backups_x/keep.py": DEFINES,
        "chat/core/backups.py": DEFINES,
        "chat/vendor/a/b.py": DEFINES,
        "chat/vendor/__init__.py": DEFINES,
        "chat/vendor_keep.py": DEFINES,
        "chat/gen_models.py": DEFINES,
        "chat/sub/gen_x.py": DEFINES,
        "chat/skip_me.py": DEFINES,
        "chat/a/b/skip_me.py": DEFINES,
    }
    p = make_project(files, policy(settings))
    assert p.check() == [
        ("chat/backups_x/keep.py", 1, 1, "SOT020"),
        ("chat/core/backups.py", 1, 1, "SOT020"),
        ("chat/sub/gen_x.py", 1, 1, "SOT020"),
        ("chat/vendor_keep.py", 1, 1, "SOT020"),
    ]
    assert p.result().files_checked == len(CORE) + 4


def test_excluded_files_are_not_part_of_the_project(make_project):
    settings = 'exclude = ["**/backups/**"]'
    p = make_project(
        {
            **CORE,
            "chat/backups/old.py": "class ChatManager:\n    pass\n",
            "chat/backups/tools.py": "",
            "chat/live.py": "class ChatManager:\n    pass\n",
        },
        policy(settings) + '\n[[duplicates]]\npattern = "*Manager"\n',
    )
    assert p.check() == []


def test_symlinked_directories_are_not_followed(make_project):
    p = make_project(
        {
            **CORE,
            "outside/manager.py": DEFINES,
            "chat/real/__init__.py": "",
            "chat/real/manager.py": DEFINES,
        },
        policy(),
    )
    os.symlink(p.root / "outside", p.root / "chat" / "linked_outside", target_is_directory=True)
    os.symlink(p.root / "chat" / "real", p.root / "chat" / "linked_real", target_is_directory=True)
    assert p.check() == [("chat/real/manager.py", 1, 1, "SOT020")]
    assert p.result().files_checked == len(CORE) + 2


def test_src_layout(make_project):
    p = make_project(
        {
            "src/chat/__init__.py": "",
            "src/chat/core/__init__.py": "",
            "src/chat/core/impl.py": DEFINES,
            "src/chat/core/api.py": "from chat.core.impl import Manager\n",
            "src/chat/app/__init__.py": "",
            "src/chat/app/views.py": "from ..core.impl import Manager\nfrom chat.core.api import Manager\n",
            "src/chat/app/dup.py": DEFINES,
            "chat/ignored.py": DEFINES,  # not under the source root
        },
        policy('source_roots = ["src"]'),
    )
    assert p.check() == [
        ("src/chat/app/dup.py", 1, 1, "SOT020"),
        ("src/chat/app/views.py", 1, 25, "SOT002"),
    ]
    assert modules_named_in_sot020(p) == {"src/chat/app/dup.py": "chat.app.dup"}
    assert "`chat.core.impl`" in p.message("SOT002")


def test_several_source_roots(make_project):
    text = """
        [policy]
        name = "test"
        root_packages = ["chat", "tools"]
        source_roots = ["src", "lib"]

        [[symbol]]
        name = "Manager"
        defined_in = "chat.impl"
        canonical = ["chat.impl"]
    """
    p = make_project(
        {
            "src/chat/__init__.py": "",
            "src/chat/impl.py": DEFINES,
            "lib/tools/__init__.py": "",
            "lib/tools/x.py": "from chat import Manager\n",
        },
        text,
    )
    assert p.check() == [("lib/tools/x.py", 1, 18, "SOT002")]


def test_project_root_is_found_from_the_policy_file(make_project):
    # The policy lives deep below the project root (marked by pyproject.toml); its paths are root-relative.
    p = make_project(
        {**CORE, "chat/x.py": DEFINES},
        policies={"config/policies/ssot.toml": policy('exclude = ["chat/x.py"]')},
        marker="pyproject.toml",
    )
    assert p.check() == []
    p.write({"chat/y.py": DEFINES})
    assert p.check() == [("chat/y.py", 1, 1, "SOT020")]


@pytest.mark.parametrize("marker", ["pyproject.toml", "setup.cfg", "setup.py", ".git"])
def test_every_project_marker_is_recognised(make_project, marker):
    p = make_project(
        {**CORE, "chat/x.py": DEFINES},
        policies={"config/deep/ssot.toml": policy()},
        marker=marker,
    )
    assert p.check() == [("chat/x.py", 1, 1, "SOT020")]


def test_nearest_marker_wins(make_project):
    p = make_project(
        {
            **CORE,
            "chat/x.py": DEFINES,
            "sub/setup.cfg": "",
            "sub/chat/__init__.py": "",
            "sub/chat/y.py": DEFINES,
        },
        policies={"sub/contracts/ssot.toml": policy()},
    )
    assert p.check() == [("sub/chat/y.py", 1, 1, "SOT020")]


def test_without_a_marker_the_policy_directory_is_the_root(make_project):
    p = make_project({**CORE, "chat/x.py": DEFINES}, policies={"ssot.toml": policy()}, marker=None)
    assert p.check() == [("chat/x.py", 1, 1, "SOT020")]


@pytest.mark.parametrize(("cwd", "shown"), [(".", "chat/app/a.py"), ("chat", "app/a.py"), ("docs", "../chat/app/a.py")])
def test_paths_in_output_are_relative_to_the_current_directory(make_project, cwd, shown):
    p = make_project({**CORE, "chat/app/a.py": "from chat.other import Manager\n", "docs/x.md": ""}, policy())
    result = p.cli("--policy", str(p.root / "contracts" / "ssot.toml"), cwd=p.root / cwd)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0].startswith(f"{shown}:1:24: SOT002 ")


def test_each_policy_applies_with_its_own_settings(make_project):
    files = {**CORE, "chat/backups/old.py": DEFINES, "chat/live.py": DEFINES}
    p = make_project(
        files,
        policies={
            "contracts/a.toml": policy('exclude = ["**/backups/**"]'),
            "contracts/b.toml": policy(),
        },
    )
    assert p.check(policies=["contracts/a.toml"]) == [("chat/live.py", 1, 1, "SOT020")]
    # b checks the backups too; chat/live.py is found by both and reported once.
    assert p.check() == [
        ("chat/backups/old.py", 1, 1, "SOT020"),
        ("chat/live.py", 1, 1, "SOT020"),
    ]


# -- scope ------------------------------------------------------------------------------------

SCOPE_POLICY = """
[policy]
name = "test"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
defined_in = "chat.core.impl"
canonical = ["chat.core.api"]
deprecated = [{ module = "chat.core" }]
max_import_patterns = 1

[[module]]
name = "chat.legacy"
status = "forbidden"

[[duplicates]]
pattern = "*Thing"
"""

SCOPE_TREE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "from chat.core.impl import Manager\n",
    "chat/core/impl.py": "class Manager:\n    pass\n",
    "chat/core/api.py": "from chat.core.impl import Manager\n",
    "chat/legacy/__init__.py": "",
    "chat/app/__init__.py": "",
    "chat/app/a.py": "from chat.core import Manager\nfrom chat import legacy\n\n\nclass BigThing:\n    pass\n",
    "chat/app/b.py": "from ..other import Manager\n\n\nclass Manager:\n    pass\n",
    "chat/services/c.py": "class BigThing:\n    pass\n",
    "chat/services/broken.py": "def broken(:\n",
}


@pytest.mark.parametrize(
    "path", ["chat/app/a.py", "chat/app/b.py", "chat/services/c.py", "chat/services/broken.py", "chat/core/impl.py"]
)
def test_checking_one_file_gives_the_same_findings_for_it_as_checking_everything(make_project, path):
    p = make_project(SCOPE_TREE, SCOPE_POLICY)
    full = p.check()
    # sanity: the full run has findings in several files, including SOT022 across files
    assert {row[0] for row in full} >= {"chat/app/a.py", "chat/app/b.py", "chat/services/c.py"}
    scoped = p.check(scope=[path])
    assert scoped == [row for row in full if row[0] == path]
    assert p.result(scope=[path]).files_checked == 1


def test_scoped_sot022_uses_all_files(make_project):
    p = make_project(SCOPE_TREE, SCOPE_POLICY)
    assert p.check(scope=["chat/services/c.py"]) == [("chat/services/c.py", 1, 1, "SOT022")]
    assert "`chat.app.a`" in p.findings(scope=["chat/services/c.py"])[0].message


def test_scope_can_be_a_directory(make_project):
    p = make_project(SCOPE_TREE, SCOPE_POLICY)
    full = p.check()
    assert p.check(scope=["chat/app"]) == [row for row in full if row[0].startswith("chat/app/")]
    assert p.result(scope=["chat/app"]).files_checked == 3


def test_cli_scope_reports_only_the_given_file(make_project):
    p = make_project(SCOPE_TREE, SCOPE_POLICY)
    full = p.cli()
    scoped = p.cli("chat/app/a.py")
    full_lines = [line for line in full.stdout.splitlines() if line.startswith("chat/app/a.py:")]
    finding_lines = scoped.stdout.splitlines()[:-1]
    assert full_lines and finding_lines == full_lines
    assert scoped.returncode == 1
