"""Shared WebSocket types; WebSocketManagerMode lives here (phase 2A, step 2)."""
import enum
from dataclasses import dataclass, field
from typing import Any, Dict


class WebSocketManagerMode(enum.Enum):
    UNIFIED = "unified"
    ISOLATED = "isolated"
    EMERGENCY = "emergency"

    @property
    def is_shared(self) -> bool:
        return self is WebSocketManagerMode.UNIFIED


@dataclass
class WebSocketEvent:
    type: str
    payload: Dict[str, Any] = field(default_factory=dict)
