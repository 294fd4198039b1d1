"""What every check needs besides the file: the policy, its lookups, and the date deadlines are judged on."""

from __future__ import annotations

import datetime

from importlinter_ssot.domain.globs import Wildcard
from importlinter_ssot.domain.policy import DeprecatedModules, Policy, SymbolRule


class RuleContext:
    """One policy judged on one day."""

    __slots__ = ("deprecated_modules", "duplicate_patterns", "old_paths", "policy", "symbols_by_name", "today")

    def __init__(self, policy: Policy, today: datetime.date) -> None:
        self.policy = policy
        self.today = today
        # Derived once per run rather than once per import statement.
        self.symbols_by_name: dict[str, SymbolRule] = policy.symbol_by_name()
        self.deprecated_modules = DeprecatedModules.of(policy)
        self.duplicate_patterns = tuple(Wildcard.of(rule.pattern) for rule in policy.duplicates)
        # Every symbol's deprecated modules: the paths whose users a report counts (with [[module]] targets).
        self.old_paths = frozenset(path.module for symbol in policy.symbols for path in symbol.deprecated)


def quoted(modules: tuple[str, ...] | list[str]) -> str:
    """`a`, or `a` or `b`: the way messages list alternatives."""
    return " or ".join(f"`{module}`" for module in modules)


def optional(prefix: str, value: object | None, suffix: str = "") -> str:
    """``prefix + value + suffix`` when ``value`` is set, else nothing: optional parts of a message."""
    return f"{prefix}{value}{suffix}" if value else ""
