"""References to modules that are not import statements: attribute uses, dynamic imports, patch targets.

- An *attribute use* ``x.s1.….sk.N``: ``x`` is a name that Python resolves (function,
  lambda, class and comprehension scopes, ``global``/``nonlocal``, exactly as the
  compiler's symbol table says) to a scope where every binding of ``x`` is an import
  statement binding a module (or ``x = import_module("M")``). Only attribute nodes whose
  ``N`` is one of the names asked for are looked at, and the symbol table is built only for
  files that have such nodes. The same chain naming ``N`` in a string — ``getattr(x, "N")``,
  ``patch.object(x, "N")``, a string annotation — or starting from a dynamic import call.
- A *dynamic import*: ``importlib.import_module("M")``, ``import_module("M")`` (or an alias
  the file's imports give it) or ``__import__("M")`` with a string literal not starting with ``.``.
- A *patch target*: the first positional argument, a string literal with a dot, of a call
  (or decorator) whose callee's last name is ``patch``, or whose callee is an attribute
  named ``setattr`` (``monkeypatch.setattr("a.b.C", value)``).
- A *star use*: a name asked for that the module reads and binds by no statement but its
  one star import.

The walks are iterative: hostile files nest deeper than the interpreter's recursion limit.
"""

from __future__ import annotations

# Imports inside functions here are deferred because an editor's flake8 run checks one file, which
# seldom needs them (measured: symtable and unicodedata, 2.2 M instructions, 0.3 % of that run).
import ast
import bisect
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from importlinter_ssot.application.analysis.annotation_strings import (
    annotation_strings,
    chains_in_string,
    content_offset,
    is_cast,
)
from importlinter_ssot.application.analysis.dynamic_imports import WRITTEN_CALLEES, DynamicCallees, dynamic_callees
from importlinter_ssot.application.analysis.syntax import bound_modules, dotted, is_star_import, statement_blocks
from importlinter_ssot.domain.source import (
    LINE_BREAK,
    AttributeUse,
    DynamicImport,
    ImportStatement,
    ModuleBinding,
    PatchTarget,
    Position,
    StarUse,
)

if TYPE_CHECKING:  # imported where used: most files have no attribute use to resolve (editors run one file)
    import symtable

# Walking a file's expressions costs more than parsing it, so only the statements on lines
# whose text could hold a reference are walked (a necessary condition, never sufficient).
_PATCH_CALLS = ("patch", "setattr")

_COMPREHENSION_SCOPES: dict[type[ast.AST], str] = {
    ast.ListComp: "listcomp",
    ast.SetComp: "setcomp",
    ast.DictComp: "dictcomp",
    ast.GeneratorExp: "genexpr",
}


def file_dynamic_callees(tree: ast.Module, text: str) -> DynamicCallees:
    """The callees that import a module in this file, its own aliases of ``import_module`` included."""
    if "importlib" not in text:
        return WRITTEN_CALLEES
    return dynamic_callees(nodes_of_statements_on(tree, lines_with_words(text, ("importlib",))))


def calls_of_interest(
    tree: ast.Module, text: str, position_of: Callable[[int, int], Position]
) -> tuple[tuple[DynamicImport, ...], tuple[PatchTarget, ...]]:
    """Dynamic imports and patch targets of a module (``position_of(line, utf8_offset)`` locates them)."""
    callees = file_dynamic_callees(tree, text)
    lines = lines_with_words(text, (*_PATCH_CALLS, *callees.words), call=True)
    if not lines:
        return (), ()
    dynamic: list[DynamicImport] = []
    patches: list[PatchTarget] = []
    for node in nodes_of_statements_on(tree, lines):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        position = position_of(first.lineno, first.col_offset)
        module = callees.imported_module(node)
        if module is not None:
            dynamic.append(DynamicImport(module, position))
        elif "." in first.value and _is_patch_callee(node.func):
            patches.append(PatchTarget(first.value, position))
    dynamic.sort(key=lambda found: found.position)
    patches.sort(key=lambda found: found.position)
    return tuple(dynamic), tuple(patches)


def _is_patch_callee(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id == "patch"
    if isinstance(func, ast.Attribute):
        return func.attr in ("patch", "setattr")
    return False


def _walk(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node below ``tree``, iteratively (ast.walk keeps a queue; this keeps memory flat)."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(ast.iter_child_nodes(node))


def lines_with_words(text: str, words: tuple[str, ...], *, call: bool = False) -> set[int]:
    """Lines where one of ``words`` stands as a whole word (with ``call``: not followed by anything but a ``(``).

    Fast string search, then a look at the neighbours: a superset of where such a keyword
    or call can be (what follows on a later line — a continuation, a comment — counts).
    """
    found: set[int] = set()
    for word in words:
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            whole = (start == 0 or not _is_name_character(text[start - 1])) and (
                end == len(text) or not _is_name_character(text[end])
            )
            if whole and (not call or _call_follows(text, end)):
                found.update(_lines_spanning(text, start, end))
            start = text.find(word, end)
    return found


def _call_follows(text: str, end: int) -> bool:
    while end < len(text) and text[end] in " \t\\":
        end += 1
    return end == len(text) or text[end] in "(#\r\n"


def spans_any(sorted_lines: list[int], first: int, last: int) -> bool:
    """Whether one of ``sorted_lines`` lies in ``first``..``last``."""
    index = bisect.bisect_left(sorted_lines, first)
    return index < len(sorted_lines) and sorted_lines[index] <= last


def nodes_of_statements_on(tree: ast.Module, lines: set[int]) -> Iterator[ast.AST]:
    """Every node of the statements whose own lines include one of ``lines``.

    Compound statements are opened: their headers (decorators, conditions, bases, …) are
    walked when they span a wanted line, their bodies statement by statement.
    """
    wanted = sorted(lines)
    pending: list[ast.stmt] = list(reversed(tree.body))
    while pending:
        statement = pending.pop()
        if not spans_any(wanted, _first_line(statement), statement.end_lineno or statement.lineno):
            continue
        blocks = statement_blocks(statement)
        if not blocks:
            yield from _walk(statement)
            continue
        yield statement
        for child in ast.iter_child_nodes(statement):
            if not isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)):
                yield from _walk(child)
            elif isinstance(child, (ast.excepthandler, ast.match_case)):
                yield child
                for part in ast.iter_child_nodes(child):
                    if not isinstance(part, ast.stmt):
                        yield from _walk(part)
        for block in reversed(blocks):
            pending.extend(reversed(block))


def _first_line(statement: ast.stmt) -> int:
    decorators: Iterable[ast.expr] = getattr(statement, "decorator_list", ())
    return min([statement.lineno, *(decorator.lineno for decorator in decorators)])


# -- attribute uses ----------------------------------------------------------------------------------


def attribute_uses(
    tree: ast.Module,
    text: str,
    names: frozenset[str],
    position_of_name_ending: Callable[[int, int], Position],
    position_of: Callable[[int, int], Position] | None = None,
) -> tuple[AttributeUse, ...]:
    """Every ``x.s1.….sk.N`` with ``N`` in ``names`` whose ``x`` refers to a module; also ``N`` named in a string.

    ``position_of_name_ending(line, utf8_end_offset)`` locates the attribute name that ends
    there, ``position_of(line, utf8_offset)`` a string literal (``getattr(x, "N")``). Returns
    () when the scopes of the file cannot be matched with the compiler's symbol table (a
    construct newer than this code knows): no guess is ever reported.
    """
    if not names:
        return ()
    # Identifiers may be spelled in forms Python normalises (NFKC); normalising never adds or
    # removes a line break, so the lines found in the normalised text are the file's lines.
    if text.isascii():
        searched = text
    else:
        import unicodedata

        searched = unicodedata.normalize("NFKC", text)
    lines = _lines_with_attribute_names(searched, names) | lines_with_words(text, _NAMING_CALLS, call=True)
    if not lines:
        return ()
    finder = _ChainFinder(tree, text, names, position_of_name_ending, position_of or position_of_name_ending)
    candidates = finder.chains(lines)
    if not candidates:
        return ()
    found: list[tuple[_Chain, tuple[ModuleBinding, ...]]] = [
        (chain, (ModuleBinding(chain.module, None, 0, True),)) for chain in candidates if chain.module
    ]
    named = [chain for chain in candidates if not chain.module]
    if named:
        resolved = _resolve(tree, text, named, finder.dynamic_assignments())
        if resolved is None:
            return ()
        found += resolved
    uses: list[AttributeUse] = []
    for chain, bindings in found:
        if bindings:
            form = chain.form
            if form == "attribute" and any(binding.dynamic for binding in bindings):
                form = "dynamic"
            uses.append(AttributeUse(bindings, chain.path, chain.name, chain.locate(), chain.via, form, chain.text))
    uses.sort(key=lambda use: (use.position.line, use.position.column))
    return tuple(uses)


def _resolve(
    tree: ast.Module, text: str, chains: list[_Chain], dynamic: dict[int, tuple[str, str]]
) -> list[tuple[_Chain, tuple[ModuleBinding, ...]]] | None:
    """Each chain's module bindings of its first name, as the compiler scopes it; None when the scopes do not match."""
    import symtable

    try:
        table = symtable.symtable(text, "<checked>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    bases = {chain.base for chain in chains}
    try:
        if any(name in bases for name, _ in dynamic.values()):
            # A name bound by `x = import_module("M")`: the table sees an assignment; the walk tells them apart.
            raise _ScopeMismatch("dynamic import bindings")
        # The symbol table says how every name of every scope is bound; only the candidates'
        # statements and the import statements are walked, to tie them to its scopes.
        resolver = _TableResolver(table, tree, text, bases)
        return [(chain, resolver.module_bindings(chain.scope, chain.base)) for chain in chains]
    except _ScopeMismatch:
        # Two lambdas or comprehensions on one line of one scope make the statement-level keys
        # ambiguous: then the whole file is walked beside the table.
        try:
            walker = _ScopeWalker(tree, table, {id(chain.anchor) for chain in chains}, dynamic)
        except (_ScopeMismatch, RecursionError, MemoryError):
            return None
        return [(chain, walker.module_bindings_at(chain.anchor, chain.base)) for chain in chains]


# -- names a star import brings -------------------------------------------------------------------


def star_uses(
    tree: ast.Module,
    text: str,
    names: frozenset[str],
    star: ImportStatement,
    position_of: Callable[[int, int], Position],
) -> tuple[StarUse, ...]:
    """Each of ``names`` the module uses (read, in any scope) and no statement but its one star import binds.

    ``star`` is the file's only star import: with one, a module-level name nothing else binds
    can only come from it. Returns () when the scopes cannot be matched with the symbol table.
    """
    if not names:
        return ()
    searched = text
    if not text.isascii():
        import unicodedata

        searched = unicodedata.normalize("NFKC", text)
    lines = lines_with_words(searched, tuple(sorted(names)))
    if not lines:
        return ()
    candidates: list[tuple[ast.Name, tuple[ScopeKey, ...]]] = []
    for statement, scope in _statements_with_scopes(tree, sorted(lines)):
        for node, node_scope in _expressions_with_scopes(statement, scope):
            if isinstance(node, ast.Name) and node.id in names and isinstance(node.ctx, ast.Load):
                candidates.append((node, node_scope))
    if not candidates:
        return ()
    import symtable

    try:
        table = symtable.symtable(text, "<checked>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    try:
        resolver = _TableResolver(table, tree, text, {node.id for node, _ in candidates})
        used = [node for node, scope in candidates if resolver.binds_nowhere(scope, node.id)]
    except _ScopeMismatch:
        try:
            walker = _ScopeWalker(tree, table, {id(node) for node, _ in candidates})
        except (_ScopeMismatch, RecursionError, MemoryError):
            return ()
        used = [node for node, _ in candidates if walker.binds_nowhere_at(node, node.id)]
    first: dict[str, Position] = {}
    for node in used:
        position = position_of(node.lineno, node.col_offset)
        if node.id not in first or position < first[node.id]:
            first[node.id] = position
    at = star.names[0].position
    found = (StarUse(name, star.module, star.level, at, position) for name, position in first.items())
    return tuple(sorted(found, key=lambda use: (use.used, use.name)))


ScopeKey = tuple[str, int]  # how the symbol table names a child scope: (name, first line)

# Calls that name an attribute in a string: getattr(x, "N"), mock.patch.object(x, "N"), monkeypatch.setattr(x, "N", v).
_NAMING_CALLS = ("getattr", "object", "setattr")


class _Chain:
    """A candidate use of ``name`` through ``base.s1.….sk`` (or through the module a dynamic import returns)."""

    __slots__ = ("anchor", "base", "form", "locate", "module", "name", "path", "scope", "text", "via")

    def __init__(
        self,
        *,
        name: str,
        base: str,
        anchor: ast.AST,
        path: tuple[str, ...],
        scope: tuple[ScopeKey, ...],
        locate: Callable[[], Position],
        form: str = "attribute",
        module: str = "",
        via: str = "",
        text: str = "",
    ) -> None:
        self.name = name  # N
        self.base = base  # the innermost name, as the compiler reads it ("" when ``module`` is set)
        self.anchor = anchor  # a node of the tree evaluated in the scope ``base`` is looked up from
        self.path = path  # the plain attributes between them
        self.scope = scope  # the scopes, from the module's down, the innermost name is evaluated in
        self.locate = locate  # where the use is reported
        self.form = form
        self.module = module  # the module a dynamic import call returns, at the chain's start
        self.via = via or base
        self.text = text  # the string a ``string`` use is spelled in


class _ChainFinder:
    """A file's candidate chains: attribute nodes, calls naming an attribute in a string, annotation strings."""

    def __init__(
        self,
        tree: ast.Module,
        text: str,
        names: frozenset[str],
        position_of_name_ending: Callable[[int, int], Position],
        position_of: Callable[[int, int], Position],
    ) -> None:
        self._tree = tree
        self._text = text
        self._names = names
        self._name_ending = position_of_name_ending
        self._at = position_of
        self._callees: DynamicCallees | None = None
        self._lines: list[str] | None = None

    @property
    def callees(self) -> DynamicCallees:
        if self._callees is None:
            self._callees = file_dynamic_callees(self._tree, self._text)
        return self._callees

    def chains(self, lines: set[int] | None) -> list[_Chain]:
        """Candidates on the statements spanning ``lines`` (all of them when None), with their scopes."""
        chains: list[_Chain] = []
        wanted = None if lines is None else sorted(lines)
        for statement, scope in _statements_with_scopes(self._tree):
            if wanted is not None and not spans_any(
                wanted, _first_line(statement), statement.end_lineno or statement.lineno
            ):
                continue
            for annotation in _statement_annotations(statement):
                for constant in annotation_strings(annotation):
                    chains.extend(self._in_string(constant, scope))
            for node, node_scope in _expressions_with_scopes(statement, scope):
                if isinstance(node, ast.Attribute) and node.attr in self._names:
                    chain = self._attribute(node, node_scope)
                    if chain is not None:
                        chains.append(chain)
                elif isinstance(node, ast.Call):
                    chains.extend(self._call(node, node_scope))
        return chains

    def dynamic_assignments(self) -> dict[int, tuple[str, str]]:
        """``x = import_module("M")`` statements: id of the statement → (x, the module it binds)."""
        callees = self.callees
        lines = lines_with_words(self._text, callees.words, call=True)
        found: dict[int, tuple[str, str]] = {}
        for node in nodes_of_statements_on(self._tree, lines) if lines else ():
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call)
            ):
                module = callees.returned_module(node.value)
                if module is not None:
                    found[id(node)] = (node.targets[0].id, module)
        return found

    def _attribute(self, node: ast.Attribute, scope: tuple[ScopeKey, ...]) -> _Chain | None:
        start = _chain_start(node.value)
        if start is None:
            return None
        base, path = start

        def locate() -> Position:
            return self._name_ending(node.end_lineno or node.lineno, node.end_col_offset or 0)

        return self._chain(node.attr, base, path, scope, locate, "attribute")

    def _call(self, call: ast.Call, scope: tuple[ScopeKey, ...]) -> list[_Chain]:
        if is_cast(call):
            first = call.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                return self._in_string(first, scope)
            return []
        form = _naming_call_form(call)
        if form is None or len(call.args) < 2:
            return []
        named = call.args[1]
        if not (isinstance(named, ast.Constant) and isinstance(named.value, str) and named.value in self._names):
            return []
        if content_offset(named, self._line(named.lineno)) is None:
            return []  # not spelled as it is: see _in_string
        start = _chain_start(call.args[0])
        if start is None:
            return []
        base, path = start

        def locate() -> Position:
            return self._at(named.lineno, named.col_offset)

        chain = self._chain(named.value, base, path, scope, locate, form)
        return [] if chain is None else [chain]

    def _chain(
        self,
        name: str,
        base: ast.Name | ast.Call,
        path: tuple[str, ...],
        scope: tuple[ScopeKey, ...],
        locate: Callable[[], Position],
        form: str,
    ) -> _Chain | None:
        if isinstance(base, ast.Name):
            return _Chain(name=name, base=base.id, anchor=base, path=path, scope=scope, locate=locate, form=form)
        module = self.callees.returned_module(base)
        if module is None:
            return None
        literal = base.args[0]
        assert isinstance(literal, ast.Constant) and isinstance(literal.value, str)
        via = (dotted(base.func) or "") + f'("{literal.value}")'
        dynamic = "dynamic" if form == "attribute" else form
        return _Chain(
            name=name, base="", anchor=base, path=path, scope=scope, locate=locate, form=dynamic, module=module, via=via
        )

    def _in_string(self, constant: ast.Constant, scope: tuple[ScopeKey, ...]) -> list[_Chain]:
        value = constant.value
        assert isinstance(value, str)
        found = chains_in_string(value, self._names)
        if not found:
            return []
        offset = content_offset(constant, self._line(constant.lineno))
        if offset is None:
            # An escape, a concatenation or a line break: the names it holds need not be in the
            # file's text, so a file the relevance test skips could hold one. Judged only as written.
            return []
        chains = []
        for chain in found:

            def locate(end: int | None = chain.end) -> Position:
                return (
                    self._name_ending(constant.lineno, offset + end)
                    if end is not None
                    else self._at(constant.lineno, constant.col_offset)
                )

            chains.append(
                _Chain(
                    name=chain.name,
                    base=chain.base,
                    anchor=constant,
                    path=chain.path,
                    scope=scope,
                    locate=locate,
                    form="string",
                    text=value,
                )
            )
        return chains

    def _line(self, lineno: int) -> str:
        if self._lines is None:
            self._lines = LINE_BREAK.split(self._text)
        return self._lines[lineno - 1] if lineno <= len(self._lines) else ""


def _chain_start(value: ast.expr) -> tuple[ast.Name | ast.Call, tuple[str, ...]] | None:
    """``x.s1.….sk`` → (x, (s1, …, sk)), where ``x`` is a name or a call; None for anything else."""
    path: list[str] = []
    while isinstance(value, ast.Attribute):
        path.append(value.attr)
        value = value.value
    if isinstance(value, (ast.Name, ast.Call)):
        return value, tuple(reversed(path))
    return None


def _naming_call_form(call: ast.Call) -> str | None:
    """``getattr(x, "N")`` → attribute; ``patch.object(x, "N")`` or ``monkeypatch.setattr(x, "N", v)`` → patch."""
    func = call.func
    if isinstance(func, ast.Name):
        return "attribute" if func.id == "getattr" else None
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr == "setattr":
        first = call.args[0] if call.args else None
        return None if isinstance(first, ast.Constant) else "patch"
    if func.attr == "object":
        owner = func.value
        if (isinstance(owner, ast.Name) and owner.id == "patch") or (
            isinstance(owner, ast.Attribute) and owner.attr == "patch"
        ):
            return "patch"
    return None


def _statement_annotations(statement: ast.stmt) -> list[ast.expr]:
    """The annotations a statement holds itself: its parameters' and return's, or an annotated assignment's."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
        found = _annotations(statement.args)
        return [*found, statement.returns] if statement.returns is not None else found
    if isinstance(statement, ast.AnnAssign):
        return [statement.annotation]
    return []


def _lines_with_attribute_names(text: str, names: frozenset[str]) -> set[int]:
    """Lines where one of ``names`` may be written as an attribute: after a ``.``, or first on its line.

    A name first on its line may follow a dot on an earlier one (``x.\\`` or, in brackets,
    ``x.  # comment``), so such lines count too: a superset, found with fast string search.
    """
    found: set[int] = set()
    for name in names:
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            before = start - 1
            while before >= 0 and text[before] in " \t\\":
                before -= 1
            if (before < 0 or text[before] in ".\n\r") and not (end < len(text) and _is_name_character(text[end])):
                found.update(_lines_spanning(text, before if before >= 0 else start, end))
            start = text.find(name, end)
    return found


def _is_name_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def _lines_spanning(text: str, start: int, end: int) -> range:
    first = text.count("\n", 0, start) + 1 if "\r" not in text else _line_number(text, start)
    last = first + text.count("\n", start, end) if "\r" not in text else _line_number(text, end)
    return range(first, last + 1)


def _line_number(text: str, offset: int) -> int:
    return len(LINE_BREAK.findall(text, 0, offset)) + 1


def _statements_with_scopes(
    tree: ast.Module, wanted: list[int] | None = None
) -> Iterator[tuple[ast.stmt, tuple[ScopeKey, ...]]]:
    """Every statement (spanning one of the sorted ``wanted`` lines, if given) with the scopes it runs in.

    A def's or class's body runs in its own scope.
    """
    pending: list[tuple[ast.stmt, tuple[ScopeKey, ...]]] = [(statement, ()) for statement in reversed(tree.body)]
    while pending:
        statement, scope = pending.pop()
        if wanted is not None and not spans_any(
            wanted, _first_line(statement), statement.end_lineno or statement.lineno
        ):
            continue
        yield statement, scope
        inner = scope
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            inner = (*scope, (statement.name, statement.lineno))
        for block in reversed(statement_blocks(statement)):
            pending.extend((child, inner) for child in reversed(block))


def _expressions_with_scopes(
    statement: ast.stmt, scope: tuple[ScopeKey, ...]
) -> Iterator[tuple[ast.AST, tuple[ScopeKey, ...]]]:
    """The statement's own expressions (not those of nested statements) with the scopes they run in."""
    pending: list[tuple[ast.AST, tuple[ScopeKey, ...]]] = [
        (child, scope) for child in ast.iter_child_nodes(statement) if not isinstance(child, ast.stmt)
    ]
    while pending:
        node, node_scope = pending.pop()
        if isinstance(node, (ast.excepthandler, ast.match_case)):
            pending.extend(
                (child, node_scope) for child in ast.iter_child_nodes(node) if not isinstance(child, ast.stmt)
            )
            continue
        yield node, node_scope
        if isinstance(node, ast.Lambda):
            inner = (*node_scope, ("lambda", node.lineno))
            pending.extend((default, node_scope) for default in node.args.defaults)
            pending.extend((default, node_scope) for default in node.args.kw_defaults if default is not None)
            pending.append((node.body, inner))
        elif type(node) in _COMPREHENSION_SCOPES:
            generators: list[ast.comprehension] = node.generators  # type: ignore[attr-defined]
            inner = (*node_scope, (_COMPREHENSION_SCOPES[type(node)], node.lineno))  # type: ignore[attr-defined]
            pending.append((generators[0].iter, node_scope))
            for child in ast.iter_child_nodes(node):
                if child is not generators[0]:
                    pending.append((child, inner))
            pending.append((generators[0].target, inner))
            pending.extend((condition, inner) for condition in generators[0].ifs)
        else:
            pending.extend((child, node_scope) for child in ast.iter_child_nodes(node))


def _import_bindings(tree: ast.Module, text: str) -> Iterator[tuple[tuple[ScopeKey, ...], str, ModuleBinding]]:
    """Each name an import statement binds, with the scopes the statement runs in."""
    for statement, scope in _statements_with_scopes(tree, sorted(lines_with_words(text, ("import",)))):
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            yield from ((scope, name, binding) for _, name, binding in bound_modules(statement))


class _TableResolver:
    """Which module bindings a name refers to, read off the compiler's symbol table.

    A name refers to a module when the scope it resolves to binds it by import statements
    only (the table flags any other binding: assignment, parameter, def/class, ``for``,
    ``with``, ``except``, ``del``, walrus, match capture, and — seen from the binding side —
    ``global``/``nonlocal`` assignments in other scopes), all of one module.
    """

    def __init__(self, top: symtable.SymbolTable, tree: ast.Module, text: str, names: set[str]) -> None:
        self._top = top
        self._parent: dict[int, symtable.SymbolTable | None] = {top.get_id(): None}
        self._other: set[tuple[int, str]] = set()
        self._imports: dict[tuple[int, str], list[ModuleBinding]] = {}
        self._star = any(map(is_star_import, tree.body)) or _has_nested_star(tree, text)
        pending = [top]
        while pending:
            table = pending.pop()
            for child in table.get_children():
                self._parent[child.get_id()] = table
                pending.append(child)
            for name in names:  # only the names the candidates start with
                try:
                    symbol = table.lookup(name)
                except KeyError:
                    continue
                if symbol.is_assigned() or symbol.is_parameter() or symbol.is_namespace():
                    self._other.add((self._binding_table(table, name).get_id(), name))
        for scope, name, binding in _import_bindings(tree, text):
            if name not in names:
                continue
            owner = self._binding_table(self._table_at(scope), name)
            self._imports.setdefault((owner.get_id(), name), []).append(binding)

    def module_bindings(self, scope: tuple[ScopeKey, ...], name: str) -> tuple[ModuleBinding, ...]:
        """The module bindings of ``name`` used in ``scope``, or () when it may be bound otherwise."""
        owner = self._binding_table(self._table_at(scope), name)
        if (owner.get_id() == self._top.get_id() and self._star) or (owner.get_id(), name) in self._other:
            return ()
        return tuple(self._imports.get((owner.get_id(), name), ()))

    def binds_nowhere(self, scope: tuple[ScopeKey, ...], name: str) -> bool:
        """Whether ``name`` used in ``scope`` is a module-level name no statement of the module binds."""
        owner = self._binding_table(self._table_at(scope), name)
        key = (owner.get_id(), name)
        return owner.get_id() == self._top.get_id() and key not in self._other and key not in self._imports

    def _table_at(self, scope: tuple[ScopeKey, ...]) -> symtable.SymbolTable:
        table = self._top
        for name, line in scope:
            matches = [
                child for child in table.get_children() if (child.get_name(), child.get_lineno()) == (name, line)
            ]
            if len(matches) != 1:
                raise _ScopeMismatch(name, line)  # none (a construct not modelled) or ambiguous
            table = matches[0]
        return table

    def _binding_table(self, table: symtable.SymbolTable, name: str) -> symtable.SymbolTable:
        """The scope a binding or use of ``name`` in ``table`` is about (the compiler's resolution)."""
        return _binding_scope(table, name, self._parent_of, _itself)

    def _parent_of(self, table: symtable.SymbolTable) -> symtable.SymbolTable | None:
        return self._parent[table.get_id()]


_Scoped = TypeVar("_Scoped")


def _binding_scope(
    scope: _Scoped,
    name: str,
    parent: Callable[[_Scoped], _Scoped | None],
    table: Callable[[_Scoped], symtable.SymbolTable],
) -> _Scoped:
    """The scope whose binding of ``name`` a use of it in ``scope`` refers to: the compiler's resolution.

    Written once for both views of a file's scopes: the symbol table's own tree
    (``_TableResolver``) and the scopes a walk of the AST meets (``_Scope``).
    """
    enclosing = parent(scope)
    if enclosing is None:
        return scope
    try:
        symbol = table(scope).lookup(name)
    except KeyError:
        return _outermost(scope, parent)
    if symbol.is_declared_global():
        return _outermost(scope, parent)
    if symbol.is_local():
        return scope
    if symbol.is_free() or symbol.is_nonlocal():
        outer: _Scoped | None = enclosing
        while outer is not None and parent(outer) is not None:
            if table(outer).get_type() == "function":  # class bodies do not enclose nested scopes
                try:
                    if table(outer).lookup(name).is_local():
                        return outer
                except KeyError:
                    pass
            outer = parent(outer)
    return _outermost(scope, parent)


def _outermost(scope: _Scoped, parent: Callable[[_Scoped], _Scoped | None]) -> _Scoped:
    """The module's scope, above ``scope``."""
    above = parent(scope)
    while above is not None:
        scope, above = above, parent(above)
    return scope


def _itself(table: symtable.SymbolTable) -> symtable.SymbolTable:
    return table


def _has_nested_star(tree: ast.Module, text: str) -> bool:
    """A star import below the module's top level (inside if/try): it may bind any module-level name."""
    if "*" not in text:
        return False
    return any(is_star_import(statement) for statement, scope in _statements_with_scopes(tree) if not scope)


class _ScopeMismatch(Exception):
    """The AST's scopes and the symbol table's do not line up: give up on the file."""


class _Scope:
    __slots__ = ("bindings", "children", "parent", "poisoned", "table")

    def __init__(self, table: symtable.SymbolTable, parent: _Scope | None) -> None:
        self.table = table
        self.parent = parent
        # Child tables in the compiler's order, by (name, line): matched as the walk meets them.
        self.children: dict[tuple[str, int], deque[symtable.SymbolTable]] = {}
        for child in table.get_children():
            self.children.setdefault((child.get_name(), child.get_lineno()), deque()).append(child)
        # name → every binding in this scope: a ModuleBinding, or None for any other kind.
        self.bindings: dict[str, list[ModuleBinding | None]] = {}
        self.poisoned = False  # a star import may bind any name here

    def child(self, name: str, line: int) -> _Scope:
        queue = self.children.get((name, line))
        if not queue:
            raise _ScopeMismatch(name, line)
        return _Scope(queue.popleft(), self)

    def resolve(self, name: str) -> _Scope:
        """The scope whose binding of ``name`` a use of it here refers to (the compiler's rules)."""
        return _binding_scope(self, name, _parent_scope, _table_of)


def _parent_scope(scope: _Scope) -> _Scope | None:
    return scope.parent


def _table_of(scope: _Scope) -> symtable.SymbolTable:
    return scope.table


class _ScopeWalker:
    """Walks the AST beside the symbol table: each binding and each wanted node gets its scope.

    ``dynamic`` (id of an assignment statement → (name, module)) says which assignments are
    ``x = import_module("M")``: they bind ``x`` to ``M`` as ``import M as x`` does.
    """

    def __init__(
        self,
        tree: ast.Module,
        table: symtable.SymbolTable,
        wanted: set[int],
        dynamic: dict[int, tuple[str, str]] | None = None,
    ) -> None:
        self._wanted = wanted
        self._dynamic = dynamic or {}
        self._bound_dynamically: set[int] = set()  # the target names of those assignments
        self._scope_of: dict[int, _Scope] = {}
        self._walk(tree, _Scope(table, None))

    def module_bindings_at(self, anchor: ast.AST, name: str) -> tuple[ModuleBinding, ...]:
        """The module bindings ``name``, looked up where ``anchor`` is, refers to, when every one binds one module."""
        scope = self._scope_of.get(id(anchor))
        if scope is None:
            return ()
        owner = scope.resolve(name)
        bindings = owner.bindings.get(name)
        if owner.poisoned or not bindings or any(binding is None for binding in bindings):
            return ()
        return tuple(binding for binding in bindings if binding is not None)

    def binds_nowhere_at(self, anchor: ast.AST, name: str) -> bool:
        """Whether ``name``, looked up where ``anchor`` is, is a module-level name no statement binds."""
        scope = self._scope_of.get(id(anchor))
        if scope is None:
            return False
        owner = scope.resolve(name)
        return owner.parent is None and name not in owner.bindings

    def _bind(self, scope: _Scope, name: str, binding: ModuleBinding | None) -> None:
        scope.resolve(name).bindings.setdefault(name, []).append(binding)

    def _walk(self, tree: ast.Module, top: _Scope) -> None:
        pending: list[tuple[ast.AST, _Scope]] = [(tree, top)]
        while pending:
            node, scope = pending.pop()
            later: list[tuple[ast.AST, _Scope]] = []
            if getattr(node, "type_params", None) or type(node).__name__ == "TypeAlias":
                raise _ScopeMismatch("type parameter scopes")  # Python 3.12 syntax: not modelled here
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._bind(scope, node.name, None)
                outer: list[ast.AST] = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
                outer += [*_annotations(node.args), *([node.returns] if node.returns else []), *node.decorator_list]
                inner = scope.child(node.name, node.lineno)
                self._bind_arguments(inner, node.args)
                later = [(child, scope) for child in outer] + [(child, inner) for child in node.body]
            elif isinstance(node, ast.ClassDef):
                self._bind(scope, node.name, None)
                outer = [*node.bases, *node.keywords, *node.decorator_list]
                inner = scope.child(node.name, node.lineno)
                later = [(child, scope) for child in outer] + [(child, inner) for child in node.body]
            elif isinstance(node, ast.Lambda):
                outer = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
                inner = scope.child("lambda", node.lineno)
                self._bind_arguments(inner, node.args)
                later = [(child, scope) for child in outer] + [(node.body, inner)]
            elif type(node) in _COMPREHENSION_SCOPES:
                generators: list[ast.comprehension] = node.generators  # type: ignore[attr-defined]
                inner = scope.child(_COMPREHENSION_SCOPES[type(node)], node.lineno)  # type: ignore[attr-defined]
                later = [(generators[0].iter, scope), (generators[0].target, inner)]
                later += [(condition, inner) for condition in generators[0].ifs]
                for generator in generators[1:]:
                    later.append((generator, inner))
                for field in ("elt", "key", "value"):
                    if hasattr(node, field):
                        later.append((getattr(node, field), inner))
            else:
                self._binding_of(node, scope)
                later = [(child, scope) for child in ast.iter_child_nodes(node)]
            pending.extend(reversed(later))

    def _binding_of(self, node: ast.AST, scope: _Scope) -> None:
        if id(node) in self._wanted:
            self._scope_of[id(node)] = scope
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, (ast.Store, ast.Del)) and id(node) not in self._bound_dynamically:
                self._bind(scope, node.id, None)
        elif isinstance(node, ast.Assign) and id(node) in self._dynamic:
            name, module = self._dynamic[id(node)]
            self._bind(scope, name, ModuleBinding(module, None, 0, True))
            self._bound_dynamically.add(id(node.targets[0]))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if is_star_import(node):
                scope.poisoned = True  # it may bind any name of this scope
            for _, name, binding in bound_modules(node):
                self._bind(scope, name, binding)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            self._bind(scope, node.name, None)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            self._bind(scope, node.name, None)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            self._bind(scope, node.rest, None)

    def _bind_arguments(self, scope: _Scope, arguments: ast.arguments) -> None:
        for argument in _arguments(arguments):
            self._bind(scope, argument.arg, None)


def _arguments(arguments: ast.arguments) -> list[ast.arg]:
    found = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    found += [argument for argument in (arguments.vararg, arguments.kwarg) if argument is not None]
    return found


def _annotations(arguments: ast.arguments) -> list[ast.expr]:
    return [argument.annotation for argument in _arguments(arguments) if argument.annotation is not None]
