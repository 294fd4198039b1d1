"""Symbol rules (SOT001, SOT002, SOT003) and the import-pattern budget (SOT030)."""

from __future__ import annotations

import datetime
import re

import pytest

from support.deprecated import WARNS

POLICY = """
[policy]
name = "test"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
aliases = ["UnifiedManager"]
defined_in = "chat.core.impl"
canonical = ["chat.core.api"]
deprecated = [
  { module = "chat.core", until = 2026-03-31, message = "package re-export is going away" },
  { module = "chat.core.old" },
  { module = "chat.core.shim", until = 2026-03-31 },
]
allow_importers = ["chat.tools.*"]
"""

# The plumbing: every module here is exempt, so the bare tree is clean.
TREE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "from chat.core.impl import Manager\n" + WARNS,
    "chat/core/impl.py": "class Manager:\n    pass\n\n\nUnifiedManager = Manager\n",
    "chat/core/api.py": "from chat.core.impl import Manager, UnifiedManager\n",
    "chat/core/old.py": "from chat.core.impl import Manager, UnifiedManager\n" + WARNS,
    "chat/core/shim.py": "from chat.core.api import Manager\n" + WARNS,
    "chat/other.py": "def helper():\n    pass\n",
    "chat/app/__init__.py": "",
}


@pytest.fixture
def project(make_project):
    def make(files: dict[str, str | bytes], policy: str = POLICY):
        return make_project({**TREE, **files}, policy)

    return make


def test_plumbing_tree_is_clean(project):
    assert project({}).check() == []


def test_canonical_import_is_fine(project):
    p = project({"chat/app/a.py": "from chat.core.api import Manager, UnifiedManager\n"})
    assert p.check() == []


def test_deprecated_path_without_until_is_sot001_warning(project):
    p = project({"chat/app/a.py": "from chat.core.old import Manager\n"})
    assert p.check() == [("chat/app/a.py", 1, 27, "SOT001")]
    (finding,) = p.findings()
    assert finding.severity.value == "warning"
    assert finding.symbol == "Manager"
    assert finding.replacement == "chat.core.api"


def test_sot001_message_matches_the_specified_form(project):
    p = project({"chat/app/a.py": "from chat.core.shim import Manager\n"})
    assert p.check(today=datetime.date(2026, 1, 1)) == [("chat/app/a.py", 1, 28, "SOT001")]
    assert p.message("SOT001", today=datetime.date(2026, 1, 1)) == (
        "`Manager` imported from deprecated `chat.core.shim` (until 2026-03-31); import it from `chat.core.api`"
    )


def test_deprecated_message_is_included(project):
    p = project({"chat/app/a.py": "from chat.core import Manager\n"})
    message = p.message("SOT001", today=datetime.date(2026, 1, 1))
    assert "package re-export is going away" in message
    assert "`chat.core.api`" in message


@pytest.mark.parametrize(
    ("today", "code", "severity"),
    [
        (datetime.date(2026, 3, 30), "SOT001", "warning"),
        (datetime.date(2026, 3, 31), "SOT001", "warning"),  # today == until: still allowed
        (datetime.date(2026, 4, 1), "SOT003", "error"),  # strictly after until
        (datetime.date(2030, 1, 1), "SOT003", "error"),
    ],
)
def test_until_is_judged_strictly_after(project, today, code, severity):
    p = project({"chat/app/a.py": "from chat.core import Manager\n"})
    assert p.check(today=today) == [("chat/app/a.py", 1, 23, code)]
    (finding,) = p.findings(today=today)
    assert finding.severity.value == severity
    assert finding.symbol == "Manager"
    assert finding.replacement == "chat.core.api"


def test_expired_message_names_the_end_date_and_the_replacement(project):
    p = project({"chat/app/a.py": "from chat.core import Manager\n"})
    message = p.message("SOT003", today=datetime.date(2026, 4, 1))
    assert "2026-03-31" in message
    assert "`chat.core`" in message
    assert "`chat.core.api`" in message


def test_deprecated_path_without_until_never_expires(project):
    p = project({"chat/app/a.py": "from chat.core.old import Manager\n"})
    assert p.check(today=datetime.date(9999, 12, 31)) == [("chat/app/a.py", 1, 27, "SOT001")]


def test_other_first_party_module_is_sot002(project):
    p = project(
        {
            "chat/app/a.py": """
                from chat.other import Manager
                from chat.nowhere.at.all import Manager
                from chat import Manager
            """
        }
    )
    assert p.check() == [
        ("chat/app/a.py", 1, 24, "SOT002"),
        ("chat/app/a.py", 2, 33, "SOT002"),
        ("chat/app/a.py", 3, 18, "SOT002"),
    ]
    finding = p.findings()[0]
    assert finding.severity.value == "error"
    assert finding.symbol == "Manager"
    assert finding.replacement == "chat.core.api"


def test_defined_in_is_not_canonical_unless_listed(project):
    p = project({"chat/app/a.py": "from chat.core.impl import Manager\n"})
    assert p.check() == [("chat/app/a.py", 1, 28, "SOT002")]
    assert "`chat.core.api`" in p.message("SOT002")


def test_aliases_follow_the_same_rules(project):
    p = project(
        {
            "chat/app/a.py": """
                from chat.core.api import UnifiedManager
                from chat.core.old import UnifiedManager
                from chat.other import UnifiedManager
                from chat.core import UnifiedManager
            """
        }
    )
    assert p.check(today=datetime.date(2026, 4, 1)) == [
        ("chat/app/a.py", 2, 27, "SOT001"),
        ("chat/app/a.py", 3, 24, "SOT002"),
        ("chat/app/a.py", 4, 23, "SOT003"),
    ]
    assert "`UnifiedManager`" in p.message("SOT002")


def test_star_import_and_module_import_are_not_symbol_imports(project):
    p = project(
        {
            "chat/app/a.py": """
                import chat.other
                import chat.core.old
                from chat.other import *
                from chat.core import *

                chat.other.Manager()
                chat.core.old.Manager()
            """
        }
    )
    assert p.check() == []


def test_third_party_module_is_ignored(project):
    p = project(
        {
            "chat/app/a.py": """
                from thirdparty.core import Manager
                from chatter import Manager
                from chat_extras.x import UnifiedManager
            """
        }
    )
    assert p.check() == []


def test_ungoverned_names_are_ignored(project):
    p = project({"chat/app/a.py": "from chat.other import helper, ManagerFactory, manager\n"})
    assert p.check() == []


def test_plumbing_modules_are_exempt_exactly(make_project):
    # defined_in, canonical and deprecated modules are packages here, so that each has submodules.
    policy = """
        [policy]
        name = "test"
        root_packages = ["chat"]

        [[symbol]]
        name = "Manager"
        defined_in = "chat.impl"
        canonical = ["chat.api"]
        deprecated = [{ module = "chat.old" }]
    """
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/impl/__init__.py": "class Manager:\n    pass\nfrom chat.other import Manager\n",
            "chat/impl/helpers.py": "from chat.impl import Manager\n",
            "chat/api/__init__.py": "from chat.impl import Manager\n",
            "chat/api/extra.py": "from chat.old import Manager\n",
            "chat/old/__init__.py": "from chat.impl import Manager\n" + WARNS,
            "chat/old/sub.py": "from chat.old import Manager\n",
            "chat/other.py": "",
        },
        policy,
    )
    assert p.check() == [
        # chat.impl (defined_in) itself may import from anywhere; its submodule may not.
        ("chat/api/extra.py", 1, 22, "SOT001"),
        ("chat/impl/helpers.py", 1, 23, "SOT002"),
        ("chat/old/sub.py", 1, 22, "SOT001"),
    ]


def test_submodule_of_deprecated_package_is_not_exempt(project):
    # chat.core is a deprecated path; chat.core.misc is merely inside it.
    p = project({"chat/core/misc.py": "from chat.core import Manager\n"})
    assert p.check(today=datetime.date(2026, 1, 1)) == [("chat/core/misc.py", 1, 23, "SOT001")]


def test_allow_importers_globs(project):
    p = project(
        {
            "chat/tools/__init__.py": "from chat.other import Manager\n",
            "chat/tools/cli.py": "from chat.other import Manager\n",
            "chat/tools/sub/__init__.py": "",
            "chat/tools/sub/deep.py": "from chat.other import Manager\n",
        }
    )
    # `chat.tools.*` is exactly one segment below chat.tools: not chat.tools, not chat.tools.sub.deep.
    assert p.check() == [
        ("chat/tools/__init__.py", 1, 24, "SOT002"),
        ("chat/tools/sub/deep.py", 1, 24, "SOT002"),
    ]


def test_parenthesised_multiline_import_reports_each_name_at_its_own_position(project):
    p = project(
        {
            "chat/app/a.py": """
                from chat.other import (
                    helper,
                    Manager,
                        UnifiedManager as UM,
                )
                from chat.core.old import (helper, Manager,
                                           UnifiedManager)
            """
        }
    )
    assert p.check() == [
        ("chat/app/a.py", 3, 5, "SOT002"),
        ("chat/app/a.py", 4, 9, "SOT002"),
        ("chat/app/a.py", 6, 36, "SOT001"),
        ("chat/app/a.py", 7, 28, "SOT001"),
    ]


def test_as_alias_is_judged_by_the_imported_name(project):
    p = project(
        {
            "chat/app/a.py": """
                from chat.core.old import Manager as M
                from chat.core.api import Manager as Other
                from chat.other import helper as Manager
                from chat.other import UnifiedManager as helper2
            """
        }
    )
    assert p.check() == [
        ("chat/app/a.py", 1, 27, "SOT001"),
        ("chat/app/a.py", 4, 24, "SOT002"),
    ]


def test_imports_at_any_depth(project):
    p = project(
        {
            "chat/app/a.py": """
                from typing import TYPE_CHECKING

                if TYPE_CHECKING:
                    from chat.other import Manager

                def f():
                    from chat.core.old import Manager
                    return Manager

                class C:
                    from chat.other import Manager

                    def method(self):
                        def inner():
                            from chat.other import UnifiedManager

                try:
                    from chat.other import Manager
                except ImportError:
                    from chat.core.old import Manager
                finally:
                    pass

                async def g():
                    async with x:
                        for i in y:
                            while z:
                                from chat.other import Manager

                match value:
                    case 1:
                        from chat.other import Manager
            """
        }
    )
    assert p.check() == [
        ("chat/app/a.py", 4, 28, "SOT002"),
        ("chat/app/a.py", 7, 31, "SOT001"),
        ("chat/app/a.py", 11, 28, "SOT002"),
        ("chat/app/a.py", 15, 36, "SOT002"),
        ("chat/app/a.py", 18, 28, "SOT002"),
        ("chat/app/a.py", 20, 31, "SOT001"),
        ("chat/app/a.py", 28, 40, "SOT002"),
        ("chat/app/a.py", 32, 32, "SOT002"),
    ]


def test_imports_in_docstrings_comments_and_strings_are_not_imports(project):
    p = project(
        {
            "chat/app/a.py": '''
                """Use it like this:

                    from chat.other import Manager
                """
                # from chat.other import Manager
                TEXT = "from chat.other import Manager"
                MORE = """
                from chat.core.old import Manager
                """


                def f():
                    """from chat.other import UnifiedManager"""
            '''
        }
    )
    assert p.check() == []


def test_several_canonical_paths(make_project):
    policy = """
        [policy]
        name = "test"
        root_packages = ["chat"]

        [[symbol]]
        name = "Manager"
        defined_in = "chat.impl"
        canonical = ["chat.api", "chat.impl"]
    """
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/impl.py": "class Manager:\n    pass\n",
            "chat/api.py": "from chat.impl import Manager\n",
            "chat/a.py": "from chat.api import Manager\nfrom chat.impl import Manager\nfrom chat import Manager\n",
        },
        policy,
    )
    assert p.check() == [("chat/a.py", 3, 18, "SOT002")]
    message = p.message("SOT002")
    assert "`chat.api`" in message and "`chat.impl`" in message


def test_column_counts_characters_not_bytes(project):
    # Columns are what an editor shows: a non-ASCII character before the name counts once.
    p = project({"chat/app/a.py": 's = "é"; from chat.other import Manager\n'})
    assert p.check() == [("chat/app/a.py", 1, 33, "SOT002")]


# -- SOT030: the import-pattern budget ------------------------------------------------------

BUDGET_POLICY = """
[policy]
name = "test"
root_packages = ["chat"]

[[symbol]]
defined_in = "chat.core.impl"
name = "Manager"
aliases = ["UnifiedManager"]
canonical = ["chat.core.api"]
deprecated = [{ module = "chat.core" }]
allow_importers = ["chat.tools.**"]
max_import_patterns = {budget}

[[symbol]]
name = "Other"
defined_in = "chat.core.impl"
canonical = ["chat.core.impl"]
max_import_patterns = 1
"""

BUDGET_TREE = {
    "chat/__init__.py": "",
    # plumbing (exempt importers), still counted: (chat.core.impl, Manager)
    "chat/core/__init__.py": "from chat.core.impl import Manager\n",
    "chat/core/impl.py": "class Manager:\n    pass\n\n\nUnifiedManager = Manager\n\n\nclass Other:\n    pass\n",
    # (chat.core.impl, Manager) again, and (chat.core.impl, UnifiedManager)
    "chat/core/api.py": "from chat.core.impl import Manager, UnifiedManager\n",
    # (chat.core.api, Manager) three times, once through a relative import
    "chat/core/extra.py": "from .api import Manager\n",
    "chat/app/__init__.py": "",
    "chat/app/a.py": "from chat.core.api import Manager\nfrom chat.core.impl import Other\n",
    "chat/app/b.py": """
        from chat.core.api import Manager
        from chat.core.api import *
        import chat.core.api
        from thirdparty import Manager
    """,
    # an allow_importers module, still counted: (chat.core, Manager)
    "chat/tools/x/y.py": "from chat.core import Manager\n",
}


def budget_project(make_project, budget: int):
    return make_project(BUDGET_TREE, BUDGET_POLICY.replace("{budget}", str(budget)))


def test_budget_exceeded_is_one_sot030_at_the_symbol_name_line(make_project):
    p = budget_project(make_project, 3)
    sot030 = [row for row in p.check() if row[3] == "SOT030"]
    # `name =` is the second key of the first [[symbol]] table: line 7 of the policy.
    assert sot030 == [("contracts/ssot.toml", 7, 1, "SOT030")]
    (finding,) = [f for f in p.findings() if f.code == "SOT030"]
    assert finding.severity.value == "error"
    assert finding.symbol == "Manager"
    message = finding.message
    assert "4" in message and "3" in message
    for pattern, count in [
        ("from chat.core.impl import Manager", 2),
        ("from chat.core.impl import UnifiedManager", 1),
        ("from chat.core.api import Manager", 3),
        ("from chat.core import Manager", 1),
    ]:
        assert re.search(re.escape(pattern) + r"\W[^,;]*\b" + str(count) + r"\b", message), (pattern, message)


@pytest.mark.parametrize("budget", [4, 5])
def test_budget_at_or_under_is_not_reported(make_project, budget):
    p = budget_project(make_project, budget)
    assert [row for row in p.check() if row[3] == "SOT030"] == []


def test_budget_of_each_symbol_is_reported_at_its_own_name_line(make_project):
    p = budget_project(make_project, 3)
    tree_with_second_pattern = {"chat/app/c.py": "from chat.core import Other\n"}
    p.write(tree_with_second_pattern)
    sot030 = [row for row in p.check() if row[3] == "SOT030"]
    assert sot030 == [
        ("contracts/ssot.toml", 7, 1, "SOT030"),
        ("contracts/ssot.toml", 15, 1, "SOT030"),
    ]


def test_budget_counts_exempt_importers(make_project):
    # Without the plumbing and allow_importers modules there would be only one pattern.
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/core/__init__.py": "from chat.core.impl import Manager\n" + WARNS,
            "chat/core/impl.py": "class Manager:\n    pass\n",
            "chat/core/api.py": "from chat.core.impl import Manager\n",
            "chat/tools/x.py": "from chat.core import Manager\n",
            "chat/a.py": "from chat.core.api import Manager\n",
        },
        """
        [policy]
        name = "test"
        root_packages = ["chat"]

        [[symbol]]
        name = "Manager"
        defined_in = "chat.core.impl"
        canonical = ["chat.core.api"]
        deprecated = [{ module = "chat.core" }]
        allow_importers = ["chat.tools.*"]
        max_import_patterns = 2
        """,
    )
    assert p.check() == [("contracts/ssot.toml", 6, 1, "SOT030")]
