from unittest import mock


@mock.patch("chat.websocket_core.WebSocketManager")
def test_lobby(manager):
    ...
