"""``--fix`` rewrites an import only when the new path is proven to give the very object the old one gives.

What the trials on real libraries taught (benchmarks/fix_trial.py, docs/fix.md), each in a
small tree: pydantic's ``v1.VERSION`` is another object than ``pydantic.VERSION`` under the
same name; pydantic binds names only under ``if TYPE_CHECKING:`` and serves them through a
module ``__getattr__``; re-exports go through chains of ``from … import``, relative imports,
``import x`` then ``N = x.N``, and star imports — those are followed to one definition.
"""

from __future__ import annotations

import pytest

from support.fixing import fix_project

POLICY = """
[policy]
name = "same object"
root_packages = ["pkg", "use"]

[[module]]
name = "pkg.old"
status = "forbidden"
replacement = "pkg.new"
"""

BASE = {
    "pkg/__init__.py": "",
    "pkg/impl.py": "class Thing:\n    pass\n\n\ndef helper():\n    pass\n",
    "pkg/other.py": "class Thing:\n    pass\n",  # another class of the same name
    "pkg/old.py": "from pkg.impl import Thing, helper\n",
    "use/__init__.py": "",
}


def fix(make_project, tree: dict[str, str], source: str, policy: str = POLICY):  # type: ignore[no-untyped-def]
    """Fix ``use/a.py`` holding ``source``: its text afterwards, and the reasons of what was not fixed there."""
    project = make_project({**BASE, **tree, "use/a.py": source}, policy)
    result = fix_project(project)
    reasons = [
        (item.reason.key, item.detail) for item in result.not_fixed if item.finding.path == project.abs("use/a.py")
    ]
    return (project.root / "use/a.py").read_text(), reasons


def test_a_name_defined_separately_in_the_old_and_new_module_is_another_object(make_project) -> None:
    # pydantic 2.13.5: `from pydantic.v1 import VERSION` is '1.10.26', `pydantic.VERSION` is '2.13.5'.
    policy = POLICY.replace('"pkg.old"', '"pkg.v1"').replace('"pkg.new"', '"pkg"')
    tree = {
        "pkg/__init__.py": "from .version import VERSION\nfrom pkg.impl import helper\n",
        "pkg/version.py": "VERSION = '2.13.5'\n",
        "pkg/v1/__init__.py": "from pkg.v1.version import VERSION\nfrom pkg.impl import helper\n",
        "pkg/v1/version.py": "# the old release's own version\nVERSION = '1.10.26'\n",
    }
    source = "from pkg.v1 import VERSION as V1_VERSION\nfrom pkg.v1 import helper\n"
    text, reasons = fix(make_project, tree, source, policy)
    assert text == "from pkg.v1 import VERSION as V1_VERSION\nfrom pkg import helper\n"
    assert reasons == [
        (
            "other-object",
            "`pkg.VERSION` is `pkg/version.py:1`, but `pkg.v1.VERSION` is `pkg/v1/version.py:2`: another object",
        )
    ]


def test_a_symbol_whose_canonical_module_binds_another_object_stays(make_project) -> None:
    policy = """
        [policy]
        name = "symbol"
        root_packages = ["pkg", "use"]

        [[symbol]]
        name = "Thing"
        defined_in = "pkg.impl"
        canonical = ["pkg.new"]
    """
    tree = {"pkg/new.py": "class Thing:  # a second class of the same name\n    pass\n"}
    text, reasons = fix(make_project, tree, "from pkg.old import Thing\n", policy)
    assert text == "from pkg.old import Thing\n"
    assert reasons == [
        ("other-object", "`pkg.new.Thing` is `pkg/new.py:1`, but `pkg.old.Thing` is `pkg/impl.py:1`: another object")
    ]


TYPE_CHECKING_ONLY = (
    "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from pkg.impl import Thing\n"
    "\n\ndef __getattr__(name):\n    from pkg import impl\n\n    return getattr(impl, name)\n"
)


def test_a_name_the_target_binds_only_for_type_checkers_is_not_there_at_run_time(make_project) -> None:
    text, reasons = fix(make_project, {"pkg/new.py": TYPE_CHECKING_ONLY}, "from pkg.old import Thing\n")
    assert text == "from pkg.old import Thing\n"
    assert reasons == [
        (
            "type-checking-only",
            "`pkg.new` binds `Thing` only under `if TYPE_CHECKING:`: at run time only `pkg.new.__getattr__` may "
            "serve it, which only running it would tell (the import is not under `if TYPE_CHECKING:` itself)",
        )
    ]


def test_without_a_module_getattr_the_type_checkers_name_is_simply_missing_at_run_time(make_project) -> None:
    tree = {"pkg/new.py": "import typing\n\nif typing.TYPE_CHECKING:\n    from pkg.impl import Thing\n"}
    text, reasons = fix(make_project, tree, "from pkg.old import Thing\n")
    assert (text, reasons) == (
        "from pkg.old import Thing\n",
        [
            (
                "type-checking-only",
                "`pkg.new` binds `Thing` only under `if TYPE_CHECKING:`: at run time the import would fail "
                "(the import is not under `if TYPE_CHECKING:` itself)",
            )
        ],
    )


@pytest.mark.parametrize(
    "guard",
    ["from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:", "import typing as t\n\nif t.TYPE_CHECKING:"],
)
def test_an_import_under_type_checking_may_move_to_a_type_checking_binding(make_project, guard: str) -> None:
    source = f"{guard}\n    from pkg.old import Thing\n\nfrom pkg.old import Thing as AtRunTime\n"
    text, reasons = fix(make_project, {"pkg/new.py": TYPE_CHECKING_ONLY}, source)
    assert text == source.replace("pkg.old import Thing\n", "pkg.new import Thing\n", 1)
    assert [key for key, _ in reasons] == ["type-checking-only"]  # the import that runs stays


def test_a_name_served_only_by_a_module_getattr_cannot_be_proven(make_project) -> None:
    tree = {"pkg/new.py": "def __getattr__(name):\n    from pkg import impl\n\n    return getattr(impl, name)\n"}
    text, reasons = fix(make_project, tree, "from pkg.old import Thing\n")
    assert text == "from pkg.old import Thing\n"
    assert reasons == [
        (
            "unproven",
            "`pkg.new.Thing` cannot be proven to be the object `pkg.old.Thing` is: `pkg.new.Thing` is served by "
            "`pkg.new.__getattr__`, which only running it would tell",
        )
    ]


SAME_OBJECT = {
    "two hops": {
        "pkg/mid.py": "from pkg.impl import Thing\n",
        "pkg/new.py": "from pkg.mid import Thing\n",
    },
    "relative imports": {
        "pkg/sub/__init__.py": "from ..impl import Thing\n",
        "pkg/new.py": "from .sub import Thing\n",
    },
    "import x, then N = x.N": {
        "pkg/new.py": "import pkg.impl\n\nThing = pkg.impl.Thing\n",
    },
    "from p import x (a submodule), then N = x.N": {
        "pkg/new.py": "from pkg import impl as _impl\n\nThing = _impl.Thing\n",
    },
    "a plain alias": {
        "pkg/new.py": "from pkg.impl import Thing as _Thing\n\nThing = _Thing\n",
    },
    "a star import of a module of the project": {
        "pkg/new.py": "from pkg.impl import *\n",
    },
    "a star import through __all__": {
        "pkg/mid.py": "from pkg.impl import Thing\n\n__all__ = ['Thing']\n",
        "pkg/new.py": "from pkg.mid import *\n",
    },
    "every branch binding the same object": {
        "pkg/new.py": "import sys\n\nif sys.version_info >= (3, 11):\n    from pkg.impl import Thing\n"
        "else:\n    from pkg.mid import Thing\n",
        "pkg/mid.py": "from pkg.impl import Thing\n",
    },
    "a runtime binding beside a type checker's": {
        "pkg/new.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from pkg.mid import Thing\n"
        "else:\n    from pkg.impl import Thing\n",
        "pkg/mid.py": "Thing = None\n",
    },
}


@pytest.mark.parametrize("case", list(SAME_OBJECT))
def test_the_same_object_through_a_chain_of_re_exports_is_fixed(make_project, case: str) -> None:
    text, reasons = fix(make_project, SAME_OBJECT[case], "from pkg.old import Thing\n")
    assert (text, reasons) == ("from pkg.new import Thing\n", [])
    # The same chain ending at another class of the same name: followed to the end, not taken on trust.
    elsewhere = {path: content.replace("impl", "other") for path, content in SAME_OBJECT[case].items()}
    text, reasons = fix(make_project, elsewhere, "from pkg.old import Thing\n")
    assert text == "from pkg.old import Thing\n"
    assert [key for key, _ in reasons] == ["other-object"] and "`pkg/other.py:1`" in reasons[0][1]


def test_a_binding_that_always_runs_replaces_the_ones_above_it(make_project) -> None:
    # SQLAlchemy 2.0.36: `select` is ten `@overload` defs then the real one; `and_` is a def,
    # then another under `if not TYPE_CHECKING:` (which always runs). The last one is the object.
    impl = (
        "from typing import TYPE_CHECKING, overload\n\n\n@overload\ndef helper(x: int) -> int: ...\n"
        "@overload\ndef helper(x: str) -> str: ...\ndef helper(x):\n    return x\n\n\n"
        "class Thing:\n    pass\n\n\nif not TYPE_CHECKING:\n\n    class Thing:  # noqa: F811\n        pass\n"
    )
    tree = {"pkg/impl.py": impl, "pkg/new.py": "from pkg.impl import Thing, helper\n"}
    text, reasons = fix(make_project, tree, "from pkg.old import Thing, helper\n")
    assert (text, reasons) == ("from pkg.new import Thing, helper\n", [])


def test_a_package_importing_its_own_submodule_binds_that_module(make_project) -> None:
    # attrs 24.2.0: `from . import converters, setters, ...` in attrs/__init__.py.
    tree = {
        "pkg/sub/__init__.py": "from . import tools\n",
        "pkg/sub/tools.py": "",
        "pkg/old.py": "from pkg.sub import tools\n",
        "pkg/new.py": "from pkg.sub import tools\n",
    }
    text, reasons = fix(make_project, tree, "from pkg.old import tools\n")
    assert (text, reasons) == ("from pkg.new import tools\n", [])


def test_the_same_name_outside_the_project_is_the_same_object(make_project) -> None:
    tree = {"pkg/old.py": "from pathlib import Path\n", "pkg/new.py": "import pathlib\n\nPath = pathlib.Path\n"}
    text, reasons = fix(make_project, tree, "from pkg.old import Path\n")
    assert (text, reasons) == ("from pkg.new import Path\n", [])
    tree["pkg/new.py"] = "import pathlib\n\nPath = pathlib.PurePath\n"
    text, reasons = fix(make_project, tree, "from pkg.old import Path\n")
    assert (text, reasons) == (
        "from pkg.old import Path\n",
        [
            (
                "other-object",
                "`pkg.new.Path` is `pathlib.PurePath` (outside the project), but `pkg.old.Path` is `pathlib.Path` "
                "(outside the project): another object",
            )
        ],
    )


NOT_PROVEN = {
    "another name outside the project": (
        {"pkg/old.py": "from typing import Mapping\n", "pkg/new.py": "from collections.abc import Mapping\n"},
        "from pkg.old import Mapping\n",
        (
            "other-object",
            "`pkg.new.Mapping` is `collections.abc.Mapping` (outside the project), but `pkg.old.Mapping` is "
            "`typing.Mapping` (outside the project): another object",
        ),
    ),
    "branches binding different objects": (
        {"pkg/new.py": "try:\n    from pkg.impl import Thing\nexcept ImportError:\n    class Thing:\n        pass\n"},
        "from pkg.old import Thing\n",
        (
            "unproven",
            "`pkg.new.Thing` cannot be proven to be the object `pkg.old.Thing` is: `pkg.new.Thing` is bound to "
            "different objects depending on what runs: `pkg/impl.py:1` and `pkg/new.py:4`",
        ),
    ),
    "a binding only in conditional code": (
        {"pkg/new.py": "import os\n\nif os.environ.get('X'):\n    from pkg.impl import Thing\n"},
        "from pkg.old import Thing\n",
        (
            "unproven",
            "`pkg.new.Thing` cannot be proven to be the object `pkg.old.Thing` is: `pkg.new.Thing` is bound only in "
            "conditional code (an `if`, a `try`, a loop): where it is not, the import would fail",
        ),
    ),
    "a star import from outside the project": (
        {"pkg/new.py": "from pkg.impl import helper\nfrom os.path import *\n"},
        "from pkg.old import helper\n",
        (
            "unproven",
            "`pkg.new.helper` cannot be proven to be the object `pkg.old.helper` is: `pkg.new.helper` may come "
            "from `from os.path import *`, whose names are unknown",
        ),
    ),
    "a cycle of re-exports": (
        {"pkg/new.py": "from pkg.mid import Thing\n", "pkg/mid.py": "from pkg.new import Thing\n"},
        "from pkg.old import Thing\n",
        (
            "unproven",
            "`pkg.new.Thing` cannot be proven to be the object `pkg.old.Thing` is: `pkg.new.Thing` is re-exported "
            "in a cycle",
        ),
    ),
    "a name the old module does not bind (the import fails now)": (
        {"pkg/new.py": "from pkg.impl import Thing, helper\n", "pkg/old.py": "from pkg.impl import helper\n"},
        "from pkg.old import Thing\n",
        (
            "unproven",
            "`pkg.new.Thing` cannot be proven to be the object `pkg.old.Thing` is: `pkg.old` does not bind `Thing` "
            "at module level",
        ),
    ),
    "a module __getattr__ made by a call": (
        {
            "pkg/lazy.py": "def make_getattr(module):\n    def get(name):\n        return None\n\n    return get\n",
            "pkg/new.py": "from pkg.lazy import make_getattr\n\n__getattr__ = make_getattr(__name__)\n",
        },
        "from pkg.old import Thing\n",
        (
            "unproven",
            "`pkg.new.Thing` cannot be proven to be the object `pkg.old.Thing` is: `pkg.new.Thing` is served by "
            "`pkg.new.__getattr__`, which only running it would tell",
        ),
    ),
    "a name deleted from the target": (
        {"pkg/new.py": "from pkg.impl import Thing\n\ndel Thing\n"},
        "from pkg.old import Thing\n",
        (
            "unproven",
            "`pkg.new.Thing` cannot be proven to be the object `pkg.old.Thing` is: `pkg.new.Thing` is deleted, or "
            "rebound from a function (`global`)",
        ),
    ),
}


@pytest.mark.parametrize("case", list(NOT_PROVEN))
def test_what_is_not_proven_the_same_object_stays(make_project, case: str) -> None:
    tree, source, reason = NOT_PROVEN[case]
    text, reasons = fix(make_project, tree, source)
    assert (text, reasons) == (source, [reason])
