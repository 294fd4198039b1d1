"""Definition rules: SOT020 (outside defined_in), SOT021 (redefined in a file), SOT022 (duplicates)."""

from __future__ import annotations

import sys

import pytest

POLICY = """
[policy]
name = "test"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
aliases = ["UnifiedManager"]
defined_in = "chat.core.impl"
canonical = ["chat.core.api"]
"""

TREE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "",
    "chat/core/impl.py": "class Manager:\n    pass\n",
    "chat/core/api.py": "from chat.core.impl import Manager\n",
}


@pytest.fixture
def project(make_project):
    def make(files: dict[str, str], policy: str = POLICY):
        return make_project({**TREE, **files}, policy)

    return make


def test_definition_in_defined_in_is_fine(project):
    assert project({}).check() == []


def test_sot020_outside_defined_in_including_aliases(project):
    p = project(
        {
            "chat/other.py": """
                class Manager:
                    pass


                def UnifiedManager():
                    pass


                async def Manager():
                    pass


                Manager = object  # an assignment of another object is a definition too
            """
        }
    )
    assert p.check() == [
        ("chat/other.py", 1, 1, "SOT020"),
        ("chat/other.py", 5, 1, "SOT020"),
        ("chat/other.py", 9, 1, "SOT020"),
        ("chat/other.py", 9, 1, "SOT021"),
        ("chat/other.py", 13, 1, "SOT020"),
        ("chat/other.py", 13, 1, "SOT021"),
    ]
    first = p.findings()[0]
    assert first.severity.value == "error"
    assert first.symbol == "Manager"
    assert first.replacement == "chat.core.api"
    assert first.message == (
        "`Manager` defined in `chat.other`, but its single source of truth is `chat.core.impl`; "
        "import it from `chat.core.api` instead of redefining it"
    )


def test_definition_is_reported_at_the_class_or_def_line_not_the_decorator(project):
    p = project(
        {
            "chat/other.py": """
                import functools


                @functools.total_ordering
                @decorate(
                    "arguments",
                )
                class Manager:
                    pass


                @functools.cache
                def UnifiedManager():
                    pass
            """
        }
    )
    assert p.check() == [
        ("chat/other.py", 8, 1, "SOT020"),
        ("chat/other.py", 13, 1, "SOT020"),
    ]


def test_definitions_inside_module_level_blocks_count(project):
    p = project(
        {
            "chat/other.py": """
                import sys

                if sys.version_info >= (3, 11):
                    class Manager:
                        pass
                elif sys.platform == "win32":
                    def Manager():
                        pass
                else:
                    try:
                        class UnifiedManager:
                            pass
                    except ImportError:
                        with open("x") as stream:
                            class UnifiedManager:
                                pass
                    else:
                        async def Helper():
                            pass
                    finally:
                        if True:
                            class UnifiedManager:
                                pass
            """
        }
    )
    # The if/elif arms are alternatives, so are the try body and its handler: one site each.
    # `finally` runs after them: a redefinition, and a site of its own.
    assert p.check() == [
        ("chat/other.py", 4, 5, "SOT020"),
        ("chat/other.py", 11, 9, "SOT020"),
        ("chat/other.py", 22, 13, "SOT020"),
        ("chat/other.py", 22, 13, "SOT021"),
    ]
    assert "(first defined at line 11)" in p.message("SOT021")


def test_definitions_inside_loops_match_functions_and_classes_do_not_count(project):
    p = project(
        {
            "chat/other.py": """
                for item in range(3):
                    class Manager:
                        pass
                else:
                    class Manager:
                        pass

                while False:
                    def Manager():
                        pass

                async def run():
                    async for item in source():
                        class Manager:
                            pass

                match command:
                    case "x":
                        class Manager:
                            pass

                def factory():
                    class Manager:
                        pass

                    return Manager

                class Outer:
                    class Manager:
                        pass

                    def UnifiedManager(self):
                        pass

                if True:
                    for item in range(3):
                        class Manager:
                            pass

                    def builder():
                        class Manager:
                            pass
            """
        }
    )
    assert p.check() == []


def test_sot021_on_second_and_later_definitions_in_one_file(project):
    p = project(
        {
            "chat/core/impl.py": """
                class Manager:
                    pass


                class Manager:
                    pass


                def Manager():
                    pass


                class UnifiedManager:  # another governed name: not a redefinition of Manager
                    pass
            """
        }
    )
    assert p.check() == [
        ("chat/core/impl.py", 5, 1, "SOT021"),
        ("chat/core/impl.py", 9, 1, "SOT021"),
    ]
    message = p.findings()[0].message
    assert "line 1" in message


def test_except_and_else_arms_are_alternatives(project):
    """The handler runs instead of the body and its `else`: one definition site, no SOT021."""
    p = project(
        {
            "chat/core/impl.py": """
                try:
                    import fast
                except ImportError:
                    class Manager:
                        pass
                else:
                    class Manager:
                        pass
            """
        }
    )
    assert p.check() == []


def test_sot021_follows_source_order_across_except_finally(project):
    """Spec: SOT021 is on "the second and later definitions (source order)"."""
    p = project(
        {
            "chat/core/impl.py": """
                try:
                    import fast
                except ImportError:
                    class Manager:
                        pass
                finally:
                    class Manager:
                        pass
            """
        }
    )
    assert p.check() == [("chat/core/impl.py", 7, 5, "SOT021")]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="except* needs Python 3.11")
def test_definitions_inside_try_star_count(project):
    p = project(
        {
            "chat/other.py": """
                try:
                    pass
                except* ValueError:
                    class Manager:
                        pass
            """
        }
    )
    assert p.check() == [("chat/other.py", 4, 5, "SOT020")]


def test_duplicates_pattern_does_not_make_a_name_governed(make_project):
    policy = """
        [policy]
        name = "test"
        root_packages = ["chat"]

        [[duplicates]]
        pattern = "*Manager"
    """
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/a.py": "class ChatManager:\n    pass\n\n\nclass ChatManager:\n    pass\n",
        },
        policy,
    )
    # Defined twice in ONE file only: neither SOT021 (not governed) nor SOT022 (one file).
    assert p.check() == []


DUPLICATES_POLICY = """
[policy]
name = "test"
root_packages = ["chat", "tools"]

[[duplicates]]
pattern = "*Manager*"
within = ["chat.**"]

[[duplicates]]
pattern = "Registry"
"""

DUPLICATES_TREE = {
    "chat/__init__.py": "",
    "chat/a.py": "class ChatManager:\n    pass\n",
    "chat/b.py": "import os\n\n\nclass ChatManager:\n    pass\n\n\nclass ManagerFactory:\n    pass\n",
    "chat/c.py": "class ChatManagerX:\n    pass\n",
    "chat/d.py": "def factory():\n    class ChatManager:\n        pass\n",
    "tools/__init__.py": "",
    "tools/x.py": "class ChatManager:\n    pass\n",
    "chat/reg.py": "class Registry:\n    pass\n",
    "tools/reg.py": "import os\n\nclass Registry:\n    pass\n",
    "chat/sub/__init__.py": "class Registrys:\n    pass\n",
}


def test_sot022_on_every_definition_naming_the_others(make_project):
    p = make_project(DUPLICATES_TREE, DUPLICATES_POLICY)
    assert p.check() == [
        ("chat/a.py", 1, 1, "SOT022"),
        ("chat/b.py", 4, 1, "SOT022"),
        ("chat/reg.py", 1, 1, "SOT022"),
        ("tools/reg.py", 3, 1, "SOT022"),
    ]
    by_path = {p.rel(finding.path): finding for finding in p.findings()}
    assert by_path["chat/a.py"].severity.value == "error"
    assert "`ChatManager`" in by_path["chat/a.py"].message
    assert "`chat.b`" in by_path["chat/a.py"].message
    assert "`tools.x`" not in by_path["chat/a.py"].message  # outside `within`
    assert "`chat.a`" in by_path["chat/b.py"].message
    assert "`tools.reg`" in by_path["chat/reg.py"].message  # default `within`: every checked file
    assert "`chat.reg`" in by_path["tools/reg.py"].message


def test_sot022_counts_every_definition_of_the_name(make_project):
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/a.py": "class ChatManager:\n    pass\n\n\nclass ChatManager:\n    pass\n",
            "chat/b.py": "class ChatManager:\n    pass\n",
            "chat/c.py": "if True:\n    class ChatManager:\n        pass\n",
        },
        DUPLICATES_POLICY.replace('"chat", "tools"', '"chat"'),
    )
    assert p.check() == [
        ("chat/a.py", 1, 1, "SOT022"),
        ("chat/a.py", 5, 1, "SOT022"),
        ("chat/b.py", 1, 1, "SOT022"),
        ("chat/c.py", 2, 5, "SOT022"),
    ]
    b_message = [f.message for f in p.findings() if p.rel(f.path) == "chat/b.py"][0]
    assert "`chat.a`" in b_message and "`chat.c`" in b_message
    assert "1" in b_message and "5" in b_message  # both lines of chat.a


def test_governed_symbol_duplicated_across_files(make_project):
    policy = POLICY + '\n[[duplicates]]\npattern = "*Manager"\n'
    p = make_project({**TREE, "chat/other.py": "class Manager:\n    pass\n"}, policy)
    assert p.check() == [
        ("chat/core/impl.py", 1, 1, "SOT022"),
        ("chat/other.py", 1, 1, "SOT020"),
        ("chat/other.py", 1, 1, "SOT022"),
    ]


def test_within_globs_select_modules(make_project):
    policy = """
        [policy]
        name = "test"
        root_packages = ["chat"]

        [[duplicates]]
        pattern = "Thing"
        within = ["chat.services.*"]
    """
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/services/__init__.py": "class Thing:\n    pass\n",
            "chat/services/a.py": "class Thing:\n    pass\n",
            "chat/services/b.py": "class Thing:\n    pass\n",
            "chat/services/deep/c.py": "class Thing:\n    pass\n",
            "chat/other.py": "class Thing:\n    pass\n",
        },
        policy,
    )
    assert p.check() == [
        ("chat/services/a.py", 1, 1, "SOT022"),
        ("chat/services/b.py", 1, 1, "SOT022"),
    ]
