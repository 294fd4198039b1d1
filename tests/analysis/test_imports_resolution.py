"""Relative imports resolve against the importing module's package (the module itself for __init__.py)."""

from __future__ import annotations

import pytest

from support.deprecated import WARNS

POLICY = """
[policy]
name = "test"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
defined_in = "chat.core.impl"
canonical = ["chat.core.api"]
deprecated = [{ module = "chat.core" }]

[[module]]
name = "chat.legacy"
status = "forbidden"
"""

TREE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "from .impl import Manager\n" + WARNS,
    "chat/core/impl.py": "class Manager:\n    pass\n",
    "chat/core/api.py": "from .impl import Manager\n",
    "chat/legacy/__init__.py": "",
    "chat/legacy/x.py": "",
    "chat/app/__init__.py": "",
}


@pytest.fixture
def project(make_project):
    def make(files: dict[str, str]):
        return make_project({**TREE, **files}, POLICY)

    return make


def test_plumbing_with_relative_imports_is_clean(project):
    assert project({}).check() == []


def test_relative_imports_in_a_module(project):
    p = project(
        {
            "chat/core/consumer.py": """
                from . import Manager
                from .api import Manager
                from .impl import Manager
                from .. import Manager
                from ..core.api import Manager
                from ..core import Manager
            """
        }
    )
    assert p.check() == [
        ("chat/core/consumer.py", 1, 15, "SOT001"),
        ("chat/core/consumer.py", 3, 19, "SOT002"),
        ("chat/core/consumer.py", 4, 16, "SOT002"),
        ("chat/core/consumer.py", 6, 20, "SOT001"),
    ]
    messages = [finding.message for finding in p.findings()]
    assert "`chat.core`" in messages[0]
    assert "`chat.core.impl`" in messages[1]
    assert "`chat`" in messages[2]


def test_relative_imports_in_an_init_resolve_against_the_package_itself(project):
    p = project(
        {
            "chat/core/sub/__init__.py": """
                from . import Manager
                from .. import Manager
                from ..api import Manager
                from .helpers import Manager
            """,
            "chat/core/sub/helpers.py": "",
        }
    )
    assert p.check() == [
        ("chat/core/sub/__init__.py", 1, 15, "SOT002"),
        ("chat/core/sub/__init__.py", 2, 16, "SOT001"),
        ("chat/core/sub/__init__.py", 4, 22, "SOT002"),
    ]
    messages = [finding.message for finding in p.findings()]
    assert "`chat.core.sub`" in messages[0]
    assert "`chat.core`" in messages[1]
    assert "`chat.core.sub.helpers`" in messages[2]


def test_relative_imports_in_a_root_package_init(project):
    p = project({"chat/__init__.py": "from . import Manager\nfrom .core import Manager\n"})
    assert p.check() == [
        ("chat/__init__.py", 1, 15, "SOT002"),
        ("chat/__init__.py", 2, 19, "SOT001"),
    ]


def test_relative_imports_and_module_rules(project):
    p = project(
        {
            "chat/app/__init__.py": """
                from ..core import Manager
                from .. import legacy
                from . import views
            """,
            "chat/app/views.py": """
                from ..legacy import x
                from ..legacy.x import y
                from .. import legacy
                from . import legacy
            """,
        }
    )
    assert p.check() == [
        ("chat/app/__init__.py", 1, 20, "SOT001"),
        ("chat/app/__init__.py", 2, 16, "SOT011"),
        ("chat/app/views.py", 1, 1, "SOT011"),
        ("chat/app/views.py", 2, 1, "SOT011"),
        ("chat/app/views.py", 3, 16, "SOT011"),
    ]


def test_relative_import_climbing_above_the_root_package_is_ignored(project):
    p = project(
        {
            "chat/__init__.py": "from .. import Manager\nfrom ..legacy import x\nfrom ..chat.legacy import y\n",
            "chat/top.py": "from .. import Manager\nfrom ..chat import legacy\nfrom . import Manager\n",
            "chat/app/views.py": """
                from ... import Manager
                from ...legacy import x
                from ...chat.core import Manager
                from .... import Manager
            """,
        }
    )
    assert p.check() == [("chat/top.py", 3, 15, "SOT002")]


def test_relative_imports_in_a_directory_without_init(project):
    p = project(
        {
            "chat/scripts/run.py": "from ..core import Manager\nfrom . import helpers\nfrom ..legacy import x\n",
            "chat/scripts/helpers.py": "",
        }
    )
    assert p.check() == [
        ("chat/scripts/run.py", 1, 20, "SOT001"),
        ("chat/scripts/run.py", 3, 1, "SOT011"),
    ]


def test_absolute_module_imports_are_not_symbol_imports_but_their_attribute_uses_are(project):
    p = project({"chat/app/a.py": "import chat.core.impl as impl\nimport chat.core\n\nimpl.Manager()\n"})
    # The import statements import no governed name; `impl.Manager` uses one through a module.
    assert p.check() == [("chat/app/a.py", 4, 6, "SOT002")]
