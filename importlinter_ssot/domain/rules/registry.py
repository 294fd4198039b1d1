"""Every check and every rule the engine knows: the one list the engine, codec, front ends and docs iterate.

Adding a rule: define it next to the check that decides it (or in a new module with a new
check) and list the check here — see docs/architecture.md for the whole checklist.
"""

from __future__ import annotations

import copyreg
from collections.abc import Callable, Mapping

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
from importlinter_ssot.domain.rules.checks import FileCheck, ProjectCheck

FILE_CHECKS: tuple[FileCheck, ...] = (
    symbol_paths.CHECK,
    module_imports.CHECK,
    definitions.CHECK,
    shim_drift.CHECK,
    unreadable.CHECK,
)
PROJECT_CHECKS: tuple[ProjectCheck, ...] = (
    duplicates.CHECK,
    budget.CHECK,
    runtime_warnings.CHECK,
    inventory.CHECK,  # decides no rule: facts for `ssot report`, cached with the findings
    path_usage.CHECK,  # decides no rule: who still refers to each old path (`ssot report`'s removable)
)

# Codes a front end reports itself, decided by no engine check (SOT901: the flake8 plugin's unusable policy).
FRONT_END_RULES: tuple[Rule, ...] = (unusable_policy.UNUSABLE_POLICY,)

CHECKS: tuple[FileCheck | ProjectCheck, ...] = (*FILE_CHECKS, *PROJECT_CHECKS)
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


_check_consistency()
