from chat.websocket_core.websocket_manager import WebSocketManager


def connect(manager: WebSocketManager) -> None:
    manager.send("hello")
