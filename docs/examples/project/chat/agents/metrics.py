import chat.websocket_core.unified_manager as impl


def count(manager: impl.WebSocketManager) -> int:
    ...
