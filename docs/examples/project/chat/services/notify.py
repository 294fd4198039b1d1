from chat.websocket_core.canonical_import_patterns import get_manager

manager = get_manager()
