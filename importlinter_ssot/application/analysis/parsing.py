"""Python source bytes → imports and definitions, without importing or executing anything."""

from __future__ import annotations

import ast
import bisect
import contextlib
import gc
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from typing import TypeVar

from importlinter_ssot.application.analysis.module_bindings import module_bindings
from importlinter_ssot.application.analysis.module_strings import module_strings
from importlinter_ssot.application.analysis.references import (
    attribute_uses,
    calls_of_interest,
    lines_with_words,
    spans_any,
    star_uses,
)
from importlinter_ssot.application.analysis.runtime_facts import runtime_facts, shim_declarations
from importlinter_ssot.application.analysis.syntax import statement_blocks
from importlinter_ssot.domain.shim_helper import helper_copy
from importlinter_ssot.domain.source import (
    LINE_BREAK,
    ImportedName,
    ImportStatement,
    ParsedSource,
    ParseFailure,
    Position,
    decode_source,
)

_T = TypeVar("_T")

# The interpreter's parser (3.11 and older) shares the recursion budget with its caller, so
# the same file could parse at one call depth (the serial runner) and fail at another (a
# worker process, flake8). A parse that runs out of budget is retried at the bottom of a
# fresh thread's stack, the shallowest place there is: that verdict is the same everywhere.


def _at_fixed_depth(function: Callable[[], _T]) -> _T:
    try:
        return function()
    except (RecursionError, MemoryError):
        pass
    values: list[_T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            values.append(function())
        except BaseException as error:  # noqa: BLE001 - handed back to the caller's thread
            errors.append(error)

    thread = threading.Thread(target=run, name="ssot-parse")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return values[0]


def parse_source(
    data: bytes,
    attribute_names: frozenset[str] = frozenset(),
    runtime: bool | None = None,
    *,
    references: bool = True,
) -> ParsedSource:
    """Imports, definitions and other references of a file's bytes, or why it cannot be decoded or parsed.

    ``attribute_names``: the names whose uses through a module binding (``mod.Name``) to
    look for (the governed names of the policies that need the file). ``runtime``: read
    the module's runtime facts (True: always — a deprecated module; None: when the file
    spells a warning word; False: never). ``references=False``: imports and definitions
    only (``ssot discover`` needs no more).
    """
    # The collector stays paused until the syntax tree is freed (when ``_parsed`` returns): resumed
    # while the tree lives, its first collection would walk every node of it for nothing.
    with no_cycle_collection():
        return _parsed(data, attribute_names, runtime, references)


def _parsed(data: bytes, attribute_names: frozenset[str], runtime: bool | None, references: bool) -> ParsedSource:
    found = syntax_tree(data)
    if isinstance(found, ParseFailure):
        return ParsedSource(failure=found)
    tree, text = found
    return parse_tree(tree, text, attribute_names, runtime=runtime, references=references)


def syntax_tree(data: bytes) -> tuple[ast.Module, str] | ParseFailure:
    """A file's bytes decoded as Python decodes source and parsed; or why they cannot be."""
    try:
        text = decode_source(data)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return _failure(f"cannot decode file: {error.reason} (byte {error.start})", line)
    except (SyntaxError, LookupError) as error:
        return _failure(f"cannot decode file: {error}", getattr(error, "lineno", None) or 1)
    try:
        with warnings.catch_warnings(), no_cycle_collection():
            # SyntaxWarnings (e.g. invalid escapes) are the checked code's business, not our output.
            warnings.simplefilter("ignore")
            tree = _at_fixed_depth(lambda: ast.parse(text))
    except SyntaxError as error:
        message = error.msg or "invalid syntax"
        return _failure(f"cannot parse file: {message}", error.lineno or 1, error.offset or 1)
    except ValueError as error:  # e.g. NUL bytes on Python < 3.12
        return _failure(f"cannot parse file: {error}", 1)
    except (RecursionError, MemoryError):
        return _failure("cannot parse file: too deeply nested for the interpreter's parser", 1)
    return tree, text


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused: a parse builds thousands of objects and no cycles.

    Each new container counts toward a collection, which then walks every live object:
    ~10 % of a parse's time, for nothing (AST nodes are freed by reference counting). Resume
    it only once the syntax tree is freed: its next collection would walk every node still alive.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_tree(
    tree: ast.Module,
    text: str,
    attribute_names: frozenset[str] = frozenset(),
    *,
    runtime: bool | None = False,
    references: bool = True,
) -> ParsedSource:
    """What the engine reads of an already parsed module (flake8 hands us its tree).

    ``runtime`` and ``references`` as for ``parse_source``; runtime facts are off by
    default: only whole-project rules need them.
    """
    columns = _ColumnMap(text)
    module_level = module_bindings(tree.body, columns.at)
    if not references:
        return ParsedSource(
            imports=tuple(_imports(tree, columns, text)),
            definitions=module_level.definitions,
            assigned=module_level.assigned,
            import_bindings=module_level.imports,
        )
    dynamic_imports, patch_targets = calls_of_interest(tree, text, columns.at)
    imports = tuple(_imports(tree, columns, text))
    # Star imports are legal at module level only; with one, a name nothing else binds comes from it.
    stars = [statement for statement in imports if statement.is_star]
    return ParsedSource(
        imports=imports,
        definitions=module_level.definitions,
        assigned=module_level.assigned,
        import_bindings=module_level.imports,
        attribute_uses=attribute_uses(tree, text, attribute_names, columns.name_ending_at, columns.at),
        dynamic_imports=dynamic_imports,
        patch_targets=patch_targets,
        runtime=None if runtime is False else runtime_facts(tree, text, forced=bool(runtime)),
        shims=shim_declarations(tree, text, columns.at),
        shim_helper=helper_copy(text),
        module_strings=module_strings(tree, text, columns.at),
        star_uses=star_uses(tree, text, attribute_names, stars[0], columns.at) if len(stars) == 1 else (),
    )


def _failure(message: str, line: int, column: int = 1) -> ParseFailure:
    return ParseFailure(message, Position(max(line, 1), max(column, 1)))


class _ColumnMap:
    """ast columns are UTF-8 byte offsets; users and editors count characters."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None if text.isascii() else LINE_BREAK.split(text)
        self._ascii_split: list[str] | None = None
        self._encoded: dict[int, bytes] = {}
        self._checkpoints: dict[int, list[tuple[int, int]]] = {}

    def position(self, node: ast.stmt | ast.alias) -> Position:
        return self.at(node.lineno, node.col_offset)

    def at(self, lineno: int, offset: int) -> Position:
        """The position of a UTF-8 byte ``offset`` in line ``lineno``."""
        column = offset
        if self._lines is not None and lineno <= len(self._lines):
            column = self._characters(lineno, offset)
        return Position(lineno, column + 1)

    def name_ending_at(self, lineno: int, end_offset: int) -> Position:
        """Where the identifier that ends at UTF-8 byte ``end_offset`` of line ``lineno`` starts."""
        if self._lines is None or lineno > len(self._lines):
            return self._name_start(self._text_line(lineno), end_offset, lineno)
        # Through the line's checkpoints, as `at` does: re-decoding the line up to each name
        # would be quadratic on a long line full of attribute uses.
        return self._name_start(self._lines[lineno - 1], self._characters(lineno, end_offset), lineno)

    @staticmethod
    def _name_start(line: str, end: int, lineno: int) -> Position:
        # Identifiers may be spelled in forms Python normalises (NFKC), so walk back over the
        # characters an identifier may hold rather than trusting the name's normalised length.
        start = end
        while start > 0 and ("a" + line[start - 1]).isidentifier():
            start -= 1
        return Position(lineno, start + 1)

    def _text_line(self, lineno: int) -> str:
        if self._ascii_split is None:
            self._ascii_split = LINE_BREAK.split(self._text)
        lines = self._ascii_split
        return lines[lineno - 1] if lineno <= len(lines) else ""

    def _characters(self, lineno: int, offset: int) -> int:
        encoded = self._encoded.get(lineno)
        if encoded is None:
            encoded = self._encoded[lineno] = self._lines[lineno - 1].encode("utf-8")  # type: ignore[index]
        points = self._checkpoints.setdefault(lineno, [(0, 0)])
        index = bisect.bisect_right(points, (offset, sys.maxsize)) - 1
        start, characters = points[index]
        characters += len(encoded[start:offset].decode("utf-8", errors="ignore"))
        bisect.insort(points, (offset, characters))
        return characters


# Import statements are on lines that spell the keyword; only statements spanning such lines are visited.
_IMPORT_KEYWORD = ("import",)


def _imports(tree: ast.Module, columns: _ColumnMap, text: str) -> list[ImportStatement]:
    # Imports are statements, so only statement lists need visiting (much cheaper than ast.walk).
    lines = sorted(lines_with_words(text, _IMPORT_KEYWORD))
    if not lines:
        return []
    statements: list[ImportStatement] = []
    pending: list[list[ast.stmt]] = [tree.body]
    while pending:
        for node in pending.pop():
            if not spans_any(lines, node.lineno, node.end_lineno or node.lineno):
                continue
            if isinstance(node, ast.Import):
                statements.append(
                    ImportStatement(
                        position=columns.position(node),
                        names=tuple(ImportedName(alias.name, columns.position(alias)) for alias in node.names),
                    )
                )
            elif isinstance(node, ast.ImportFrom):
                statements.append(
                    ImportStatement(
                        position=columns.position(node),
                        names=tuple(ImportedName(alias.name, columns.position(alias)) for alias in node.names),
                        module=node.module,
                        level=node.level or 0,
                        is_from=True,
                    )
                )
            else:
                # Any order: the statements are sorted by position below.
                pending.extend(statement_blocks(node))
    statements.sort(key=lambda statement: (statement.position.line, statement.position.column))
    return statements
