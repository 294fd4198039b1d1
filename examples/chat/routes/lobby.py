"""Lobby broadcasts: still reach the manager through the old shim module."""
import chat.websocket_core.manager as legacy


def lobby_manager():
    return legacy.WebSocketManager()
