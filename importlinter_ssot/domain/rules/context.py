"""Facts a rule needs beyond one file: the policy's lookups and the scanned tree's modules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from importlinter_ssot.domain.policy import Policy, SymbolRule


@dataclass(frozen=True)
class ProjectIndex:
    """Every module of the scanned tree: files, and directories holding scanned files."""

    modules: frozenset[str]

    @classmethod
    def from_file_modules(cls, file_modules: list[str] | tuple[str, ...] | frozenset[str]) -> ProjectIndex:
        modules: set[str] = set()
        for module in file_modules:
            # Walk up the ancestors; siblings share them, so stop at the first one already known.
            while module and module not in modules:
                modules.add(module)
                module = module[: max(module.rfind("."), 0)]
        return cls(frozenset(modules))


@dataclass(frozen=True)
class RuleContext:
    """What a rule needs besides the file: the policy and the date deadlines are judged on."""

    policy: Policy
    today: datetime.date
    symbols_by_name: dict[str, SymbolRule] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        # Derived once per run rather than once per import statement.
        object.__setattr__(self, "symbols_by_name", self.policy.symbol_by_name())


def quoted(modules: tuple[str, ...] | list[str]) -> str:
    """`a`, or `a` or `b`: the way messages list alternatives."""
    return " or ".join(f"`{module}`" for module in modules)
