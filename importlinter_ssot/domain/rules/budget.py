"""SOT030: more distinct import patterns of a symbol than its budget allows."""

from __future__ import annotations

from collections import Counter

from importlinter_ssot.domain.findings import Code, Finding
from importlinter_ssot.domain.policy import SymbolRule
from importlinter_ssot.domain.rules.context import RuleContext


def check_budget(context: RuleContext, symbol: SymbolRule, patterns: Counter[tuple[str, str]]) -> Finding | None:
    """``patterns`` counts each (absolute module, imported name) of the symbol's names."""
    budget = symbol.max_import_patterns
    if budget is None or len(patterns) <= budget:
        return None
    listed = ", ".join(
        f"`from {module} import {name}` ({count}×)"
        for (module, name), count in sorted(patterns.items(), key=lambda item: (-item[1], item[0]))
    )
    location = symbol.location
    return Finding(
        path=context.policy.path,
        line=location.line if location else 1,
        column=location.column if location else 1,
        code=Code.IMPORT_PATTERN_BUDGET,
        message=(
            f"`{symbol.name}` is imported through {len(patterns)} distinct patterns, over its budget of "
            f"{budget}: {listed}"
        ),
        symbol=symbol.name,
        replacement=symbol.canonical[0],
        policy=context.policy.name,
    )
