"""`ssot shim --write` on a module that lives on: a warning block at its end, never a replacement.

The case from a real monorepo: `…websocket_core.websocket_manager` is the canonical module of
the main symbol and the deprecated path of one other name. The module keeps everything it
had, byte for byte; the block serves only the deprecated names (PEP 562 module
``__getattr__``); a name the module binds itself could never reach the block, so nothing is
written and the line binding it is named. Only a module that does nothing but re-export the
names its shim serves is replaced, with ``--force``, keeping its docstring and ``__all__``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner

from importlinter_ssot.cli.main import cli

from support.front_ends import working_directory

POLICY = """
[policy]
name = "live"
root_packages = ["chat"]

[[symbol]]
name = "WebSocketManager"
defined_in = "chat.ws.impl"
canonical = ["chat.ws.manager"]

[[symbol]]
name = "get_manager"
defined_in = "chat.ws.factory"
deprecated = [{ module = "chat.ws.manager", message = "the factory moved" }]
"""

# The canonical module of WebSocketManager, with code of its own, a __getattr__ of its own for
# lazy names, no trailing newline, and get_manager no longer bound (its importers still use it).
MANAGER = (
    '"""The one import path of the manager."""\n'
    "from chat.ws.impl import WebSocketManager\n"
    "\n"
    "DEFAULT_TIMEOUT = 30  # seconds\n"
    "\n"
    "\n"
    "def connect(url):\n"
    "    return WebSocketManager(url)\n"
    "\n"
    "\n"
    "def __getattr__(name):\n"
    '    if name == "LAZY":\n'
    '        return "lazy value"\n'
    "    raise AttributeError(name)"
)

TREE: dict[str, str | bytes] = {
    "chat/__init__.py": "",
    "chat/ws/__init__.py": "",
    "chat/ws/impl.py": "class WebSocketManager:\n    def __init__(self, url=None):\n        self.url = url\n",
    "chat/ws/factory.py": "def get_manager():\n    return 1\n",
    "chat/ws/manager.py": MANAGER.encode(),
}


def shim(root: Path, *args: str) -> tuple[int, str]:
    with working_directory(root):
        result = CliRunner().invoke(cli, ["shim", *args], catch_exceptions=False)
    return result.exit_code, result.output


def run_python(root: Path, script: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), *sys.path])}
    environment.pop("PYTHONWARNINGS", None)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_live_module_gets_a_block_at_its_end_and_keeps_every_byte(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    path = project.root / "chat/ws/manager.py"
    assert shim(project.root) == (
        0,
        "chat._ssot_compat: chat/_ssot_compat.py (shim helper, missing)\n"
        "chat.ws.manager: chat/ws/manager.py (no warning block yet)\n",
    )
    code, output = shim(project.root, "--write", "chat.ws.manager")
    assert (code, output.splitlines()[-1]) == (
        0,
        "chat/ws/manager.py: added the warning block of `chat.ws.manager`, the rest of it kept",
    )
    text = path.read_bytes().decode()
    assert text.startswith(MANAGER + "\n\n# ssot-shim: begin")
    assert text.count("install_shim(") == 1 and '"get_manager": (' in text and 'WebSocketManager":' not in text
    assert shim(project.root, "--write")[1].splitlines()[-1] == "chat/ws/manager.py: `chat.ws.manager` is up to date"
    assert shim(project.root, "--check")[0] == 0
    assert project.check() == []  # it warns now (no SOT040), and agrees with the policy (no SOT041)
    result = run_python(
        project.root,
        """
        import warnings
        import chat.ws.factory, chat.ws.impl, chat.ws.manager as manager
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert manager.WebSocketManager is chat.ws.impl.WebSocketManager
            assert manager.DEFAULT_TIMEOUT == 30 and manager.connect("u").url == "u"
            assert manager.LAZY == "lazy value"  # the module's own __getattr__, asked after the block's
            assert not hasattr(manager, "NOTHING")
        assert caught == [], [str(w.message) for w in caught]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from chat.ws.manager import get_manager
        assert get_manager is chat.ws.factory.get_manager
        assert [w.category for w in caught] == [DeprecationWarning], caught
        assert "`get_manager` imported from deprecated `chat.ws.manager`" in str(caught[0].message)
        """,
    )
    assert result.returncode == 0, result.stderr


def test_updating_the_block_of_a_live_module_keeps_the_rest(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    shim(project.root, "--write", "chat.ws.manager")
    path = project.root / "chat/ws/manager.py"
    path.write_bytes(path.read_bytes() + b"\n\nLATER = 1\n")
    policy = project.root / "contracts/ssot.toml"
    policy.write_text(policy.read_text().replace("the factory moved", "use chat.ws.factory"), encoding="utf-8")
    assert shim(project.root, "--write")[0] == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith(MANAGER + "\n\n# ssot-shim: begin") and after.endswith("# ssot-shim: end\n\n\nLATER = 1\n")
    assert "use chat.ws.factory" in after and "the factory moved" not in after


def test_a_name_the_module_binds_itself_is_named_with_its_line_and_nothing_is_written(make_project) -> None:  # type: ignore[no-untyped-def]
    bound = MANAGER.replace(
        "from chat.ws.impl import WebSocketManager\n",
        "from chat.ws.impl import WebSocketManager\nfrom chat.ws.factory import get_manager\n",
    )
    project = make_project({**TREE, "chat/ws/manager.py": bound.encode()}, POLICY)
    for force in ((), ("--force",)):
        code, output = shim(project.root, "--write", *force, "chat.ws.manager")
        assert code == 1
        assert output.splitlines() == [
            "chat/ws/manager.py:3: `chat.ws.manager` binds `get_manager` itself, so its warning block could never "
            "serve it (a module `__getattr__` is asked only for names the module lacks); to serve `get_manager` "
            "with a warning, remove that import, or if the module uses `get_manager` itself, import it as "
            "`_get_manager` (`from chat.ws.factory import get_manager as _get_manager`) and use that name in the "
            "module; then run `ssot shim --write chat.ws.manager` again",
            "chat/ws/manager.py: `chat.ws.manager`: nothing written"
            + (" (--force never deletes code outside the generated block)" if force else ""),
        ]
        assert (project.root / "chat/ws/manager.py").read_bytes() == bound.encode()
        assert not (project.root / "chat/_ssot_compat.py").exists()
    assert shim(project.root, "--check", "chat.ws.manager")[1].splitlines()[-2] == (
        "chat/ws/manager.py: the shim of `chat.ws.manager` cannot serve names the module binds itself; "
        "run `ssot shim --write chat.ws.manager`"
    )


def test_definitions_and_assignments_are_named_as_such(make_project) -> None:  # type: ignore[no-untyped-def]
    bound = MANAGER + "\n\n\ndef get_manager():\n    return 2\n\n\n_get_manager = get_manager\n"
    project = make_project({**TREE, "chat/ws/manager.py": bound.encode()}, POLICY)
    code, output = shim(project.root, "--write", "chat.ws.manager")
    assert code == 1
    assert output.splitlines()[0].startswith(
        "chat/ws/manager.py:17: `chat.ws.manager` binds `get_manager` itself, so its warning block could never serve it"
    )
    # `_get_manager` is taken: another private name is proposed.
    assert "rename the function to `_deprecated_get_manager` and use that name in the module" in output


def test_a_module_that_only_re_exports_is_replaced_only_with_force_keeping_docstring_and_all(make_project) -> None:  # type: ignore[no-untyped-def]
    reexport = (
        '"""Old home of the factory."""\n'
        "import warnings\n"
        "\n"
        "from chat.ws.factory import get_manager  # moved\n"
        "\n"
        '__all__ = ["get_manager"]\n'
        'warnings.warn("chat.ws.old is deprecated", DeprecationWarning, stacklevel=2)\n'
    )
    policy = POLICY.replace('deprecated = [{ module = "chat.ws.manager"', 'deprecated = [{ module = "chat.ws.old"')
    project = make_project({**TREE, "chat/ws/old.py": reexport.encode()}, policy)
    code, output = shim(project.root, "--write", "chat.ws.old")
    assert (code, output) == (
        1,
        "chat/ws/old.py: `chat.ws.old` only re-exports names its shim serves (line 4): not replaced; --force "
        "replaces it by the generated shim, keeping its docstring and `__all__`\n",
    )
    assert (project.root / "chat/ws/old.py").read_bytes() == reexport.encode()
    assert shim(project.root, "--write", "--force", "chat.ws.old")[0] == 0
    text = (project.root / "chat/ws/old.py").read_text(encoding="utf-8")
    assert text.startswith('"""Old home of the factory."""\n\n__all__ = ["get_manager"]\n\n# ssot-shim: begin')
    assert shim(project.root, "--check")[0] == 0
    result = run_python(
        project.root,
        """
        import warnings
        warnings.simplefilter("ignore")
        import chat.ws.factory, chat.ws.old
        assert chat.ws.old.__all__ == ["get_manager"]
        namespace = {}
        exec("from chat.ws.old import *", namespace)
        assert namespace["get_manager"] is chat.ws.factory.get_manager
        assert sorted(name for name in namespace if not name.startswith("__")) == ["get_manager"]
        """,
    )
    assert result.returncode == 0, result.stderr


def test_a_module_canonical_for_another_symbol_is_never_replaced(make_project) -> None:  # type: ignore[no-untyped-def]
    # It re-exports and nothing more, but the policy says it is where WebSocketManager is imported from.
    reexport = "from chat.ws.impl import WebSocketManager\nfrom chat.ws.factory import get_manager\n"
    project = make_project({**TREE, "chat/ws/manager.py": reexport.encode()}, POLICY)
    code, output = shim(project.root, "--write", "--force", "chat.ws.manager")
    assert code == 1 and "chat/ws/manager.py:2: `chat.ws.manager` binds `get_manager` itself" in output
    assert (project.root / "chat/ws/manager.py").read_bytes() == reexport.encode()


MODULE_POLICY = """
[policy]
name = "live"
root_packages = ["app"]

[[module]]
name = "app.old"
status = "deprecated"
replacement = "app.new"
"""


def test_a_deprecated_module_with_code_of_its_own_serves_the_replacements_names(make_project) -> None:  # type: ignore[no-untyped-def]
    # Names the replacement offers are the deprecated ones; the module's own names stay its own.
    files = {
        "app/__init__.py": "",
        "app/new.py": "import os\n\n\ndef run():\n    return 1\n\n\ndef stop():\n    return 0\n",
        "app/old.py": "import os\n\nfrom app.new import stop\n\n\ndef legacy():\n    return os.sep\n",
    }
    project = make_project(files, MODULE_POLICY)
    code, output = shim(project.root, "--write", "app.old")
    assert code == 1 and output.startswith("app/old.py:3: `app.old` binds `stop` itself")
    project.write({"app/old.py": "import os\n\nfrom app.new import *\n\n\ndef legacy():\n    return os.sep\n"})
    code, output = shim(project.root, "--write", "app.old")
    assert code == 1 and output.startswith("app/old.py:3: `from app.new import *` binds `run`, `stop` in `app.old`")
    project.write({"app/old.py": "import os\n\n\ndef legacy():\n    return os.sep\n"})
    assert shim(project.root, "--write", "app.old")[0] == 0
    result = run_python(
        project.root,
        """
        import warnings
        import app.new, app.old
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert app.old.legacy() and app.old.os is app.new.os
        assert not caught
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert app.old.run is app.new.run
        assert [w.category for w in caught] == [DeprecationWarning]
        """,
    )
    assert result.returncode == 0, result.stderr


# SQLAlchemy 2.0's sqlalchemy.ext.declarative, in small: a package that re-exports some names of
# sqlalchemy.orm through relative imports, wraps others in deprecation wrappers (decorated
# functions), defines classes of its own, and lists them all in __all__.
SA_TREE = {
    "sa/__init__.py": "",
    "sa/util.py": "def moved(message):\n    return lambda function: function\n",
    "sa/orm/__init__.py": (
        "from .decl_api import declarative_base as declarative_base\n"
        "from .decl_api import declared_attr as declared_attr\n"
    ),
    "sa/orm/decl_api.py": "def declarative_base():\n    return 1\n\n\nclass declared_attr:\n    pass\n",
    "sa/ext/__init__.py": "",
    "sa/ext/declarative/__init__.py": (
        "# ext/declarative/__init__.py\n"
        "from .extensions import ConcreteBase\n"
        "from ... import util\n"
        "from ...orm.decl_api import declarative_base as _declarative_base\n"
        "from ...orm.decl_api import declared_attr\n"
        "\n"
        "\n"
        '@util.moved("declarative_base() is now sqlalchemy.orm.declarative_base")\n'
        "def declarative_base(*arg, **kw):\n"
        "    return _declarative_base(*arg, **kw)\n"
        "\n"
        "\n"
        '__all__ = ["declarative_base", "declared_attr", "ConcreteBase"]\n'
    ),
    "sa/ext/declarative/extensions.py": "class ConcreteBase:\n    pass\n",
}
SA_POLICY = """
[policy]
name = "sa"
root_packages = ["sa"]

[[module]]
name = "sa.ext.declarative"
status = "deprecated"
replacement = "sa.orm"
"""


def test_a_package_like_sqlalchemy_ext_declarative(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project({path: text.encode() for path, text in SA_TREE.items()}, SA_POLICY)
    code, output = shim(project.root, "--write", "sa.ext.declarative")
    lines = output.splitlines()
    assert code == 1 and len(lines) == 3, output
    # The names the replacement offers, at the line that binds them: the relative import made
    # absolute, the decorated function at its `def` (not its decorator); its own names are no conflict.
    assert lines[0].startswith("sa/ext/declarative/__init__.py:5: `sa.ext.declarative` binds `declared_attr` itself")
    assert "(`from sa.orm.decl_api import declared_attr as _declared_attr`)" in lines[0]
    assert lines[1].startswith("sa/ext/declarative/__init__.py:9: `sa.ext.declarative` binds `declarative_base`")
    assert "rename the function to `_deprecated_declarative_base`" in lines[1]  # `_declarative_base` is taken
    # Done as told: the rest is kept, and the names come from sa.orm with a warning, __all__ included.
    edited = (
        SA_TREE["sa/ext/declarative/__init__.py"]
        .replace("from ...orm.decl_api import declared_attr\n", "")
        .replace("def declarative_base(", "def _deprecated_declarative_base(")
    )
    (project.root / "sa/ext/declarative/__init__.py").write_bytes(edited.encode())
    assert shim(project.root, "--write", "sa.ext.declarative")[0] == 0
    assert (project.root / "sa/ext/declarative/__init__.py").read_bytes().startswith(edited.encode() + b"\n# ssot")
    result = run_python(
        project.root,
        """
        import warnings
        import sa.orm, sa.ext.declarative.extensions
        namespace = {}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            exec("from sa.ext.declarative import *", namespace)
        assert namespace["declarative_base"] is sa.orm.declarative_base
        assert namespace["declared_attr"] is sa.orm.declared_attr
        assert namespace["ConcreteBase"] is sa.ext.declarative.extensions.ConcreteBase
        assert [w.category for w in caught] == [DeprecationWarning] * 2, caught  # ConcreteBase is its own
        """,
    )
    assert result.returncode == 0, result.stderr


def test_a_module_in_another_encoding_is_never_overwritten(make_project) -> None:  # type: ignore[no-untyped-def]
    latin = b'# -*- coding: latin-1 -*-\nGREETING = "caf\xe9"\n'
    project = make_project({**TREE, "chat/ws/manager.py": latin}, POLICY)
    code, output = shim(project.root, "--write", "--force", "chat.ws.manager")
    assert code == 1 and "`chat.ws.manager` cannot be read or parsed as a UTF-8 Python file: nothing written" in output
    assert (project.root / "chat/ws/manager.py").read_bytes() == latin


def test_crlf_files_get_crlf_blocks_and_stay_up_to_date(make_project) -> None:  # type: ignore[no-untyped-def]
    crlf = MANAGER.replace("\n", "\r\n").encode()
    project = make_project({**TREE, "chat/ws/manager.py": crlf}, POLICY)
    assert shim(project.root, "--write", "chat.ws.manager")[0] == 0
    written = (project.root / "chat/ws/manager.py").read_bytes()
    assert written.startswith(crlf + b"\r\n\r\n# ssot-shim: begin") and b"\n" not in written.replace(b"\r\n", b"")
    # A checkout that turns every line end into CRLF (git's autocrlf) leaves the shims up to date.
    helper = project.root / "chat/_ssot_compat.py"
    helper.write_bytes(helper.read_bytes().replace(b"\n", b"\r\n"))
    assert shim(project.root, "--check") == (0, "1 shim and its helper up to date.\n")
    assert project.check() == []


def test_a_module_edited_between_reading_and_writing_is_not_overwritten(make_project) -> None:  # type: ignore[no-untyped-def]
    from importlinter_ssot.application.ports import FileChanged
    from importlinter_ssot.application.settings import RawSettings
    from importlinter_ssot.composition import Session

    project = make_project(TREE, POLICY)
    with working_directory(project.root):
        session = Session(RawSettings(cache=False))
        (plan,) = [
            file
            for file in session.plan_shims(session.load(session.policy_paths()), ["chat.ws.manager"])
            if file.helper is not None
        ]
        path = project.root / "chat/ws/manager.py"
        path.write_text(MANAGER + "\nSAVED_MEANWHILE = 1\n", encoding="utf-8")  # an editor saves
        try:
            session.write_file(str(path), plan.generated or "", expected=plan.read)
        except FileChanged:
            pass
        else:
            raise AssertionError("the module was overwritten")
    assert path.read_text(encoding="utf-8") == MANAGER + "\nSAVED_MEANWHILE = 1\n"


def test_a_modules_own_dir_is_still_asked(make_project) -> None:  # type: ignore[no-untyped-def]
    with_dir = MANAGER + '\n\n\ndef __dir__():\n    return ["LAZY", *globals()]\n'
    project = make_project({**TREE, "chat/ws/manager.py": with_dir.encode()}, POLICY)
    assert shim(project.root, "--write", "chat.ws.manager")[0] == 0
    result = run_python(
        project.root,
        """
        import chat.ws.manager as manager
        names = dir(manager)
        assert {"LAZY", "get_manager", "connect", "WebSocketManager"} <= set(names), names
        """,
    )
    assert result.returncode == 0, result.stderr


def test_a_star_import_of_a_replacement_outside_the_tree_binds_all_its_names(make_project) -> None:  # type: ignore[no-untyped-def]
    # `json` is not in the tree: what it offers is unknown, but `from json import *` binds it all.
    policy = MODULE_POLICY.replace('replacement = "app.new"', 'replacement = "json"')
    files = {"app/__init__.py": "", "app/old.py": "from json import *\n\n\ndef legacy():\n    return 1\n"}
    project = make_project(files, policy)
    code, output = shim(project.root, "--write", "--force", "app.old")
    assert code == 1
    assert output.startswith("app/old.py:1: `from json import *` binds every name of `json` in `app.old`, so its")
    assert (project.root / "app/old.py").read_text(encoding="utf-8") == files["app/old.py"]
