"""A small tree shaped like the seed's WebSocket manager situation (the remediation plan of issue #960).

What the real monorepo had, and ``ssot discover`` must see through:

- the one implementation is a private class, ``_UnifiedWebSocketManagerImplementation`` in
  ``websocket_core/unified_manager.py``, published as ``UnifiedWebSocketManager = _Unified…``;
- ``websocket_manager.py`` (the import path most code uses) binds ``WebSocketManager =
  UnifiedWebSocketManager`` after importing it, and so do many modules elsewhere (19 in the
  monorepo; ``ALIAS_MODULES`` here), in every form: a plain alias, an annotated one, one through
  a module attribute, one through a chain of assignments, one after a ``try``/``except
  ImportError`` fallback to ``None``;
- rogue classes of the same names: a wrapper ``class UnifiedWebSocketManager(_Unified…)`` in
  ``canonical_import_patterns.py`` and a subclass ``class WebSocketManager(UnifiedWebSocketManager)``
  in a service that other code imports it from; a module binding ``WebSocketManager`` to the
  factory function instead; a leftover copy of the ``WebSocketManagerMode`` enum;
- shims and re-exports: the package ``__init__`` and a deprecated ``manager.py``.
"""

from __future__ import annotations

CORE = "netra_backend/app/websocket_core"

ALIAS_MODULES = {
    "netra_backend/app/services/alias_plain.py": (
        "from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager\n\n"
        "WebSocketManager = UnifiedWebSocketManager\n"
    ),
    "netra_backend/app/services/alias_annotated.py": (
        "from netra_backend.app.websocket_core.websocket_manager import UnifiedWebSocketManager\n\n"
        "WebSocketManager: type = UnifiedWebSocketManager\n"
    ),
    "netra_backend/app/services/alias_attribute.py": (
        "import netra_backend.app.websocket_core.unified_manager as unified\n\n"
        "WebSocketManager = unified.UnifiedWebSocketManager\n"
    ),
    "netra_backend/app/services/alias_chain.py": (
        "from ..websocket_core.websocket_manager import UnifiedWebSocketManager as _Manager\n\n"
        "_Chosen = _Manager\nWebSocketManager = _Chosen\n"
    ),
    "netra_backend/app/services/alias_fallback.py": (
        "try:\n"
        "    from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager as _M\n"
        "except ImportError:\n"
        "    _M = None\n\n"
        "WebSocketManager = _M\n"
    ),
    "netra_backend/app/routes/alias_route.py": (
        "from netra_backend.app.websocket_core import UnifiedWebSocketManager\n\n"
        "WebSocketManager = UnifiedWebSocketManager\n"
    ),
}

IMPORTERS = {
    # The path most code uses: websocket_manager (5), then the package (2), the shim (1), the rogue (2).
    **{
        f"netra_backend/app/agents/agent_{number}.py": (
            "from netra_backend.app.websocket_core.websocket_manager import WebSocketManager\n"
        )
        for number in range(5)
    },
    "netra_backend/app/routes/ws.py": "from netra_backend.app.websocket_core import WebSocketManager\n",
    "netra_backend/app/routes/events.py": "from netra_backend.app.websocket_core import WebSocketManager\n",
    "netra_backend/app/routes/legacy.py": "from netra_backend.app.websocket_core.manager import WebSocketManager\n",
    "netra_backend/app/agents/bridge_user.py": (
        "from netra_backend.app.services.agent_websocket_bridge import WebSocketManager\n"
    ),
    "netra_backend/app/agents/bridge_user_2.py": (
        "from netra_backend.app.services.agent_websocket_bridge import WebSocketManager\n"
    ),
    "netra_backend/app/agents/unified_user.py": (
        "from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager\n"
        "from netra_backend.app.websocket_core.types import WebSocketManagerMode\n"
    ),
    "netra_backend/app/agents/mode_user.py": (
        "from netra_backend.app.websocket_core.types import WebSocketManagerMode\n"
    ),
    "netra_backend/app/agents/old_mode_user.py": (
        "from netra_backend.app.websocket_core.unified_manager import WebSocketManagerMode\n"
    ),
}

SEED_FILES = {
    "pyproject.toml": "",
    "netra_backend/__init__.py": "",
    "netra_backend/app/__init__.py": "",
    "netra_backend/app/services/__init__.py": "",
    "netra_backend/app/routes/__init__.py": "",
    "netra_backend/app/agents/__init__.py": "",
    f"{CORE}/__init__.py": (
        "from .websocket_manager import UnifiedWebSocketManager, WebSocketManager, get_websocket_manager\n"
        "from .types import WebSocketManagerMode\n"
    ),
    f"{CORE}/types.py": "import enum\n\n\nclass WebSocketManagerMode(enum.Enum):\n    UNIFIED = 'unified'\n",
    f"{CORE}/unified_manager.py": (
        "import enum\n\n\n"
        "class WebSocketManagerMode(enum.Enum):  # a leftover copy of types.WebSocketManagerMode\n"
        "    UNIFIED = 'unified'\n\n\n"
        "class _UnifiedWebSocketManagerImplementation:\n"
        "    def send(self, user_id, message): ...\n\n\n"
        "UnifiedWebSocketManager = _UnifiedWebSocketManagerImplementation\n"
    ),
    f"{CORE}/websocket_manager.py": (
        "from .unified_manager import UnifiedWebSocketManager, _UnifiedWebSocketManagerImplementation\n"
        "from .types import WebSocketManagerMode\n\n"
        "WebSocketManager = UnifiedWebSocketManager\n\n\n"
        "def get_websocket_manager():\n"
        "    return WebSocketManager()\n"
    ),
    f"{CORE}/canonical_import_patterns.py": (
        "from .unified_manager import _UnifiedWebSocketManagerImplementation\n\n\n"
        "class UnifiedWebSocketManager(_UnifiedWebSocketManagerImplementation):\n"
        "    '''A wrapper adding a counter: another class.'''\n"
    ),
    f"{CORE}/manager.py": (
        "import warnings\n\n"
        "from .websocket_manager import WebSocketManager, get_websocket_manager\n\n"
        "warnings.warn('use websocket_manager', DeprecationWarning, stacklevel=2)\n"
    ),
    "netra_backend/app/services/agent_websocket_bridge.py": (
        "from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager\n\n\n"
        "class WebSocketManager(UnifiedWebSocketManager):\n"
        "    '''A rogue subclass with its own event buffering.'''\n"
    ),
    "netra_backend/app/services/factory_alias.py": (
        "from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager\n\n"
        "WebSocketManager = get_websocket_manager  # callers construct it: hand them the factory\n"
    ),
    "netra_backend/app/services/placeholder.py": (
        "try:\n"
        "    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager\n"
        "except ImportError:\n"
        "    WebSocketManager = None\n"
    ),
    **ALIAS_MODULES,
    **IMPORTERS,
}

# Without the rogues: every module-level `WebSocketManager` is an alias of the one class.
ROGUES = (
    "netra_backend/app/services/agent_websocket_bridge.py",
    "netra_backend/app/services/factory_alias.py",
    "netra_backend/app/agents/bridge_user.py",
    "netra_backend/app/agents/bridge_user_2.py",
)
