"""A module's syntax tree → how it binds each module-level name (``ModuleBindings``), for proving objects.

What ``--fix`` reads of another module to prove that two import paths give one object
(``domain/name_origins.py``); ``analysis/module_bindings.py`` reads a checked file's own
bindings for the definition rules, and says why the readers are apart (what they share is
in ``analysis/assignments.py`` and ``analysis/syntax.py``).

Module level is everything outside function and class bodies: ``if``/``try``/``with``/
``for``/``while``/``match`` blocks too, each binding marked when it exists only for type
checkers (the body of ``if TYPE_CHECKING:``) or only at run time (its ``else``). A name is
*definite* when every run of the module binds it: bound by a statement of the module's
body, or in both branches of an ``if``, or in a ``try``'s body and every handler (or its
``finally``); never by a loop alone. Names bound by a walrus, a ``match`` capture or an
``except … as`` count as definitions where they are (another object). Names deleted at
module level or declared ``global`` in a function are unstable: rebound while it runs.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

from importlinter_ssot.application.analysis.assignments import assigned_names, target_names
from importlinter_ssot.application.analysis.import_context import FileAliases, file_aliases, type_checking_test
from importlinter_ssot.application.analysis.syntax import bound_modules, dotted_parts, statement_blocks
from importlinter_ssot.domain.name_origins import Binding, Kind, ModuleBindings
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.source import SourceFile, resolve_relative

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def module_bindings(module: str, is_package: bool, tree: ast.Module) -> ModuleBindings:
    """How ``tree``, the module ``module``'s file, binds its module-level names."""
    reader = _Reader(SourceFile("", module, is_package), file_aliases(_imports(tree.body)))
    reader.block(tree.body, _TOP)
    stars = tuple(binding for binding in reader.bindings if binding[1].kind is Kind.STAR)
    names: dict[str, list[Binding]] = {}
    for name, binding in reader.bindings:
        if binding.kind is not Kind.STAR:
            names.setdefault(name, []).append(binding)
    return ModuleBindings(
        module,
        is_package,
        {name: tuple(bindings) for name, bindings in names.items()},
        tuple(binding for _, binding in stars),
        frozenset(reader.definite(tree.body)),
        reader.all_names(),
        reader.dynamic_all,
        # ``def __getattr__`` or ``__getattr__ = make_getattr(...)``: either serves what the module lacks.
        any(binding.runtime for binding in names.get("__getattr__", ())),
        frozenset(reader.unstable | _globals(tree)),
    )


def _imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The module-level import statements (where ``typing`` and its ``TYPE_CHECKING`` get their names)."""
    pending = [body]
    while pending:
        for node in pending.pop():
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                yield node
            elif not isinstance(node, _SCOPES):
                pending.extend(statement_blocks(node))


class _Reader:
    """Walks a module's statements, collecting its bindings."""

    def __init__(self, source: SourceFile, aliases: FileAliases) -> None:
        self.source = source
        self.aliases = aliases
        self.bindings: list[tuple[str, Binding]] = []  # (name, binding); star imports under "*"
        self.unstable: set[str] = set()
        self.dynamic_all = False
        self._all: set[str] | None = None

    def block(self, body: list[ast.stmt], where: _Where) -> None:
        for node in body:
            self.statement(node, where)

    def statement(self, node: ast.stmt, where: _Where) -> None:
        def bind(name: str, binding: Binding) -> None:
            self.bindings.append((name, binding._replace(**where._asdict())))

        self._walrus(node, bind)
        if isinstance(node, ast.Import):
            for _, name, module in bound_modules(node):
                bind(name, Binding(Kind.MODULE, node.lineno, module.module or ""))  # `import` always names one
        elif isinstance(node, ast.ImportFrom):
            origin = resolve_relative(node.module, node.level or 0, self.source) or ""
            for alias in node.names:
                if alias.name == "*":
                    bind("*", Binding(Kind.STAR, node.lineno, origin))
                else:
                    bind(alias.asname or alias.name, Binding(Kind.FROM, node.lineno, origin, (alias.name,)))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            what = "class" if isinstance(node, ast.ClassDef) else "def"
            bind(node.name, Binding(Kind.DEFINITION, node.lineno, what=what))
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            self._assignment(node, bind)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                self.unstable.update(target_names(target))
        elif isinstance(node, ast.Expr):
            self._all_call(node.value)
        elif isinstance(node, ast.If):
            checking = type_checking_test(node.test, self.aliases)
            if checking is None:  # either branch may run
                inside = where._replace(runtime_always=False, checker_always=False)
                self.block(node.body, inside)
                self.block(node.orelse, inside)
            else:  # one branch runs for type checkers, the other at run time
                checker_body, runtime_body = (node.body, node.orelse) if checking else (node.orelse, node.body)
                self.block(checker_body, where._replace(runtime=False, runtime_always=False))
                self.block(runtime_body, where._replace(checker=False, checker_always=False))
        else:  # ``for``/``with`` targets, ``type N = …``; the blocks the statement holds
            for name in assigned_names(node):
                bind(name, Binding(Kind.DEFINITION, node.lineno, what="assignment"))
            straight = isinstance(node, (ast.With, ast.AsyncWith))  # its body runs whenever the statement does
            for body in statement_blocks(node):
                self.block(body, where if straight else where._replace(runtime_always=False, checker_always=False))

    def _assignment(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign, bind: _Bind) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if isinstance(node, ast.AnnAssign) and node.value is None:
            return  # an annotation alone binds nothing
        dotted = dotted_parts(node.value) if node.value is not None and not isinstance(node, ast.AugAssign) else None
        for target in targets:
            if isinstance(target, ast.Name) and target.id == "__all__":
                self._all_assignment(node)
            if isinstance(target, ast.Name) and dotted is not None:
                bind(target.id, Binding(Kind.ALIAS, node.lineno, path=dotted))
            else:
                for name in target_names(target):
                    bind(name, Binding(Kind.DEFINITION, node.lineno, what="assignment"))

    def _all_assignment(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        names = _strings(node.value)
        if names is None:
            self.dynamic_all = True
        elif isinstance(node, ast.AugAssign):
            if self._all is None:
                self.dynamic_all = True
            else:
                self._all |= names
        elif self._all is not None:
            self.dynamic_all = True  # assigned twice: which one holds depends on what runs
        else:
            self._all = set(names)

    def _all_call(self, value: ast.expr) -> None:
        """``__all__.extend([...])`` / ``__all__.append("x")``: more names; any other call on it, unknown."""
        if not (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and isinstance(value.func.value, ast.Name)
            and value.func.value.id == "__all__"
        ):
            return
        method = value.func.attr
        argument = value.args[0] if len(value.args) == 1 and not value.keywords else None
        names = (
            _strings(argument)
            if method == "extend"
            else _strings(ast.List([argument], ast.Load()))
            if method == "append" and argument is not None
            else None
        )
        if names is None or self._all is None:
            self.dynamic_all = True
        else:
            self._all |= names

    def all_names(self) -> frozenset[str] | None:
        return None if self._all is None else frozenset(self._all)

    def _walrus(self, node: ast.stmt, bind: _Bind) -> None:
        """Names bound inside the statement's own expressions: ``:=``, ``match`` captures, ``except … as``."""
        if isinstance(node, _SCOPES):
            return
        for inner in _own_nodes(node):
            if isinstance(inner, ast.NamedExpr) and isinstance(inner.target, ast.Name):
                bind(inner.target.id, Binding(Kind.DEFINITION, node.lineno, what="assignment"))
            elif isinstance(inner, (ast.MatchAs, ast.MatchStar)) and inner.name:
                bind(inner.name, Binding(Kind.DEFINITION, node.lineno, what="assignment"))
            elif isinstance(inner, ast.MatchMapping) and inner.rest:
                bind(inner.rest, Binding(Kind.DEFINITION, node.lineno, what="assignment"))
            elif isinstance(inner, ast.ExceptHandler) and inner.name:
                self.unstable.add(inner.name)  # unbound again when the handler ends

    def definite(self, body: list[ast.stmt]) -> set[str]:
        """The names every run of ``body`` binds (at run time)."""
        found: set[str] = set()
        for node in body:
            found |= self._definite_statement(node)
        return found

    def _definite_statement(self, node: ast.stmt) -> set[str]:
        if isinstance(node, ast.If):
            checking = type_checking_test(node.test, self.aliases)
            if checking is True:
                return self.definite(node.orelse)
            if checking is False:
                return self.definite(node.body)
            return self.definite(node.body) & self.definite(node.orelse)
        if isinstance(node, _TRY):
            bound = self.definite(node.body) | self.definite(node.orelse)
            for handler in node.handlers:
                bound &= self.definite(handler.body)
            return bound | self.definite(node.finalbody)
        if isinstance(node, (ast.With, ast.AsyncWith)):
            return self.definite(node.body) | set(assigned_names(node))
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.Match)):
            return set()
        alone = _Reader(self.source, self.aliases)
        alone.statement(node, _TOP)
        # A star import is marked as ``*module``: the names it gives are known only with that module's.
        return {f"*{binding.target}" if binding.kind is Kind.STAR else name for name, binding in alone.bindings}


_TRY = (ast.Try, getattr(ast, "TryStar", ast.Try))  # ``try``/``except*`` since Python 3.11


class _Where(NamedTuple):
    """Where a binding is, as ``Binding`` records it."""

    runtime: bool  # it may run at run time
    checker: bool  # a type checker sees it
    runtime_always: bool  # it runs whenever the module does (no condition on the way)
    checker_always: bool  # a type checker sees it on the straight path


_TOP = _Where(True, True, True, True)


_Bind = Callable[[str, Binding], None]  # ``bind(name, binding)``: record one binding where the walk is


def _strings(value: ast.expr | None) -> set[str] | None:
    """The strings of a literal list or tuple of strings; None for anything else."""
    if not isinstance(value, (ast.List, ast.Tuple)):
        return None
    found: set[str] = set()
    for element in value.elts:
        if not (isinstance(element, ast.Constant) and isinstance(element.value, str)):
            return None
        found.add(element.value)
    return found


def _own_nodes(node: ast.stmt) -> Iterator[ast.AST]:
    """The nodes of ``node`` outside the statements nested in it and outside any new scope."""
    pending: list[ast.AST] = [child for child in ast.iter_child_nodes(node) if not isinstance(child, ast.stmt)]
    while pending:
        inner = pending.pop()
        if isinstance(inner, _SCOPES):
            continue
        yield inner
        pending.extend(child for child in ast.iter_child_nodes(inner) if not isinstance(child, ast.stmt))


def _globals(tree: ast.Module) -> set[str]:
    """The names some function of the module declares ``global``: it may rebind them while the module is used."""
    return {name for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names}
