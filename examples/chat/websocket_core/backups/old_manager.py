"""Backup of the pre-consolidation manager, kept for reference; excluded from checks."""
from chat.websocket_core.canonical_import_patterns import get_canonical_manager
from chat.websocket_core.manager import WebSocketManager as LegacyManager


class WebSocketManager(LegacyManager):
    def __init__(self) -> None:
        super().__init__()
        self.fallback = get_canonical_manager()

    def send_now(self, user_id, message):
        self._connections[user_id].send(message)
