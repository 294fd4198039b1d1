from chat.websocket_core.manager import WebSocketManager as Manager
