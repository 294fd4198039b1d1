"""`ssot discover`: duplicated module-level definitions with no policy, and the starter policy it emits.

On the bundled example (examples/chat) the planted duplicates are `WebSocketManager`
(unified_manager.py:16, twice in services/compat_manager.py — a class in both arms of an `if`,
one definition site, and an assignment binding the name to the factory function after it — and
the excluded websocket_core/backups/old_manager.py) and `WebSocketManagerMode` (types.py:7 and
unified_manager.py:9). `UnifiedWebSocketManager` is a class in canonical_import_patterns.py — a
subclass of the manager — and, in unified_manager.py, an assignment aliasing that module's
`WebSocketManager`: followed, it is the manager itself, so the starter policy governs both names
as one symbol, as the example's own policy does. Its class inside a function of testing/fakes.py
is not module-level. (The seed's own shape, with its private implementation class and its many
aliases: report/test_discover_seed.py.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from support.commands import ssot_command

REPO = Path(__file__).resolve().parents[2]
EXPECTED = REPO / "tests" / "expected"


def discover(*args: str, cwd: Path) -> str:
    run = ssot_command("discover", "--no-cache", *args, cwd=cwd)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_discover_finds_every_planted_duplicate_of_the_example() -> None:
    text = discover("examples", "--exclude", "**/backups/**", cwd=REPO)
    assert text == EXPECTED.joinpath("example_discover.txt").read_text(encoding="utf-8")
    # The summary alone is the text's first lines.
    summary = discover("examples", "--exclude", "**/backups/**", "--summary", cwd=REPO)
    assert text.startswith(summary + "\n") and summary.count("\n") == 7
    # Without the exclude, the backup copy is one more object: a subclass of the manager.
    everything = discover("examples", cwd=REPO)
    assert "WebSocketManager: 4 objects, 4 definition sites in 3 modules" in everything
    assert (
        "  class chat.websocket_core.backups.old_manager.WebSocketManager  "
        "examples/chat/websocket_core/backups/old_manager.py:6:1  "
        "(a subclass of chat.websocket_core.unified_manager.WebSocketManager)\n"
    ) in everything


def test_the_emitted_policy_reports_exactly_the_duplicate_and_non_canonical_findings(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "examples", project / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "pyproject.toml").write_text("", encoding="utf-8")
    (project / "contracts").mkdir()
    run = ssot_command(
        "discover", "examples", "--exclude", "**/backups/**", "--emit-policy", "-o", "contracts/ssot.toml", cwd=project
    )
    assert run.returncode == 0, run.stderr
    policy = (project / "contracts" / "ssot.toml").read_text(encoding="utf-8")
    # One symbol per object: `UnifiedWebSocketManager` is the manager under another name (an alias),
    # as the example's hand-written policy says; its subclass in canonical_import_patterns is not.
    assert (
        'name = "WebSocketManager"\naliases = ["UnifiedWebSocketManager"]\n'
        'defined_in = "chat.websocket_core.unified_manager"\n'
        'canonical = ["chat.websocket_core.unified_manager"]\n'
        'deprecated = [{ module = "chat.websocket_core.websocket_manager" }, { module = "chat.websocket_core" }, '
        '{ module = "chat.websocket_core.manager" }]\n'
        # Every `from M import n` of both names, whatever object it gives: SOT030's count today.
        "max_import_patterns = 8\n"
    ) in policy
    assert 'name = "UnifiedWebSocketManager"' not in policy
    # The leftover enum in unified_manager is another class: not a deprecated path of the one in types.
    assert (
        'name = "WebSocketManagerMode"\ndefined_in = "chat.websocket_core.types"\n'
        'canonical = ["chat.websocket_core.types"]\nmax_import_patterns = 2\n'
    ) in policy
    assert (
        "# Not a path of it: `from chat.websocket_core.unified_manager import WebSocketManagerMode` gives "
        "class `chat.websocket_core.unified_manager.WebSocketManagerMode`.\n"
    ) in policy
    # The shim does not bind `UnifiedWebSocketManager` (supervisor.py's import of it there would fail),
    # but it gives the manager as `WebSocketManager`: a proven path of the symbol.
    assert "not proven" not in policy

    checked = ssot_command("check", "--no-cache", "--today", "2027-01-15", cwd=project)
    assert checked.returncode == 1, checked.stderr
    assert checked.stderr == ""  # the policy loads, and no entry of it matches nothing
    rows = [line.split(" ", 2)[0] + " " + line.split(" ", 2)[1] for line in checked.stdout.splitlines()[:-1]]
    # Whether the emitted deprecated paths warn at run time (SOT040, and the example's hand-edited
    # generated shim, SOT041) is not what discover is about: those are compared apart.
    found = sorted(row for row in rows if not row.endswith(("SOT040", "SOT041")))
    assert sorted(row for row in rows if row.endswith(("SOT040", "SOT041"))) == [
        "examples/chat/agents/legacy_tools.py:6:1: SOT041",
        "examples/chat/websocket_core/__init__.py:1:1: SOT040",
        "examples/chat/websocket_core/websocket_manager.py:1:1: SOT040",
    ]
    duplicates = sorted(line for line in found if " SOT022" in line)
    # The same duplicate definitions as the example's own policy reports (its SOT022 findings): the
    # alias `UnifiedWebSocketManager = WebSocketManager` is no definition under either policy.
    example = EXPECTED.joinpath("example_findings.txt").read_text(encoding="utf-8").split("\n")
    assert duplicates == sorted(line for line in example if " SOT022" in line)
    # ... the definition rules on the same definitions (the subclass in canonical_import_patterns
    # too), every import of a discovered name through another path than its canonical one by an
    # importer that is not plumbing — deprecated (SOT001) where it gives the same object, non-canonical
    # (SOT002) where it gives another class — and the one unparsable file. No SOT030.
    assert found == sorted(
        [
            *duplicates,
            "examples/chat/services/compat_manager.py:8:5: SOT020",
            "examples/chat/services/compat_manager.py:31:1: SOT020",
            "examples/chat/services/compat_manager.py:31:1: SOT021",
            "examples/chat/websocket_core/canonical_import_patterns.py:6:1: SOT020",
            "examples/chat/websocket_core/unified_manager.py:9:1: SOT020",
            "examples/chat/agents/supervisor.py:9:33: SOT001",  # from chat.websocket_core
            "examples/chat/agents/supervisor.py:10:38: SOT001",  # UnifiedWebSocketManager from its manager shim
            "examples/chat/scripts/migrate_imports.py:5:59: SOT002",  # the subclass, from canonical_import_patterns
            "examples/chat/agents/test_supervisor.py:5:13: SOT001",  # a patch target through chat.websocket_core
            "examples/chat/routes/lobby.py:6:19: SOT001",  # an attribute use through chat.websocket_core.manager
            "examples/chat/agents/tools.py:8:5: SOT002",  # the leftover WebSocketManagerMode of unified_manager
            "examples/chat/agents/tools.py:12:45: SOT001",  # from chat.websocket_core.manager
            "examples/chat/routes/ws.py:5:51: SOT001",  # from .websocket_manager (not plumbing here)
            "examples/chat/websocket_core/factory.py:2:51: SOT001",
            "examples/chat/scripts/broken.py:9:39: SOT900",
        ]
    )


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_src_layout_and_a_package_path(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pyproject.toml": "",
            "src/shop/__init__.py": "",
            "src/shop/orders/__init__.py": "",
            "src/shop/orders/models.py": "class Order: ...\n\n\ndef total(order): ...\n",
            "src/shop/orders/legacy.py": "class Order: ...\n",
            "src/shop/billing/__init__.py": "from shop.orders.models import Order\n",
            "src/shop/billing/invoices.py": "from ..orders.models import Order\nfrom shop.orders.legacy import Order\n",
            "src/shop/billing/helpers.py": "def total(items): ...\n",
            "tests/test_orders.py": "class Order: ...\n",  # not a package: not first-party
        },
    )
    text = discover(cwd=tmp_path)
    assert "\nOrder: 2 objects, 2 definition sites in 2 modules\n" in text
    assert "\ntotal: 2 objects, 2 definition sites in 2 modules\n" in text
    assert "root packages shop under src (project root .)" in text
    assert (
        "  class shop.orders.models.Order  src/shop/orders/models.py:1:1  (home)\n"
        "    imported as:\n"
        "         2  from shop.orders.models import Order\n"
        "  class shop.orders.legacy.Order  src/shop/orders/legacy.py:1:1\n"
        "    imported as:\n"
        "         1  from shop.orders.legacy import Order\n"
    ) in text
    # A package PATH: its outermost package is the root package; only its files are scanned.
    inside = discover("src/shop/orders", cwd=tmp_path)
    assert "\nOrder: 2 objects" in inside and "total" not in inside
    assert "; 3 files scanned; root packages shop under src" in inside
    # The emitted policy loads and checks the same tree.
    policy = ssot_command("discover", "--pattern", "Order", "--emit-policy", cwd=tmp_path)
    assert 'source_roots = ["src"]' in policy.stdout and 'pattern = "Order"' in policy.stdout
    assert "total" not in policy.stdout
    _write(tmp_path, {"contracts/ssot.toml": policy.stdout})
    checked = ssot_command("check", "--no-cache", cwd=tmp_path, today="2026-01-01")
    assert checked.stderr == ""
    codes = sorted(line.split(" ")[1] for line in checked.stdout.splitlines()[:-1])
    # shop.orders.legacy's Order is another class: importing it there is non-canonical (SOT002), not a
    # deprecated path of the one in models; SOT020 and SOT022 report the class itself.
    assert codes == ["SOT002", "SOT020", "SOT022", "SOT022"]


def test_a_namespace_package_path(tmp_path: Path) -> None:
    # No __init__.py anywhere near the top (as ansible_collections): the PATH is the root package.
    _write(
        tmp_path,
        {
            "pyproject.toml": "",
            "collections/acme/net/plugins/a.py": "class Boom(Exception): ...\n",
            "collections/acme/web/plugins/b.py": "class Boom(Exception): ...\n",
            "collections/acme/web/plugins/c.py": "from collections.acme.web.plugins.b import Boom\n",
        },
    )
    text = discover("collections", cwd=tmp_path)
    assert "\nBoom: 2 objects, 2 definition sites in 2 modules\n" in text
    assert "         1  from collections.acme.web.plugins.b import Boom\n" in text
    assert "root packages collections under . (project root .)" in text


def test_nothing_to_discover_is_a_usage_error(tmp_path: Path) -> None:
    _write(tmp_path, {"pyproject.toml": "", "scripts/tool.py": "def main(): ...\n"})
    run = ssot_command("discover", cwd=tmp_path)
    assert run.returncode == 2
    assert "no package (a directory holding __init__.py) found in" in run.stderr
    bad = ssot_command("discover", "scripts", "--exclude", "a/***/b", cwd=tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_assignments_are_definitions_of_kind_assignment(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pyproject.toml": "",
            "chat/__init__.py": "",
            "chat/core.py": "class WebSocketManager: ...\n",
            "chat/exec.py": "class ConnectionExecutor: ...\n",
            "chat/a.py": "from chat.exec import ConnectionExecutor\n\nWebSocketManager = ConnectionExecutor\n",
            # A same-name re-export binds nothing new; neither does a None placeholder.
            "chat/b.py": "import chat.core as core\n\nWebSocketManager = core.WebSocketManager\n",
            "chat/c.py": "try:\n    from chat.core import WebSocketManager\nexcept ImportError:\n"
            "    WebSocketManager = None\n",
            # Alternative arms are one site; so are overload stubs and their implementation.
            "chat/d.py": "import sys\n\nif sys.platform == 'win32':\n    class WebSocketManager: ...\nelse:\n"
            "    WebSocketManager = object\n",
            "chat/e.py": "import typing\n\n\n@typing.overload\ndef helper(x: int) -> int: ...\n\n\n"
            "def helper(x): ...\n",
            "chat/f.py": "def helper(): ...\n",
            # Names only ever assigned are no duplicated class or function.
            "chat/g.py": "logger = make_logger()\n",
            "chat/h.py": "logger = make_logger()\n",
        },
    )
    text = discover("--pattern", "*WebSocketManager*", "--pattern", "helper", "--pattern", "logger", cwd=tmp_path)
    assert (
        "WebSocketManager: 3 objects, 3 definition sites in 3 modules\n"
        "  class chat.core.WebSocketManager  chat/core.py:1:1  (home)\n"
        "    imported as:\n"
        "         1  from chat.core import WebSocketManager\n"
        "  class chat.exec.ConnectionExecutor  chat/exec.py:1:1\n"
        "    bound as WebSocketManager at:\n"
        "      chat/a.py:3:1  chat.a  (assignment)\n"
        "  class chat.d.WebSocketManager  chat/d.py:4:5\n"
        "\n"
        "helper: 2 objects, 2 definition sites in 2 modules\n"
        "  def chat.e.helper  chat/e.py:5:1  (home)\n"
        "  def chat.f.helper  chat/f.py:1:1\n"
        "  never imported with `from … import`\n"
    ) in text
    assert "logger" not in text.partition("\n")[2]
