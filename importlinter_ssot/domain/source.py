"""What the engine knows about a Python file: its imports and top-level definitions."""

import io
import tokenize
from typing import NamedTuple


class Position(NamedTuple):
    """A place in a file: 1-based line and column (columns count characters, not bytes)."""

    line: int  # 1-based
    column: int  # 1-based


class ImportedName(NamedTuple):
    """One name of an import statement: ``a.b`` in ``import a.b as x``, ``n`` in ``from M import n``."""

    name: str
    position: Position


class ImportStatement(NamedTuple):
    """``import a, b.c`` (``module is None``) or ``from <level dots><module> import names``."""

    position: Position  # of the ``import``/``from`` keyword
    names: tuple[ImportedName, ...]
    module: str | None = None  # ``from`` imports only; None for ``from . import x``
    level: int = 0  # number of leading dots of a relative import
    is_from: bool = False

    @property
    def is_star(self) -> bool:
        """Whether this is ``from M import *``."""
        return self.is_from and len(self.names) == 1 and self.names[0].name == "*"


class Definition(NamedTuple):
    """A module-level ``class``/``def``/``async def`` (also inside top-level if/try/with)."""

    name: str
    position: Position  # of the ``class``/``def`` keyword, not a decorator
    kind: str  # "class" | "def"


class ParseFailure(NamedTuple):
    """Why a file could not be decoded or parsed by the running interpreter."""

    message: str
    position: Position


class ParsedSource(NamedTuple):
    """What the engine reads of a file: its imports and definitions, or why it could not."""

    imports: tuple[ImportStatement, ...] = ()
    definitions: tuple[Definition, ...] = ()
    failure: ParseFailure | None = None


class SourceFile(NamedTuple):
    """A checked file and the module it is."""

    path: str  # absolute, '/'-separated
    module: str
    is_package: bool  # an ``__init__.py``: relative imports resolve against the module itself

    @property
    def package(self) -> str:
        """The package relative imports start from: the module itself for an ``__init__.py``."""
        return self.module if self.is_package else self.module.rpartition(".")[0]


def resolve_from_module(statement: ImportStatement, importer: SourceFile) -> str | None:
    """The absolute module ``M`` of ``from M import …``; None when a relative import climbs too high."""
    if statement.level == 0:
        return statement.module
    package = importer.package
    segments = package.split(".") if package else []
    climb = statement.level - 1
    if climb >= len(segments):
        return None  # above the root package
    base = segments[: len(segments) - climb]
    if statement.module:
        base = [*base, statement.module]
    return ".".join(base)


def decode_source(data: bytes) -> str:
    """Decode as the interpreter does: BOM, PEP 263 cookie, else strict UTF-8.

    Raises SyntaxError (bad cookie), LookupError (unknown encoding) or UnicodeDecodeError.
    """
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)
