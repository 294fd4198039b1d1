"""Test doubles for the WebSocket manager (exempt through allow_importers)."""
from chat.websocket_core.unified_manager import WebSocketManager


class FakeSocket:
    def __init__(self) -> None:
        self.sent = []

    async def send_json(self, message: dict) -> None:
        self.sent.append(message)


def recording_manager_class():
    """A class defined inside a function is not a module-level definition."""

    class UnifiedWebSocketManager(WebSocketManager):
        async def send(self, user_id: str, message: dict) -> bool:
            self.last = (user_id, message)
            return await super().send(user_id, message)

    return UnifiedWebSocketManager
