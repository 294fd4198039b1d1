"""Core WebSocket manager implementation: the single source of truth."""
from __future__ import annotations

import asyncio
import enum
from typing import Any, Dict, Optional


class WebSocketManagerMode(enum.Enum):
    """Leftover copy of chat.websocket_core.types.WebSocketManagerMode."""

    UNIFIED = "unified"
    ISOLATED = "isolated"


class WebSocketManager:
    """Tracks the open connection of each user and sends events to it."""

    def __init__(self, mode: WebSocketManagerMode = WebSocketManagerMode.UNIFIED) -> None:
        self.mode = mode
        self._connections: Dict[str, Any] = {}
        self._lock = asyncio.Lock()

    async def connect(self, user_id: str, socket: Any) -> None:
        async with self._lock:
            self._connections[user_id] = socket

    async def send(self, user_id: str, message: dict) -> bool:
        socket: Optional[Any] = self._connections.get(user_id)
        if socket is None:
            return False
        await socket.send_json(message)
        return True


UnifiedWebSocketManager = WebSocketManager
