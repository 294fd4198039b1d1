"""What a module does when it runs, for the deprecation-warning rules: calls, warnings, shim data.

- ``runtime_facts``: the calls made at module level, in a module-level ``__getattr__``
  and in each module-level function and method and the functions they define, with the
  category of each ``…warn(…)`` call, plus the import bindings that resolve the names,
  the bases of each class, the warning classes each scope names, and — for a deprecated
  module — what wraps each name it binds (decorators, ``name = factory(...)``).
  Read only from files that spell a word a warning needs (``WARNING_WORDS``) or when the
  caller asks (the file is a deprecated module): a file that spells none of them cannot
  warn by itself.
- ``shim_declarations``: the data each module-level ``install_shim(globals(), {...})``
  passes, as literals (never evaluated).

Walks are iterative: hostile files nest deeper than the recursion limit.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator

from importlinter_ssot.application.analysis.syntax import bound_modules, dotted, statement_blocks
from importlinter_ssot.domain.runtime_terms import LOCALS, SHIM_HELPER, WARNING_WORDS
from importlinter_ssot.domain.source import (
    Call,
    FunctionFacts,
    ModuleBinding,
    NameBinding,
    Position,
    RuntimeFacts,
    ShimDeclaration,
    ShimEntry,
)

_BLOCKS = (ast.If, ast.Try, ast.With, ast.AsyncWith, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_WITH = (ast.With, ast.AsyncWith)
_LAMBDAS = "<lambda>"

Parameter = Callable[[str], "str | None"]


def _no_parameter(name: str) -> str | None:
    return None


def spells_warning_word(text: str) -> bool:
    """Whether a file's text holds one of the words without which it cannot warn by itself."""
    return any(word in text for word in WARNING_WORDS)


def runtime_facts(tree: ast.Module, text: str, *, forced: bool = False) -> RuntimeFacts | None:
    """The module's runtime facts; None when the file spells no warning word and ``forced`` is off.

    ``forced``: the caller asks because of what module it is (a deprecated one): its
    name bindings are read too.
    """
    by_content = spells_warning_word(text)
    if not by_content and not forced:
        return None
    # Warning classes are named ``…Warning``: a file that never spells it names none.
    walker = _Walker(mentions="Warning" in text)
    module = _Scope()
    getattr_calls: tuple[Call, ...] | None = None
    classes: list[tuple[str, tuple[str, ...]]] = []
    names: list[tuple[int, int, NameBinding]] = []
    # Each block with how its bindings are recorded: None (not at all), else whether they are conditional.
    pending: list[tuple[list[ast.stmt], bool | None]] = [(tree.body, False if forced else None)]
    while pending:
        block, conditional = pending.pop()
        for statement in block:
            if conditional is not None:
                definition = isinstance(statement, (*_FUNCTIONS, ast.ClassDef))
                names.extend(
                    (statement.lineno, statement.col_offset, NameBinding(name, wrappers, conditional, definition))
                    for name, wrappers in _bound_names(statement)
                )
            if isinstance(statement, _FUNCTIONS):
                walker.walk(_header(statement), module)
                facts = walker.function(statement, statement.name)
                if statement.name == "__getattr__":
                    getattr_calls = facts.calls
            elif isinstance(statement, ast.ClassDef):
                walker.walk([*statement.bases, *statement.keywords, *statement.decorator_list], module)
                bases = tuple(base for base in map(dotted, statement.bases) if base is not None)
                classes.append((statement.name, bases))
                for item in statement.body:
                    if isinstance(item, _FUNCTIONS):
                        walker.walk(_header(item), module)
                        walker.function(item, f"{statement.name}.{item.name}")
                    else:
                        walker.walk([item], module)
            elif isinstance(statement, _BLOCKS):
                headers = [child for child in ast.iter_child_nodes(statement) if not isinstance(child, ast.stmt)]
                walker.walk(headers, module)
                inner = conditional if conditional is None or isinstance(statement, _WITH) else True
                for nested in reversed(statement_blocks(statement)):
                    # ``if TYPE_CHECKING:`` never runs: what it binds is not what the module binds.
                    skip = nested is getattr(statement, "body", None) and _is_type_checking(statement)
                    pending.append((nested, None if skip else inner))
            else:
                assigned = _assigned_getattr(statement, walker)
                if assigned is not None:
                    getattr_calls = assigned
                walker.walk([statement], module)
    names.sort(key=lambda found: found[:2])
    return RuntimeFacts(
        bindings=tuple(walker.bindings),
        module_level=tuple(dict.fromkeys(module.calls)),
        getattr=getattr_calls,
        functions=tuple(walker.functions),
        classes=tuple(classes),
        by_content=by_content,
        mentions=tuple(dict.fromkeys(module.mentions)),
        names=tuple(binding for _, _, binding in names),
    )


def _header(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr]:
    """What runs where the function is defined: decorators and default values."""
    return [*function.decorator_list, *_defaults(function.args)]


def _defaults(arguments: ast.arguments) -> list[ast.expr]:
    return [*arguments.defaults, *(default for default in arguments.kw_defaults if default is not None)]


def _signature(arguments: ast.arguments) -> Iterator[ast.expr]:
    """The annotations and defaults of a signature: where a function names the classes it expects."""
    every = (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg)
    yield from (argument.annotation for argument in every if argument is not None and argument.annotation is not None)
    yield from _defaults(arguments)


def _is_type_checking(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.If) and (dotted(statement.test) or "").rpartition(".")[2] == "TYPE_CHECKING"


def _assigned_getattr(statement: ast.stmt, walker: _Walker) -> tuple[Call, ...] | None:
    """``__getattr__ = f``, ``= partial(f, …)`` or ``= lambda name: …``: the calls of the module's ``__getattr__``."""
    if not isinstance(statement, ast.Assign) or not any(
        isinstance(target, ast.Name) and target.id == "__getattr__" for target in statement.targets
    ):
        return None
    value = statement.value
    if isinstance(value, ast.Lambda):
        scope = _Scope()
        walker.walk([value.body], scope, inline_lambdas=True)
        return tuple(dict.fromkeys(scope.calls))
    if isinstance(value, ast.Call) and (dotted(value.func) or "").rpartition(".")[2] == "partial" and value.args:
        value = value.args[0]
    callee = dotted(value)
    return (Call(callee),) if callee is not None else ()


# -- what wraps a module's names ------------------------------------------------------------------


def _bound_names(statement: ast.stmt) -> Iterator[tuple[str, tuple[Call, ...]]]:
    """The names a module-level statement binds, each with what wraps the value bound."""
    if isinstance(statement, (*_FUNCTIONS, ast.ClassDef)):
        yield statement.name, tuple(wrapper for wrapper in map(_wrapper, statement.decorator_list) if wrapper)
    elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        wrapper = _wrapper(statement.value) if isinstance(statement.value, ast.Call) else None
        for target in targets:
            if isinstance(target, ast.Name):
                yield target.id, (wrapper,) if wrapper else ()
            elif isinstance(target, (ast.Tuple, ast.List)):
                yield from ((element.id, ()) for element in target.elts if isinstance(element, ast.Name))
    elif isinstance(statement, (ast.Import, ast.ImportFrom)):
        yield from ((name, ()) for _, name, _ in bound_modules(statement))


def _wrapper(node: ast.expr | None) -> Call | None:
    """``f``, ``f(...)`` or ``f(...)(...)`` as what wraps: ``f``, with its ``category=`` as written."""
    category: str | None = None
    while isinstance(node, ast.Call):
        for keyword in node.keywords:
            if keyword.arg == "category":
                category = dotted(keyword.value) or ""
        node = node.func
    callee = dotted(node) if node is not None else None
    return Call(callee, category) if callee is not None else None


# -- calls, scope by scope ------------------------------------------------------------------------


class _Scope:
    """What a walk of one scope found: its calls, the warning classes it names, the functions it defines."""

    __slots__ = ("calls", "defines", "lambdas", "mentions")

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.mentions: list[str] = []
        self.defines: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []
        self.lambdas: list[ast.Lambda] = []


class _Walker:
    """Collects calls of expressions and statements, and every import binding met on the way."""

    def __init__(self, *, mentions: bool = True) -> None:
        self.bindings: list[tuple[str, ModuleBinding]] = []
        self.functions: list[FunctionFacts] = []
        self.mentions = mentions

    def function(self, function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> FunctionFacts:
        """Walk a function and, in turn, the functions it defines (into ``functions``); its own facts."""
        first: FunctionFacts | None = None
        pending: list[tuple[str, list[ast.AST], list[ast.expr], Parameter, bool]] = [
            (
                name,
                list(function.body),
                list(_signature(function.args)),
                _parameters(function.args, _no_parameter),
                False,
            )
        ]
        while pending:
            qualified, body, signature, parameter, inline_lambdas = pending.pop()
            scope = _Scope()
            self.walk(body, scope, parameter, inline_lambdas=inline_lambdas)
            if self.mentions:
                self.walk_mentions(signature, scope)
            local = {defined for defined, _ in scope.defines if "." not in defined}
            calls = [
                Call(f"{qualified}{LOCALS}{call.callee}", call.category)
                if call.callee.partition(".")[0] in local
                else call
                for call in scope.calls
            ]
            facts = FunctionFacts(qualified, tuple(dict.fromkeys(calls)), tuple(dict.fromkeys(scope.mentions)))
            self.functions.append(facts)
            first = first or facts
            for defined, node in reversed(scope.defines):
                inner = _parameters(node.args, parameter)
                pending.append(
                    (f"{qualified}{LOCALS}{defined}", list(node.body), list(_signature(node.args)), inner, False)
                )
            if scope.lambdas:
                # A function's lambdas are one entry: nothing calls a lambda by its name.
                defaults = [default for node in scope.lambdas for default in _defaults(node.args)]
                bodies: list[ast.AST] = [node.body for node in scope.lambdas]
                pending.append((f"{qualified}{LOCALS}{_LAMBDAS}", bodies, defaults, parameter, True))
        assert first is not None
        return first

    def walk(
        self,
        nodes: Iterable[ast.AST],
        scope: _Scope,
        parameter: Parameter = _no_parameter,
        *,
        inline_lambdas: bool = False,
    ) -> None:
        """Collect into ``scope`` what runs when ``nodes`` run; defined functions are noted, their bodies not walked."""
        calls, mentions = scope.calls, (scope.mentions if self.mentions else None)
        pending = list(nodes)
        while pending:
            node = pending.pop()
            # The commonest nodes first; names and constants have nothing below them worth a look.
            if isinstance(node, ast.Name):
                if mentions is not None and node.id.endswith("Warning"):
                    mentions.append(node.id)
                continue
            if isinstance(node, ast.Constant):
                continue
            if isinstance(node, ast.Attribute):
                if mentions is not None and node.attr.endswith("Warning"):
                    written = dotted(node)
                    if written is not None:
                        mentions.append(written)
                pending.append(node.value)
                continue
            if isinstance(node, ast.Call):
                callee = dotted(node.func)
                if callee is not None:
                    # Any call may be ``warn`` under another name (``from warnings import warn as w``).
                    category = _category(node)
                    if category is not None and "." not in category:
                        category = parameter(category) or category
                    calls.append(Call(callee, category))
            elif isinstance(node, _FUNCTIONS):
                scope.defines.append((node.name, node))
                pending.extend(_header(node))
                continue
            elif isinstance(node, ast.Lambda):
                if inline_lambdas:
                    pending.append(node.body)
                else:
                    scope.lambdas.append(node)
                pending.extend(_defaults(node.args))
                continue
            elif isinstance(node, ast.ClassDef):
                # A class body runs where it stands; its methods are functions it defines.
                for item in node.body:
                    if isinstance(item, _FUNCTIONS):
                        scope.defines.append((f"{node.name}.{item.name}", item))
                        pending.extend(_header(item))
                    else:
                        pending.append(item)
                pending.extend([*node.bases, *node.keywords, *node.decorator_list])
                continue
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                self.bindings.extend((name, binding) for _, name, binding in bound_modules(node))
            pending.extend(ast.iter_child_nodes(node))

    def walk_mentions(self, nodes: Iterable[ast.AST], scope: _Scope) -> None:
        """The warning classes ``nodes`` name (a signature: annotations and defaults)."""
        for root in nodes:
            for node in ast.walk(root):
                if isinstance(node, (ast.Name, ast.Attribute)):
                    written = dotted(node)
                    if written is not None and written.endswith("Warning"):
                        scope.mentions.append(written)


def _parameters(arguments: ast.arguments, outer: Parameter) -> Parameter:
    """What a parameter's name stands for as a category: its default (dotted), if it has one.

    ``def deprecate(msg, category=DeprecationWarning): warnings.warn(msg, category)``: a
    category that is a parameter stands for its default; one that is no parameter of the
    function but of an enclosing one, for that one's.
    """
    positional = [*arguments.posonlyargs, *arguments.args]
    with_defaults = positional[len(positional) - len(arguments.defaults) :]
    defaults = {
        argument.arg: dotted(default) for argument, default in zip(with_defaults, arguments.defaults, strict=True)
    }
    defaults.update(
        (argument.arg, dotted(default))
        for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
        if default is not None
    )
    own = {
        argument.arg for argument in (*positional, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg) if argument
    }
    if outer is _no_parameter and not defaults:
        return _no_parameter

    def parameter(name: str) -> str | None:
        return defaults.get(name) if name in own else outer(name)

    return parameter


def _category(call: ast.Call) -> str | None:
    """The category of ``warn(msg, category)``, ``warn(msg, category=…)``, ``warn(Category(…))``, ``warn(w)``."""
    if len(call.args) >= 2:
        return dotted(call.args[1])
    for keyword in call.keywords:
        if keyword.arg == "category":
            return dotted(keyword.value)
    if call.args:
        first = call.args[0]
        if isinstance(first, ast.Call):
            return dotted(first.func)
        if isinstance(first, (ast.Name, ast.Attribute)):
            return dotted(first)  # a variable that may hold a warning instance: known only at run time
    return None


# -- generated shims ------------------------------------------------------------------------------


def shim_declarations(
    tree: ast.Module, text: str, position_of: Callable[[int, int], Position]
) -> tuple[ShimDeclaration, ...]:
    """Each module-level call of the shim helper and its data (``position_of(line, utf8_offset)``)."""
    if SHIM_HELPER not in text:
        return ()
    found: list[ShimDeclaration] = []
    pending: list[list[ast.stmt]] = [tree.body]
    while pending:
        for statement in pending.pop():
            if isinstance(statement, _BLOCKS):
                pending.extend(statement_blocks(statement))
            elif (
                isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Call)
                and (dotted(statement.value.func) or "").rpartition(".")[2] == SHIM_HELPER
            ):
                call = statement.value
                data = call.args[1] if len(call.args) >= 2 else _keyword(call, "exports")
                position = position_of(call.lineno, call.col_offset)
                found.append(ShimDeclaration(position, _entries(data, position_of)))
    found.sort(key=lambda declaration: declaration.position)
    return tuple(found)


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((keyword.value for keyword in call.keywords if keyword.arg == name), None)


def _entries(data: ast.expr | None, position_of: Callable[[int, int], Position]) -> tuple[ShimEntry, ...] | None:
    if not isinstance(data, ast.Dict):
        return None
    entries: list[ShimEntry] = []
    for key, value in zip(data.keys, data.values, strict=True):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        entries.append(ShimEntry(key.value, _literal(value), position_of(key.lineno, key.col_offset)))
    return tuple(entries)


def _literal(value: ast.expr) -> tuple[str | None, ...] | None:
    """A tuple of string and None constants (implicitly concatenated strings included), else None."""
    if not isinstance(value, ast.Tuple):
        return None
    items: list[str | None] = []
    for element in value.elts:
        if not (isinstance(element, ast.Constant) and (element.value is None or isinstance(element.value, str))):
            return None
        items.append(element.value)
    return tuple(items)
