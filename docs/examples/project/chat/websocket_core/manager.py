"""A compatibility shim: the manager's old path."""

from .unified_manager import WebSocketManager

__all__ = ["WebSocketManager"]
