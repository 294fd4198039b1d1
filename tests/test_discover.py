"""`ssot discover`: duplicated module-level definitions with no policy, and the starter policy it emits.

On the bundled example (examples/chat) the planted duplicates are `WebSocketManager`
(unified_manager.py:16, twice in services/compat_manager.py — a class in both arms of an `if`,
one definition site, and an assignment of another object after it — and the excluded
websocket_core/backups/old_manager.py) and
`WebSocketManagerMode` (types.py:7 and unified_manager.py:9). `UnifiedWebSocketManager` is a
class in canonical_import_patterns.py and, in unified_manager.py, an assignment binding it to
that module's `WebSocketManager`: two objects under one name (the example's policy knows it as
an alias of `WebSocketManager`; discover, with no policy, cannot). Its class inside a function
of testing/fakes.py is not module-level.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from support.commands import ssot_command

REPO = Path(__file__).resolve().parent.parent
EXPECTED = REPO / "tests" / "expected"


def discover(*args: str, cwd: Path) -> str:
    run = ssot_command("discover", *args, cwd=cwd)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_discover_finds_every_planted_duplicate_of_the_example() -> None:
    text = discover("examples", "--exclude", "**/backups/**", cwd=REPO)
    assert text.startswith(
        "UnifiedWebSocketManager (assignment/class) defined in 2 modules:\n"
        "  examples/chat/websocket_core/canonical_import_patterns.py:6:1  "
        "chat.websocket_core.canonical_import_patterns  (class)\n"
        "  examples/chat/websocket_core/unified_manager.py:36:1  chat.websocket_core.unified_manager  (assignment)\n"
        "  imported as:\n"
        "       2  from chat.websocket_core.unified_manager import UnifiedWebSocketManager\n"
        "       1  from chat.websocket_core.manager import UnifiedWebSocketManager\n"
        "       1  from chat.websocket_core.websocket_manager import UnifiedWebSocketManager\n"
        "       1  from chat.websocket_core.canonical_import_patterns import UnifiedWebSocketManager\n"
        "\n"
        "WebSocketManager (assignment/class) defined in 2 modules:\n"
        "  examples/chat/services/compat_manager.py:8:5  chat.services.compat_manager  (class)\n"
        "  examples/chat/services/compat_manager.py:31:1  chat.services.compat_manager  (assignment)\n"
        "  examples/chat/websocket_core/unified_manager.py:16:1  chat.websocket_core.unified_manager  (class)\n"
        "  imported as:\n"
        "       6  from chat.websocket_core.unified_manager import WebSocketManager\n"
        "       3  from chat.websocket_core.websocket_manager import WebSocketManager\n"
        "       1  from chat.websocket_core import WebSocketManager\n"
        "       1  from chat.websocket_core.manager import WebSocketManager\n"
        "\n"
        "WebSocketManagerMode (class) defined in 2 modules:\n"
        "  examples/chat/websocket_core/types.py:7:1  chat.websocket_core.types\n"
        "  examples/chat/websocket_core/unified_manager.py:9:1  chat.websocket_core.unified_manager\n"
        "  imported as:\n"
        "       4  from chat.websocket_core.types import WebSocketManagerMode\n"
        "       1  from chat.websocket_core.unified_manager import WebSocketManagerMode\n"
        "\n"
    )
    assert "examples/chat/scripts/broken.py: cannot be read or parsed" in text
    assert text.endswith(
        "Found 3 names defined in more than one module (28 files scanned; "
        "root packages chat under examples (project root .)).\n"
    )
    # Without the exclude, the backup copy is one more definition site.
    everything = discover("examples", cwd=REPO)
    assert "WebSocketManager (assignment/class) defined in 3 modules:" in everything
    assert "examples/chat/websocket_core/backups/old_manager.py:6:1" in everything


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
    # The heuristic: defined_in = the definition most imported from; canonical = where most imports come from.
    assert 'name = "WebSocketManager"\ndefined_in = "chat.websocket_core.unified_manager"\n' in policy
    assert 'canonical = ["chat.websocket_core.unified_manager"]\n' in policy
    assert 'name = "WebSocketManagerMode"\ndefined_in = "chat.websocket_core.types"\n' in policy
    assert 'name = "UnifiedWebSocketManager"\ndefined_in = "chat.websocket_core.unified_manager"\n' in policy
    assert "max_import_patterns = 4\n" in policy and "max_import_patterns = 2\n" in policy

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
        "examples/chat/websocket_core/canonical_import_patterns.py:1:1: SOT040",
        "examples/chat/websocket_core/unified_manager.py:1:1: SOT040",
        "examples/chat/websocket_core/websocket_manager.py:1:1: SOT040",
    ]
    duplicates = sorted(line for line in found if " SOT022" in line)
    # The same duplicate definitions as the example's own policy reports (its SOT022 findings),
    # and `UnifiedWebSocketManager`, which that policy knows as an alias of `WebSocketManager` ...
    example = EXPECTED.joinpath("example_findings.txt").read_text(encoding="utf-8").split("\n")
    assert duplicates == sorted(
        [
            *(line for line in example if " SOT022" in line),
            "examples/chat/websocket_core/canonical_import_patterns.py:6:1: SOT022",
            "examples/chat/websocket_core/unified_manager.py:36:1: SOT022",
        ]
    )
    # ... the definition rules on the same definitions, every import of a discovered name through
    # another path than its canonical one by an importer that is not plumbing (all deprecated: SOT001),
    # and the one unparsable file. No SOT030 (the budget is today's count), no SOT002.
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
            "examples/chat/scripts/migrate_imports.py:5:59: SOT001",  # ... from canonical_import_patterns
            "examples/chat/websocket_core/__init__.py:4:32: SOT001",  # ... from websocket_manager
            "examples/chat/agents/test_supervisor.py:5:13: SOT001",  # a patch target through chat.websocket_core
            "examples/chat/routes/lobby.py:6:19: SOT001",  # an attribute use through chat.websocket_core.manager
            "examples/chat/agents/tools.py:8:5: SOT001",  # WebSocketManagerMode from unified_manager
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
    assert "Order (class) defined in 2 modules:" in text and "total (def) defined in 2 modules:" in text
    assert "root packages shop under src (project root .)" in text
    assert "       2  from shop.orders.models import Order\n       1  from shop.orders.legacy import Order\n" in text
    # A package PATH: its outermost package is the root package; only its files are scanned.
    inside = discover("src/shop/orders", cwd=tmp_path)
    assert "Order (class) defined in 2 modules:" in inside and "total" not in inside
    assert "(3 files scanned; root packages shop under src" in inside
    # The emitted policy loads and checks the same tree.
    policy = ssot_command("discover", "--pattern", "Order", "--emit-policy", cwd=tmp_path)
    assert 'source_roots = ["src"]' in policy.stdout and 'pattern = "Order"' in policy.stdout
    assert "total" not in policy.stdout
    _write(tmp_path, {"contracts/ssot.toml": policy.stdout})
    checked = ssot_command("check", "--no-cache", cwd=tmp_path, today="2026-01-01")
    assert checked.stderr == ""
    codes = sorted(line.split(" ")[1] for line in checked.stdout.splitlines()[:-1])
    # SOT040: the path the starter policy calls deprecated does not warn its importers yet.
    assert codes == ["SOT001", "SOT020", "SOT022", "SOT022", "SOT040"]


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
    assert "Boom (class) defined in 2 modules:" in text
    assert "       1  from collections.acme.web.plugins.b import Boom\n" in text
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
    assert text.startswith(
        "WebSocketManager (assignment/class) defined in 3 modules:\n"
        "  chat/a.py:3:1  chat.a  (assignment)\n"
        "  chat/core.py:1:1  chat.core  (class)\n"
        "  chat/d.py:4:5  chat.d  (class)\n"
        "  imported as:\n"
        "       1  from chat.core import WebSocketManager\n"
        "\n"
        "helper (def) defined in 2 modules:\n"
        "  chat/e.py:5:1  chat.e\n"
        "  chat/f.py:1:1  chat.f\n"
    )
    assert "logger (" not in text
