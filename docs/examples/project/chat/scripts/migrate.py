from chat.websocket_core.websocket_manager import WebSocketManager


def migrate():
<<<<<<< HEAD
    return WebSocketManager()
=======
    return WebSocketManager(retries=3)
>>>>>>> feature
