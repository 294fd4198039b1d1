"""Canonical import path of the WebSocket manager (phase 2B)."""
from typing import Optional

from chat.websocket_core.types import WebSocketManagerMode
from chat.websocket_core.unified_manager import UnifiedWebSocketManager, WebSocketManager

__all__ = ["WebSocketManager", "UnifiedWebSocketManager", "WebSocketManagerMode", "get_websocket_manager"]

_instance: Optional[WebSocketManager] = None


def get_websocket_manager(mode: WebSocketManagerMode = WebSocketManagerMode.UNIFIED) -> WebSocketManager:
    """Factory function: the primary way to obtain the manager."""
    global _instance
    if _instance is None:
        _instance = WebSocketManager(mode)
    return _instance
