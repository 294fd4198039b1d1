"""What `ssot report` shows: where a migration stands, per policy and governed symbol. Pure values.

Paths are as the engine holds them (absolute) when built by ``build_report``, and as a
reader sees them (relative) when loaded back from a JSON report; renderers only display them.
"""

from __future__ import annotations

import datetime

from importlinter_ssot.domain.findings import Reference
from importlinter_ssot.domain.problems import PolicyProblem
from importlinter_ssot.domain.records import NamedTuple

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
    form: str  # import | attribute | patch | dynamic | string | star
    name: str  # the imported name, or the module imported


class FlaggedReference(NamedTuple):
    """A reference to a symbol that is no import statement, through a path that is not canonical (a finding)."""

    path: str
    line: int
    column: int
    form: str  # attribute | patch | dynamic | string | star
    module: str
    name: str
    code: str


class PathUsers(NamedTuple):
    """Who still refers to an old path, in any way the engine sees, from outside the path's own package."""

    files: int  # files referring to it
    references: int  # their references (one per line and form of a file)
    forms: tuple[tuple[str, int], ...]  # references per form (import, attribute, …), most first
    first: tuple[Importer, ...]  # the first few files, by path, each with its first reference


def is_removable(users: PathUsers | None, kept_by: tuple[str, ...], importers: tuple[Importer, ...]) -> bool:
    """Nothing outside its own package refers to the path, and it is, or holds, no canonical or ``defined_in`` module.

    ``users`` is None in a report read back from schema 1, which judged it by the importers left alone.
    """
    if users is None:
        return not importers
    return not kept_by and not users.files


class DeprecatedPathReport(NamedTuple):
    """A symbol's deprecated path: who still uses it, and whether it can go."""

    module: str
    until: datetime.date | None
    expired: bool
    message: str | None
    importers: tuple[Importer, ...]  # left: outside ``allow_importers`` and the path's own package
    exempt: int  # references by importers inside the path's own package or ``allow_importers``
    users: PathUsers | None = None  # None: read from a report that did not count them (schema 1)
    kept_by: tuple[str, ...] = ()  # canonical / defined_in modules it is or contains: it stays

    @property
    def removable(self) -> bool:
        """Unused: see ``is_removable``."""
        return is_removable(self.users, self.kept_by, self.importers)

    @property
    def subject(self) -> str:
        """The old path's module (``OldPath``: what a deprecated path and a module rule both name)."""
        return self.module


# The forms of reference to a governed name, in the order reports list them.
FORMS = tuple(reference.value for reference in Reference)


class FormCount(NamedTuple):
    """A symbol's references of one form: through a canonical path, and left to migrate (each one a finding)."""

    form: str  # one of FORMS
    canonical: int
    left: int


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
    forms: tuple[FormCount, ...] = ()  # every reference, per form (imports included), in FORMS order

    @property
    def canonical_imports(self) -> int:
        """Imports through a canonical path."""
        return sum(pattern.uses for pattern in self.patterns if pattern.status == CANONICAL)

    @property
    def imports_left(self) -> int:
        """Imports through other paths by importers that are not exempt: what is left to migrate."""
        return sum(pattern.left for pattern in self.patterns)

    @property
    def canonical_references(self) -> int:
        """References of every form through a canonical path."""
        return sum(count.canonical for count in self.forms)

    @property
    def references_left(self) -> int:
        """References of every form still to migrate: imports, attribute uses, patch targets, … (one finding each)."""
        return sum(count.left for count in self.forms)

    @property
    def progress(self) -> float | None:
        """Share of references already canonical, in percent (exempt importers of other paths not counted).

        Every form counts: an import, an attribute use, a patch target, a dynamic import, a string or
        a star import left on a deprecated path keeps the migration from being done.
        """
        total = self.canonical_references + self.references_left
        return round(100 * self.canonical_references / total, 1) if total else None


class ModuleRuleReport(NamedTuple):
    """A ``[[module]]`` rule: who still imports its target, and whether it can go."""

    name: str
    status: str  # deprecated | forbidden
    until: datetime.date | None
    expired: bool
    replacement: str | None
    importers: tuple[Importer, ...]  # left: each one a finding
    exempt: int  # imports by the target's own modules or ``allow_importers``
    users: PathUsers | None = None  # None: read from a report that did not count them (schema 1)
    kept_by: tuple[str, ...] = ()  # canonical / defined_in modules it covers: it stays

    @property
    def removable(self) -> bool:
        """Unused: see ``is_removable``."""
        return is_removable(self.users, self.kept_by, self.importers)

    @property
    def subject(self) -> str:
        """The rule's target module (``OldPath``: what a deprecated path and a module rule both name)."""
        return self.name


# A path on its way out, a symbol's deprecated path or a ``[[module]]`` rule's target: who still
# refers to it and whether it can go are the same facts of both, reported, compared and shown alike.
OldPath = DeprecatedPathReport | ModuleRuleReport


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
    # When it was written (UTC, to the second); None in a report of an older version that did not say.
    generated: datetime.datetime | None = None
