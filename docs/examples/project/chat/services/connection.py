from dataclasses import dataclass, field


@dataclass
class WebSocketManager:
    """A local copy, "just for now"."""

    connections: list = field(default_factory=list)
