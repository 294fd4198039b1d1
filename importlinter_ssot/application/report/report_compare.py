"""What changed between two reports (`ssot report --compare PREVIOUS.json`): a weekly update in numbers.

Policies match by name, symbols by name within their policy, module rules by name and
duplicates rules by pattern. A ``before`` of None means new since the previous report, an
``after`` of None gone from this one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TypeVar

from importlinter_ssot.application.report.report_model import OldPath, PolicyReport, Report
from importlinter_ssot.domain.records import NamedTuple

_T = TypeVar("_T")


class Delta(NamedTuple):
    """A number before and after (None: absent on that side)."""

    before: float | int | None
    after: float | int | None

    @property
    def changed(self) -> bool:
        """Whether the two sides differ."""
        return self.before != self.after


class SymbolChange(NamedTuple):
    """A governed symbol, before and after."""

    policy: str
    name: str
    patterns: Delta  # distinct import patterns
    progress: Delta  # percent of imports already canonical
    imports_left: Delta
    definitions: Delta
    references_left: Delta  # every form: what progress counts
    now_removable: tuple[str, ...]  # deprecated paths not removable before and removable now
    no_longer_removable: tuple[str, ...]

    @property
    def before_missing(self) -> bool:
        """New since the previous report."""
        return self.patterns.before is None

    @property
    def after_missing(self) -> bool:
        """Gone from the policy since the previous report."""
        return self.patterns.after is None


class ModuleChange(NamedTuple):
    """A ``[[module]]`` rule, before and after."""

    policy: str
    name: str
    importers: Delta
    now_removable: bool
    no_longer_removable: bool


class DuplicatesChange(NamedTuple):
    """A ``[[duplicates]]`` rule, before and after."""

    policy: str
    pattern: str
    names: Delta
    resolved: tuple[str, ...]  # names no longer duplicated
    new: tuple[str, ...]  # names duplicated since


class ReportChanges(NamedTuple):
    """Everything that changed since a previous report."""

    previous_today: datetime.date
    findings: tuple[tuple[str, Delta], ...]  # per code, every code on either side
    errors: Delta
    warnings: Delta
    files_touched: Delta
    symbols: tuple[SymbolChange, ...]
    modules: tuple[ModuleChange, ...]
    duplicates: tuple[DuplicatesChange, ...]
    # When each report was judged and written: the reader of a comparison must know which two it is.
    previous_generated: datetime.datetime | None = None
    current_today: datetime.date | None = None
    current_generated: datetime.datetime | None = None


def compare_reports(previous: Report, current: Report) -> ReportChanges:
    """The changes from ``previous`` to ``current``."""
    before_codes, after_codes = dict(previous.totals.findings), dict(current.totals.findings)
    codes = sorted(set(before_codes) | set(after_codes))
    symbols: list[SymbolChange] = []
    modules: list[ModuleChange] = []
    duplicates: list[DuplicatesChange] = []
    for name, (old, new) in _pair(previous.policies, current.policies, lambda policy: policy.name):
        _compare_policy(name, old, new, symbols, modules, duplicates)
    return ReportChanges(
        previous_today=previous.today,
        findings=tuple((code, Delta(before_codes.get(code, 0), after_codes.get(code, 0))) for code in codes),
        errors=Delta(previous.totals.errors, current.totals.errors),
        warnings=Delta(previous.totals.warnings, current.totals.warnings),
        files_touched=Delta(previous.totals.files_touched, current.totals.files_touched),
        symbols=tuple(symbols),
        modules=tuple(modules),
        duplicates=tuple(duplicates),
        previous_generated=previous.generated,
        current_today=current.today,
        current_generated=current.generated,
    )


def _compare_policy(
    policy: str,
    old: PolicyReport | None,
    new: PolicyReport | None,
    symbols: list[SymbolChange],
    modules: list[ModuleChange],
    duplicates: list[DuplicatesChange],
) -> None:
    for name, (before, after) in _pair(old.symbols if old else (), new.symbols if new else (), lambda s: s.name):
        paths = _pair(before.deprecated if before else (), after.deprecated if after else (), lambda path: path.module)
        flips = [(module, _removability(path_before, path_after)) for module, (path_before, path_after) in paths]
        symbols.append(
            SymbolChange(
                policy=policy,
                name=name,
                patterns=_delta(before, after, lambda symbol: len(symbol.patterns)),
                progress=_delta(before, after, lambda symbol: symbol.progress),
                imports_left=_delta(before, after, lambda symbol: symbol.imports_left),
                definitions=_delta(before, after, lambda symbol: len(symbol.definitions)),
                references_left=_delta(before, after, lambda symbol: symbol.references_left),
                now_removable=tuple(sorted(module for module, (now, _) in flips if now)),
                no_longer_removable=tuple(sorted(module for module, (_, no_longer) in flips if no_longer)),
            )
        )
    for name, (rule_before, rule_after) in _pair(
        old.modules if old else (), new.modules if new else (), lambda rule: rule.name
    ):
        now_removable, no_longer_removable = _removability(rule_before, rule_after)
        modules.append(
            ModuleChange(
                policy=policy,
                name=name,
                importers=_delta(rule_before, rule_after, lambda rule: len(rule.importers)),
                now_removable=now_removable,
                no_longer_removable=no_longer_removable,
            )
        )
    old_duplicates = old.duplicates if old else ()
    new_duplicates = new.duplicates if new else ()
    for pattern, (dup_before, dup_after) in _pair(old_duplicates, new_duplicates, lambda rule: rule.pattern):
        names_before = {item.name for item in dup_before.names} if dup_before else set()
        names_after = {item.name for item in dup_after.names} if dup_after else set()
        duplicates.append(
            DuplicatesChange(
                policy=policy,
                pattern=pattern,
                names=Delta(len(names_before) if dup_before else None, len(names_after) if dup_after else None),
                resolved=tuple(sorted(names_before - names_after)) if dup_after else (),
                new=tuple(sorted(names_after - names_before)) if dup_before else (),
            )
        )


def _delta(before: _T | None, after: _T | None, measure: Callable[[_T], float | int | None]) -> Delta:
    """``measure`` of each side that is there."""
    return Delta(None if before is None else measure(before), None if after is None else measure(after))


def _removability(before: OldPath | None, after: OldPath | None) -> tuple[bool, bool]:
    """Whether an old path on both sides became removable, and whether it stopped being so."""
    if before is None or after is None:
        return False, False
    return after.removable and not before.removable, before.removable and not after.removable


def _pair(
    before: Iterable[_T], after: Iterable[_T], key: Callable[[_T], str]
) -> list[tuple[str, tuple[_T | None, _T | None]]]:
    """Items of both sides matched by ``key``: this report's order first, then those gone."""
    old = {key(item): item for item in before}
    new = {key(item): item for item in after}
    names = list(new) + [name for name in old if name not in new]
    return [(name, (old.get(name), new.get(name))) for name in names]
