"""WebSocket endpoint: the model consumer, importing from the canonical path."""
from typing import TYPE_CHECKING

from chat.websocket_core.types import WebSocketManagerMode
from chat.websocket_core.websocket_manager import WebSocketManager, get_websocket_manager

# Old code did: from chat.websocket_core.manager import WebSocketManager
# (kept as a comment only; comments are not imports)

if TYPE_CHECKING:
    from chat.websocket_core.protocols import WebSocketManagerProtocol


async def websocket_endpoint(socket, user_id: str) -> None:
    manager: "WebSocketManagerProtocol" = get_websocket_manager(WebSocketManagerMode.UNIFIED)
    await manager.connect(user_id, socket)


def is_shared(manager: WebSocketManager) -> bool:
    return manager.mode is WebSocketManagerMode.UNIFIED
