class WebSocketManager:
    """The one implementation."""

    def send(self, message): ...


UnifiedWebSocketManager = WebSocketManager


class WebSocketManager:  # pasted in while merging the old manager
    def send(self, message): ...
