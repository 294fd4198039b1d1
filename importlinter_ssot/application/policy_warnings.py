"""Suspicious but applicable policy content, found by comparing the policy with the scanned tree.

Each warning is located at the policy key it is about and never changes the exit code: a
module the policy names that the tree does not have, or a glob that matches nothing, is
usually a typo that silently turns a rule off (``within = ["acme"]`` drops every SOT022).
"""

from __future__ import annotations

from collections.abc import Iterator

from importlinter_ssot.application.project import Project
from importlinter_ssot.domain.globs import ModuleGlob, is_within
from importlinter_ssot.domain.problems import PolicyProblem, problem_at


def policy_warnings(project: Project) -> list[PolicyProblem]:
    """Every warning about one policy, in the order of its keys."""
    warnings = [
        *_missing_symbol_modules(project),
        *_missing_module_rule_targets(project),
        *_globs_matching_nothing(project),
    ]
    return sorted(warnings, key=lambda warning: (warning.line, warning.column, warning.key))


def _missing_symbol_modules(project: Project) -> Iterator[PolicyProblem]:
    policy, modules = project.policy, project.module_index.modules
    for symbol in policy.symbols:
        keyed = [(f"{symbol.key}.defined_in", symbol.defined_in)]
        keyed += [
            (f"{symbol.key}.canonical[{index}]", module)
            for index, module in enumerate(symbol.canonical)
            if module != symbol.defined_in  # the default canonical list is just defined_in
        ]
        keyed += [(f"{symbol.key}.deprecated[{index}]", path.module) for index, path in enumerate(symbol.deprecated)]
        for key, module in keyed:
            if module not in modules:
                yield problem_at(
                    policy, key, f"module `{module}` of symbol `{symbol.name}` does not exist in the scanned tree"
                )


def _missing_module_rule_targets(project: Project) -> Iterator[PolicyProblem]:
    """A first-party ``[[module]]`` name (or glob) that no module of the tree is, or is inside of."""
    policy, modules = project.policy, project.module_index.modules
    for index, rule in enumerate(policy.modules):
        pattern = rule.name.pattern
        first_party = rule.name.can_match_under(frozenset(policy.root_packages))
        if rule.name.is_literal:
            first_party = policy.is_first_party(pattern)
        if not first_party:
            continue  # third-party modules are not in the tree: nothing to compare with
        if rule.name.is_literal:
            found = pattern in modules
        else:
            found = any(rule.name.matches(module) for module in modules)
        if not found:
            yield problem_at(policy, f"module[{index}].name", _matches_no_module(rule.name))


def _matches_no_module(glob: ModuleGlob) -> str:
    return f"`{glob.pattern}` matches no module of the scanned tree"


def _globs_matching_nothing(project: Project) -> Iterator[PolicyProblem]:
    policy, modules = project.policy, project.module_index.modules

    def unmatched(glob: ModuleGlob) -> bool:
        return not any(glob.matches(module) for module in modules)

    allow_lists = [
        *((f"symbol[{index}]", symbol.allow_importers) for index, symbol in enumerate(policy.symbols)),
        *((f"module[{index}]", rule.allow_importers) for index, rule in enumerate(policy.modules)),
    ]
    for owner, globs in allow_lists:
        for index, glob in enumerate(globs):
            if unmatched(glob):
                yield problem_at(policy, f"{owner}.allow_importers[{index}]", _matches_no_module(glob))
    for duplicates_index, duplicates in enumerate(policy.duplicates):
        for index, glob in enumerate(duplicates.within):
            key = f"duplicates[{duplicates_index}].within[{index}]"
            if unmatched(glob):
                yield problem_at(policy, key, _matches_no_module(glob))
            elif _only_a_package(glob, modules) and not any(
                other is not glob and other.matches(f"{glob.pattern}.x") for other in duplicates.within
            ):
                yield problem_at(
                    policy,
                    key,
                    f"`{glob.pattern}` matches the package `{glob.pattern}` only, not the modules inside it; "
                    f"write `{glob.pattern}.**` to include them",
                )
    for index in project.unmatched_excludes:
        yield problem_at(
            policy,
            f"policy.exclude[{index}]",
            f"`{policy.exclude[index].pattern}` matches no file or directory below the root packages",
        )


def _only_a_package(glob: ModuleGlob, modules: frozenset[str]) -> bool:
    """``within = ["acme"]``: a package, whose modules the rule then leaves out (module globs match exactly).

    Not said when another entry takes in the package's modules (``["acme", "acme.**"]``).
    """
    return glob.is_literal and any(module != glob.pattern and is_within(module, glob.pattern) for module in modules)
