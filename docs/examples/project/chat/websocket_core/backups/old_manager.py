"""A backup copy, excluded from checking by the policy's `exclude`."""


class WebSocketManager:
    pass
