"""Who refers to each old path of a policy, from every file's path-usage fact: what *removable* is decided on.

A reference keeps an old path alive when it lands inside the path and comes from outside the
path's own package (which goes with it). Every file counts, whatever ``PATHS`` a report is
limited to: a module used anywhere in the project cannot be deleted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from importlinter_ssot.application.report.report_model import Importer, PathUsers
from importlinter_ssot.domain.globs import ancestors_and_self, is_within
from importlinter_ssot.domain.policy import ModuleRule, Policy
from importlinter_ssot.domain.rules.path_usage import PathUsageFact
from importlinter_ssot.domain.source import SourceFile

# How many referring files a report lists by name for each path (the count says how many more).
FIRST_FEW = 5

_Reference = tuple[int, int, str, str]  # line, column, form, name


class PathUsage:
    """The references to each old path of one policy, gathered file by file."""

    def __init__(self, policy: Policy, is_module: Callable[[str], bool]) -> None:
        self._paths = frozenset(path.module for symbol in policy.symbols for path in symbol.deprecated)
        self._rules = policy.modules
        self._is_module = is_module
        self._by_path: dict[str, dict[str, list[_Reference]]] = {}
        self._by_rule: list[dict[str, list[_Reference]]] = [{} for _ in policy.modules]
        self._covering: dict[str, tuple[tuple[str, ...], tuple[tuple[int, str], ...]]] = {}
        # The modules that must stay whatever refers to them: every symbol's canonical ones and defined_in.
        self._kept = sorted({module for symbol in policy.symbols for module in (symbol.defined_in, *symbol.canonical)})

    def add(self, source: SourceFile, fact: PathUsageFact) -> None:
        """One file's path-usage fact."""
        for module, form, line, column, name, condition in fact:
            if condition and not self._is_module(condition):
                continue  # `from p import m` where p.m is no module: `m.Name` refers to no module
            reference = (line, column, form, name)
            paths, targets = self._covering.get(module) or self._cover(module)
            for path in paths:
                if not is_within(source.module, path):
                    self._by_path.setdefault(path, {}).setdefault(source.path, []).append(reference)
            for index, target in targets:
                if not is_within(source.module, target):
                    self._by_rule[index].setdefault(source.path, []).append(reference)

    def _cover(self, module: str) -> tuple[tuple[str, ...], tuple[tuple[int, str], ...]]:
        """The old paths ``module`` lies in, and each rule's target it lies in (modules repeat: kept)."""
        paths = tuple(prefix for prefix in ancestors_and_self(module) if prefix in self._paths)
        targets = tuple(
            (index, target) for index, rule in enumerate(self._rules) if (target := rule.target_of(module)) is not None
        )
        self._covering[module] = (paths, targets)
        return paths, targets

    def of_path(self, module: str) -> tuple[PathUsers, tuple[str, ...]]:
        """Who refers to a symbol's deprecated ``module``, and the kept modules it is or contains."""
        kept = tuple(kept for kept in self._kept if is_within(kept, module))
        return _users(self._by_path.get(module, {})), kept

    def of_rule(self, index: int, rule: ModuleRule) -> tuple[PathUsers, tuple[str, ...]]:
        """Who refers to a ``[[module]]`` rule's targets, and the kept modules it covers."""
        kept = tuple(kept for kept in self._kept if rule.target_of(kept) is not None)
        return _users(self._by_rule[index]), kept


def _users(files: dict[str, list[_Reference]]) -> PathUsers:
    forms: Counter[str] = Counter()
    first: list[Importer] = []
    references = 0
    for path in sorted(files):
        found = sorted(files[path])
        # One reference per line and form: `from pkg import a, b` refers to pkg once.
        distinct = {(line, form) for line, _, form, _ in found}
        references += len(distinct)
        forms.update(form for _, form in distinct)
        if len(first) < FIRST_FEW:
            line, column, form, name = found[0]
            first.append(Importer(path, line, column, form, name))
    ordered = tuple(sorted(forms.items(), key=lambda item: (-item[1], item[0])))
    return PathUsers(len(files), references, ordered, tuple(first))
