"""What every check needs besides the file: the policy, its lookups, and the date deadlines are judged on."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from importlinter_ssot.domain.policy import Policy, SymbolRule


@dataclass(frozen=True)
class RuleContext:
    """One policy judged on one day."""

    policy: Policy
    today: datetime.date
    symbols_by_name: dict[str, SymbolRule] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        # Derived once per run rather than once per import statement.
        object.__setattr__(self, "symbols_by_name", self.policy.symbol_by_name())


def quoted(modules: tuple[str, ...] | list[str]) -> str:
    """`a`, or `a` or `b`: the way messages list alternatives."""
    return " or ".join(f"`{module}`" for module in modules)


def optional(prefix: str, value: object | None, suffix: str = "") -> str:
    """``prefix + value + suffix`` when ``value`` is set, else nothing: optional parts of a message."""
    return f"{prefix}{value}{suffix}" if value else ""
