"""Health check reporting WebSocket statistics."""
import chat.websocket_core.canonical_import_patterns
from chat.websocket_core import canonical_import_patterns as patterns, types


def websocket_health() -> dict:
    manager = chat.websocket_core.canonical_import_patterns.get_canonical_manager()
    return {
        "connections": manager.connection_count() if hasattr(manager, "connection_count") else 0,
        "mode": types.WebSocketManagerMode.UNIFIED.value,
        "patterns_module": patterns.__name__,
    }
