"""Suspicious but applicable policy content, found by comparing the policy with the scanned tree.

Each warning is located at the policy key it is about and never changes the exit code: a
governed name nothing defines, a module the policy names that the tree does not have, or a
glob that matches nothing, is usually a typo that silently turns a rule off
(``within = ["acme"]`` drops every SOT022).

Linear in the size of the policy: a policy may hold thousands of symbols, each with the
same ``allow_importers`` glob, so each distinct glob is compared with the tree once; a glob
naming one module or one subtree is looked up, and one ending in a plain segment is only
compared with the modules ending in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.domain.globs import ModuleGlob
from importlinter_ssot.domain.problems import PolicyProblem, problem_at
from importlinter_ssot.domain.rules.evaluation import FileResult


def policy_warnings(project: Project, results: Iterable[FileResult]) -> list[PolicyProblem]:
    """Every warning about one policy, in the order of its keys; ``results``: every file's, as evaluated."""
    tree = _Tree(project.module_index.modules)
    warnings = [
        *_names_defined_nowhere(project, results),
        *_missing_symbol_modules(project),
        *_missing_module_rule_targets(project, tree),
        *_globs_matching_nothing(project, tree),
    ]
    return sorted(warnings, key=lambda warning: (warning.line, warning.column, warning.key))


class _Tree:
    """The scanned tree's modules, and whether a glob matches one of them (asked once per glob)."""

    def __init__(self, modules: frozenset[str]) -> None:
        self.modules = modules
        # The index holds every ancestor of a module, so `a.b.**` matches a module exactly
        # when some module is `a.b.<segment>`: its parent is `a.b`, its last segment not empty.
        self.parents = frozenset(module.rpartition(".")[0] for module in modules)
        self.parents_of_named = frozenset(module.rpartition(".")[0] for module in modules if module.rpartition(".")[2])
        # A glob ending in a plain segment (`acme.*.compat`) can only match modules ending in it.
        self.by_last: dict[str, list[str]] = {}
        for module in modules:
            self.by_last.setdefault(module.rpartition(".")[2], []).append(module)
        self._matched: dict[str, bool] = {}

    def matched(self, glob: ModuleGlob) -> bool:
        """Whether some module of the tree matches ``glob``."""
        if glob.is_literal:
            return glob.pattern in self.modules
        subtree = glob.subtree_of
        if subtree is not None:
            return subtree in self.parents_of_named
        found = self._matched.get(glob.pattern)
        if found is None:
            last = glob.pattern.rpartition(".")[2]
            candidates = self.modules if any(char in last for char in "*?[") else self.by_last.get(last, ())
            found = self._matched[glob.pattern] = any(glob.matches(module) for module in candidates)
        return found

    def has_submodules(self, module: str) -> bool:
        """Whether some module of the tree lies inside ``module``."""
        return module in self.parents


def _names_defined_nowhere(project: Project, results: Iterable[FileResult]) -> Iterator[PolicyProblem]:
    """A symbol's ``name`` that no file defines (``class``, ``def`` or assignment at module level).

    Read from the inventory fact every file yields anyway, so nothing more is parsed. A name
    some file imports from outside the root packages exists too (a third-party object the
    policy governs). Aliases are not asked for: they are other names of the same object,
    often bound only by an import or re-export, or already gone and kept out by the policy.
    """
    found: set[str] = set()
    for result in results:
        fact = result.facts.inventory
        if fact is not None:
            found.update(definition.name for definition in fact.definitions)
            found.update(fact.bound)
    for symbol in project.policy.symbols:
        if symbol.name not in found:
            yield problem_at(
                project.policy,
                f"{symbol.key}.name",
                f"`{symbol.name}` is defined in no file of the scanned tree "
                "(no module-level `class`, `def` or assignment binds it)",
            )


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


def _missing_module_rule_targets(project: Project, tree: _Tree) -> Iterator[PolicyProblem]:
    """A first-party ``[[module]]`` name (or glob) that no module of the tree is, or is inside of."""
    policy = project.policy
    roots = frozenset(policy.root_packages)
    for index, rule in enumerate(policy.modules):
        pattern = rule.name.pattern
        first_party = policy.is_first_party(pattern) if rule.name.is_literal else rule.name.can_match_under(roots)
        if not first_party:
            continue  # third-party modules are not in the tree: nothing to compare with
        if not tree.matched(rule.name):
            yield problem_at(policy, f"module[{index}].name", _matches_no_module(rule.name))


def _matches_no_module(glob: ModuleGlob) -> str:
    return f"`{glob.pattern}` matches no module of the scanned tree"


def _globs_matching_nothing(project: Project, tree: _Tree) -> Iterator[PolicyProblem]:
    policy = project.policy
    allow_lists = [
        *((f"symbol[{index}]", symbol.allow_importers) for index, symbol in enumerate(policy.symbols)),
        *((f"module[{index}]", rule.allow_importers) for index, rule in enumerate(policy.modules)),
    ]
    for owner, globs in allow_lists:
        for index, glob in enumerate(globs):
            if not tree.matched(glob):
                yield problem_at(policy, f"{owner}.allow_importers[{index}]", _matches_no_module(glob))
    for duplicates_index, duplicates in enumerate(policy.duplicates):
        for index, glob in enumerate(duplicates.within):
            key = f"duplicates[{duplicates_index}].within[{index}]"
            if not tree.matched(glob):
                yield problem_at(policy, key, _matches_no_module(glob))
            elif _only_a_package(glob, tree) and not any(
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


def _only_a_package(glob: ModuleGlob, tree: _Tree) -> bool:
    """``within = ["acme"]``: a package, whose modules the rule then leaves out (module globs match exactly).

    Not said when another entry takes in the package's modules (``["acme", "acme.**"]``).
    """
    return glob.is_literal and tree.has_submodules(glob.pattern)
