"""What every check needs besides the file: the policy, its lookups, and the date deadlines are judged on."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from importlinter_ssot.domain.globs import Wildcard
from importlinter_ssot.domain.policy import DeprecatedModules, Policy, SymbolRule
from importlinter_ssot.domain.source import ParsedSource, SourceFile


class RuleContext:
    """One policy judged on one day."""

    __slots__ = (
        "_allowing",
        "_module_targets",
        "_named_modules",
        "deprecated_modules",
        "duplicate_patterns",
        "last_file_hits",
        "old_paths",
        "policy",
        "symbols_by_name",
        "today",
    )

    def __init__(self, policy: Policy, today: datetime.date) -> None:
        self.policy = policy
        self.today = today
        # Derived once per run rather than once per import statement.
        self.symbols_by_name: dict[str, SymbolRule] = policy.symbol_by_name()
        self.deprecated_modules = DeprecatedModules.of(policy)
        self.duplicate_patterns = tuple(Wildcard.of(rule.pattern) for rule in policy.duplicates)
        # Every symbol's deprecated modules: the paths whose users a report counts (with [[module]] targets).
        self.old_paths = frozenset(path.module for symbol in policy.symbols for path in symbol.deprecated)
        # Memos of the ``[[module]]`` rules' answers: a tree imports the same modules from
        # thousands of files, and matching every rule against every import was ~10 % of a cold run.
        # Bounded (``_remember``): unbounded, they held every module name a worker ever saw —
        # ~300,000 entries on a 100k-file tree, ~80 MB of the process tree's memory.
        self._module_targets: dict[str, tuple[tuple[int, str], ...]] = {}
        self._allowing: dict[str, frozenset[int]] = {}
        self._named_modules: dict[str, bool] = {}
        # The last file's ``[[module]]`` hits (``module_imports.file_module_hits``): two checks ask in a row.
        self.last_file_hits: tuple[SourceFile, ParsedSource, tuple[Any, ...]] | None = None

    def module_targets(self, module: str) -> tuple[tuple[int, str], ...]:
        """The ``[[module]]`` rules (by index, in order) whose target ``module`` is or is inside, with that target."""
        found = self._module_targets.get(module)
        if found is None:
            found = _remember(
                self._module_targets,
                module,
                tuple(
                    (index, covered)
                    for index, rule in enumerate(self.policy.modules)
                    if (covered := rule.target_of(module)) is not None
                ),
            )
        return found

    def names_module(self, module: str) -> bool:
        """Whether some ``[[module]]`` rule's name or glob matches ``module`` itself."""
        found = self._named_modules.get(module)
        if found is None:
            found = _remember(
                self._named_modules, module, any(rule.name.matches(module) for rule in self.policy.modules)
            )
        return found

    def allowing(self, importer: str) -> frozenset[int]:
        """The ``[[module]]`` rules (by index) whose ``allow_importers`` let ``importer`` import their targets."""
        found = self._allowing.get(importer)
        if found is None:
            found = _remember(
                self._allowing,
                importer,
                frozenset(index for index, rule in enumerate(self.policy.modules) if rule.allows_importer(importer)),
            )
        return found


# Entries a memo keeps before it starts again: the modules a tree imports most come back within
# a few files, so the hit rate stays, while memory stays flat however large the tree.
MEMO_LIMIT = 4096

_Answer = TypeVar("_Answer")


def _remember(memo: dict[str, _Answer], key: str, answer: _Answer) -> _Answer:
    """Store ``answer`` under ``key`` in a memo of at most ``MEMO_LIMIT`` entries (emptied when full)."""
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = answer
    return answer


def quoted(modules: tuple[str, ...] | list[str]) -> str:
    """`a`, or `a` or `b`: the way messages list alternatives."""
    return " or ".join(f"`{module}`" for module in modules)


def optional(prefix: str, value: object | None, suffix: str = "") -> str:
    """``prefix + value + suffix`` when ``value`` is set, else nothing: optional parts of a message."""
    return f"{prefix}{value}{suffix}" if value else ""
