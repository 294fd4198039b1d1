"""WebSocket core package; its re-exports are deprecated (until 2027-03-31)."""
from .protocols import WebSocketManagerProtocol
from .types import WebSocketManagerMode
from .websocket_manager import UnifiedWebSocketManager, WebSocketManager, get_websocket_manager

__all__ = [
    "WebSocketManager",
    "UnifiedWebSocketManager",
    "WebSocketManagerMode",
    "WebSocketManagerProtocol",
    "get_websocket_manager",
]
