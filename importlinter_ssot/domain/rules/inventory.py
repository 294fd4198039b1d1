"""What a report needs of each file beyond its findings: no rule of its own, a fact per file.

`ssot report` shows where a migration stands — where each governed name is defined, every
reference to it and through which module, who still imports each deprecated or forbidden
module — and that includes what no finding shows: definitions in ``defined_in``, imports
through canonical paths, and importers the policy exempts. The fact is collected with the
findings, by the same functions that decide them, so it is cached with them and a report
costs no more than a check.

The fact of a file, None when it has nothing, else an ``InventoryFact`` (definitions, references, module_hits, bound):

- ``definitions``: ``(symbol, defined name, line, column)`` per definition site of a governed name
  (``definition_sites.py``: aliases are none, alternative branches and overloads are one site);
- ``references``: ``(symbol, form, module, name, line, column, exempt, condition)`` per
  reference to a governed name through a first-party module — ``form`` is ``import``
  (``from module import name``), ``attribute`` (``x.name`` with ``x`` bound to ``module``,
  ``getattr``), ``patch`` (a patch target ``"module.name"``, ``patch.object``), ``dynamic``
  (through a dynamically imported module), ``string`` (a string annotation) or ``star`` (a
  name taken from ``from module import *``), the forms of findings.Reference; ``exempt`` is 1 when the importer is
  exempt for the symbol, else 0; ``condition`` is the module that must exist for an
  attribute use to be one (``from p import m`` binds a module only if ``p.m`` is one), else "";
- ``module_hits``: ``(rule index, covered target, form, line, column, exempt)`` per
  ``[[module]]`` rule hit (``form``: ``import``, ``dynamic`` or ``patch``), exempt ones included;
- ``bound``: the governed names the file binds without a ``class``/``def`` — by a module-level
  assignment, or imported from a module outside the root packages (an object from outside the
  tree) — sorted: with the definitions, which governed names exist at all (a policy warning).

A reference or hit is at the same position as the finding it draws, if any.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.checks import Needles, ProjectCheck
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.definition_sites import place_definitions, policy_equivalents, sites
from importlinter_ssot.domain.rules.fact_shape import FLAG, POSITION, STR, Shape, below, many, one_of, record
from importlinter_ssot.domain.rules.module_imports import file_module_hits, module_name_literals
from importlinter_ssot.domain.rules.symbol_paths import attribute_use_module, governed_names
from importlinter_ssot.domain.source import ParsedSource, Position, SourceFile, from_imports, resolve_relative


class GovernedDefinition(NamedTuple):
    """A definition site of a governed name."""

    symbol: str  # the symbol's name
    name: str  # the name defined (the symbol's name or an alias)
    line: int
    column: int


class SymbolReference(NamedTuple):
    """A reference to a governed name through a first-party module."""

    symbol: str
    form: str  # a findings.Reference value
    module: str
    name: str
    line: int
    column: int
    exempt: int  # 1 when the importer is exempt for the symbol, else 0
    condition: str  # the module that must exist for an attribute use to be one; "" when none


class RuleHit(NamedTuple):
    """A ``[[module]]`` rule's hit, exempt ones included."""

    rule_index: int
    covered: str  # the covered target
    form: str  # import, dynamic or patch
    line: int
    column: int
    exempt: int  # 1 or 0


class InventoryFact(NamedTuple):
    """What a report needs of one file (the module docstring says what each part holds)."""

    definitions: tuple[GovernedDefinition, ...]
    references: tuple[SymbolReference, ...]
    module_hits: tuple[RuleHit, ...]
    bound: tuple[str, ...]


def _collect(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> InventoryFact | None:
    symbols = context.symbols_by_name
    placed = place_definitions(parsed, policy_equivalents(symbols), symbols.__contains__)
    definitions = tuple(
        GovernedDefinition(symbols[first.name].name, first.name, first.position.line, first.position.column)
        for first, _ in sites(placed)
    )
    references = tuple(_references(context, source, parsed)) if symbols else ()
    hits = tuple(
        RuleHit(
            hit.rule_index, hit.covered, form, hit.imported.position.line, hit.imported.position.column, int(hit.exempt)
        )
        for hit, form, _ in file_module_hits(context, source, parsed)
    )
    bound = tuple(
        sorted({name for name in parsed.assigned if name in symbols} | _imported_from_outside(context, source, parsed))
    )
    if definitions or references or hits or bound:
        return InventoryFact(definitions, references, hits, bound)
    return None


def _imported_from_outside(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> set[str]:
    """Governed names imported from a module outside the root packages (``from requests import Session``)."""
    found: set[str] = set()
    for module, statement in from_imports(parsed.imports, source):
        if not context.policy.is_first_party(module):
            found.update(name.name for name in statement.names if name.name in context.symbols_by_name)
    return found


def _references(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> Iterator[SymbolReference]:
    def reference(
        form: str, module: str, name: str, position: Position, condition: str | None = None
    ) -> SymbolReference | None:
        symbol = context.symbols_by_name.get(name)
        if symbol is None or not context.policy.is_first_party(module):
            return None
        exempt = int(symbol.is_exempt_importer(source.module))
        return SymbolReference(symbol.name, form, module, name, position.line, position.column, exempt, condition or "")

    found: list[SymbolReference | None] = []
    for module, statement in from_imports(parsed.imports, source):
        found.extend(reference("import", module, name.name, name.position) for name in statement.names)
    for use in parsed.attribute_uses:
        target = attribute_use_module(source, use)
        if target is not None:
            found.append(reference(use.form, target[0], use.name, use.position, target[1]))
    for patch in parsed.patch_targets:
        module, _, name = patch.target.rpartition(".")
        found.append(reference("patch", module, name, patch.position))
    for star in parsed.star_uses:
        star_module = resolve_relative(star.module, star.level, source)
        if star_module is not None:
            found.append(reference("star", star_module, star.name, star.position))
    yield from (item for item in found if item is not None)


def _decide(context: RuleContext, facts: Sequence[tuple[SourceFile, InventoryFact]]) -> Iterator[Finding]:
    return iter(())  # facts for reports only: no rule is decided here


def _needles(policy: Policy) -> Needles:
    """A fact needs a governed name (definitions, references) or a module rule's literal (module hits)."""
    names = governed_names(policy)
    modules = module_name_literals(policy)
    return None if names is None or modules is None else names | modules


def _shape(policy: Policy) -> Shape[InventoryFact]:
    """``_collect``'s fact: its symbols are the policy's, its rule indices those of its ``[[module]]`` rules."""
    symbol = one_of([symbol.name for symbol in policy.symbols])
    definitions = many(record(GovernedDefinition, symbol, STR, POSITION, POSITION))
    references = many(record(SymbolReference, symbol, STR, STR, STR, POSITION, POSITION, FLAG, STR))
    hits = many(record(RuleHit, below(len(policy.modules)), STR, STR, POSITION, POSITION, FLAG))
    bound = many(one_of([name for symbol in policy.symbols for name in symbol.names]))
    return record(InventoryFact, definitions, references, hits, bound)


CHECK: ProjectCheck[InventoryFact] = ProjectCheck(
    rules=(), needles=_needles, collect=_collect, decide=_decide, shape=_shape
)
