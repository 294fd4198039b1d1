"""Suspicious but applicable policy content, found by comparing the policy with the scanned tree."""

from __future__ import annotations

from importlinter_ssot.application.project import Project
from importlinter_ssot.domain.problems import PolicyProblem, problem_at


def policy_warnings(project: Project) -> list[PolicyProblem]:
    """Modules the policy names (``defined_in``, ``canonical``) that the scanned tree does not have."""
    policy = project.policy
    warnings: list[PolicyProblem] = []
    for symbol in policy.symbols:
        keyed = [(f"{symbol.key}.defined_in", symbol.defined_in)]
        keyed += [
            (f"{symbol.key}.canonical[{index}]", module)
            for index, module in enumerate(symbol.canonical)
            if module != symbol.defined_in  # the default canonical list is just defined_in
        ]
        for key, module in keyed:
            if module not in project.module_index.modules:
                warnings.append(
                    problem_at(
                        policy, key, f"module `{module}` of symbol `{symbol.name}` does not exist in the scanned tree"
                    )
                )
    return warnings
