"""SOT040 and names deprecated one by one: a symbol's deprecated path warns when each name it keeps warns when used.

Libraries seldom warn when a module is imported; they wrap each moved name so that using
it warns — PEP 702's ``@warnings.deprecated``, its ``typing_extensions`` backport, the
``deprecated`` and ``deprecation`` packages, or their own decorators and wrapper factories
(SQLAlchemy's ``@util.moved_20``). Every case runs through ``make_project``, which also
re-runs it with the relevance prefilter off.
"""

from __future__ import annotations

import textwrap

import pytest

from importlinter_ssot.application.analysis.runtime_facts import runtime_facts

SYMBOL_POLICY = """
[policy]
name = "test"
root_packages = ["app"]

[[symbol]]
name = "make_client"
aliases = ["new_client"]
defined_in = "app.core"
deprecated = [{ module = "app.compat" }]
"""

BASE = {
    "app/__init__.py": "",
    "app/core.py": "def make_client():\n    return 1\n\n\nnew_client = make_client\n",
}

MODULE_POLICY = """
[policy]
name = "test"
root_packages = ["app"]

[[module]]
name = "app.old"
status = "deprecated"
replacement = "app.core"

[[symbol]]
name = "make_client"
aliases = ["new_client"]
defined_in = "app.core"
deprecated = [{ module = "app.old" }, { module = "app.compat" }]
"""


# A module that warns for both names the policy deprecates in it: each one wrapped by `{decorator}`.
DECORATED = """
    {imports}
    from app import core


    @{decorator}
    def make_client():
        return core.make_client()


    @{decorator}
    def new_client():
        return core.make_client()
"""


def rows(project, code: str = "SOT040"):  # type: ignore[no-untyped-def]
    return [row for row in project.check() if row[3] == code]


def decorated(imports: str, decorator: str) -> str:
    return textwrap.dedent(DECORATED).format(imports=imports, decorator=decorator)


@pytest.mark.parametrize(
    ("imports", "decorator"),
    [
        pytest.param("import warnings", 'warnings.deprecated("use app.core")', id="PEP 702"),
        pytest.param("from warnings import deprecated", 'deprecated("use app.core")', id="PEP 702 imported"),
        pytest.param("import typing_extensions", 'typing_extensions.deprecated("use app.core")', id="backport"),
        pytest.param("from typing_extensions import deprecated as gone", 'gone("use app.core")', id="backport as"),
        pytest.param("from deprecated import deprecated", 'deprecated(reason="use app.core")', id="deprecated pkg"),
        pytest.param("from deprecated import deprecated", "deprecated", id="deprecated pkg, bare"),
        pytest.param("import deprecated", 'deprecated.sphinx.deprecated(version="1.0")', id="deprecated.sphinx"),
        pytest.param("from deprecated.classic import deprecated", 'deprecated(version="1.0")', id="deprecated.classic"),
        pytest.param(
            "import deprecation",
            'deprecation.deprecated(deprecated_in="1.0", details="use app.core")',
            id="deprecation",
        ),
        pytest.param(
            "import warnings\nfrom app.errors import AppDeprecationWarning",
            'warnings.deprecated("use app.core", category=AppDeprecationWarning)',
            id="PEP 702, a subclass of the tree",
        ),
    ],
)
def test_names_wrapped_by_a_known_deprecation_decorator_warn(make_project, imports: str, decorator: str) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        "app/errors.py": "class AppDeprecationWarning(DeprecationWarning):\n    pass\n",
        "app/compat.py": decorated(imports, decorator),
    }
    assert rows(make_project(files, SYMBOL_POLICY)) == []


@pytest.mark.parametrize(
    "decorator",
    [
        'warnings.deprecated("use app.core", category=None)',  # PEP 702: no warning at all
        'warnings.deprecated("use app.core", category=FutureWarning)',
        "functools.lru_cache",
    ],
)
def test_names_wrapped_by_what_does_not_warn_a_deprecation(make_project, decorator: str) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        "app/compat.py": decorated("import warnings", 'warnings.deprecated("use app.core")'),
        "app/compat2.py": decorated("import functools\nimport warnings", decorator),
    }
    policy = SYMBOL_POLICY.replace('{ module = "app.compat" }', '{ module = "app.compat" }, { module = "app.compat2" }')
    assert rows(make_project(files, policy)) == [("app/compat2.py", 1, 1, "SOT040")]


# A first-party decorator factory: the decorator it returns returns a wrapper that warns,
# through a helper, with the tree's own subclass of DeprecationWarning.
FACTORY = {
    "app/errors.py": "class AppDeprecationWarning(DeprecationWarning):\n    pass\n",
    "app/_warn.py": """
        import warnings


        def emit(message, category):
            warnings.warn(message, category, stacklevel=3)
    """,
    "app/_deprecations.py": """
        import functools

        from app import errors
        from app._warn import emit


        def moved(message):
            def decorate(fn):
                @functools.wraps(fn)
                def wrapper(*args, **kwargs):
                    emit(message, errors.AppDeprecationWarning)
                    return fn(*args, **kwargs)

                return wrapper

            return decorate


        def register(fn):
            def wrapper(*args, **kwargs):
                emit("called", UserWarning)
                return fn(*args, **kwargs)

            return wrapper
    """,
}


def test_a_first_party_decorator_factory_that_warns_several_calls_deep(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        **FACTORY,
        "app/compat.py": decorated("from app import _deprecations", '_deprecations.moved("use app.core")'),
        # The same helper with a UserWarning: a category known only at run time counts only
        # where a deprecation category is named on the way to it.
        "app/compat2.py": decorated("from app._deprecations import register", "register"),
    }
    policy = SYMBOL_POLICY.replace('{ module = "app.compat" }', '{ module = "app.compat" }, { module = "app.compat2" }')
    assert rows(make_project(files, policy)) == [("app/compat2.py", 1, 1, "SOT040")]


def test_a_wrapper_factory_assigned_at_module_level(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        "app/_deprecations.py": """
            import warnings


            def _create_deprecation_wrapper(function, old, new):
                def wrapper(*args, **kwargs):
                    warnings.warn(f"{old} is deprecated, use {new}", DeprecationWarning, stacklevel=2)
                    return function(*args, **kwargs)

                return wrapper


            def deprecated_alias(function):
                return _create_deprecation_wrapper(function, function.__name__, "app.core")
        """,
    }
    text = """
        from app import core
        from app._deprecations import _create_deprecation_wrapper, deprecated_alias

        make_client = _create_deprecation_wrapper(core.make_client, "make_client", "app.core.make_client")
        new_client = deprecated_alias(core.make_client)
    """
    # Making the wrappers does not warn: importing app.old (a [[module]] deprecation) is silent.
    assert rows(make_project({**files, "app/compat.py": text, "app/old.py": text}, MODULE_POLICY)) == [
        ("app/old.py", 1, 1, "SOT040")
    ]


def test_a_class_used_as_a_decorator(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        "app/_deprecations.py": """
            import functools
            import warnings


            class deprecated_since:
                def __init__(self, version, category=DeprecationWarning):
                    self.version = version
                    self.category = category

                def __call__(self, fn):
                    @functools.wraps(fn)
                    def wrapper(*args, **kwargs):
                        warnings.warn(f"deprecated since {self.version}", self.category, stacklevel=2)
                        return fn(*args, **kwargs)

                    return wrapper
        """,
        "app/compat.py": decorated("from app._deprecations import deprecated_since", 'deprecated_since("2.0")'),
    }
    assert rows(make_project(files, SYMBOL_POLICY)) == []


def test_functions_that_warn_when_called(make_project) -> None:  # type: ignore[no-untyped-def]
    # pydantic.deprecated.tools: the decorator only tells type checkers (category=None), the body warns.
    files = {
        **BASE,
        "app/errors.py": "class AppDeprecatedSince20(DeprecationWarning):\n    pass\n",
        "app/compat.py": """
            import warnings

            from typing_extensions import deprecated

            from app import core
            from app.errors import AppDeprecatedSince20


            @deprecated("`make_client` is deprecated, use `app.core.make_client`", category=None)
            def make_client():
                warnings.warn("`make_client` is deprecated", category=AppDeprecatedSince20, stacklevel=2)
                return core.make_client()


            class new_client:
                def __init__(self):
                    warnings.warn("`new_client` is deprecated", DeprecationWarning, stacklevel=2)
        """,
    }
    assert rows(make_project(files, SYMBOL_POLICY)) == []


def test_a_module_getattr_made_by_a_factory(make_project) -> None:  # type: ignore[no-untyped-def]
    # pydantic's moved modules: `__getattr__ = getattr_migration(__name__)`, a closure that warns.
    files = {
        **BASE,
        "app/_migration.py": """
            import importlib


            def getattr_migration(module):
                def wrapper(name):
                    import warnings

                    warnings.warn(f"`{module}.{name}` has moved to `app.core`", DeprecationWarning, stacklevel=2)
                    return getattr(importlib.import_module("app.core"), name)

                return wrapper


            def getattr_forward(module):
                def wrapper(name):
                    return getattr(importlib.import_module("app.core"), name)

                return wrapper
        """,
        "app/old.py": "from app._migration import getattr_migration\n\n__getattr__ = getattr_migration(__name__)\n",
        "app/compat.py": "from app._migration import getattr_forward\n\n__getattr__ = getattr_forward(__name__)\n",
        # Made, but not the module's __getattr__: nothing calls it.
        "app/older.py": "from app._migration import getattr_migration\n\n_hook = getattr_migration(__name__)\n",
    }
    policy = MODULE_POLICY + '\n[[module]]\nname = "app.older"\nstatus = "deprecated"\n'
    assert rows(make_project(files, policy)) == [("app/compat.py", 1, 1, "SOT040"), ("app/older.py", 1, 1, "SOT040")]


def test_a_module_where_only_some_names_warn(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        "app/compat.py": """
            import warnings

            from app.core import new_client


            @warnings.deprecated("use app.core.make_client")
            def make_client():
                return new_client()
        """,
    }
    project = make_project(files, SYMBOL_POLICY)
    assert rows(project) == [("app/compat.py", 1, 1, "SOT040")]
    assert project.message("SOT040").endswith(
        " (of the names the policy deprecates there, `new_client` does not warn when used; `make_client` does)"
    )


@pytest.mark.parametrize(
    "text",
    [
        # A name the module rebinds after wrapping it: the plain binding is the one in force.
        'import warnings\nfrom app import core\n\nmake_client = warnings.deprecated("x")(core.make_client)\n'
        "new_client = warnings.deprecated('x')(core.make_client)\nfrom app.core import make_client\n",
        # One branch warns, the other does not.
        'import sys\nimport warnings\nfrom app import core\n\nnew_client = warnings.deprecated("x")(core.make_client)\n'
        'if sys.version_info >= (3, 13):\n    make_client = warnings.deprecated("x")(core.make_client)\n'
        "else:\n    make_client = core.make_client\n",
    ],
)
def test_the_bindings_that_may_be_in_force_decide(make_project, text: str) -> None:  # type: ignore[no-untyped-def]
    files = {**BASE, "app/compat.py": text}
    project = make_project(files, SYMBOL_POLICY)
    assert rows(project) == [("app/compat.py", 1, 1, "SOT040")]
    assert "`make_client` does not warn when used; `new_client` does" in project.message("SOT040")


def test_wrapped_bindings_under_conditions_and_type_checking(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        "app/compat.py": """
            import sys
            from typing import TYPE_CHECKING

            from app import core

            if sys.version_info >= (3, 13):
                from warnings import deprecated
            else:
                from typing_extensions import deprecated

            if TYPE_CHECKING:
                from app.core import make_client, new_client
            else:
                make_client = deprecated("use app.core")(core.make_client)
                try:
                    new_client = deprecated("use app.core")(core.new_client)
                except AttributeError:
                    new_client = deprecated("use app.core")(core.make_client)
        """,
    }
    assert rows(make_project(files, SYMBOL_POLICY)) == []


def test_a_decorator_re_exported_by_a_compat_module(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        "app/_compat.py": """
            import sys

            if sys.version_info >= (3, 13):
                from warnings import deprecated
            else:
                from typing_extensions import deprecated
        """,
        "app/compat.py": decorated("from app._compat import deprecated", 'deprecated("use app.core")'),
    }
    assert rows(make_project(files, SYMBOL_POLICY)) == []


@pytest.mark.parametrize(
    ("imports", "decorator"),
    [
        ("from app import _deprecations", '_deprecations.moved("use app.core")'),
        ("import warnings", "warnings.deprecated"),
    ],
)
def test_a_module_deprecation_needs_the_module_to_warn_not_its_names(
    make_project, imports: str, decorator: str
) -> None:  # type: ignore[no-untyped-def]
    text = decorated(imports, decorator)
    files = {**BASE, **FACTORY, "app/old.py": text, "app/compat.py": text}
    # app.compat is a symbol's deprecated path only: its names warn. app.old is a [[module]]
    # deprecation too: importing it must warn, and defining a decorated function does not.
    assert rows(make_project(files, MODULE_POLICY)) == [("app/old.py", 1, 1, "SOT040")]


def test_a_warning_in_a_function_a_function_defines_runs_only_when_that_one_is_called(make_project) -> None:  # type: ignore[no-untyped-def]
    defines = textwrap.dedent(
        """
        import warnings


        def _make_warning():
            def warn():
                warnings.warn("app.old is deprecated", DeprecationWarning, stacklevel=3)

            return warn
        """
    )
    policy = MODULE_POLICY + '\n[[module]]\nname = "app.older"\nstatus = "deprecated"\n'
    files = {
        **BASE,
        # Importing app.old makes a function that would warn, and never calls it.
        "app/old.py": defines + "\n_make_warning()\n",
        # Importing app.older calls a function that calls the function it defines: that warns.
        "app/older.py": "import warnings\n\n\ndef _at_once():\n    def inner():\n"
        "        warnings.warn('x', DeprecationWarning)\n\n    inner()\n\n\n_at_once()\n",
    }
    found = rows(make_project(files, policy))
    assert found == [("app/old.py", 1, 1, "SOT040")]


def test_a_warning_whose_category_is_known_only_at_run_time(make_project) -> None:  # type: ignore[no-untyped-def]
    helper = """
        import warnings


        def _warn(message, category):
            warnings.warn(message, category, stacklevel=3)


        def _warn_instance(warning):
            warnings.warn(warning, stacklevel=3)
    """
    policy = MODULE_POLICY + "".join(
        f'\n[[module]]\nname = "app.{name}"\nstatus = "deprecated"\n' for name in ("older", "noisy")
    )
    files = {
        **BASE,
        "app/_helpers.py": helper,
        "app/old.py": "from app._helpers import _warn\n\n_warn('app.old is deprecated', DeprecationWarning)\n",
        "app/older.py": "from app import _helpers\n\n_helpers._warn_instance(DeprecationWarning('app.older'))\n",
        "app/noisy.py": "from app._helpers import _warn\n\n_warn('app.noisy is slow', UserWarning)\n",
    }
    assert rows(make_project(files, policy)) == [("app/noisy.py", 1, 1, "SOT040")]


# SQLAlchemy 2.0's sqlalchemy.ext.declarative, trimmed: each moved function is wrapped by
# `@util.moved_20(...)`, which the package `sqlalchemy.util` re-exports from
# `util/deprecations.py` (its `__init__.py` spells no warning word, so it is not read);
# `moved_20` → `deprecated` → (the decorator it returns) `_decorate_with_warning` → (the
# wrapper it defines) `_warn_with_version` → `langhelpers._warnings_warn` → `warnings.warn`,
# the category a `MovedIn20Warning` instance passed down as a parameter.
SQLALCHEMY_LIKE = {
    path: textwrap.dedent(text)
    for path, text in {
        "sqlalchemy/__init__.py": "",
        "sqlalchemy/exc.py": """
        class HasDescriptionCode:
            def __init__(self, *arg, code=None, **kw):
                self.code = code
                super().__init__(*arg, **kw)


        class SADeprecationWarning(HasDescriptionCode, DeprecationWarning):
            deprecated_since = None


        class Base20DeprecationWarning(SADeprecationWarning):
            pass


        class MovedIn20Warning(Base20DeprecationWarning):
            pass


        class SAWarning(HasDescriptionCode, RuntimeWarning):
            pass
    """,
        "sqlalchemy/util/__init__.py": """
        from .deprecations import deprecated as deprecated
        from .deprecations import moved_20 as moved_20
        from .langhelpers import decorator as decorator
    """,
        "sqlalchemy/util/langhelpers.py": """
        import warnings


        def decorator(target):
            def decorate(fn):
                def go(*arg, **kw):
                    return target(fn, *arg, **kw)

                return go

            return decorate


        def _warnings_warn(message, category=None, stacklevel=2):
            if category is not None:
                warnings.warn(message, category, stacklevel=stacklevel + 1)
            else:
                warnings.warn(message, stacklevel=stacklevel + 1)
    """,
        "sqlalchemy/util/deprecations.py": """
        from typing import Optional, Type

        from .langhelpers import _warnings_warn
        from .langhelpers import decorator
        from .. import exc


        def _warn_with_version(msg, version, type_: Type[exc.SADeprecationWarning], stacklevel, code=None):
            warn = type_(msg, code=code)
            warn.deprecated_since = version
            _warnings_warn(warn, stacklevel=stacklevel + 1)


        def deprecated(version, message=None, warning: Optional[Type[exc.SADeprecationWarning]] = None):
            if warning is None:
                warning = exc.SADeprecationWarning

            def decorate(fn):
                return _decorate_with_warning(fn, warning, message % dict(func=fn.__name__), version)

            return decorate


        def moved_20(message, **kw):
            return deprecated("2.0", message=message, warning=exc.MovedIn20Warning, **kw)


        def _decorate_with_warning(func, wtype, message, version):
            @decorator
            def warned(fn, *args, **kwargs):
                _warn_with_version(message, version, wtype, stacklevel=3)
                return fn(*args, **kwargs)

            decorated = warned(func)
            decorated._sa_warn = lambda: _warn_with_version(message, version, wtype, stacklevel=3)
            return decorated
    """,
        "sqlalchemy/orm/__init__.py": "from .decl_api import as_declarative, declarative_base\n",
        "sqlalchemy/orm/decl_api.py": """
        def declarative_base(*arg, **kw):
            return object


        def as_declarative(*arg, **kw):
            return object
    """,
        "sqlalchemy/ext/__init__.py": "",
        "sqlalchemy/ext/declarative/__init__.py": """
        from ... import util
        from ...orm.decl_api import as_declarative as _as_declarative
        from ...orm.decl_api import declarative_base as _declarative_base


        @util.moved_20(
            "The ``declarative_base()`` function is now available as "
            ":func:`sqlalchemy.orm.declarative_base`."
        )
        def declarative_base(*arg, **kw):
            return _declarative_base(*arg, **kw)


        @util.moved_20(
            "The ``as_declarative()`` function is now available as "
            ":func:`sqlalchemy.orm.as_declarative`"
        )
        def as_declarative(*arg, **kw):
            return _as_declarative(*arg, **kw)
    """,
    }.items()
}

SQLALCHEMY_POLICY = """
[policy]
name = "sqlalchemy"
root_packages = ["sqlalchemy"]

[[symbol]]
name = "declarative_base"
defined_in = "sqlalchemy.orm.decl_api"
canonical = ["sqlalchemy.orm"]
deprecated = [{ module = "sqlalchemy.ext.declarative" }]

[[symbol]]
name = "as_declarative"
defined_in = "sqlalchemy.orm.decl_api"
canonical = ["sqlalchemy.orm"]
deprecated = [{ module = "sqlalchemy.ext.declarative" }]
"""


def test_sqlalchemy_moved_20_names_warn(make_project) -> None:  # type: ignore[no-untyped-def]
    assert rows(make_project(SQLALCHEMY_LIKE, SQLALCHEMY_POLICY)) == []


def test_sqlalchemy_with_a_name_that_moved_silently(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {
        **SQLALCHEMY_LIKE,
        "sqlalchemy/ext/declarative/__init__.py": SQLALCHEMY_LIKE["sqlalchemy/ext/declarative/__init__.py"].replace(
            "from ... import util\n", "from ... import util\nfrom ...orm.decl_api import DeclarativeMeta\n"
        ),
        "sqlalchemy/orm/decl_api.py": SQLALCHEMY_LIKE["sqlalchemy/orm/decl_api.py"]
        + "\n\nclass DeclarativeMeta(type):\n    pass\n",
    }
    policy = SQLALCHEMY_POLICY + (
        '\n[[symbol]]\nname = "DeclarativeMeta"\ndefined_in = "sqlalchemy.orm.decl_api"\n'
        'deprecated = [{ module = "sqlalchemy.ext.declarative" }]\n'
    )
    project = make_project(files, policy)
    assert rows(project) == [("sqlalchemy/ext/declarative/__init__.py", 1, 1, "SOT040")]
    assert project.message("SOT040").endswith(
        "(of the names the policy deprecates there, `DeclarativeMeta` does not warn when used; "
        "`declarative_base`, `as_declarative` do)"
    )


def test_functions_and_lambdas_nested_as_deep_as_the_parser_allows() -> None:
    import ast

    # 98 nested functions (the interpreter allows 100 levels of indentation) and 2,000 nested lambdas.
    text = "import warnings\n" + "".join(f"{'    ' * depth}def f{depth}():\n" for depth in range(98))
    text += "    " * 98 + "x = " + "lambda: " * 2_000 + "warnings.warn('x', DeprecationWarning)\n"
    facts = runtime_facts(ast.parse(text), text, forced=True)
    assert facts is not None
    names = [function.name for function in facts.functions]
    assert len(names) == 99 and names[-1].endswith("f97.<locals>.<lambda>")
    assert facts.functions[-1].calls[0].callee == "warnings.warn"
