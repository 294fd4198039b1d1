"""SOT030: more distinct import patterns of a symbol than its budget allows."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rule_definition import Example, Rule, RuleDoc, Scope
from importlinter_ssot.domain.rules.checks import ProjectCheck
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.fact_shape import STR, Shape, many, record
from importlinter_ssot.domain.rules.symbol_paths import governed_names
from importlinter_ssot.domain.source import ParsedSource, Position, SourceFile, from_imports

IMPORT_PATTERN_BUDGET = Rule(
    code="SOT030",
    name="import-pattern-budget",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    summary="a symbol imported through more distinct patterns than `max_import_patterns`",
    messages={
        "budget": "`{name}` is imported through {count} distinct patterns, over its budget of {budget}: {patterns}"
    },
    doc=RuleDoc(
        what="""\
Counts the *import patterns* of a symbol: the distinct (absolute module, imported name)
pairs among all `from M import n` of its name or aliases with first-party `M`, in all
files — canonical, plumbing and exempt importers included. When there are more than
`max_import_patterns`, reports one error per symbol, at the symbol's `name =` line in the
policy file, listing every pattern with its count (most used first).""",
        why="""\
Each distinct spelling is one more place to change when the symbol moves, and a sign that
consumers are reaching into internals. The budget stops new import paths from creeping in
while the old ones are migrated (the seed situation had 36+ import paths for one manager).""",
        example=Example(
            before="""\
```toml
[[symbol]]
name = "WebSocketManager"
aliases = ["UnifiedWebSocketManager"]
max_import_patterns = 3
```

Every file of the example project counts; the budget is reported at the policy file:""",
            files=(),
            args=("contracts/ssot.toml",),
            today="2026-06-01",
        ),
        instead="""\
Import through the canonical path everywhere outside the plumbing, so that only the
plumbing's own imports and the canonical one remain. Raise `max_import_patterns` only
deliberately.""",
        notes=(
            "JSON: `symbol` is the symbol's `name`, `replacement` its first canonical "
            "module; `path` is the policy file.",
            "Relative imports count under their resolved module (`from .unified_manager import …` in "
            "`chat/websocket_core/__init__.py` is `chat.websocket_core.unified_manager`). Each alias is "
            "its own pattern. `import M` and `from M import *` are not counted; excluded files are not scanned.",
            "No budget (the key omitted) means no SOT030.",
            "Reported at the policy file: `ssot check PATHS` reports it only when the "
            "policy file is under `PATHS` (no `PATHS` means everything). `ssot check chat/` does not report "
            "it; `ssot check chat/ contracts/` does.",
        ),
        options=("symbol.max_import_patterns",),
    ),
)


class CountedImport(NamedTuple):
    """One ``from module import name`` of a governed symbol's name (or alias) with a first-party module."""

    symbol: str  # the symbol's name
    module: str  # absolute
    name: str  # as imported


# A file's fact: each import pattern it uses, once per use.
BudgetFact = tuple[CountedImport, ...]


def _collect(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> BudgetFact | None:
    """One pattern per ``from M import n`` of a governed name; None when there is none."""
    return tuple(pattern for pattern, _ in import_patterns(context, source, parsed)) or None


def import_patterns(
    context: RuleContext, source: SourceFile, parsed: ParsedSource
) -> Iterator[tuple[CountedImport, Position]]:
    """Each import the budget counts — ``(symbol, absolute module, imported name)`` — and where its name is.

    The position is for an editor, which shows where the patterns of a symbol over its budget
    are used; the count itself needs none.
    """
    for module, statement in from_imports(parsed.imports, source):
        if not context.policy.is_first_party(module):
            continue
        for name in statement.names:
            symbol = context.symbols_by_name.get(name.name)
            if symbol is not None:
                yield CountedImport(symbol.name, module, name.name), name.position


def count_patterns(facts: Sequence[tuple[SourceFile, BudgetFact]]) -> dict[str, Counter[tuple[str, str]]]:
    """Per symbol name: how often each (module, imported name) pattern is used."""
    # Not `setdefault(name, Counter())`: that builds a Counter per import counted (thousands on a real tree).
    patterns: defaultdict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for _, fact in facts:
        for symbol_name, module, name in fact:
            patterns[symbol_name][(module, name)] += 1
    return dict(patterns)


def _decide(context: RuleContext, facts: Sequence[tuple[SourceFile, BudgetFact]]) -> Iterator[Finding]:
    budgeted = [symbol for symbol in context.policy.symbols if symbol.max_import_patterns is not None]
    if not budgeted:
        return
    patterns = count_patterns(facts)
    for symbol in budgeted:
        counted = patterns.get(symbol.name, Counter())
        budget = symbol.max_import_patterns
        if budget is None or len(counted) <= budget:
            continue
        listed = ", ".join(
            f"`from {module} import {name}` ({count}×)"
            for (module, name), count in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
        )
        location = symbol.location
        yield Finding(
            path=context.policy.path,
            line=location.line if location else 1,
            column=location.column if location else 1,
            rule=IMPORT_PATTERN_BUDGET,
            message=IMPORT_PATTERN_BUDGET.message(
                "budget", name=symbol.name, count=len(counted), budget=budget, patterns=listed
            ),
            symbol=symbol.name,
            replacement=symbol.canonical[0],
            policy=context.policy.name,
        )


_SHAPE = many(record(CountedImport, STR, STR, STR))  # ``_collect``'s fact


def _shape(policy: Policy) -> Shape[BudgetFact]:
    return _SHAPE


CHECK: ProjectCheck[BudgetFact] = ProjectCheck(
    rules=(IMPORT_PATTERN_BUDGET,), needles=governed_names, collect=_collect, decide=_decide, shape=_shape
)
