"""What a module does when it runs, for the deprecation-warning rules: calls, warnings, shim data.

- ``runtime_facts``: the calls made at module level, in a module-level ``__getattr__``
  and in each module-level function and method, with the category of each ``…warn(…)``
  call, plus the import bindings that resolve the names and the bases of each class.
  Read only from files that spell a word a warning needs (``WARNING_WORDS``) or when the
  caller asks (the file is a deprecated module): a file that spells none of them cannot
  warn by itself.
- ``shim_declarations``: the data each module-level ``install_shim(globals(), {...})``
  passes, as literals (never evaluated).

Walks are iterative: hostile files nest deeper than the recursion limit.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable

from importlinter_ssot.domain.runtime_terms import SHIM_HELPER, WARNING_WORDS
from importlinter_ssot.domain.source import (
    Call,
    ModuleBinding,
    Position,
    RuntimeFacts,
    ShimDeclaration,
    ShimEntry,
)

_BLOCKS = (ast.If, ast.Try, ast.With, ast.AsyncWith, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def spells_warning_word(text: str) -> bool:
    """Whether a file's text holds one of the words without which it cannot warn by itself."""
    return any(word in text for word in WARNING_WORDS)


def runtime_facts(tree: ast.Module, text: str, *, forced: bool = False) -> RuntimeFacts | None:
    """The module's runtime facts; None when the file spells no warning word and ``forced`` is off."""
    by_content = spells_warning_word(text)
    if not by_content and not forced:
        return None
    walker = _Walker()
    module_level: list[Call] = []
    getattr_calls: tuple[Call, ...] | None = None
    functions: list[tuple[str, tuple[Call, ...]]] = []
    classes: list[tuple[str, tuple[str, ...]]] = []
    pending: list[list[ast.stmt]] = [tree.body]
    while pending:
        for statement in pending.pop():
            if isinstance(statement, _FUNCTIONS):
                module_level += walker.calls(_header(statement))
                calls = walker.function_calls(statement)
                functions.append((statement.name, calls))
                if statement.name == "__getattr__":
                    getattr_calls = calls
            elif isinstance(statement, ast.ClassDef):
                module_level += walker.calls([*statement.bases, *statement.keywords, *statement.decorator_list])
                bases = tuple(base for base in map(dotted, statement.bases) if base is not None)
                classes.append((statement.name, bases))
                for item in statement.body:
                    if isinstance(item, _FUNCTIONS):
                        module_level += walker.calls(_header(item))
                        functions.append((f"{statement.name}.{item.name}", walker.function_calls(item)))
                    else:
                        module_level += walker.calls([item])
            elif isinstance(statement, _BLOCKS):
                headers = [child for child in ast.iter_child_nodes(statement) if not isinstance(child, ast.stmt)]
                module_level += walker.calls(headers)
                pending.extend(reversed(_blocks(statement)))
            else:
                assigned = _assigned_getattr(statement)
                if assigned is not None:
                    getattr_calls = assigned
                module_level += walker.calls([statement])
    return RuntimeFacts(
        bindings=tuple(walker.bindings),
        module_level=tuple(dict.fromkeys(module_level)),
        getattr=getattr_calls,
        functions=tuple(functions),
        classes=tuple(classes),
        by_content=by_content,
    )


def dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a name or a chain of attributes on a name; None for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _header(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    """What runs where the function is defined: decorators and default values."""
    defaults = [*function.args.defaults, *(d for d in function.args.kw_defaults if d is not None)]
    return [*function.decorator_list, *defaults]


def _blocks(statement: ast.stmt) -> list[list[ast.stmt]]:
    blocks: list[list[ast.stmt]] = []
    for field in ("body", "orelse", "finalbody"):
        value = getattr(statement, field, None)
        if isinstance(value, list) and value:
            blocks.append(value)
    for handler in getattr(statement, "handlers", ()):
        blocks.append(handler.body)
    return blocks


def _assigned_getattr(statement: ast.stmt) -> tuple[Call, ...] | None:
    """``__getattr__ = f`` or ``__getattr__ = partial(f, …)``: the calls the module's ``__getattr__`` makes."""
    if not isinstance(statement, ast.Assign) or not any(
        isinstance(target, ast.Name) and target.id == "__getattr__" for target in statement.targets
    ):
        return None
    value = statement.value
    if isinstance(value, ast.Call) and (dotted(value.func) or "").rpartition(".")[2] == "partial" and value.args:
        value = value.args[0]
    callee = dotted(value)
    return (Call(callee),) if callee is not None else ()


class _Walker:
    """Collects calls of expressions and statements, and every import binding met on the way."""

    def __init__(self) -> None:
        self.bindings: list[tuple[str, ModuleBinding]] = []

    def function_calls(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[Call, ...]:
        # ``def deprecate(msg, category=DeprecationWarning): warnings.warn(msg, category)``:
        # a category that is a parameter stands for its default.
        arguments = function.args
        positional = [*arguments.posonlyargs, *arguments.args]
        with_defaults = positional[len(positional) - len(arguments.defaults) :]
        defaults = {argument.arg: default for argument, default in zip(with_defaults, arguments.defaults, strict=True)}
        defaults.update(
            (argument.arg, default)
            for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
            if default is not None
        )
        parameters = {name: dotted(default) for name, default in defaults.items()}
        return tuple(dict.fromkeys(self.calls(function.body, parameters.get)))

    def calls(self, nodes: Iterable[ast.AST], parameter: Callable[[str], str | None] = lambda name: None) -> list[Call]:
        found: list[Call] = []
        pending = list(nodes)
        while pending:
            node = pending.pop()
            if isinstance(node, ast.Call):
                callee = dotted(node.func)
                if callee is not None:
                    # Any call may be ``warn`` under another name (``from warnings import warn as w``).
                    category = _category(node)
                    if category is not None and "." not in category:
                        category = parameter(category) or category
                    found.append(Call(callee, category))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.bindings.append((alias.asname, ModuleBinding(alias.name, None, 0)))
                    else:
                        top = alias.name.split(".")[0]
                        self.bindings.append((top, ModuleBinding(top, None, 0)))
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name != "*":
                        binding = ModuleBinding(node.module, alias.name, node.level or 0)
                        self.bindings.append((alias.asname or alias.name, binding))
            pending.extend(ast.iter_child_nodes(node))
        return found


def _category(call: ast.Call) -> str | None:
    """The category of ``warn(message, category)``, ``warn(message, category=…)`` or ``warn(Category(…))``."""
    if len(call.args) >= 2:
        return dotted(call.args[1])
    for keyword in call.keywords:
        if keyword.arg == "category":
            return dotted(keyword.value)
    if call.args and isinstance(call.args[0], ast.Call):
        return dotted(call.args[0].func)
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
                pending.extend(_blocks(statement))
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
