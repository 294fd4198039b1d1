"""One file → what ``ssot discover`` keeps of it (``domain/module_facts.py``), and that kept as the cache stores it.

The file is parsed as the check parses it (``parsing.syntax_tree``, then ``parse_tree``
for its imports and module-level definitions only). Its definition sites are the
definition rules' with no policy (``place_definitions`` with ``same_name``); its bindings
are those definitions and its import bindings; its first-party ``from M import n`` are
counted wherever they stand, as SOT030 counts them.

The cache is untrusted input (``application/analysis/cache_section.py``): ``stored_facts`` rebuilds a
stored value through a strict check of its shape, so whatever it accepts, discover can use.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from importlinter_ssot.application.analysis.parsing import parse_tree, syntax_tree
from importlinter_ssot.application.analysis.syntax import is_star_import
from importlinter_ssot.domain.globs import is_within
from importlinter_ssot.domain.module_facts import BINDING_KINDS, SITE_KINDS, BindingRow, ModuleFacts, SiteFact
from importlinter_ssot.domain.name_origins import Kind
from importlinter_ssot.domain.rules.definition_sites import place_definitions, same_name, sites
from importlinter_ssot.domain.rules.fact_shape import POSITION, STR, fixed, leaf, many, one_of, optional, record
from importlinter_ssot.domain.source import (
    Definition,
    ImportBinding,
    ParsedSource,
    ParseFailure,
    Position,
    SourceFile,
    from_imports,
    resolve_from_module,
    resolve_relative,
)

# What a file gives discover: its facts, or why it cannot be read, decoded or parsed.
FileFacts = ModuleFacts | ParseFailure


def file_facts(data: bytes, source: SourceFile, root_packages: Sequence[str]) -> FileFacts:
    """The facts of a file with these bytes, as module ``source.module``.

    The cycle collector is paused by the caller, ``discover``, around the whole scan (a syntax
    tree holds no reference cycle: the collector would only slow building it, ~13 %); forked
    workers start with it paused too.
    """
    found = syntax_tree(data)
    if isinstance(found, ParseFailure):
        return found
    tree, text = found
    parsed = parse_tree(tree, text, references=False)
    return _facts(parsed, tree, source, tuple(root_packages))


def _facts(parsed: ParsedSource, tree: ast.Module, source: SourceFile, root_packages: tuple[str, ...]) -> ModuleFacts:
    placed = place_definitions(parsed, same_name)
    lines: dict[int, list[int]] = {}
    for entry in placed:
        lines.setdefault(entry.site, []).append(entry.definition.position.line)
    site_facts = tuple(
        SiteFact(site.definition.name, site.definition.position.line, site.definition.position.column, site.kind, ())
        for site in sites(placed)
    )
    # ``sites`` gives one per site in the order their first definitions come in ``placed``, as ``lines`` holds them.
    site_facts = tuple(
        fact._replace(lines=tuple(site_lines)) for fact, site_lines in zip(site_facts, lines.values(), strict=True)
    )
    imports: list[tuple[str, str]] = []
    for module, statement in from_imports(parsed.imports, source):
        if any(is_within(module, root) for root in root_packages):
            imports.extend((module, name.name) for name in statement.names)
    rows = [_definition_row(definition) for definition in parsed.definitions]
    rows += [_import_row(binding, source) for binding in parsed.import_bindings]
    top_level_stars = {node.lineno for node in tree.body if is_star_import(node)}
    rows += [
        BindingRow(
            "*",
            Kind.STAR.value,
            statement.position.line,
            resolve_from_module(statement, source) or "",
            always=statement.position.line in top_level_stars,
        )
        for statement in parsed.imports
        if statement.is_star
    ]
    bindings = tuple(sorted((row for row in rows if row is not None), key=lambda row: row.line))
    bases = tuple((definition.position.line, definition.bases) for definition in parsed.definitions if definition.bases)
    return ModuleFacts(site_facts, tuple(imports), bindings, _literal_all(tree), bases)


def _definition_row(definition: Definition) -> BindingRow | None:
    always = not definition.branches
    line = definition.position.line
    value = definition.value
    if value is None:
        return BindingRow(definition.name, Kind.DEFINITION.value, line, what=definition.kind, always=always)
    if value.kind == "none":
        return None  # a placeholder binds no object
    if value.kind in ("name", "attribute"):
        return BindingRow(definition.name, Kind.ALIAS.value, line, path=value.dotted, always=always)
    return BindingRow(definition.name, Kind.DEFINITION.value, line, what="assignment", always=always)


def _import_row(imported: ImportBinding, source: SourceFile) -> BindingRow:
    binding = imported.binding
    line = imported.position.line
    always = not imported.branches
    if binding.name is None:  # ``import a.b`` binds ``a``; ``import a.b as m``, ``a.b``
        return BindingRow(imported.name, Kind.MODULE.value, line, binding.module or "", always=always)
    target = resolve_relative(binding.module, binding.level, source) or ""
    return BindingRow(imported.name, Kind.FROM.value, line, target, binding.name, always=always)


def _literal_all(tree: ast.Module) -> tuple[str, ...] | None:
    """The strings of ``__all__ = [...]``/``(...)`` at the top level (the last such); None when there is none."""
    found: tuple[str, ...] | None = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            value = node.value
            items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else None
            strings = [
                item.value for item in items or () if isinstance(item, ast.Constant) and isinstance(item.value, str)
            ]
            if items is None or len(strings) != len(items):
                return None
            found = tuple(strings)
    return found


# -- as the cache stores them -------------------------------------------------------------------


_BOOL = leaf(bool)
_SITE = record(SiteFact, STR, POSITION, POSITION, one_of(SITE_KINDS), many(POSITION))
_ROW = record(BindingRow, STR, one_of(BINDING_KINDS), POSITION, STR, STR, one_of(("", *SITE_KINDS)), _BOOL)
_FACTS = record(
    ModuleFacts, many(_SITE), many(fixed(STR, STR)), many(_ROW), optional(many(STR)), many(fixed(POSITION, many(STR)))
)
_FAILURE = record(ParseFailure, STR, record(Position, POSITION, POSITION))


def storable_facts(facts: FileFacts) -> object:
    """What the cache stores of a file's facts (JSON-ready): ``["facts", …]`` or ``["failure", …]``."""
    return ["failure", facts] if isinstance(facts, ParseFailure) else ["facts", facts]


def stored_facts(stored: object) -> FileFacts:
    """A file's facts as the cache stored them, checked and rebuilt; ValueError if malformed."""
    if type(stored) is not list or len(stored) != 2:
        raise ValueError("not discover facts")
    tag, value = stored
    if tag == "facts":
        facts = _FACTS.convert(value)
        if any(not site.lines or site.lines[0] != site.line for site in facts.sites):
            raise ValueError("a site whose lines do not start at it")
        return facts
    if tag == "failure":
        return _FAILURE.convert(value)
    raise ValueError("not discover facts")
