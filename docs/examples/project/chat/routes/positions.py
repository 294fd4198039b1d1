from chat.websocket_core import (
    MessageType,
    WebSocketManager,
)
from chat.websocket_core import canonical_import_patterns, manager


def build():
    from chat.websocket_core.canonical_import_patterns import get_manager

    return get_manager()
