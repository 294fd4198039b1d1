from .types import MessageType
from .unified_manager import WebSocketManager

__all__ = ["MessageType", "WebSocketManager"]
