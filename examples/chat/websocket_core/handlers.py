"""Message handlers next to the manager: not plumbing, so no symbol exemption."""
from . import canonical_import_patterns, factory
from .unified_manager import WebSocketManager


class MessageRouter:
    def __init__(self, manager: WebSocketManager = None) -> None:
        self.manager = manager or factory.create_manager()
        self.handlers = {}
        self.legacy = canonical_import_patterns.get_canonical_manager

    def register(self, event_type: str, handler) -> None:
        self.handlers[event_type] = handler

    async def dispatch(self, user_id: str, message: dict) -> None:
        handler = self.handlers.get(message.get("type"))
        if handler is not None:
            await handler(self.manager, user_id, message)
