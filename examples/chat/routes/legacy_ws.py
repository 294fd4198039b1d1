"""The WebSocket route's old module, kept for plugins: it re-exports everything, and says nothing."""
from chat.routes.ws import *  # noqa: F401,F403
