"""What `ssot report` shows: where a migration stands, per policy and governed symbol. Pure values.

Paths are as the engine holds them (absolute) when built by ``build_report``, and as a
reader sees them (relative) when loaded back from a JSON report; renderers only display them.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from importlinter_ssot.domain.problems import PolicyProblem

# The status of an import pattern (a distinct ``from M import n``), from the findings it draws:
CANONICAL = "canonical"  # M is canonical
DEPRECATED = "deprecated"  # M is deprecated and not expired: SOT001
EXPIRED = "expired"  # M is deprecated and expired: SOT003
NON_CANONICAL = "non-canonical"  # any other first-party M: SOT002
EXEMPT = "exempt"  # not canonical, and every importer is exempt (the plumbing, allow_importers)
STATUSES = (CANONICAL, DEPRECATED, EXPIRED, NON_CANONICAL, EXEMPT)


class DefinitionSite(NamedTuple):
    """Where a name is defined (a module-level class or def)."""

    path: str
    module: str
    line: int
    column: int
    name: str
    is_defined_in: bool = False  # the symbol's ``defined_in`` (for governed names)


class ImportPattern(NamedTuple):
    """One distinct ``from module import name`` of a symbol (the SOT030 pattern), and its uses."""

    module: str
    name: str
    status: str  # one of STATUSES
    uses: int
    exempt: int  # uses by exempt importers
    left: int  # uses still to migrate: each one a finding
    until: datetime.date | None = None  # a deprecated path's ``until``

    @property
    def text(self) -> str:
        """``from module import name``: the pattern as SOT030 spells it."""
        return f"from {self.module} import {self.name}"


class Importer(NamedTuple):
    """A reference that keeps a path alive: an import, an attribute use, a dynamic import or a patch target."""

    path: str
    line: int
    column: int
    form: str  # import | attribute | patch | dynamic
    name: str  # the imported name, or the module imported


class FlaggedReference(NamedTuple):
    """An attribute use or patch target of a symbol through a path that is not canonical (a finding)."""

    path: str
    line: int
    column: int
    form: str  # attribute | patch
    module: str
    name: str
    code: str


class DeprecatedPathReport(NamedTuple):
    """A symbol's deprecated path: who still uses it, and whether it can go."""

    module: str
    until: datetime.date | None
    expired: bool
    message: str | None
    importers: tuple[Importer, ...]  # left: outside ``allow_importers`` and the path's own package
    exempt: int  # references by importers inside the path's own package or ``allow_importers``

    @property
    def removable(self) -> bool:
        """No importer is left outside ``allow_importers`` and the path's own package."""
        return not self.importers


class SymbolReport(NamedTuple):
    """A governed symbol: its definitions, import patterns and deprecated paths."""

    name: str
    aliases: tuple[str, ...]
    defined_in: str
    canonical: tuple[str, ...]
    definitions: tuple[DefinitionSite, ...]
    patterns: tuple[ImportPattern, ...]  # most used first
    budget: int | None  # max_import_patterns
    references: tuple[FlaggedReference, ...]
    deprecated: tuple[DeprecatedPathReport, ...]

    @property
    def canonical_imports(self) -> int:
        """Imports through a canonical path."""
        return sum(pattern.uses for pattern in self.patterns if pattern.status == CANONICAL)

    @property
    def imports_left(self) -> int:
        """Imports through other paths by importers that are not exempt: what is left to migrate."""
        return sum(pattern.left for pattern in self.patterns)

    @property
    def progress(self) -> float | None:
        """Share of imports already canonical, in percent (exempt importers of other paths not counted)."""
        total = self.canonical_imports + self.imports_left
        return round(100 * self.canonical_imports / total, 1) if total else None


class ModuleRuleReport(NamedTuple):
    """A ``[[module]]`` rule: who still imports its target, and whether it can go."""

    name: str
    status: str  # deprecated | forbidden
    until: datetime.date | None
    expired: bool
    replacement: str | None
    importers: tuple[Importer, ...]  # left: each one a finding
    exempt: int  # imports by the target's own modules or ``allow_importers``

    @property
    def removable(self) -> bool:
        """No importer is left outside ``allow_importers`` and the target's own package."""
        return not self.importers


class DuplicateName(NamedTuple):
    """A name defined in two or more files."""

    name: str
    sites: tuple[DefinitionSite, ...]


class DuplicatesReport(NamedTuple):
    """A ``[[duplicates]]`` rule and the names it finds duplicated."""

    pattern: str
    within: tuple[str, ...]
    names: tuple[DuplicateName, ...]


class Totals(NamedTuple):
    """Findings per code, and how many files they touch."""

    findings: tuple[tuple[str, int], ...]  # (code, count), by code
    errors: int
    warnings: int
    files_touched: int  # files with at least one finding
    files_checked: int


class PolicyReport(NamedTuple):
    """One policy's report."""

    name: str
    path: str
    symbols: tuple[SymbolReport, ...]
    modules: tuple[ModuleRuleReport, ...]
    duplicates: tuple[DuplicatesReport, ...]
    totals: Totals


class Report(NamedTuple):
    """Every policy's report and the totals over all of them (a finding two policies share counts once)."""

    today: datetime.date
    policies: tuple[PolicyReport, ...]
    totals: Totals
    # Suspicious but applicable policy content (as in `ssot check`): shown on stderr, not in the report itself.
    warnings: tuple[PolicyProblem, ...] = ()
