"""SOT022: a name matching a ``[[duplicates]]`` pattern defined in more than one file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.globs import required_literal
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rule_definition import Example, Rule, RuleDoc, Scope
from importlinter_ssot.domain.rules.checks import Needles, ProjectCheck
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.definition_sites import place_definitions, policy_equivalents, sites
from importlinter_ssot.domain.rules.definitions import FAMILY
from importlinter_ssot.domain.rules.fact_shape import POSITION, STR, Shape, many, one_of, record, repeated
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
For each `[[duplicates]]` entry: groups the definition sites in modules matching `within`
(default: every checked file) by exact name, and flags every site of a name (matching
`pattern`, an fnmatch on the bare name) that is defined in two or more files, naming the other
modules and lines. Assignments count as the [Definition rules](#definition-rules-sot020-sot021-sot022)
say, but a name needs a `class` or `def` among its sites to be duplicated.""",
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
            "A name only ever assigned (`logger = logging.getLogger(__name__)` in every module) is no "
            "duplicate: no class or function is defined twice. An assignment of another object to a "
            "duplicated name is (`ChatHandler = LegacyHandler` next to a `class ChatHandler` elsewhere); one "
            "re-exporting the same name (`ChatHandler = handlers.ChatHandler`) is no definition.",
            "One site per alternative arms and per overloaded function: a class in both arms of an `if` is "
            "reported once.",
            "`within` globs match module names exactly: `chat.**` does not match `chat` itself "
            '(`chat/__init__.py`); add `"chat"` to include it.',
            "Whole-project rule: definitions are collected from every file of the root packages, even when "
            "`ssot check PATHS` reports only the findings in `PATHS`.",
        ),
        options=("duplicates.pattern", "duplicates.within"),
    ),
)


class DuplicateSite(NamedTuple):
    """A definition site of a name some ``[[duplicates]]`` pattern matches."""

    name: str
    line: int
    column: int
    kind: str  # "class", "def" or "assignment"


# A file's fact: per ``[[duplicates]]`` rule (policy order), its sites of names the rule's pattern matches.
DuplicatesFact = tuple[tuple[DuplicateSite, ...], ...]


def _collect(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> DuplicatesFact | None:
    """Per ``[[duplicates]]`` rule (policy order): this file's matching sites; None when it has none."""
    rules = [
        (pattern, rule.applies_to_module(source.module))
        for rule, pattern in zip(context.policy.duplicates, context.duplicate_patterns, strict=True)
    ]
    if not any(applies for _, applies in rules):
        return None

    def wanted(name: str) -> bool:
        return any(applies and pattern.matches(name) for pattern, applies in rules)

    found = sites(place_definitions(parsed, policy_equivalents(context.symbols_by_name), wanted))
    per_rule = tuple(
        tuple(
            DuplicateSite(
                site.definition.name, site.definition.position.line, site.definition.position.column, site.kind
            )
            for site in found
            if pattern.matches(site.definition.name)
        )
        if applies
        else ()
        for pattern, applies in rules
    )
    return per_rule if any(per_rule) else None


def duplicated_names(
    index: int, facts: Sequence[tuple[SourceFile, DuplicatesFact]]
) -> dict[str, list[tuple[SourceFile, int, int]]]:
    """For the ``index``-th ``[[duplicates]]`` rule: each duplicated name, and its definition sites.

    A name is duplicated when its sites lie in two or more files and one of them at least is
    a ``class`` or ``def``: a name only ever assigned (``logger = ...``) is no duplicate.
    """
    by_name: dict[str, list[tuple[SourceFile, int, int]]] = defaultdict(list)
    defined: set[str] = set()
    for source, fact in facts:
        for name, line, column, kind in fact[index]:
            by_name[name].append((source, line, column))
            if kind != "assignment":
                defined.add(name)
    return {
        name: places
        for name, places in by_name.items()
        if name in defined and len({source.path for source, _, _ in places}) >= 2
    }


def _decide(context: RuleContext, facts: Sequence[tuple[SourceFile, DuplicatesFact]]) -> Iterator[Finding]:
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


_SITE = record(DuplicateSite, STR, POSITION, POSITION, one_of(("class", "def", "assignment")))


def _shape(policy: Policy) -> Shape[DuplicatesFact]:
    """``_collect``'s fact: one tuple of sites per ``[[duplicates]]`` rule."""
    return repeated(many(_SITE), len(policy.duplicates))


CHECK: ProjectCheck[DuplicatesFact] = ProjectCheck(
    rules=(DUPLICATE_DEFINITION,), needles=pattern_literals, collect=_collect, decide=_decide, shape=_shape
)
