import enum


class MessageType(str, enum.Enum):
    CONNECT = "connect"
    MESSAGE = "message"
