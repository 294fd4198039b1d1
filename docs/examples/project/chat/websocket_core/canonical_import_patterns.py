"""An old helper module, removed in phase 2C."""

from chat.websocket_core.websocket_manager import WebSocketManager


def get_manager():
    return WebSocketManager()
