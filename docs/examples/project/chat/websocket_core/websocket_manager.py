"""The canonical import path of the WebSocket manager."""

from chat.websocket_core.unified_manager import UnifiedWebSocketManager, WebSocketManager

__all__ = ["UnifiedWebSocketManager", "WebSocketManager"]
