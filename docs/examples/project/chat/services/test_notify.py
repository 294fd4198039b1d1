from unittest import mock


def test_notify():
    with mock.patch("chat.websocket_core.canonical_import_patterns.get_manager"):
        ...
