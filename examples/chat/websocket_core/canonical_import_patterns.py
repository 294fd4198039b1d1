"""Phase 2B experiment with "canonical" import patterns; forbidden, removed in phase 2C."""
from chat.websocket_core.unified_manager import WebSocketManager
from chat.websocket_core.websocket_manager import get_websocket_manager


class UnifiedWebSocketManager(WebSocketManager):
    """Wrapper adding a connection counter on top of the real manager."""

    def connection_count(self) -> int:
        return len(self._connections)


def get_canonical_manager() -> WebSocketManager:
    return get_websocket_manager()
