"""Tools the agents call; they use the manager mostly for type hints."""
from __future__ import annotations

from typing import TYPE_CHECKING

from chat.websocket_core.unified_manager import (
    UnifiedWebSocketManager,
    WebSocketManagerMode,
)

if TYPE_CHECKING:
    from chat.websocket_core.manager import WebSocketManager


class NotifyUserTool:
    name = "notify_user"

    def __init__(self, manager: WebSocketManager) -> None:
        self.manager = manager

    async def run(self, user_id: str, text: str) -> bool:
        if not isinstance(self.manager, UnifiedWebSocketManager):
            return False
        if self.manager.mode is not WebSocketManagerMode.UNIFIED:
            return False
        return await self.manager.send(user_id, {"type": "notice", "text": text})
