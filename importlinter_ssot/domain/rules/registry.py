"""Every check and every rule the engine knows: the one list the engine, codec, front ends and docs iterate.

Adding a rule: define it next to the check that decides it (or in a new module with a new
check) and list the check here — see docs/architecture.md for the whole checklist.
"""

from __future__ import annotations

import copyreg
from collections.abc import Callable, Iterable, Mapping
from typing import Generic

from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rule_definition import Rule, Scope
from importlinter_ssot.domain.rules import (
    budget,
    definitions,
    duplicates,
    inventory,
    module_imports,
    path_usage,
    runtime_warnings,
    shim_drift,
    symbol_paths,
    unreadable,
    unusable_policy,
)
from importlinter_ssot.domain.rules.checks import F, FileCheck, ProjectCheck
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.source import ParsedSource, SourceFile

FILE_CHECKS: tuple[FileCheck, ...] = (
    symbol_paths.CHECK,
    module_imports.CHECK,
    definitions.CHECK,
    shim_drift.CHECK,
    unreadable.CHECK,
)


class CheckFacts(NamedTuple):
    """One file's fact for each project check, in ``FACT_SLOTS`` order; None: the file gives that check nothing.

    Typed field by field, so that mypy follows each fact from its check's ``collect`` to every
    reader; a tuple of tuples on the wire (worker processes, the cache).
    """

    duplicates: duplicates.DuplicatesFact | None = None
    budget: budget.BudgetFact | None = None
    runtime_warnings: runtime_warnings.RuntimeFact | None = None
    inventory: inventory.InventoryFact | None = (
        None  # decides no rule: facts for `ssot report`, cached with the findings
    )
    path_usage: path_usage.PathUsageFact | None = None  # decides no rule: who still refers to each old path (removable)


NO_FACTS = CheckFacts()


class FactSlot(NamedTuple, Generic[F]):
    """A project check and where its fact sits in a file's CheckFacts.

    Code that goes over every project check gets a union of slots; each method here holds its
    own check's fact type together, so that code stays typed without knowing which check it has.
    """

    check: ProjectCheck[F]
    fact: Callable[[CheckFacts], F | None]

    def contributes(self, facts: CheckFacts) -> bool:
        """Whether a file with ``facts`` gives this check anything."""
        return self.fact(facts) is not None

    def decide(self, context: RuleContext, files: Iterable[tuple[SourceFile, CheckFacts]]) -> list[Finding]:
        """The check's findings, from the facts of ``files`` (those that give it nothing are left out)."""
        given = [(source, fact) for source, facts in files if (fact := self.fact(facts)) is not None]
        return list(self.check.decide(context, given))


FACT_SLOTS = (
    FactSlot(duplicates.CHECK, lambda facts: facts.duplicates),
    FactSlot(budget.CHECK, lambda facts: facts.budget),
    FactSlot(runtime_warnings.CHECK, lambda facts: facts.runtime_warnings),
    FactSlot(inventory.CHECK, lambda facts: facts.inventory),
    FactSlot(path_usage.CHECK, lambda facts: facts.path_usage),
)
PROJECT_CHECKS = tuple(slot.check for slot in FACT_SLOTS)


def collect_facts(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> CheckFacts:
    """Every project check's fact for one file, field by field: mypy sees each check's type reach its field."""
    return CheckFacts(
        duplicates=duplicates.CHECK.collect(context, source, parsed),
        budget=budget.CHECK.collect(context, source, parsed),
        runtime_warnings=runtime_warnings.CHECK.collect(context, source, parsed),
        inventory=inventory.CHECK.collect(context, source, parsed),
        path_usage=path_usage.CHECK.collect(context, source, parsed),
    )


# Codes a front end reports itself, decided by no engine check (SOT901: the flake8 plugin's unusable policy).
FRONT_END_RULES: tuple[Rule, ...] = (unusable_policy.UNUSABLE_POLICY,)

CHECKS = (*FILE_CHECKS, *PROJECT_CHECKS)
RULES: tuple[Rule, ...] = tuple(
    sorted((*(rule for check in CHECKS for rule in check.rules), *FRONT_END_RULES), key=lambda rule: rule.code)
)
_BY_CODE = {rule.code: rule for rule in RULES}

# A deprecation's warning → the error the same reference becomes once its `until` date has passed.
EXPIRES_AS: Mapping[str, str] = {
    symbol_paths.DEPRECATED_SYMBOL_PATH.code: symbol_paths.EXPIRED_SYMBOL_PATH.code,
    module_imports.DEPRECATED_MODULE.code: module_imports.EXPIRED_MODULE.code,
}


def rule_by_code(code: str) -> Rule:
    """The rule with this code; KeyError for a code the engine does not know."""
    return _BY_CODE[code]


def _reduce_rule(rule: Rule) -> tuple[Callable[[str], Rule], tuple[str]]:
    return rule_by_code, (rule.code,)


# Rules compare by identity: one crossing to a worker process (and back) is pickled as its code
# and comes back as the registered instance. Said here, so that rule.py need not import the registry.
copyreg.pickle(Rule, _reduce_rule)


def rules_of_scope(scope: Scope) -> tuple[Rule, ...]:
    """The rules decided by one file (``Scope.FILE``) or by the whole project."""
    return tuple(rule for rule in RULES if rule.scope is scope)


def _check_consistency() -> None:
    # Cheap guards against a half-added rule: unique codes, and a check's rules have its scope.
    assert len(_BY_CODE) == len(RULES), "two rules share a code"
    assert all(rule.scope is Scope.FILE for check in FILE_CHECKS for rule in check.rules)
    assert all(rule.scope is Scope.PROJECT for check in PROJECT_CHECKS for rule in check.rules)
    # Each slot reads its own field of CheckFacts, in order (the codec and the cache rely on the order).
    numbered = CheckFacts._make(range(len(CheckFacts._fields)))
    read: list[object] = [slot.fact(numbered) for slot in FACT_SLOTS]
    assert read == list(range(len(CheckFacts._fields)))


_check_consistency()
