"""SOT001/SOT002/SOT003: a governed symbol imported from a path that is not canonical."""

from __future__ import annotations

from importlinter_ssot.domain.findings import Code, Finding
from importlinter_ssot.domain.rules.context import RuleContext, quoted
from importlinter_ssot.domain.source import ImportedName, SourceFile


def check_symbol_import(context: RuleContext, importer: SourceFile, module: str, name: ImportedName) -> Finding | None:
    """The finding for ``from module import name`` (module absolute and first-party), if any."""
    symbol = context.symbols_by_name.get(name.name)
    if symbol is None or symbol.is_exempt_importer(importer.module):
        return None
    if module in symbol.canonical:
        return None
    instead = f"import it from {quoted(symbol.canonical)}"
    deprecated = symbol.deprecated_path(module)
    if deprecated is None:
        code = Code.NON_CANONICAL_SYMBOL_PATH
        message = f"`{name.name}` imported from non-canonical `{module}`; {instead}"
    else:
        note = f": {deprecated.message}" if deprecated.message else ""
        if deprecated.has_expired(context.today):
            code = Code.EXPIRED_SYMBOL_PATH
            message = (
                f"`{name.name}` imported from `{module}`, whose deprecation ended on "
                f"{deprecated.until}{note}; {instead}"
            )
        else:
            code = Code.DEPRECATED_SYMBOL_PATH
            until = f" (until {deprecated.until})" if deprecated.until else ""
            message = f"`{name.name}` imported from deprecated `{module}`{until}{note}; {instead}"
    return Finding(
        path=importer.path,
        line=name.position.line,
        column=name.position.column,
        code=code,
        message=message,
        symbol=symbol.name,
        replacement=symbol.canonical[0],
        policy=context.policy.name,
    )
