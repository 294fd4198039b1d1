"""`ssot discover` on the seed's own shape: aliases followed to their class, the real home found, rogues told apart.

Tried on the 9.5k-file monorepo the seed was written for, `--pattern '*WebSocketManager*'` listed
no `WebSocketManager` — every module-level binding of it there is an assignment
(`WebSocketManager = UnifiedWebSocketManager`, 19 of them) — and `--emit-policy` took a rogue
subclass's module for `defined_in`. ``support/seed_layout.py`` rebuilds that shape small.
"""

from __future__ import annotations

from pathlib import Path

from support.commands import ssot_command
from support.seed_layout import ALIAS_MODULES, CORE, ROGUES, SEED_FILES

HOME = "netra_backend.app.websocket_core.unified_manager"
IMPLEMENTATION = f"{HOME}._UnifiedWebSocketManagerImplementation"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def discover(root: Path, *args: str) -> str:
    run = ssot_command("discover", "--no-cache", "-j", "1", *args, cwd=root)
    assert run.returncode == 0, run.stderr
    return run.stdout


def _section(text: str, name: str) -> str:
    """The lines of one name's details."""
    start = text.index(f"\n{name}: ") + 1
    end = text.find("\n\n", start)
    return text[start : end if end != -1 else len(text)].rstrip("\n") + "\n"


def test_the_pattern_lists_websocket_manager_with_every_alias_under_its_class(tmp_path: Path) -> None:
    _write(tmp_path, SEED_FILES)
    text = discover(tmp_path, "--pattern", "*WebSocketManager*")
    assert "\nWebSocketManager: 3 objects, " in text
    details = _section(text, "WebSocketManager")
    # The home first: the private implementation class, every alias of it grouped under it, in any
    # form — a plain or annotated alias, through a module attribute, a chain of assignments, after a
    # `try`/`except ImportError` fallback to None, through the package's re-export.
    home = f"  class {IMPLEMENTATION}  {CORE}/unified_manager.py:8:1  (home)\n    bound as WebSocketManager at:\n"
    assert home in details
    aliased = details[details.index(home) + len(home) : details.index("    imported as:")]
    assert sorted(line.split()[0].rsplit(":", 2)[0] for line in aliased.splitlines()) == sorted(
        [*ALIAS_MODULES, f"{CORE}/websocket_manager.py"]
    )
    assert all(line.endswith("(assignment)") for line in aliased.splitlines())
    # Then the other objects: the factory function one module binds the name to, and the rogue
    # subclass, which extends the home and is imported from its own module.
    assert (
        "  def netra_backend.app.websocket_core.websocket_manager.get_websocket_manager  "
        f"{CORE}/websocket_manager.py:7:1\n"
        "    bound as WebSocketManager at:\n"
        "      netra_backend/app/services/factory_alias.py:3:1  "
        "netra_backend.app.services.factory_alias  (assignment)\n"
    ) in details
    assert (
        "  class netra_backend.app.services.agent_websocket_bridge.WebSocketManager  "
        f"netra_backend/app/services/agent_websocket_bridge.py:4:1  (a subclass of {IMPLEMENTATION})\n"
        "    imported as:\n"
        "         2  from netra_backend.app.services.agent_websocket_bridge import WebSocketManager\n"
    ) in details
    # `UnifiedWebSocketManager` names the same class (its own alias in unified_manager) and a wrapper.
    unified = _section(text, "UnifiedWebSocketManager")
    assert unified.startswith(
        "UnifiedWebSocketManager: 2 objects, 2 definition sites in 2 modules\n"
        f"  class {IMPLEMENTATION}  {CORE}/unified_manager.py:8:1  (home)\n"
    )
    assert f"canonical_import_patterns.py:4:1  (a subclass of {IMPLEMENTATION})\n" in unified


def test_with_no_rogue_every_binding_is_an_alias_of_the_one_class_and_still_listed(tmp_path: Path) -> None:
    # The monorepo's situation: no `class WebSocketManager` anywhere, only assignments. They name a
    # class, so the name is listed — as one object under many names, not as many definitions.
    _write(tmp_path, {name: text for name, text in SEED_FILES.items() if name not in ROGUES})
    text = discover(tmp_path, "--pattern", "*WebSocketManager*")
    assert "\nWebSocketManager: 1 object, 7 definition sites in 7 modules\n" in text
    assert f"  class {IMPLEMENTATION}  {CORE}/unified_manager.py:8:1  (home)\n" in _section(text, "WebSocketManager")
    assert "\n    1 object   7 sites  WebSocketManager\n" in text  # in the summary's top names


def test_the_emitted_policy_takes_the_real_home_and_the_most_imported_path(tmp_path: Path) -> None:
    _write(tmp_path, SEED_FILES)
    run = ssot_command("discover", "-j", "1", "--pattern", "*WebSocketManager*", "--emit-policy", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    policy = run.stdout
    assert (
        'name = "WebSocketManager"\n'
        # The names the aliases pass through where they are published, so the check takes them for aliases.
        'aliases = ["UnifiedWebSocketManager", "_UnifiedWebSocketManagerImplementation"]\n'
        f'defined_in = "{HOME}"\n'
        # 8 imports of `WebSocketManager` come from websocket_manager; 2 come from the rogue's module
        # and give another class: they do not count.
        'canonical = ["netra_backend.app.websocket_core.websocket_manager"]\n'
        f'deprecated = [{{ module = "{HOME}" }}, {{ module = "netra_backend.app.websocket_core" }}, '
        '{ module = "netra_backend.app.websocket_core.manager" }]\n'
    ) in policy
    # The rogue's module is no path of the symbol: a comment says so, and the definition rules report it.
    assert "agent_websocket_bridge" not in policy.partition('name = "WebSocketManager"')[2].partition("[[")[0]
    assert (
        "# Not a path of it: `from netra_backend.app.services.agent_websocket_bridge import WebSocketManager` "
        "gives class `netra_backend.app.services.agent_websocket_bridge.WebSocketManager`.\n"
    ) in policy
    assert (
        "# Another object, for SOT020 and SOT022 to report where it is bound: class "
        "`netra_backend.app.services.agent_websocket_bridge.WebSocketManager` (line 4), "
        f"a subclass of {IMPLEMENTATION}.\n"
    ) in policy
    assert (
        "# Another object, for SOT020 and SOT022 to report where it is bound: def "
        "`netra_backend.app.websocket_core.websocket_manager.get_websocket_manager` (line 7), "
        "bound as WebSocketManager in netra_backend.app.services.factory_alias.\n"
    ) in policy

    _write(tmp_path, {"contracts/ssot.toml": policy})
    checked = ssot_command("check", "--no-cache", "-j", "1", cwd=tmp_path, today="2027-01-01")
    assert checked.stderr == ""
    rows = [line.split(" ", 2)[:2] for line in checked.stdout.splitlines()[:-1]]
    definitions = sorted(f"{where} {code}" for where, code in rows if code in ("SOT020", "SOT021"))
    # Not one alias module: each binds the governed object. The rogues, each once.
    assert definitions == [
        "netra_backend/app/services/agent_websocket_bridge.py:4:1: SOT020",
        "netra_backend/app/services/factory_alias.py:3:1: SOT020",
        f"{CORE}/canonical_import_patterns.py:4:1: SOT020",
        f"{CORE}/unified_manager.py:4:1: SOT020",  # the leftover WebSocketManagerMode
    ]
    assert not any(code == "SOT030" for _, code in rows)  # the budget is today's count


def test_a_subclass_is_never_the_home_even_when_it_is_the_most_imported(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": "",
        "app/__init__.py": "",
        "app/core.py": "class Manager: ...\n",
        # `class Manager(Manager)` extends the Manager imported above it, not itself.
        "app/rogue.py": "from app.core import Manager\n\n\nclass Manager(Manager): ...\n",
        "app/other.py": "from app import core\n\n\nclass Manager(core.Manager): ...\n",
        "app/user.py": "from app.core import Manager\n",
        **{f"app/rogue_user_{n}.py": "from app.rogue import Manager\n" for n in range(4)},
        **{f"app/other_user_{n}.py": "from app.other import Manager\n" for n in range(3)},
    }
    _write(tmp_path, files)
    text = discover(tmp_path)
    details = _section(text, "Manager")
    assert details.startswith(
        "Manager: 3 objects, 3 definition sites in 3 modules\n  class app.core.Manager  app/core.py:1:1  (home)\n"
    )
    assert "  class app.rogue.Manager  app/rogue.py:4:1  (a subclass of app.core.Manager)\n" in details
    assert "  class app.other.Manager  app/other.py:4:1  (a subclass of app.core.Manager)\n" in details
    policy = ssot_command("discover", "--no-cache", "-j", "1", "--emit-policy", cwd=tmp_path).stdout
    assert 'defined_in = "app.core"\ncanonical = ["app.core"]\nmax_import_patterns = 3\n' in policy


def test_the_most_used_object_is_the_home_even_when_a_call_made_it(tmp_path: Path) -> None:
    # Django's shape: `gettext_lazy = lazy(gettext, str)`, imported everywhere, and a backend's
    # `gettext_lazy = gettext`, an alias of a function. Listed (one object is a def); the home is
    # what everyone imports, and the backend's binding is the other object.
    files = {
        "pyproject.toml": "",
        "app/__init__.py": "",
        "app/translation/__init__.py": "from app.lazy import lazy\n\n\ndef gettext(message): ...\n\n\n"
        "gettext_lazy = lazy(gettext, str)\n",
        "app/translation/null.py": "def gettext(message): ...\n\n\ngettext_lazy = gettext\n",
        "app/lazy.py": "def lazy(function, *types): ...\n",
        **{f"app/view_{n}.py": "from app.translation import gettext_lazy\n" for n in range(3)},
    }
    _write(tmp_path, files)
    details = _section(discover(tmp_path, "--pattern", "gettext_lazy"), "gettext_lazy")
    assert details == (
        "gettext_lazy: 2 objects, 2 definition sites in 2 modules\n"
        "  assignment app.translation.gettext_lazy  app/translation/__init__.py:7:1  (home)\n"
        "    imported as:\n"
        "         3  from app.translation import gettext_lazy\n"
        "  def app.translation.null.gettext  app/translation/null.py:1:1\n"
        "    bound as gettext_lazy at:\n"
        "      app/translation/null.py:4:1  app.translation.null  (assignment)\n"
    )
    policy = ssot_command(
        "discover", "--no-cache", "-j", "1", "--emit-policy", "--pattern", "gettext_lazy", cwd=tmp_path
    )
    assert 'defined_in = "app.translation"\ncanonical = ["app.translation"]\n' in policy.stdout


def test_a_path_that_cannot_be_followed_is_deprecated_with_why(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": "",
        "app/__init__.py": "",
        "app/core.py": "class Manager: ...\n",
        "app/legacy.py": "class Manager: ...\n",
        # Served by a module `__getattr__`: which object only running it would tell.
        "app/lazy.py": "def __getattr__(name):\n    from app import core\n\n    return getattr(core, name)\n",
        "app/user.py": "from app.core import Manager\n",
        "app/other_user.py": "from app.core import Manager\n",
        "app/lazy_user.py": "from app.lazy import Manager\n",
    }
    _write(tmp_path, files)
    details = _section(discover(tmp_path), "Manager")
    assert (
        "  imported from where it could not be followed:\n"
        "         1  from app.lazy import Manager  (`app.lazy.Manager` is served by `app.lazy.__getattr__`, "
        "which only running it would tell)\n"
    ) in details
    policy = ssot_command("discover", "--no-cache", "-j", "1", "--emit-policy", cwd=tmp_path).stdout
    assert 'canonical = ["app.core"]\ndeprecated = [{ module = "app.lazy" }]\n' in policy
    assert (
        "# Deprecated, though not proven to give it: app.lazy (`app.lazy.Manager`: `app.lazy.Manager` is served "
        "by `app.lazy.__getattr__`, which only running it would tell).\n"
    ) in policy


def test_alias_chains_stop_at_cycles_and_at_their_length_limit(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": "",
        "app/__init__.py": "",
        "app/real.py": "class Manager: ...\n",
        # a → b → a: no object at the end; each assignment is an object of its own, said so.
        "app/a.py": "from app.b import Link as _Other\n\nLink = _Other\nManager = Link\n",
        "app/b.py": "from app.a import Link as _Other\n\nLink = _Other\nManager = Link\n",
    }
    # A chain longer than name_origins.MAX_HOPS (64) names: its far end is not followed.
    files.update(
        {
            f"app/hop_{n}.py": f"from app.hop_{n + 1} import Hop as _Next\n\nHop = _Next\nManager = Hop\n"
            for n in range(70)
        }
    )
    files["app/hop_70.py"] = "from app.real import Manager as _Next\n\nHop = _Next\nManager = Hop\n"
    _write(tmp_path, files)
    details = _section(discover(tmp_path), "Manager")
    assert (
        "  assignment app.a.Manager  app/a.py:4:1  (not followed: `app.a.Link` is re-exported in a cycle)\n" in details
    )
    assert (
        "  assignment app.b.Manager  app/b.py:4:1  (not followed: `app.a.Link` is re-exported in a cycle)\n" in details
    )
    assert "  assignment app.hop_0.Manager  app/hop_0.py:4:1  (not followed: " in details
    assert "more than 64 re-exports away)\n" in details
    home = details.partition("\n  assignment")[0]
    assert home.startswith(
        "Manager: 67 objects, 73 definition sites in 73 modules\n  class app.real.Manager  app/real.py:1:1  (home)\n"
    )
    assert "      app/hop_69.py:4:1  app.hop_69  (assignment)\n" in home  # hop_70 re-exports `Manager` as it is


def test_an_unparsable_file_is_listed_only_when_it_spells_the_pattern(tmp_path: Path) -> None:
    _write(tmp_path, SEED_FILES)
    _write(
        tmp_path,
        {
            "netra_backend/app/broken_manager.py": "class WebSocketManager(:\n",
            "netra_backend/app/broken_other.py": "def helper(:\n",
        },
    )
    text = discover(tmp_path, "--pattern", "*WebSocketManager*")
    assert "  2 files cannot be read or parsed (the definitions and imports there are not counted): " in text
    assert "1 that may matter listed at the end.\n" in text
    assert text.endswith(
        "netra_backend/app/broken_manager.py: cannot parse file: invalid syntax; "
        "its definitions and imports are not counted\n"
    )
    assert "broken_other.py" not in text
    everything = discover(tmp_path)
    assert "broken_other.py: cannot parse file" in everything and "broken_manager.py: cannot parse file" in everything
