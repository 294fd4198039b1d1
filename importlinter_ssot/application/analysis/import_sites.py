"""Every import statement of a parsed file, located to the character: what a fix edits.

Statements are found in every block (functions, classes, ``if``/``try``/``with``/``match``
bodies), each with the block it belongs to and its place there, so that the fix keeps a
statement where it is and can tell which statements share a block; and with what the code
around it says (import_context): whether it runs only for type checkers, and whether its
path is the point — a probe in ``try: … except ImportError:``, or an import inside a block
that tests its warning. A function's body runs when it is called, not where it is
defined: a ``try`` or ``with`` around a ``def`` does not guard the imports inside it.
"""

from __future__ import annotations

import ast

from importlinter_ssot.application.analysis.import_context import (
    FileAliases,
    file_aliases,
    probe_handler,
    type_checking_test,
    warning_block,
)
from importlinter_ssot.application.analysis.references import lines_with_words, spans_any
from importlinter_ssot.application.analysis.syntax import labelled_blocks
from importlinter_ssot.application.analysis.text_lines import TextLines
from importlinter_ssot.domain.fix_plan import ImportSite, SiteName
from importlinter_ssot.domain.fix_reasons import Reason, Refusal, refusal
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.source import Position

_TRY = (ast.Try, getattr(ast, "TryStar", ast.Try))  # ``try``/``except*`` since Python 3.11


class _Context(NamedTuple):
    """What the code around a block says about the imports in it."""

    type_checking: bool  # runs only for a type checker
    guard: Refusal | None  # why an import here is never rewritten


class _Block(NamedTuple):
    statements: list[ast.stmt]
    parent: int  # the block holding ``owner``; -1 for the module
    owner: ast.stmt | None  # the compound statement this block belongs to
    part: str  # which of its blocks: "body", "orelse", "finalbody", "handler", "case"


def import_sites(tree: ast.Module, lines: TextLines) -> list[ImportSite]:
    """The import statements of ``tree`` (parsed from ``lines.text``), in source order."""
    # Only compound statements spanning a line that spells the keyword can hold an import.
    keyword_lines = sorted(lines_with_words(lines.text, ("import",)))
    blocks = [_Block(tree.body, -1, None, "body")]
    found: list[tuple[ast.Import | ast.ImportFrom, int, int]] = []
    block = 0
    while block < len(blocks):
        for index, node in enumerate(blocks[block].statements):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.append((node, block, index))
            elif spans_any(keyword_lines, node.lineno, node.end_lineno or node.lineno):
                blocks.extend(_Block(body, block, node, part) for part, body in labelled_blocks(node))
        block += 1
    aliases = file_aliases(node for node, _, _ in found)
    contexts: list[_Context] = []
    for entry in blocks:  # a block's parent comes before it
        outer = contexts[entry.parent] if entry.parent >= 0 else _Context(False, None)
        contexts.append(_inner(outer, entry, aliases))
    sites = [_site(node, lines, block, index, contexts[block]) for node, block, index in found]
    sites.sort(key=lambda site: site.start)
    return sites


def _inner(outer: _Context, block: _Block, aliases: FileAliases) -> _Context:
    """The context of ``block``, inside ``outer``."""
    owner = block.owner
    if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return outer._replace(guard=None)  # runs when called, outside the blocks around the def
    if isinstance(owner, ast.If) and block.part in ("body", "orelse"):
        checking = type_checking_test(owner.test, aliases)
        if checking is not None:
            return outer._replace(type_checking=checking if block.part == "body" else not checking)
    if isinstance(owner, _TRY) and block.part in ("body", "handler"):
        handler = probe_handler(owner)
        if handler is not None:
            return outer._replace(guard=refusal(Reason.PROBE, handler=handler))
    if isinstance(owner, (ast.With, ast.AsyncWith)):
        tested = warning_block(owner, aliases)
        if tested is not None:
            return outer._replace(guard=refusal(Reason.TESTS_THE_OLD_PATH, block=tested))
    return outer


def _site(node: ast.Import | ast.ImportFrom, lines: TextLines, block: int, index: int, context: _Context) -> ImportSite:
    start = lines.offset(node.lineno, node.col_offset)
    end = lines.offset(node.end_lineno or node.lineno, node.end_col_offset or 0)
    names = tuple(_name(alias, lines) for alias in node.names)
    position = lines.position(start)
    if isinstance(node, ast.ImportFrom):
        module, level, is_from = node.module, node.level or 0, True
    else:
        module, level, is_from = None, 0, False
    return ImportSite(
        position, start, end, names, module, level, is_from, block, index, context.type_checking, context.guard
    )


def _name(alias: ast.alias, lines: TextLines) -> SiteName:
    start = lines.offset(alias.lineno, alias.col_offset)
    end = lines.offset(alias.end_lineno or alias.lineno, alias.end_col_offset or 0)
    position: Position = lines.position(start)
    return SiteName(alias.name, alias.asname, position, start, end)
