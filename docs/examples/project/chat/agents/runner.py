from chat.websocket_core.unified_manager import WebSocketManager


def run(manager: WebSocketManager) -> None:
    ...
