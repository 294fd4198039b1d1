"""Tests of the supervisor: they patch the manager where it used to be re-exported."""
from unittest import mock


@mock.patch("chat.websocket_core.WebSocketManager")
def test_supervisor_starts(manager):
    assert manager is not None
