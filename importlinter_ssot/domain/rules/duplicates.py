"""SOT022: a name matching a ``[[duplicates]]`` pattern defined in more than one file."""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Iterator, Sequence

from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.globs import required_literal
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.definitions import FAMILY
from importlinter_ssot.domain.rules.fact_shape import POSITION, STR, Shape, empty_or, fixed, many
from importlinter_ssot.domain.rules.rule import Example, Fact, Needles, ProjectCheck, Rule, RuleDoc, Scope
from importlinter_ssot.domain.source import ParsedSource, SourceFile

DUPLICATE_DEFINITION = Rule(
    code="SOT022",
    name="duplicate-definition",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    summary="a name matching a `[[duplicates]]` pattern defined in two or more files",
    messages={
        "definition": "`{name}` is also defined in {others}; keep one definition and import it everywhere else "
        "(duplicates pattern `{pattern}`)"
    },
    family=FAMILY,
    doc=RuleDoc(
        what="""\
For each `[[duplicates]]` entry: groups the definitions in modules matching `within`
(default: every checked file) by exact name, and flags every definition of a name (matching
`pattern`, an fnmatch on the bare name) that is defined in two or more files, naming the other
modules and lines.""",
        why="""\
Duplicated enums, protocols and helper classes drift apart: a member added to one copy is
missing from the other, and values that look equal do not compare equal.""",
        example=Example(
            before="""\
```toml
[[duplicates]]
pattern = "*Type"
within = ["chat.**"]
```""",
            files=("chat/websocket_core/types.py", "chat/services/messages.py"),
            args=("chat/services/messages.py",),
            today="2026-06-01",
            after="`ssot check` without paths reports both definitions, each naming the other.",
        ),
        instead="""\
```python
# chat/services/messages.py
from chat.websocket_core.types import MessageType

__all__ = ["MessageType"]
```""",
        notes=(
            "JSON: `symbol` is the duplicated name, `replacement` is `null`.",
            "A name defined twice in one file only is not SOT022 (for governed names that is SOT021).",
            "`within` globs match module names exactly: `chat.**` does not match `chat` itself "
            '(`chat/__init__.py`); add `"chat"` to include it.',
            "Whole-project rule: definitions are collected from every file of the root packages, even when "
            "`ssot check PATHS` reports only the findings in `PATHS`.",
        ),
        options=("duplicates.pattern", "duplicates.within"),
    ),
)


def _collect(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> Fact:
    """Per ``[[duplicates]]`` rule (policy order): this file's matching ``(name, line, column)`` definitions."""
    per_rule = tuple(
        tuple(
            (definition.name, definition.position.line, definition.position.column)
            for definition in parsed.definitions
            if fnmatch.fnmatchcase(definition.name, rule.pattern)
        )
        if rule.applies_to_module(source.module)
        else ()
        for rule in context.policy.duplicates
    )
    return per_rule if any(per_rule) else ()


def duplicated_names(
    index: int, facts: Sequence[tuple[SourceFile, Fact]]
) -> dict[str, list[tuple[SourceFile, int, int]]]:
    """For the ``index``-th ``[[duplicates]]`` rule: each name defined in two or more files, and its definitions."""
    by_name: dict[str, list[tuple[SourceFile, int, int]]] = defaultdict(list)
    for source, fact in facts:
        for name, line, column in fact[index] if fact else ():
            by_name[name].append((source, line, column))
    return {name: places for name, places in by_name.items() if len({source.path for source, _, _ in places}) >= 2}


def _decide(context: RuleContext, facts: Sequence[tuple[SourceFile, Fact]]) -> Iterator[Finding]:
    for index, rule in enumerate(context.policy.duplicates):
        for name, places in duplicated_names(index, facts).items():
            for source, line, column in places:
                yield Finding(
                    path=source.path,
                    line=line,
                    column=column,
                    rule=DUPLICATE_DEFINITION,
                    message=DUPLICATE_DEFINITION.message(
                        "definition", name=name, others=_describe_others(source, places), pattern=rule.pattern
                    ),
                    symbol=name,
                    policy=context.policy.name,
                )


def _describe_others(source: SourceFile, places: list[tuple[SourceFile, int, int]]) -> str:
    others: dict[str, list[int]] = {}
    for other, line, _ in places:
        if other.path != source.path:
            others.setdefault(other.module, []).append(line)
    return ", ".join(
        f"`{module}` (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})"
        for module, lines in sorted(others.items())
    )


def pattern_literals(policy: Policy) -> Needles:
    """The longest literal run of each pattern: a file defining a matching name spells it."""
    needles: set[bytes] = set()
    for rule in policy.duplicates:
        literal = required_literal(rule.pattern)
        if not literal:
            return None
        needles.add(literal.encode())
    return frozenset(needles)


def _shape(policy: Policy) -> Shape:
    """``_collect``'s fact: nothing, or one tuple of ``(name, line, column)`` per ``[[duplicates]]`` rule."""
    return empty_or(fixed(*(many(fixed(STR, POSITION, POSITION)),) * len(policy.duplicates)))


CHECK = ProjectCheck(
    rules=(DUPLICATE_DEFINITION,), needles=pattern_literals, collect=_collect, decide=_decide, shape=_shape
)
