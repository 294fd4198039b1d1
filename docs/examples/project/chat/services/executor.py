class ConnectionExecutor:
    """Runs the send loop of one connection."""


# Old callers still ask for the manager by name.
WebSocketManager = ConnectionExecutor
