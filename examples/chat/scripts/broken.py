"""Half-finished refactoring: this file does not parse."""
from chat.websocket_core.manager import WebSocketManager


class BroadcastService:
    def __init__(self, manager: WebSocketManager) -> None:
        self.manager = manager

    async def broadcast(self, message)
        for user_id in list(self.manager._connections):
            await self.manager.send(user_id, message)
