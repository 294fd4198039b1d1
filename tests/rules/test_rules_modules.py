"""Module rules: SOT010 (deprecated), SOT011 (forbidden), SOT012 (deprecation ended)."""

from __future__ import annotations

import datetime

import pytest

from support.deprecated import WARNS

BEFORE = datetime.date(2026, 1, 1)

POLICY = """
[policy]
name = "test"
root_packages = ["chat"]

[[module]]
name = "chat.legacy"
status = "deprecated"
until = 2026-03-31
replacement = "chat.modern"
message = "moving to modern"

[[module]]
name = "chat.banned"
status = "forbidden"
replacement = "chat.modern"
message = "removed in phase 2"
allow_importers = ["chat.migration.**"]

[[module]]
name = "chat.nsdir"
status = "forbidden"

[[module]]
name = "six.moves"
status = "forbidden"

[[module]]
name = "chat.old_*"
status = "deprecated"
"""

TREE = {
    "chat/__init__.py": "",
    "chat/legacy/__init__.py": WARNS,
    "chat/legacy/sub.py": "",
    "chat/legacy/other_sub.py": "",
    "chat/banned.py": "",
    "chat/modern.py": "",
    "chat/nsdir/x.py": "",  # a directory without __init__.py
    "chat/old_a.py": WARNS,
    "chat/old_b.py": WARNS,
    "chat/older.py": "",
    "chat/app/__init__.py": "",
}


@pytest.fixture
def project(make_project):
    def make(files: dict[str, str], policy: str = POLICY):
        return make_project({**TREE, **files}, policy)

    return make


def test_bare_tree_is_clean(project):
    assert project({}).check(today=BEFORE) == []


def test_deprecated_module_is_sot010_warning_at_the_name(project):
    p = project({"chat/app/a.py": "import chat.legacy\n"})
    assert p.check(today=BEFORE) == [("chat/app/a.py", 1, 8, "SOT010")]
    (finding,) = p.findings(today=BEFORE)
    assert finding.severity.value == "warning"
    assert finding.replacement == "chat.modern"
    assert finding.message == (
        "import of deprecated module `chat.legacy` (until 2026-03-31): moving to modern; "
        "import from `chat.modern` instead"
    )


@pytest.mark.parametrize(
    ("today", "code", "severity"),
    [
        (datetime.date(2026, 3, 30), "SOT010", "warning"),
        (datetime.date(2026, 3, 31), "SOT010", "warning"),
        (datetime.date(2026, 4, 1), "SOT012", "error"),
    ],
)
def test_deprecated_module_until_is_judged_strictly_after(project, today, code, severity):
    p = project({"chat/app/a.py": "import chat.legacy\n"})
    assert p.check(today=today) == [("chat/app/a.py", 1, 8, code)]
    (finding,) = p.findings(today=today)
    assert finding.severity.value == severity


def test_expired_module_message(project):
    p = project({"chat/app/a.py": "import chat.legacy\n"})
    message = p.message("SOT012", today=datetime.date(2026, 4, 1))
    assert "`chat.legacy`" in message and "2026-03-31" in message and "`chat.modern`" in message


def test_deprecated_module_without_until_never_expires(project):
    p = project({"chat/app/a.py": "import chat.old_a\n"})
    assert p.check(today=datetime.date(9999, 12, 31)) == [("chat/app/a.py", 1, 8, "SOT010")]


def test_forbidden_module_is_sot011_error(project):
    p = project({"chat/app/a.py": "import chat.banned\n"})
    assert p.check(today=BEFORE) == [("chat/app/a.py", 1, 8, "SOT011")]
    (finding,) = p.findings(today=BEFORE)
    assert finding.severity.value == "error"
    assert finding.replacement == "chat.modern"
    assert finding.message == (
        "import of forbidden module `chat.banned`: removed in phase 2; import from `chat.modern` instead"
    )


def test_rule_covers_submodules(project):
    p = project(
        {
            "chat/app/a.py": """
                import chat.legacy.sub
                from chat.legacy.sub import thing
                from chat.legacy import sub
                import chat.banned.nonexistent.deeper
                from chat.banned import name
            """
        }
    )
    assert p.check(today=BEFORE) == [
        ("chat/app/a.py", 1, 8, "SOT010"),
        ("chat/app/a.py", 2, 1, "SOT010"),
        ("chat/app/a.py", 3, 1, "SOT010"),
        ("chat/app/a.py", 4, 8, "SOT011"),
        ("chat/app/a.py", 5, 1, "SOT011"),
    ]
    assert "`chat.legacy.sub`" in p.findings(today=BEFORE)[0].message


def test_import_positions(project):
    p = project(
        {
            "chat/app/a.py": """
                import os, chat.banned as b
                from chat import banned
                from chat import legacy
                from chat import nsdir
                from chat import (
                    modern,
                    banned as gone,
                )
                if True:
                    import json, chat.legacy.sub
                def f():
                    from chat.banned import x
            """
        }
    )
    assert p.check(today=BEFORE) == [
        ("chat/app/a.py", 1, 12, "SOT011"),
        ("chat/app/a.py", 2, 18, "SOT011"),
        ("chat/app/a.py", 3, 18, "SOT010"),
        ("chat/app/a.py", 4, 18, "SOT011"),
        ("chat/app/a.py", 7, 5, "SOT011"),
        ("chat/app/a.py", 10, 18, "SOT010"),
        ("chat/app/a.py", 12, 5, "SOT011"),  # the `from` keyword of an indented statement
    ]


def test_third_party_module_named_by_a_rule(project):
    p = project(
        {
            "chat/app/a.py": """
                from six import moves
                import six.moves.urllib
                from six.moves import range
                from six import text_type
                import six
                from six import moves as m, text_type
            """
        }
    )
    assert p.check(today=BEFORE) == [
        ("chat/app/a.py", 1, 17, "SOT011"),
        ("chat/app/a.py", 2, 8, "SOT011"),
        ("chat/app/a.py", 3, 1, "SOT011"),
        ("chat/app/a.py", 6, 17, "SOT011"),
    ]


def test_from_parent_import_sub_when_only_the_sub_is_governed(make_project):
    policy = """
        [policy]
        name = "test"
        root_packages = ["chat"]

        [[module]]
        name = "chat.core.internal"
        status = "forbidden"
    """
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/core/__init__.py": "def helper():\n    pass\n",
            "chat/core/internal.py": "",
            "chat/core/user.py": "from . import helper\nfrom . import internal\n",
            "chat/app.py": """
                from chat.core import helper
                from chat.core import helper, internal
                import chat.core
            """,
        },
        policy,
    )
    assert p.check() == [
        ("chat/app.py", 2, 31, "SOT011"),
        ("chat/core/user.py", 2, 15, "SOT011"),
    ]


def test_one_finding_per_statement_and_rule_first_in_order_m_then_names(project):
    p = project(
        {
            "chat/app/a.py": """
                from chat.legacy import sub, other_sub
                import chat.legacy.sub, chat.legacy.other_sub
                import os, chat.legacy.other_sub, chat.legacy.sub
                from chat import old_a, old_b
                from chat import modern, old_b, banned, old_a, legacy
                from chat.legacy.sub import (a,
                    b)
            """
        }
    )
    assert p.check(today=BEFORE) == [
        ("chat/app/a.py", 1, 1, "SOT010"),
        ("chat/app/a.py", 2, 8, "SOT010"),
        ("chat/app/a.py", 3, 12, "SOT010"),
        ("chat/app/a.py", 4, 18, "SOT010"),
        # three rules hit: old_* (first at old_b), banned, legacy
        ("chat/app/a.py", 5, 26, "SOT010"),
        ("chat/app/a.py", 5, 33, "SOT011"),
        ("chat/app/a.py", 5, 48, "SOT010"),
        ("chat/app/a.py", 6, 1, "SOT010"),
    ]


def test_target_and_its_submodules_are_exempt_importers(project):
    p = project(
        {
            "chat/legacy/__init__.py": "from chat.legacy.sub import x\nfrom . import sub\n" + WARNS,
            "chat/legacy/sub.py": "import chat.legacy\nfrom chat.legacy import other_sub\n",
            "chat/legacy/deep/__init__.py": "",
            "chat/legacy/deep/er.py": "from chat.legacy.sub import x\n",
            "chat/banned.py": "import chat.banned\n",
        }
    )
    assert p.check(today=BEFORE) == []


def test_allow_importers_are_exempt(project):
    p = project(
        {
            "chat/migration/__init__.py": "import chat.banned\n",
            "chat/migration/step1.py": "import chat.banned\n",
            "chat/migration/deep/step2.py": "from chat import banned\n",
        }
    )
    # `chat.migration.**` is one or more segments below chat.migration, not chat.migration itself.
    assert p.check(today=BEFORE) == [("chat/migration/__init__.py", 1, 8, "SOT011")]


def test_an_allow_importer_of_one_rule_is_not_exempt_from_others(project):
    p = project({"chat/migration/step1.py": "import chat.banned, chat.legacy\n"})
    assert p.check(today=BEFORE) == [("chat/migration/step1.py", 1, 21, "SOT010")]


def test_glob_rule_exemption_is_per_target(project):
    """Spec: "Exempt importers: `T`, its submodules, and `allow_importers`."

    For the glob rule `chat.old_*`, `chat.old_a` importing `chat.old_b` imports the target
    `chat.old_b`; the importer is neither that target nor inside it, so it is reported.
    """
    p = project({"chat/old_a.py": "import chat.old_b\nimport chat.old_a\n" + WARNS})
    assert p.check(today=BEFORE) == [("chat/old_a.py", 1, 8, "SOT010")]


GLOB_POLICY = """
[policy]
name = "test"
root_packages = ["chat"]

[[module]]
name = "chat.*.compat"
status = "forbidden"

[[module]]
name = "chat.**.shim"
status = "forbidden"

[[module]]
name = "chat.old_*"
status = "deprecated"

[[module]]
name = "chat.vendor.**"
status = "forbidden"

[[module]]
name = "chat.v?"
status = "forbidden"
"""


def test_module_globs(make_project):
    tree = {
        "chat/__init__.py": "",
        "chat/compat.py": "",
        "chat/a/__init__.py": "",
        "chat/a/compat.py": "",
        "chat/a/shim.py": "",
        "chat/a/b/__init__.py": "",
        "chat/a/b/compat.py": "",
        "chat/a/b/shim.py": "",
        "chat/shim.py": "",
        "chat/old_a.py": "",
        "chat/older.py": "",
        "chat/vendor/__init__.py": "",
        "chat/vendor/x.py": "",
        "chat/v1.py": "",
        "chat/v10.py": "",
        "chat/user.py": """
            import chat.a.compat
            import chat.a.b.compat
            import chat.compat
            import chat.a.shim
            import chat.a.b.shim
            import chat.shim
            import chat.old_a
            import chat.older
            import chat.a.compat.inner
            import chat.vendor
            import chat.vendor.x
            import chat.v1
            import chat.v10
        """,
    }
    p = make_project(tree, GLOB_POLICY)
    assert p.check_file("chat/user.py") == [
        ("chat/user.py", 1, 8, "SOT011"),  # * is one segment
        ("chat/user.py", 4, 8, "SOT011"),  # ** is one or more segments
        ("chat/user.py", 5, 8, "SOT011"),
        ("chat/user.py", 7, 8, "SOT010"),  # fnmatch inside a segment
        ("chat/user.py", 9, 8, "SOT011"),  # a submodule of a matched target
        # line 10: chat.vendor.** does not match chat.vendor itself
        ("chat/user.py", 11, 8, "SOT011"),
        ("chat/user.py", 12, 8, "SOT011"),  # `?` is one character: chat.v1, not chat.v10
    ]


def test_symbol_finding_suppresses_the_module_finding(make_project):
    policy = """
        [policy]
        name = "test"
        root_packages = ["chat"]

        [[symbol]]
        name = "Manager"
        aliases = ["UnifiedManager"]
        defined_in = "chat.core.impl"
        canonical = ["chat.core.api"]
        deprecated = [{ module = "chat.legacy" }]

        [[module]]
        name = "chat.legacy"
        status = "forbidden"

        [[module]]
        name = "chat.banned"
        status = "forbidden"

        [[module]]
        name = "chat.compat.Manager"
        status = "forbidden"
    """
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/core/__init__.py": "",
            "chat/core/impl.py": "class Manager:\n    pass\n\n\nUnifiedManager = Manager\n",
            "chat/core/api.py": "from chat.core.impl import Manager, UnifiedManager\n",
            "chat/legacy.py": "from chat.core.impl import Manager\n",
            "chat/banned.py": "",
            "chat/compat/__init__.py": "",
            "chat/compat/Manager.py": "",
            "chat/app.py": """
                from chat.legacy import Manager
                from chat.legacy import Manager, helper
                from chat.banned import Manager
                from chat.banned import Manager, UnifiedManager
                from chat.banned import Manager, helper
                from chat.compat import Manager
                from chat.compat import Manager, helper
                from chat.legacy import *
                from chat.legacy import (
                    helper,
                    Manager,
                )
            """,
        },
        policy,
    )
    assert p.check_file("chat/app.py") == [
        ("chat/app.py", 1, 25, "SOT001"),
        ("chat/app.py", 2, 1, "SOT011"),
        ("chat/app.py", 2, 25, "SOT001"),
        ("chat/app.py", 3, 25, "SOT002"),
        ("chat/app.py", 4, 25, "SOT002"),
        ("chat/app.py", 4, 34, "SOT002"),
        ("chat/app.py", 5, 1, "SOT011"),
        ("chat/app.py", 5, 25, "SOT002"),
        ("chat/app.py", 6, 25, "SOT002"),
        ("chat/app.py", 7, 25, "SOT002"),
        ("chat/app.py", 8, 1, "SOT011"),
        ("chat/app.py", 9, 1, "SOT011"),
        ("chat/app.py", 11, 5, "SOT001"),
    ]


def test_canonical_symbol_import_from_a_governed_module_is_still_a_module_finding(make_project):
    policy = """
        [policy]
        name = "test"
        root_packages = ["chat"]

        [[symbol]]
        name = "Manager"
        defined_in = "chat.core.impl"
        canonical = ["chat.core.api"]

        [[module]]
        name = "chat.core"
        status = "deprecated"
    """
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/core/__init__.py": WARNS,
            "chat/core/impl.py": "class Manager:\n    pass\n",
            "chat/core/api.py": "from chat.core.impl import Manager\n",
            "chat/app.py": "from chat.core.api import Manager\n",
        },
        policy,
    )
    assert p.check() == [("chat/app.py", 1, 1, "SOT010")]


def test_star_import_from_forbidden_module(project):
    p = project(
        {
            "chat/app/a.py": """
                from chat.banned import *
                from chat.legacy.sub import *
                from chat import *
            """
        }
    )
    assert p.check(today=BEFORE) == [
        ("chat/app/a.py", 1, 1, "SOT011"),
        ("chat/app/a.py", 2, 1, "SOT010"),
    ]


def test_module_rules_apply_to_relative_imports(project):
    p = project(
        {
            "chat/app/views.py": """
                from ..legacy import x
                from .. import banned
                from ..banned import *
                from . import banned
            """
        }
    )
    assert p.check(today=BEFORE) == [
        ("chat/app/views.py", 1, 1, "SOT010"),
        ("chat/app/views.py", 2, 16, "SOT011"),
        ("chat/app/views.py", 3, 1, "SOT011"),
    ]
