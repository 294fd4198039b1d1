"""Every import statement of a parsed file, located to the character: what a fix edits.

Statements are found in every block (functions, classes, ``if``/``try``/``with``/``match``
bodies), each with the block it belongs to and its place there, so that the fix keeps a
statement where it is and can tell which statements share a block.
"""

from __future__ import annotations

import ast

from importlinter_ssot.application.references import lines_with_words, spans_any
from importlinter_ssot.application.text_lines import TextLines
from importlinter_ssot.domain.fix_plan import ImportSite, SiteName
from importlinter_ssot.domain.source import Position


def import_sites(tree: ast.Module, lines: TextLines) -> list[ImportSite]:
    """The import statements of ``tree`` (parsed from ``lines.text``), in source order."""
    # Only compound statements spanning a line that spells the keyword can hold an import.
    keyword_lines = sorted(lines_with_words(lines.text, ("import",)))
    sites: list[ImportSite] = []
    blocks: list[list[ast.stmt]] = [tree.body]
    block = 0
    while block < len(blocks):
        for index, node in enumerate(blocks[block]):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                sites.append(_site(node, lines, block, index))
            elif spans_any(keyword_lines, node.lineno, node.end_lineno or node.lineno):
                blocks.extend(statement_blocks(node))
        block += 1
    sites.sort(key=lambda site: site.start)
    return sites


def _site(node: ast.Import | ast.ImportFrom, lines: TextLines, block: int, index: int) -> ImportSite:
    start = lines.offset(node.lineno, node.col_offset)
    end = lines.offset(node.end_lineno or node.lineno, node.end_col_offset or 0)
    names = tuple(_name(alias, lines) for alias in node.names)
    position = lines.position(start)
    if isinstance(node, ast.ImportFrom):
        return ImportSite(position, start, end, names, node.module, node.level or 0, True, block, index)
    return ImportSite(position, start, end, names, None, 0, False, block, index)


def _name(alias: ast.alias, lines: TextLines) -> SiteName:
    start = lines.offset(alias.lineno, alias.col_offset)
    end = lines.offset(alias.end_lineno or alias.lineno, alias.end_col_offset or 0)
    position: Position = lines.position(start)
    return SiteName(alias.name, alias.asname, position, start, end)


def statement_blocks(node: ast.stmt) -> list[list[ast.stmt]]:
    """The statement lists nested in ``node``: bodies, ``else``/``finally``, handlers, cases."""
    found: list[list[ast.stmt]] = []
    for field in ("body", "orelse", "finalbody"):
        value = getattr(node, field, None)
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            found.append(value)
    for handler in getattr(node, "handlers", ()):
        found.append(handler.body)
    for case in getattr(node, "cases", ()):
        found.append(case.body)
    return found
