"""SOT040 (a deprecated module that does not warn) and SOT041 (a generated shim that disagrees with the policy).

Every case runs through ``make_project``, which also re-runs it with the relevance
prefilter off: the helper files SOT040 follows usually hold no needle of the policy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from importlinter_ssot.cli.main import cli

from support.front_ends import flake8_in_process, working_directory

MODULE_POLICY = """
[policy]
name = "test"
root_packages = ["app"]

[[module]]
name = "app.old"
status = "deprecated"
replacement = "app.new"
"""

BASE = {"app/__init__.py": "", "app/new.py": "def run():\n    return 1\n"}


def rows(project, code: str = "SOT040"):  # type: ignore[no-untyped-def]
    return [row for row in project.check() if row[3] == code]


# -- SOT040 ---------------------------------------------------------------------------------------


def test_a_deprecated_module_that_does_not_warn(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project({**BASE, "app/old.py": "from app.new import run\n"}, MODULE_POLICY)
    assert project.check() == [("app/old.py", 1, 1, "SOT040")]
    assert project.message("SOT040") == (
        "deprecated module `app.old` does not warn when it is used: code no linter sees is not told to move; "
        "make it warn: `ssot shim --write app.old` (a shim; a module with code of its own keeps it and gets a "
        "warning block)"
    )


def test_a_deprecated_path_the_policy_has_other_uses_for_is_told_to_get_a_block(make_project) -> None:  # type: ignore[no-untyped-def]
    # The real monorepo case: the canonical module of the main symbol is the deprecated path of
    # another name. `ssot shim --write` once replaced it by a shim serving that one name.
    policy = """
        [policy]
        name = "test"
        root_packages = ["app"]

        [[symbol]]
        name = "Manager"
        defined_in = "app.impl"
        canonical = ["app.manager"]

        [[symbol]]
        name = "get_manager"
        aliases = ["manager_factory"]
        defined_in = "app.factory"
        deprecated = ["app.manager"]
    """
    files = {
        "app/__init__.py": "",
        "app/impl.py": "class Manager:\n    pass\n",
        "app/factory.py": "def get_manager():\n    pass\n",
        "app/manager.py": "from app.impl import Manager\n",
    }
    project = make_project(files, policy)
    assert project.check() == [("app/manager.py", 1, 1, "SOT040")]
    message = project.message("SOT040")
    assert message == (
        "deprecated path `app.manager` of `get_manager` and `manager_factory` does not warn when it is used: code "
        "no linter sees is not told to move; the module is also the canonical module of `Manager`, so keep it and "
        "add a block that serves only `get_manager` and `manager_factory` with a warning: "
        "`ssot shim --write app.manager`"
    )
    assert "--force" not in message


def test_without_a_replacement_the_message_says_how_to_warn(make_project) -> None:  # type: ignore[no-untyped-def]
    policy = MODULE_POLICY.replace('replacement = "app.new"\n', "")
    project = make_project({**BASE, "app/old.py": ""}, policy)
    assert project.check() == [("app/old.py", 1, 1, "SOT040")]
    assert "call `warnings.warn(..., DeprecationWarning, stacklevel=2)`" in project.message("SOT040")


@pytest.mark.parametrize(
    "text",
    [
        'import warnings\nwarnings.warn("old", DeprecationWarning, stacklevel=2)\n',
        'import warnings\nwarnings.warn("old", category=DeprecationWarning)\n',
        'from warnings import warn as _warn\n_warn("old", DeprecationWarning)\n',
        'import warnings as w\nw.warn(DeprecationWarning("old"))\n',
        'import warnings, builtins\nwarnings.warn("old", builtins.DeprecationWarning)\n',
        'import warnings\nif True:\n    try:\n        warnings.warn("old", DeprecationWarning)\n    except Exception:\n'
        "        pass\n",
        'import warnings\n\ndef __getattr__(name):\n    warnings.warn("old", DeprecationWarning, stacklevel=2)\n'
        "    return getattr(__import__('app.new').new, name)\n",
        'import warnings\n\ndef _warn():\n    warnings.warn("old", DeprecationWarning, stacklevel=3)\n\n_warn()\n',
        "import warnings\n\nclass _Old:\n    @staticmethod\n    def warn():\n"
        '        warnings.warn("old", DeprecationWarning)\n\n_Old.warn()\n',
        "import warnings\n\ndef deprecate(message, category=DeprecationWarning):\n"
        '    warnings.warn(message, category)\n\ndeprecate("old")\n',
    ],
)
def test_modules_that_warn(make_project, text: str) -> None:  # type: ignore[no-untyped-def]
    assert rows(make_project({**BASE, "app/old.py": text}, MODULE_POLICY)) == []


@pytest.mark.parametrize(
    "text",
    [
        'import warnings\nwarnings.warn("old")\n',  # a UserWarning
        'import warnings\nwarnings.warn("old", PendingDeprecationWarning)\n',
        'import warnings\nwarnings.warn("old", FutureWarning)\n',
        'import logging\nlogging.getLogger(__name__).warning("old is deprecated")\n',
        'import warnings\n\ndef later():\n    warnings.warn("old", DeprecationWarning)\n',  # never called
        'import warnings\n\nclass Old:\n    def method(self):\n        warnings.warn("old", DeprecationWarning)\n',
        'import warnings\nDeprecationWarning = UserWarning\nwarn = print\nwarn("old", DeprecationWarning)\n',
    ],
)
def test_modules_that_do_not_warn(make_project, text: str) -> None:  # type: ignore[no-untyped-def]
    assert rows(make_project({**BASE, "app/old.py": text}, MODULE_POLICY)) == [("app/old.py", 1, 1, "SOT040")]


# SciPy's pattern: ~100 deprecated namespaces each return a helper's value from __getattr__,
# and the helper, in another file (which names nothing the policy governs), warns.
SCIPY_LIKE = {
    "scipy/__init__.py": "",
    "scipy/_lib/__init__.py": "",
    "scipy/_lib/deprecation.py": """
        import warnings
        from importlib import import_module


        def _sub_module_deprecation(*, sub_package, module, private_modules, all, attribute):
            if attribute not in all:
                raise AttributeError(attribute)
            message = f"`scipy.{sub_package}.{module}.{attribute}` is deprecated"
            warnings.warn(message, category=DeprecationWarning, stacklevel=3)
            return getattr(import_module(f"scipy.{sub_package}"), attribute)
    """,
    "scipy/signal/__init__.py": "from ._signaltools import convolve\n",
    "scipy/signal/_signaltools.py": "def convolve(a, b):\n    return a\n",
    "scipy/signal/signaltools.py": """
        # This file is not meant for public use and will be removed in SciPy v2.0.0.
        from scipy._lib.deprecation import _sub_module_deprecation

        __all__ = ["convolve"]  # noqa: F822


        def __dir__():
            return __all__


        def __getattr__(name):
            return _sub_module_deprecation(
                sub_package="signal", module="signaltools", private_modules=["_signaltools"], all=__all__,
                attribute=name,
            )
    """,
    "scipy/signal/spectral.py": "from scipy.signal._signaltools import convolve\n",
}
SCIPY_POLICY = """
[policy]
name = "scipy"
root_packages = ["scipy"]

[[module]]
name = "scipy.signal.signaltools"
status = "deprecated"
replacement = "scipy.signal"

[[module]]
name = "scipy.signal.spectral"
status = "deprecated"
replacement = "scipy.signal"
"""


def test_scipy_deprecated_namespaces_warn_through_their_helper(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(SCIPY_LIKE, SCIPY_POLICY)
    # signaltools warns through _sub_module_deprecation; spectral (here) does not warn at all.
    assert project.check() == [("scipy/signal/spectral.py", 1, 1, "SOT040")]


def test_a_helper_reached_through_a_module_binding_and_a_partial(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        "app/_compat.py": "import warnings\n\n\ndef moved(name, *, to):\n    warnings.warn(name, DeprecationWarning)\n",
        "app/old.py": "import functools\nfrom app import _compat\n\n"
        "__getattr__ = functools.partial(_compat.moved, to='x')\n",
    }
    assert rows(make_project(files, MODULE_POLICY)) == []


def test_calls_are_followed_a_few_levels_deep(make_project) -> None:  # type: ignore[no-untyped-def]
    def chain(length: int) -> dict[str, str]:
        files = {**BASE, "app/old.py": "from app.h0 import f0\nf0()\n"}
        for index in range(length):
            body = f"from app.h{index + 1} import f{index + 1}\n\n\ndef f{index}():\n    f{index + 1}()\n"
            files[f"app/h{index}.py"] = "import warnings  # helpers\n" + body
        files[f"app/h{length}.py"] = (
            f'import warnings\n\n\ndef f{length}():\n    warnings.warn("x", DeprecationWarning)\n'
        )
        return files

    assert rows(make_project(chain(3), MODULE_POLICY)) == []  # old → f0 → f1 → f2 → f3 warns: 4 calls
    assert rows(make_project(chain(4), MODULE_POLICY)) == [("app/old.py", 1, 1, "SOT040")]


def test_recursive_helpers_end(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        "app/helpers.py": "import warnings\n\n\ndef a():\n    b()\n\n\ndef b():\n    a()\n",
        "app/old.py": "from app.helpers import a\na()\n",
    }
    assert rows(make_project(files, MODULE_POLICY)) == [("app/old.py", 1, 1, "SOT040")]


def test_a_deprecation_warning_subclass_of_the_tree_counts(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        "app/errors.py": "class AppDeprecationWarning(DeprecationWarning):\n    pass\n\n\n"
        "class RemovedSoon(AppDeprecationWarning):\n    pass\n\n\nclass Noise(UserWarning):\n    pass\n",
        "app/old.py": "import warnings\nfrom app.errors import RemovedSoon\nwarnings.warn('old', RemovedSoon)\n",
        "app/older.py": "import warnings\nfrom app import errors\nwarnings.warn('old', errors.Noise)\n",
    }
    policy = MODULE_POLICY + '\n[[module]]\nname = "app.older"\nstatus = "deprecated"\n'
    assert rows(make_project(files, policy)) == [("app/older.py", 1, 1, "SOT040")]


def test_symbol_deprecated_paths_of_the_tree_must_warn_too(make_project) -> None:  # type: ignore[no-untyped-def]
    policy = """
        [policy]
        name = "test"
        root_packages = ["app"]

        [[symbol]]
        name = "Client"
        defined_in = "app.core"
        deprecated = [{ module = "app.compat" }, { module = "app.gone" }]
    """
    files = {"app/__init__.py": "", "app/core.py": "class Client:\n    pass\n", "app/compat.py": ""}
    # app.gone is not a module of the tree: nothing there to warn.
    assert make_project(files, policy).check() == [("app/compat.py", 1, 1, "SOT040")]


def test_glob_rules_name_each_module_they_match_not_submodules(make_project) -> None:  # type: ignore[no-untyped-def]
    policy = '[policy]\nname = "t"\nroot_packages = ["app"]\n\n[[module]]\nname = "app.old_*"\nstatus = "deprecated"\n'
    files = {"app/__init__.py": "", "app/old_a/__init__.py": "", "app/old_a/sub.py": "", "app/old_b.py": ""}
    assert make_project(files, policy).check() == [
        ("app/old_a/__init__.py", 1, 1, "SOT040"),
        ("app/old_b.py", 1, 1, "SOT040"),
    ]


def test_a_deprecated_module_that_does_not_parse_draws_neither_sot040_nor_sot900(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project({**BASE, "app/old.py": "def broken(:\n"}, MODULE_POLICY)
    assert project.check() == []


def test_a_helper_that_does_not_parse_is_not_reported(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {
        **BASE,
        "app/helpers.py": "import warnings\ndef broken(:\n",
        "app/old.py": "from app.helpers import f\nf()\n",
    }
    assert make_project(files, MODULE_POLICY).check() == [("app/old.py", 1, 1, "SOT040")]


def test_only_paths_in_scope_are_reported(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {**BASE, "app/old.py": "", "app/helpers.py": "", "app/user.py": "import app.new\n"}
    assert make_project(files, MODULE_POLICY).check(scope=["app/user.py"]) == []


# -- SOT041 ---------------------------------------------------------------------------------------

SHIM_POLICY = """
[policy]
name = "test"
root_packages = ["app"]

[[symbol]]
name = "Client"
aliases = ["OldClient"]
defined_in = "app.core"
deprecated = [{ module = "app.compat", until = 2027-03-31, message = "compat goes away" }]

[[module]]
name = "app.old"
status = "deprecated"
replacement = "app.new"
until = 2027-01-31
"""

SHIM_TREE = {**BASE, "app/core.py": "class Client:\n    pass\n", "app/compat.py": "", "app/old.py": ""}


def generate(root: Path, *modules: str) -> None:
    with working_directory(root):
        result = CliRunner().invoke(cli, ["shim", "--write", *modules], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture
def shimmed(make_project):  # type: ignore[no-untyped-def]
    project = make_project(SHIM_TREE, SHIM_POLICY)
    generate(project.root, "app.compat", "app.old")
    return project


def edit(project, relative: str, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project, relative: str, needle: str) -> int:  # type: ignore[no-untyped-def]
    lines = (project.root / relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_generated_shims_agree_and_warn(shimmed) -> None:  # type: ignore[no-untyped-def]
    assert shimmed.check() == []


def test_a_date_moved_by_hand(shimmed) -> None:  # type: ignore[no-untyped-def]
    edit(shimmed, "app/old.py", '"2027-01-31",', '"2027-06-30",')
    key = line_of(shimmed, "app/old.py", '"*": (')
    assert shimmed.check() == [("app/old.py", key, 9, "SOT041")]
    assert shimmed.message("SOT041") == (
        "shim of `app.old`: the `until` date of every other name (`*`) is `2027-06-30`, the policy says "
        "`2027-01-31`; regenerate it: `ssot shim --write app.old`"
    )


def test_a_policy_message_changed_without_regenerating(shimmed) -> None:  # type: ignore[no-untyped-def]
    edit(shimmed, "contracts/ssot.toml", 'message = "compat goes away"', 'message = "compat is going"')
    found = [row for row in shimmed.check() if row[0] == "app/compat.py"]
    client = line_of(shimmed, "app/compat.py", '"Client": (')
    old_client = line_of(shimmed, "app/compat.py", '"OldClient": (')
    # Each name: its warning before `until` and after it.
    assert found == [("app/compat.py", client, 9, "SOT041")] * 2 + [("app/compat.py", old_client, 9, "SOT041")] * 2


def test_names_removed_added_and_retargeted(shimmed) -> None:  # type: ignore[no-untyped-def]
    edit(shimmed, "app/compat.py", '"OldClient": (', '"NewClient": (')
    edit(shimmed, "app/compat.py", '"app.core",', '"app.elsewhere",')
    call = line_of(shimmed, "app/compat.py", "install_shim(")
    key = line_of(shimmed, "app/compat.py", '"Client": (')
    new = line_of(shimmed, "app/compat.py", '"NewClient": (')
    assert shimmed.check() == [
        ("app/compat.py", call, 1, "SOT041"),
        ("app/compat.py", key, 9, "SOT041"),
        ("app/compat.py", new, 9, "SOT041"),
    ]
    messages = [f.message for f in shimmed.findings()]
    assert "shim of `app.compat` does not serve `OldClient`, deprecated here by the policy" in messages[0]
    assert any("the target module of `Client` is `app.elsewhere`, the policy says `app.core`" in m for m in messages)
    assert any("serves `NewClient`, which the policy does not deprecate here" in m for m in messages)


def test_data_that_is_not_a_literal(shimmed) -> None:  # type: ignore[no-untyped-def]
    edit(shimmed, "app/old.py", "    globals(),\n    {", "    globals(),\n    dict(**{")
    edit(shimmed, "app/old.py", "    },\n)", "    }),\n)")
    call = line_of(shimmed, "app/old.py", "install_shim(")
    # Still a call of the helper, so the module warns: no SOT040.
    assert shimmed.check() == [("app/old.py", call, 1, "SOT041")]
    assert "is not a literal" in shimmed.message("SOT041")


def test_a_shim_where_the_policy_deprecates_nothing(shimmed) -> None:  # type: ignore[no-untyped-def]
    text = (shimmed.root / "app/old.py").read_text(encoding="utf-8")
    shimmed.write({"app/other.py": text})
    call = line_of(shimmed, "app/other.py", "install_shim(")
    assert shimmed.check() == [("app/other.py", call, 1, "SOT041")]
    assert shimmed.message("SOT041").startswith("`app.other` calls the shim helper, but the policy deprecates nothing")


def test_flake8_reports_sot041_as_the_file_is_edited(shimmed, fresh_flake8_plugin) -> None:  # type: ignore[no-untyped-def]
    edit(shimmed, "app/old.py", '"2027-01-31",', '"2027-06-30",')
    result = flake8_in_process("--select=SOT", "app/old.py", cwd=shimmed.root, today="2026-06-15")
    key = line_of(shimmed, "app/old.py", '"*": (')
    assert result.stdout.splitlines() == [
        f"app/old.py:{key}:9: SOT041 shim of `app.old`: the `until` date of every other name (`*`) is `2027-06-30`, "
        "the policy says `2027-01-31`; regenerate it: `ssot shim --write app.old`"
    ]


LONG_MESSAGE = "the compatibility layer goes away in the next major release; read the migration guide first"


@pytest.fixture
def long_shim(make_project):  # type: ignore[no-untyped-def]
    policy = SHIM_POLICY.replace('message = "compat goes away"', f'message = "{LONG_MESSAGE}"')
    project = make_project(SHIM_TREE, policy)
    generate(project.root, "app.compat")
    return project


def sot041_messages(project, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.message for f in project.findings() if f.code == "SOT041" and f.symbol == name]


def test_a_long_warning_edited_in_the_middle_shows_the_part_that_differs(long_shim) -> None:  # type: ignore[no-untyped-def]
    edit(long_shim, "app/compat.py", "next major", "following major")
    (before,) = sot041_messages(long_shim, "Client")
    # A window around the first difference, of both values, cut between words.
    assert before == (
        "shim of `app.compat`: the warning of `Client` is `…layer goes away in the following major release; "
        "read…`, the policy says `…layer goes away in the next major release; read the…`; regenerate it: "
        "`ssot shim --write app.compat`"
    )


def test_a_long_warning_edited_at_the_end_shows_the_end(long_shim) -> None:  # type: ignore[no-untyped-def]
    edit(long_shim, "app/compat.py", "guide first; import it ", "guide today; import it ")
    (before,) = sot041_messages(long_shim, "Client")
    # A short rest is shown whole; a value holding backticks is quoted with double quotes.
    assert before == (
        'shim of `app.compat`: the warning of `Client` is "…read the migration guide today; import it from '
        '`app.core`", the policy says "…read the migration guide first; import it from `app.core`"; '
        "regenerate it: `ssot shim --write app.compat`"
    )


# -- the shim helper: a package's copy, or the public one ---------------------------------------


def test_an_edited_copy_of_the_helper(shimmed) -> None:  # type: ignore[no-untyped-def]
    edit(shimmed, "app/_ssot_compat.py", "stacklevel=3", "stacklevel=2")
    assert shimmed.check() == [("app/_ssot_compat.py", 1, 1, "SOT041")]
    assert shimmed.message("SOT041") == (
        "`app._ssot_compat` is a copy of the shim helper that differs from what `ssot shim` wrote (edited since?): "
        "rewrite it with `ssot shim --write`"
    )


def test_a_copy_of_the_helper_written_by_another_version(shimmed, fresh_flake8_plugin) -> None:  # type: ignore[no-untyped-def]
    edit(shimmed, "app/_ssot_compat.py", "# ssot-shim-helper: version 1 ", "# ssot-shim-helper: version 0 ")
    assert shimmed.check() == [("app/_ssot_compat.py", 1, 1, "SOT041")]
    expected = (
        "`app._ssot_compat` is a copy of the shim helper written for helper version 0; this ssot writes version 1: "
        "rewrite it with `ssot shim --write`"
    )
    assert shimmed.message("SOT041") == expected
    result = flake8_in_process("--select=SOT", "app/_ssot_compat.py", cwd=shimmed.root, today="2026-06-15")
    assert result.stdout.splitlines() == [f"app/_ssot_compat.py:1:1: SOT041 {expected}"]


def test_a_shim_written_by_hand_with_the_public_helper(shimmed) -> None:  # type: ignore[no-untyped-def]
    # importlinter_ssot.runtime.install_shim is the same helper: the module warns (no SOT040),
    # and its data is compared with the policy like a generated shim's.
    edit(shimmed, "app/old.py", "from app._ssot_compat import install_shim", "from importlinter_ssot import runtime")
    edit(shimmed, "app/old.py", "\ninstall_shim(", "\nruntime.install_shim(")
    assert shimmed.check() == []
    edit(shimmed, "app/old.py", '"2027-01-31",', '"2027-06-30",')
    assert [row[3] for row in shimmed.check()] == ["SOT041"]
