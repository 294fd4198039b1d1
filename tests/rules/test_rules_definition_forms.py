"""What counts as a definition, and as one definition site (SOT020, SOT021, SOT022, report, discover).

- ``@typing.overload`` stubs and the implementation after them are one site, reported at the
  first stub; so are a function and its ``@name.setter``/``.getter``/``.deleter`` followers.
- Definitions in alternative arms of a module-level ``if``/``try`` are one site: one SOT020
  at the first, no SOT021 between them.
- A module-level assignment of a governed name is a definition unless it is an alias: of
  ``None``, or of the governed object through the file's own imports and assignments.
"""

from __future__ import annotations

import textwrap

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
    "chat/core/impl.py": "class Manager:\n    pass\n\n\nUnifiedManager = Manager\n",
    "chat/core/api.py": "from chat.core.impl import Manager, UnifiedManager\n",
    "chat/exec.py": "class ConnectionExecutor:\n    pass\n",
}


@pytest.fixture
def project(make_project):
    def make(files: dict[str, str], policy: str = POLICY):
        return make_project({**TREE, **files}, policy)

    return make


# -- overloads and accessors --------------------------------------------------------------------

OVERLOADED = """
    {imports}


    @{decorator}
    def Manager(value: int) -> int: ...


    @{decorator}
    def Manager(value: str) -> str: ...


    def Manager(value):
        return value
"""


@pytest.mark.parametrize(
    ("imports", "decorator"),
    [
        ("from typing import overload", "overload"),
        ("from typing import overload as ov", "ov"),
        ("import typing", "typing.overload"),
        ("import typing as t", "t.overload"),
        ("from typing_extensions import overload", "overload"),
        ("import typing_extensions as te", "te.overload"),
    ],
)
def test_overload_stubs_and_their_implementation_are_one_site(project, imports, decorator):
    text = textwrap.dedent(OVERLOADED.format(imports=imports, decorator=decorator))
    outside = project({"chat/other.py": text})
    # One SOT020, at the first stub; no SOT021 between stubs and implementation.
    assert outside.check_file("chat/other.py") == [("chat/other.py", 5, 1, "SOT020")]
    source = project({"chat/core/impl.py": text + "\n\nUnifiedManager = Manager\n"})
    assert source.check() == []
    # The same decorator from anywhere else is no overload: each def redefines the name.
    other = textwrap.dedent(OVERLOADED.format(imports=imports.replace("typing", "chat.tools"), decorator=decorator))
    p = project({"chat/other.py": other})
    assert p.check_file("chat/other.py") == [
        ("chat/other.py", 5, 1, "SOT020"),
        ("chat/other.py", 9, 1, "SOT020"),
        ("chat/other.py", 9, 1, "SOT021"),
        ("chat/other.py", 12, 1, "SOT020"),
        ("chat/other.py", 12, 1, "SOT021"),
    ]


def test_a_stub_after_the_implementation_and_a_second_implementation_are_redefinitions(project):
    p = project(
        {
            "chat/core/impl.py": """
                from typing import overload


                @overload
                def Manager(value: int) -> int: ...


                def Manager(value):
                    return value


                def Manager(value):
                    return value


                @overload
                def Manager(value: str) -> str: ...
            """
        }
    )
    assert p.check() == [("chat/core/impl.py", 12, 1, "SOT021"), ("chat/core/impl.py", 17, 1, "SOT021")]
    assert "(first defined at line 5)" in p.findings()[0].message


@pytest.mark.parametrize("accessor", ["setter", "getter", "deleter"])
def test_a_function_redefined_through_its_own_accessor_is_one_site(project, accessor):
    text = f"""
        @property
        def Manager(self):
            return self._manager


        @Manager.{accessor}
        def Manager(self, value=None):
            self._manager = value
    """
    assert project({"chat/other.py": text}).check_file("chat/other.py") == [("chat/other.py", 2, 1, "SOT020")]
    assert project({"chat/core/impl.py": text}).check() == []
    # Another name's accessor builds nothing from the earlier definition: a redefinition.
    p = project(
        {
            "chat/core/impl.py": """
                class Manager:
                    pass


                @Other.{accessor}
                def Manager(self, value):
                    pass
            """.replace("{accessor}", accessor)
        }
    )
    assert p.check() == [("chat/core/impl.py", 6, 1, "SOT021")]


# -- alternatives ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        """
            import sys

            if sys.version_info >= (3, 11):
                class Manager:
                    pass
            else:
                class Manager:
                    pass
        """,
        """
            import sys

            if sys.platform == "win32":
                class Manager:
                    pass
            elif sys.platform == "darwin":
                def Manager():
                    pass
            else:
                Manager = ConnectionExecutor
        """,
        """
            import sys

            try:
                class Manager(Fast):
                    pass
            except ImportError:
                class Manager:
                    pass
            except AttributeError:
                class Manager:
                    pass
        """,
        """
            try:
                from fast import Manager
            except ImportError:
                class Manager:
                    pass
            except AttributeError:
                class Manager(SlowManager):
                    pass
        """,
    ],
    ids=["version check", "if/elif/else", "try/except/except", "import fallbacks"],
)
def test_alternative_arms_are_one_site(project, text):
    p = project({"chat/other.py": text})
    assert p.check_file("chat/other.py") == [("chat/other.py", 4, 5, "SOT020")]


def test_alternatives_of_a_redefinition_each_redefine_the_first(project):
    p = project(
        {
            "chat/other.py": """
                class Manager:
                    pass


                if flag:
                    class Manager:
                        pass
                else:
                    class Manager:
                        pass
                    class Manager:
                        pass
            """
        }
    )
    # Each arm replaces line 1 (one new site, one SOT020); in the else arm, line 11 also replaces line 9.
    assert p.check_file("chat/other.py") == [
        ("chat/other.py", 1, 1, "SOT020"),
        ("chat/other.py", 6, 5, "SOT020"),
        ("chat/other.py", 6, 5, "SOT021"),
        ("chat/other.py", 9, 5, "SOT021"),
        ("chat/other.py", 11, 5, "SOT021"),
    ]


# -- assignments ---------------------------------------------------------------------------------


def test_an_assignment_of_another_imported_class_is_sot020(project):
    p = project(
        {
            "chat/services.py": """
                from chat.exec import ConnectionExecutor

                Manager = ConnectionExecutor
            """
        }
    )
    assert p.check_file("chat/services.py") == [("chat/services.py", 3, 1, "SOT020")]
    finding = p.findings()[0]
    assert finding.symbol == "Manager" and finding.replacement == "chat.core.api"
    assert finding.message == (
        "`Manager` bound to `ConnectionExecutor` (from `chat.exec`) in `chat.services`, not to the governed "
        "object defined in `chat.core.impl`; import it from `chat.core.api`, or, if `chat.exec.ConnectionExecutor` "
        "is that object, import it under its governed name"
    )


@pytest.mark.parametrize(
    "text",
    [
        "from chat.core.api import UnifiedManager\n\nManager = UnifiedManager\n",
        "from chat.core.api import Manager as _Manager\n\nUnifiedManager = _Manager\n",
        "from ..core.api import UnifiedManager\n\nManager = UnifiedManager\n",
        "import chat.core.api as api\n\nManager = api.UnifiedManager\n",
        "import chat.core.api\n\nManager = chat.core.api.Manager\n",
        "from chat.core import api\n\nManager = api.UnifiedManager\n",
        # A chain of assignments, through a name that is not governed.
        "from chat.core.api import Manager as _M\n\n_Tmp = _M\nUnifiedManager = _Tmp\n",
        # Whichever arm runs, the name is bound to the governed object.
        "try:\n    from chat.core.api import Manager\nexcept ImportError:\n    from chat.old import Manager\n\n"
        "UnifiedManager = Manager\n",
        "from chat.core.api import UnifiedManager\n\nManager: TypeAlias = UnifiedManager\n",
        "from chat.core.api import UnifiedManager\n\nManager = Other = UnifiedManager\n",
    ],
    ids=[
        "imported alias",
        "import as",
        "relative import",
        "module alias attribute",
        "dotted module attribute",
        "from-imported module attribute",
        "chain",
        "try/except imports",
        "TypeAlias annotation",
        "chained targets",
    ],
)
def test_an_alias_of_the_governed_object_is_no_definition_another_object_is(project, text):
    rogue = "from chat.exec import ConnectionExecutor\n\nManager = ConnectionExecutor\n"
    p = project({"chat/services/x.py": text, "chat/services/rogue.py": rogue, "chat/services/__init__.py": ""})
    rows = [row for row in p.check() if row[0].startswith("chat/services/") and row[3].startswith("SOT02")]
    assert rows == [("chat/services/rogue.py", 3, 1, "SOT020")]


@pytest.mark.parametrize(
    ("text", "line", "column", "value"),
    [
        ("Manager = object\n", 1, 1, "`object` (not bound in this file)"),
        ("import chat.exec as ex\n\nManager = ex.ConnectionExecutor\n", 3, 1, "`ex.ConnectionExecutor`"),
        ("from chat import exec\n\nManager = exec.ConnectionExecutor\n", 3, 1, "`exec.ConnectionExecutor`"),
        (
            "import chat.exec\n\nManager = chat.exec.ConnectionExecutor\n",
            3,
            1,
            "`chat.exec.ConnectionExecutor` (`ConnectionExecutor` from `chat.exec`)",
        ),
        ("Manager = make_manager()\n", 1, 1, "the result of calling `make_manager`"),
        ("Manager = registry['manager']\n", 1, 1, "a subscript of `registry`"),
        ("Manager = 'manager'\n", 1, 1, "a literal"),
        ("Manager = lambda: None\n", 1, 1, "a lambda"),
        ("Manager: type = Base or Other\n", 1, 1, "an expression"),
        ("class ConnectionExecutor:\n    pass\n\n\nManager = ConnectionExecutor\n", 5, 1, "a class of this file"),
        ("Manager, Other = ConnectionExecutor, 1\n", 1, 1, "`ConnectionExecutor` (not bound in this file)"),
        ("Manager, Other = pair\n", 1, 1, "an item unpacked from a value"),
        ("from chat.core.api import Manager\n\nManager = Manager()\n", 3, 1, "the result of calling `Manager`"),
        # Only imports bind a module: an attribute of anything else is another object.
        ("from chat.core.api import Manager as M\n\nm = M\nUnifiedManager = m.Manager\n", 4, 1, "`m.Manager`"),
    ],
)
def test_an_assignment_of_anything_else_is_sot020_and_says_what_it_binds(project, text, line, column, value):
    p = project({"chat/services.py": text})
    assert p.check_file("chat/services.py") == [("chat/services.py", line, column, "SOT020")]
    assert value in p.message("SOT020")


def test_an_imported_module_attribute_names_its_origin(project):
    p = project({"chat/services.py": "import chat.exec as ex\n\nManager = ex.ConnectionExecutor\n"})
    assert p.message("SOT020").startswith(
        "`Manager` bound to `ex.ConnectionExecutor` (`ConnectionExecutor` from `chat.exec`) in `chat.services`"
    )
    assert "if `chat.exec.ConnectionExecutor` is that object, import it under its governed name" in p.message("SOT020")


@pytest.mark.parametrize(
    "text",
    [
        "try:\n    from chat.core.api import Manager\nexcept ImportError:\n    Manager = None\n",
        "Manager: type | None = None\n",
        "from typing import Optional\n\nUnifiedManager: Optional[type] = None\n",
    ],
    ids=["fallback", "annotated", "typing optional"],
)
def test_a_none_placeholder_is_no_definition_a_fallback_object_is(project, text):
    fallback = "try:\n    from chat.core.api import Manager\nexcept ImportError:\n    Manager = FallbackManager\n"
    p = project({"chat/services.py": text, "chat/fallback.py": fallback})
    assert p.check_file("chat/services.py") == []
    assert p.check_file("chat/fallback.py") == [("chat/fallback.py", 4, 5, "SOT020")]


def test_type_checking_is_an_if_like_any_other(project):
    # A name bound to `Any` at run time is not the governed object: code that uses it at run
    # time (isinstance, instantiation) gets another object.
    p = project(
        {
            "chat/services.py": """
                from typing import TYPE_CHECKING, Any

                if TYPE_CHECKING:
                    from chat.core.api import Manager
                else:
                    Manager = Any
            """
        }
    )
    assert p.check_file("chat/services.py") == [("chat/services.py", 6, 5, "SOT020")]
    assert "bound to `Any` (from `typing`)" in p.message("SOT020")


def test_an_alias_of_a_local_redefinition_is_reported_once(project):
    p = project(
        {
            "chat/services.py": """
                class UnifiedManager:
                    pass


                class ConnectionExecutor:
                    pass


                Manager = UnifiedManager
                Manager = ConnectionExecutor
            """
        }
    )
    # The class on line 1 is the other object; line 9 gives it one more governed name (its
    # SOT020 is on line 1). Line 10 binds yet another object; line 9 defined nothing it replaces.
    assert p.check_file("chat/services.py") == [
        ("chat/services.py", 1, 1, "SOT020"),
        ("chat/services.py", 10, 1, "SOT020"),
    ]


def test_assignments_in_module_level_blocks_count_and_elsewhere_do_not(project):
    p = project(
        {
            "chat/services.py": """
                with context():
                    Manager = build()

                for item in items:
                    UnifiedManager = item

                def factory():
                    global Manager
                    Manager = build()

                class Holder:
                    Manager = build()

                Manager += 1
                Manager: type
            """
        }
    )
    assert p.check_file("chat/services.py") == [("chat/services.py", 2, 5, "SOT020")]


def test_sot021_an_assignment_rebinding_a_defined_name_to_something_else(project):
    p = project(
        {
            "chat/core/impl.py": """
                from chat.exec import ConnectionExecutor


                class Manager:
                    pass


                UnifiedManager = Manager
                Manager = UnifiedManager  # an alias: the same object
                Manager = ConnectionExecutor
                Manager = None  # a placeholder: nothing defined
            """
        }
    )
    assert p.check() == [("chat/core/impl.py", 10, 1, "SOT021")]
    assert p.message("SOT021") == (
        "`Manager` bound again in this file (first defined at line 4), to `ConnectionExecutor` (from `chat.exec`); "
        "keep one definition"
    )


# -- duplicates ----------------------------------------------------------------------------------

DUPLICATES = """
[policy]
name = "test"
root_packages = ["chat"]

[[duplicates]]
pattern = "*Handler"
"""


def test_sot022_counts_assignments_of_another_object_but_not_aliases(make_project):
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/a.py": "class ChatHandler:\n    pass\n",
            "chat/b.py": "from chat.other import Executor\n\nChatHandler = Executor\n",
            "chat/c.py": "from chat.a import ChatHandler as _Handler\n\nChatHandler = _Handler\n",  # a re-export
            "chat/d.py": "import chat.a\n\nChatHandler = chat.a.ChatHandler\n",  # a re-export
            "chat/e.py": "try:\n    from chat.a import ChatHandler\nexcept ImportError:\n    ChatHandler = None\n",
            # A name only ever assigned is no duplicate: no class or function is defined twice.
            "chat/f.py": "LogHandler = make_handler()\n",
            "chat/g.py": "LogHandler = make_other_handler()\n",
        },
        DUPLICATES,
    )
    assert p.check() == [("chat/a.py", 1, 1, "SOT022"), ("chat/b.py", 3, 1, "SOT022")]


def test_sot022_reports_alternative_arms_once(make_project):
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/a.py": "class ChatHandler:\n    pass\n",
            "chat/b.py": """
                if flag:
                    class ChatHandler:
                        pass
                else:
                    class ChatHandler:
                        pass
            """,
        },
        DUPLICATES,
    )
    assert p.check() == [("chat/a.py", 1, 1, "SOT022"), ("chat/b.py", 2, 5, "SOT022")]
    assert "`chat.b` (line 2)" in [f.message for f in p.findings() if p.rel(f.path) == "chat/a.py"][0]


def test_sot022_a_governed_name_s_alias_is_no_definition(make_project):
    policy = POLICY + '\n[[duplicates]]\npattern = "*Manager"\n'
    rogue = "from chat.exec import ConnectionExecutor\n\nManager = ConnectionExecutor\nUnifiedManager = 1\n"
    p = make_project({**TREE, "chat/services.py": rogue}, policy)
    # `UnifiedManager = Manager` in defined_in binds the governed object under its alias: no
    # definition, so `UnifiedManager` is only assigned, in one file. `Manager` is a class in
    # defined_in and another object in chat.services.
    assert p.check() == [
        ("chat/core/impl.py", 1, 1, "SOT022"),
        ("chat/services.py", 3, 1, "SOT020"),
        ("chat/services.py", 3, 1, "SOT022"),
        ("chat/services.py", 4, 1, "SOT020"),
    ]


def test_sot022_a_site_is_a_class_when_one_of_its_arms_is(make_project):
    p = make_project(
        {
            "chat/__init__.py": "",
            # As pydantic's `EmailStr`: an annotation for type checkers, a class at run time.
            "chat/a.py": """
                from typing import TYPE_CHECKING, Annotated

                if TYPE_CHECKING:
                    ChatHandler = Annotated[str, ...]
                else:
                    class ChatHandler:
                        pass
            """,
            "chat/b.py": "ChatHandler = make_handler()\n",
        },
        DUPLICATES,
    )
    # Reported at the site's first definition, the assignment.
    assert p.check() == [("chat/a.py", 4, 5, "SOT022"), ("chat/b.py", 1, 1, "SOT022")]


def test_a_long_chain_of_assignments_is_followed_without_recursion(project):
    # Each link bound twice: following every binding without remembering verdicts would take
    # 2**length steps; following them by recursion would exhaust the interpreter's stack.
    length = 3000
    alias = ["from chat.core.api import Manager as a0"]
    alias += [f"a{i} = a{i - 1}\na{i} = a{i - 1}" for i in range(1, length + 1)]
    rogue = ["from chat.exec import ConnectionExecutor as b0"]
    rogue += [f"b{i} = b{i - 1}\nb{i} = b{i - 1}" for i in range(1, length + 1)]
    p = project(
        {
            "chat/alias.py": "\n".join([*alias, f"Manager = a{length}", ""]),
            "chat/rogue.py": "\n".join([*rogue, f"UnifiedManager = b{length}", ""]),
        }
    )
    line = 2 * length + 2
    assert p.check_file("chat/alias.py") == []
    assert p.check_file("chat/rogue.py") == [("chat/rogue.py", line, 1, "SOT020")]
    assert p.message("SOT020").startswith(f"`UnifiedManager` bound to `b{length}` (bound 2 times in this file)")


# -- shapes seen in pydantic 2.13 ------------------------------------------------------------------

VERSIONED_OVERLOADS = """
    import sys
    from typing import overload

    if sys.version_info >= (3, 10):

        @overload
        def Manager(*, kw_only: bool = False) -> int: ...

        @overload
        def Manager(cls: type, /) -> int: ...

    else:

        @overload
        def Manager() -> int: ...


    def Manager(cls=None, /, **options):
        return 1
"""


def test_overload_stubs_in_version_arms_and_the_implementation_after_them_are_one_site(project):
    # As `pydantic.dataclasses.dataclass`.
    assert project({"chat/core/impl.py": VERSIONED_OVERLOADS}).check() == []
    p = project({"chat/other.py": VERSIONED_OVERLOADS})
    assert p.check_file("chat/other.py") == [("chat/other.py", 7, 5, "SOT020")]


def test_an_annotation_for_type_checkers_and_a_class_at_run_time_are_one_site(project):
    # As `pydantic.types.Json`: reported at the first arm's assignment.
    text = """
        from typing import TYPE_CHECKING, Annotated, Any

        if TYPE_CHECKING:
            Manager = Annotated[Any, ...]
        else:
            class Manager:
                pass
    """
    assert project({"chat/core/impl.py": text}).check() == []
    assert project({"chat/other.py": text}).check_file("chat/other.py") == [("chat/other.py", 4, 5, "SOT020")]


def test_a_run_time_sentinel_for_a_type_checking_import_is_another_object(make_project):
    # As `PydanticModelField` in pydantic._internal._model_construction, next to the mypy
    # plugin's `class PydanticModelField`: two objects under one name.
    p = make_project(
        {
            "chat/__init__.py": "",
            "chat/construction.py": """
                from typing import TYPE_CHECKING

                if TYPE_CHECKING:
                    from chat.fields import Field as ChatHandler
                else:
                    ChatHandler = object()
            """,
            "chat/plugin.py": "class ChatHandler:\n    pass\n",
        },
        DUPLICATES,
    )
    assert p.check() == [("chat/construction.py", 6, 5, "SOT022"), ("chat/plugin.py", 1, 1, "SOT022")]
