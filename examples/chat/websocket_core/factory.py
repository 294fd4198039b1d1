"""Old factory module, deprecated until 2027-06-30: call get_websocket_manager()."""
from chat.websocket_core.websocket_manager import WebSocketManager, get_websocket_manager


def create_manager() -> WebSocketManager:
    return get_websocket_manager()


def reset_manager() -> None:
    import chat.websocket_core.websocket_manager as wm

    wm._instance = None
