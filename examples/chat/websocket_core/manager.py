"""Compatibility shim from phase 1; import from chat.websocket_core.websocket_manager."""
import warnings

from .unified_manager import WebSocketManager

warnings.warn(
    "chat.websocket_core.manager is deprecated; use chat.websocket_core.websocket_manager",
    DeprecationWarning,
    stacklevel=2,
)


def get_manager() -> WebSocketManager:
    """Old-style accessor kept for callers that have not migrated yet."""
    return WebSocketManager()
