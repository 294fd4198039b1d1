"""``python -m importlinter_ssot.server``: the language server, as ``ssot server`` runs it."""

import sys

from importlinter_ssot.server import ServerUnavailable, serve

try:
    serve()
except ServerUnavailable as error:
    sys.exit(f"ssot: {error}")
