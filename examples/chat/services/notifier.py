"""Notification service: pushes server-side events to connected users."""
from chat.websocket_core.canonical_import_patterns import *
from chat.websocket_core.factory import create_manager
from chat.websocket_core import manager as legacy_manager


class Notifier:
    def __init__(self, manager=None) -> None:
        self.manager = manager or create_manager()

    async def notify(self, user_id: str, event: str, **data) -> bool:
        return await self.manager.send(user_id, {"type": event, **data})

    def legacy(self) -> "legacy_manager.WebSocketManager":
        return get_canonical_manager()  # comes from the star import above
