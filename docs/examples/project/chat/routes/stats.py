import chat.websocket_core.manager as shim


def active():
    return shim.WebSocketManager.active()
