"""Platform-specific fallback manager: a duplicate that should not exist."""
import sys

from chat.websocket_core.websocket_manager import get_websocket_manager

if sys.platform == "win32":

    class WebSocketManager:
        """Selector-loop friendly manager for Windows development machines."""

        def __init__(self) -> None:
            self.sockets = {}

        async def send(self, user_id: str, message: dict) -> bool:
            socket = self.sockets.get(user_id)
            return socket is not None and bool(await socket.send_json(message))

else:

    class WebSocketManager:
        """Delegates to the real manager on every other platform."""

        def __init__(self) -> None:
            self._real = get_websocket_manager()

        async def send(self, user_id: str, message: dict) -> bool:
            return await self._real.send(user_id, message)


# Old callers construct `WebSocketManager()`: hand them the shared instance instead.
WebSocketManager = get_websocket_manager
