"""Where each flagged name of a file's import statements goes: the decisions of ``--fix``, no text yet.

A symbol imported from a deprecated or non-canonical path (SOT001-SOT003) goes to the
symbol's first canonical module; the other names of a ``from M import ...`` flagged by a
module rule with a replacement (SOT010-SOT012) go to the replacement, only when every name
of the statement can leave ``M``. A name goes to a module only if that module provides it
(defines or imports it at module level; an alias it lacks is imported as the main name
``as`` the alias), and never to a package containing the importer (an import cycle). A
symbol's name does not leave a module that defines its own object under that name (a
``class``/``def`` other than the symbol's ``defined_in``, which SOT020 reports): the file
would get another object. More generally, a name moves only when both paths are proven to
give the same object (name_origins), where the import runs: at run time, or for type
checkers only when it is under ``if TYPE_CHECKING:``. An import whose path is the point (a
probe, a warning test: ``ImportSite.guard``) never moves. A split statement's parts are
ordered so that each name's later binding still runs last, or it is not split.
A name the same block already imported from the same place just before is dropped, not
imported twice. Everything else keeps its place, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.fix_reasons import MODULE_RULES, SYMBOL_RULES, NotFixed, Reason, Refusal, refusal
from importlinter_ssot.domain.name_origins import Failure, ModuleBindings, NameOrigins, Resolved, Unproven
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.source import Position, SourceFile, resolve_relative


class ProjectFacts(NamedTuple):
    """What planning needs besides the file: other modules' bindings, where symbols live, which object is which."""

    names: Callable[[str], ModuleBindings | None]  # module → its bindings; None: no file of the project that parses
    origins: Mapping[str, frozenset[str]]  # a symbol's main name → its ``defined_in`` module(s)
    objects: NameOrigins  # which object ``from M import N`` gives


class SiteName(NamedTuple):
    """One name of an import statement as written: ``name [as asname]``."""

    name: str
    asname: str | None
    position: Position  # of the name, as findings locate it
    start: int  # character offsets of ``name [as asname]`` in the file's text
    end: int

    @property
    def bound(self) -> str:
        """The name the statement binds in its scope."""
        return self.asname or (self.name if "." not in self.name else self.name.partition(".")[0])


class ImportSite(NamedTuple):
    """An import statement of a file, located to the character."""

    position: Position  # of the ``import``/``from`` keyword, as findings locate it
    start: int  # character offsets of the statement in the file's text (its parentheses included)
    end: int
    names: tuple[SiteName, ...]
    module: str | None  # ``from`` imports: as written, without the leading dots
    level: int
    is_from: bool
    block: int  # statements of one block (a body, an ``else``, a handler) share it
    place: int  # the statement's index in its block
    type_checking: bool = False  # under ``if TYPE_CHECKING:``: it runs only for type checkers
    guard: Refusal | None = None  # why it is never rewritten: its path is the point (a probe, a warning test)

    @property
    def is_star(self) -> bool:
        """Whether this is ``from M import *``."""
        return self.is_from and len(self.names) == 1 and self.names[0].name == "*"


class Move(NamedTuple):
    """Where one name of a statement is imported from once fixed."""

    module: str | None  # absolute; None: from where it is now
    imported: str  # the name imported: the written one, or the symbol's main name ``as`` the bound name
    drop: bool = False  # the block imports it from ``module`` just before: removed, not moved


Group = tuple[str | None, tuple[int, ...]]  # a module (None: where they are now) and the names imported from it


class SitePlan(NamedTuple):
    """A statement to rewrite: one move per name, in the statement's order."""

    site: ImportSite
    moves: tuple[Move, ...]
    # The statements it becomes, in the order they run: the first takes the statement's place.
    groups: tuple[Group, ...] = ()


class FilePlan(NamedTuple):
    """What fixing one file changes, and which of its findings that fixes or leaves."""

    sites: tuple[SitePlan, ...]  # only the statements that change, in source order
    fixed: tuple[Finding, ...]
    not_fixed: tuple[NotFixed, ...]


def plan_file(
    importer: SourceFile, sites: Sequence[ImportSite], findings: Sequence[Finding], facts: ProjectFacts
) -> FilePlan:
    """Decide every move for ``findings`` (the file's rewritable ones) over the file's import ``sites``."""
    located = _locate(sites, findings)
    moves: dict[int, list[Move]] = {}
    fixed: list[Finding] = []
    not_fixed = [item.why.given_to(item.finding) for item in located.refused]
    for index, site in enumerate(sites):
        symbol_findings = {
            j: located.symbols[(index, j)] for j in range(len(site.names)) if (index, j) in located.symbols
        }
        module_findings = located.modules.get(index, [])
        if not symbol_findings and not module_findings:
            continue
        if site.guard is not None:
            guarded = [finding for found in symbol_findings.values() for finding in found] + module_findings
            not_fixed.extend(site.guard.given_to(finding) for finding in guarded)
            continue
        outcome = _plan_site(importer, site, symbol_findings, module_findings, located.named_modules(index), facts)
        not_fixed.extend(outcome.not_fixed)
        if statement_order(site, outcome.moves) is None:
            not_fixed.extend(refusal(Reason.BINDING_ORDER).given_to(finding) for finding in outcome.fixed)
            continue
        fixed.extend(outcome.fixed)
        if any(move.module is not None for move in outcome.moves):
            moves[index] = outcome.moves
    _drop_repeats(importer, sites, moves)
    plans = tuple(
        SitePlan(sites[index], tuple(moves[index]), statement_order(sites[index], moves[index]) or ())
        for index in sorted(moves)
    )
    return FilePlan(plans, tuple(fixed), tuple(not_fixed))


def statement_order(site: ImportSite, moves: Sequence[Move]) -> tuple[Group, ...] | None:
    """The statements a split of ``site`` makes, ordered so that each name's last binding still runs last.

    ``from old import Manager, oldonly as Manager`` binds ``Manager`` to ``oldonly``: once
    ``Manager`` moves, the statement importing it must run before the one keeping ``oldonly``.
    The names that stay keep the statement's place unless such a binding must come after
    them; otherwise statements follow the order of their first name. None when no order
    keeps every later binding last (two names bound twice, each across the other's statements).
    """
    groups: dict[str | None, list[int]] = {}
    for j, move in enumerate(moves):
        if not move.drop:
            groups.setdefault(move.module, []).append(j)
    keys = sorted(groups, key=lambda key: (key is not None, groups[key][0]))
    last: dict[str, str | None] = {}  # bound name → the statement of its last binding
    for j, move in enumerate(moves):
        if not move.drop:
            last[site.names[j].bound] = move.module
    after: dict[str | None, set[str | None]] = {key: set() for key in keys}  # statement → those that must precede it
    for key, names in groups.items():
        for j in names:
            final = last[site.names[j].bound]
            if final != key:
                after[final].add(key)
    ordered: list[str | None] = []
    while len(ordered) < len(keys):
        ready = [key for key in keys if key not in ordered and after[key] <= set(ordered)]
        if not ready:
            return None
        ordered.append(ready[0])
    return tuple((key, tuple(groups[key])) for key in ordered)


class _Refused(NamedTuple):
    finding: Finding
    why: Refusal


class _Located(NamedTuple):
    symbols: dict[tuple[int, int], list[Finding]]  # (site, name) → symbol findings on that name
    modules: dict[int, list[Finding]]  # site → module findings on its ``M``
    named: set[tuple[int, int]]  # (site, name): names with a module finding of their own (a submodule)
    refused: list[_Refused]

    def named_modules(self, index: int) -> set[int]:
        return {name for site, name in self.named if site == index}


def imports_a_module(finding: Finding, at_from_keyword: bool) -> bool:
    """Whether ``finding`` says a statement binds a module itself, knowing only whether it sits on a ``from``.

    A module rule reports ``from M import ...`` at its ``from`` keyword, and a module bound by
    ``import M`` or ``from P import m`` at the name: those are never fixed (MODULE_IMPORT).
    """
    return finding.rule in MODULE_RULES and not at_from_keyword


def _locate(sites: Sequence[ImportSite], findings: Sequence[Finding]) -> _Located:
    """Each finding at its statement or name; those a fix never rewrites get their reason."""
    statements = {site.position: index for index, site in enumerate(sites)}
    names = {name.position: (index, j) for index, site in enumerate(sites) for j, name in enumerate(site.names)}
    located = _Located({}, {}, set(), [])
    for finding in findings:
        position = Position(finding.line, finding.column)
        if finding.rule in SYMBOL_RULES:
            if position in names:
                located.symbols.setdefault(names[position], []).append(finding)
            else:
                located.refused.append(_Refused(finding, refusal(Reason.CHANGED)))
        elif position in statements and sites[statements[position]].is_from:
            index = statements[position]
            if sites[index].is_star:
                located.refused.append(_Refused(finding, refusal(Reason.STAR_IMPORT)))
            else:
                located.modules.setdefault(index, []).append(finding)
        elif position in names:
            # On a name: `import M` or `from P import m` with `P.m` a module (never on the `from` keyword).
            located.named.add(names[position])
            located.refused.append(_Refused(finding, refusal(Reason.MODULE_IMPORT)))
        else:
            located.refused.append(_Refused(finding, refusal(Reason.CHANGED)))
    return located


class _SiteOutcome(NamedTuple):
    moves: list[Move]
    fixed: list[Finding]
    not_fixed: list[NotFixed]


def _plan_site(
    importer: SourceFile,
    site: ImportSite,
    symbol_findings: dict[int, list[Finding]],
    module_findings: list[Finding],
    named_modules: set[int],
    facts: ProjectFacts,
) -> _SiteOutcome:
    moves = [Move(None, name.name) for name in site.names]
    outcome = _SiteOutcome(moves, [], [])
    for j, found in symbol_findings.items():
        decided = _symbol_move(importer, site, site.names[j], found, facts)
        if isinstance(decided, Move):
            moves[j] = decided
            outcome.fixed.extend(found)
        else:
            outcome.not_fixed.extend(decided.given_to(finding) for finding in found)
    if module_findings:
        decided_moves = _module_moves(
            importer, site, moves, set(symbol_findings) | named_modules, module_findings, facts
        )
        if isinstance(decided_moves, list):
            moves[:] = decided_moves
            outcome.fixed.extend(module_findings)
        else:
            outcome.not_fixed.extend(decided_moves.given_to(finding) for finding in module_findings)
    return outcome


def _symbol_move(
    importer: SourceFile, site: ImportSite, name: SiteName, found: list[Finding], facts: ProjectFacts
) -> Move | Refusal:
    targets = sorted({finding.replacement or "" for finding in found})
    mains = {finding.symbol for finding in found}
    if len(targets) != 1 or not targets[0] or len(mains) != 1:
        return refusal(Reason.POLICIES_DISAGREE, modules=", ".join(f"`{target}`" for target in targets))
    main = mains.pop()
    here = resolve_relative(site.module, site.level, importer)
    if here is not None and main is not None and here not in facts.origins.get(main, frozenset()):
        known = facts.names(here)
        if known is not None and name.name in known.defined:
            return refusal(Reason.OWN_DEFINITION, name=name.name, module=here)
    return _destination(importer, site, targets[0], name, main, facts)


def _module_moves(
    importer: SourceFile,
    site: ImportSite,
    moves: list[Move],
    held: set[int],
    module_findings: list[Finding],
    facts: ProjectFacts,
) -> list[Move] | Refusal:
    """Every name still in ``M`` moved to the rules' replacement, or why the statement cannot leave ``M``."""
    replacements = sorted({finding.replacement for finding in module_findings if finding.replacement})
    if not replacements:
        return refusal(Reason.NO_REPLACEMENT)
    if len(replacements) > 1:
        return refusal(Reason.POLICIES_DISAGREE, modules=", ".join(f"`{module}`" for module in replacements))
    (replacement,) = replacements
    decided = list(moves)
    for j, name in enumerate(site.names):
        if decided[j].module is not None:
            continue  # moved by its symbol finding
        if j in held:
            return refusal(Reason.NAME_CANNOT_MOVE, name=name.name)
        move = _destination(importer, site, replacement, name, None, facts)
        if isinstance(move, Refusal):
            return move
        decided[j] = move
    return decided


def _destination(
    importer: SourceFile, site: ImportSite, target: str, name: SiteName, main: str | None, facts: ProjectFacts
) -> Move | Refusal:
    """``name`` imported from ``target``, if that is safe and proven to give the same object.

    ``target`` must provide it (or the symbol's ``main`` name, then imported ``as`` the name)
    where the import runs: at run time, or only for type checkers when the import is under
    ``if TYPE_CHECKING:``. The object the import gives now and the one it would give must
    lead to the same origin (name_origins); and what binds it on the way to the target, up
    to where both ways meet, must bind it whenever it runs: else the import could fail.
    """
    if importer.module == target or importer.module.startswith(target + "."):
        return refusal(Reason.IMPORT_CYCLE, module=target)
    if facts.names(target) is None:
        return refusal(Reason.NO_MODULE_FILE, module=target)
    checker = site.type_checking
    imported = name.name
    new = facts.objects.resolve(target, imported, checker=checker)
    if main is not None and main != imported and _missing_in(new, target, imported):
        instead = facts.objects.resolve(target, main, checker=checker)
        if not _missing_in(instead, target, main):
            new, imported = instead, main  # imported as ``main as <bound name>``: the file keeps its name
    here = resolve_relative(site.module, site.level, importer)
    old_name, new_name = f"{here}.{name.name}", f"{target}.{imported}"
    if isinstance(new, Unproven):
        if new.failure is Failure.NOT_BOUND and (new.module, new.name) == (target, imported):
            return refusal(Reason.NOT_AVAILABLE, name=name.name, module=target)
        if new.failure is Failure.TYPE_CHECKING_ONLY:
            return refusal(Reason.TYPE_CHECKING_ONLY, why=new.why)
        return refusal(Reason.UNPROVEN, old=old_name, new=new_name, why=new.why)
    old = facts.objects.resolve(here, name.name, checker=checker) if here is not None else None
    if not isinstance(old, Resolved):
        why = old.why if old is not None else f"`{site.module}` climbs above the root package"
        return refusal(Reason.UNPROVEN, old=old_name, new=new_name, why=why)
    if old.origin != new.origin:
        return refusal(Reason.OTHER_OBJECT, old=old_name, new=new_name, here=old.origin.shown, there=new.origin.shown)
    if not checker:
        met = {(module, bound) for module, bound, _ in old.hops}
        for module, bound, definite in new.hops:
            if (module, bound) in met:
                break
            if not definite:
                why = (
                    f"`{module}.{bound}` is bound only in conditional code (an `if`, a `try`, a loop): "
                    "where it is not, the import would fail"
                )
                return refusal(Reason.UNPROVEN, old=old_name, new=new_name, why=why)
    return Move(target, imported)


def _missing_in(found: Resolved | Unproven, module: str, name: str) -> bool:
    """Whether ``found`` says ``module`` itself lacks ``name`` where the import runs."""
    return (
        isinstance(found, Unproven)
        and found.failure in (Failure.NOT_BOUND, Failure.TYPE_CHECKING_ONLY)
        and (found.module, found.name) == (module, name)
    )


def _drop_repeats(importer: SourceFile, sites: Sequence[ImportSite], moves: dict[int, list[Move]]) -> None:
    """Drop a moved name that the same block imports, from the same module, in a statement just before.

    Only a run of import statements with nothing between them counts: any other statement
    could rebind the name, and then removing the later import would change what it means.
    """
    bound: dict[int, dict[str, tuple[str, str] | None]] = {}  # block → bound name → (module, imported)
    last_index: dict[int, int] = {}
    for index, site in enumerate(sites):
        if last_index.get(site.block, -2) != site.place - 1:
            bound[site.block] = {}  # another kind of statement came between
        last_index[site.block] = site.place
        seen = bound.setdefault(site.block, {})
        if not site.is_from:
            for name in site.names:
                seen[name.bound] = None
            continue
        if site.is_star:
            seen.clear()  # it may bind any name
            continue
        here = resolve_relative(site.module, site.level, importer)
        planned = moves.get(index)
        for j, name in enumerate(site.names):
            move = planned[j] if planned is not None else Move(None, name.name)
            source = move.module or here
            binding = (source, move.imported) if source is not None else None
            if (
                planned is not None
                and move.module is not None
                and binding is not None
                and seen.get(name.bound) == binding
            ):
                planned[j] = move._replace(drop=True)
            seen[name.bound] = binding
