"""The interface every WebSocket manager implements."""
from typing import Any, Protocol

from .types import WebSocketManagerMode


class WebSocketManagerProtocol(Protocol):
    mode: WebSocketManagerMode

    async def connect(self, user_id: str, socket: Any) -> None:
        ...

    async def send(self, user_id: str, message: dict) -> bool:
        ...
