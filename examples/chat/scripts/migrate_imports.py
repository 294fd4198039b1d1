"""One-off script rewriting imports; its directory has no __init__.py."""
import sys

import chat.websocket_core.manager as legacy
from chat.websocket_core.canonical_import_patterns import UnifiedWebSocketManager


def main(argv) -> int:
    manager = UnifiedWebSocketManager()
    print(f"shim: {legacy.__name__}; manager: {type(manager).__name__}; args: {argv}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
