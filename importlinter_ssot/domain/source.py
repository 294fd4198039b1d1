"""What the engine knows about a Python file: its imports, top-level definitions and other references."""

# Imports inside functions here are deferred because an editor's flake8 run checks one file, which
# seldom needs unicodedata (measured: 0.7 M instructions, 0.1 % of that run).

import io
import re
import tokenize
from collections.abc import Iterable, Iterator

from importlinter_ssot.domain.records import NamedTuple

# The interpreter counts lines on \r\n, \r and \n (str.splitlines would also split on \f, \v, U+2028...).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


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


class Branch(NamedTuple):
    """Which arm of one module-level ``if`` or ``try`` statement a binding lies in.

    Two bindings in different arms of the same statement are alternatives (one of them
    runs) — but for ``finally``, which runs after every other arm.
    """

    statement: int  # the statement's index among the file's module-level if/try statements, in source order
    arm: int  # if: 0 body, 1 else (an elif is an if in the else); try: 0 body and else, 1+i handler i; FINALLY


FINALLY = -1  # the arm of a ``finally:`` block


class BoundValue(NamedTuple):
    """What an assignment binds, as written: enough to tell an alias from another object, and to say which.

    ``kind``: ``name`` (``Y``), ``attribute`` (``m.s.Y``), ``call``, ``subscript``,
    ``literal``, ``none`` (the constant None), ``lambda``, ``unpacked`` (a target of an
    unpacking assignment), ``type alias`` (a ``type X = ...`` statement) or ``expression``.
    ``dotted``: the name or attribute chain (``call``: its callee, ``subscript``: its
    value) when that is a dotted name, else "".
    """

    kind: str
    dotted: str = ""


class Definition(NamedTuple):
    """A module-level ``class``/``def``/``async def`` or a name an assignment binds (also in top-level if/try/with).

    An assignment is recorded whatever it binds; the rules decide which are definitions
    (``domain/rules/definition_sites.py``).
    """

    name: str
    position: Position  # of the ``class``/``def`` keyword (not a decorator), or of the assigned name
    kind: str  # "class" | "def" | "assignment"
    branches: tuple[Branch, ...] = ()  # the module-level if/try arms it lies in, outermost first
    decorators: tuple[str, ...] = ()  # class/def: its decorators that are dotted names, as written
    value: BoundValue | None = None  # assignment: what it binds
    bases: tuple[str, ...] = ()  # class: its bases that are dotted names, as written (``ssot discover``'s subclasses)


class ParseFailure(NamedTuple):
    """Why a file could not be decoded or parsed by the running interpreter."""

    message: str
    position: Position


class ModuleBinding(NamedTuple):
    """An import statement binding a name to a module: ``import a.b [as x]`` or ``from [.]p import m [as x]``.

    For ``import``: ``module`` is the module bound (``a`` for ``import a.b``, ``a.b`` for
    ``import a.b as x``) and ``name`` is None. For ``from``: ``module``/``level`` as in the
    statement and ``name`` the imported name, which binds a module only when ``p.m`` is one.
    """

    module: str | None
    name: str | None
    level: int
    # ``x = importlib.import_module("a.b")`` binds ``x`` to ``a.b`` as ``import a.b as x`` does, at run time.
    dynamic: bool = False


class ImportBinding(NamedTuple):
    """A name a module-level import statement binds: ``x`` in ``import a.b as x``, ``a`` in ``import a.b``."""

    name: str  # as bound in the module
    binding: ModuleBinding  # what it is bound to
    position: Position  # of the imported name
    branches: tuple[Branch, ...] = ()  # the module-level if/try arms the import lies in, outermost first


class AttributeUse(NamedTuple):
    """``x.s1.….sk.N`` where every binding of ``x`` imports one module: a use of ``N`` from ``module(x).s1.….sk``.

    Also the forms that name ``N`` in a string over such a chain, each with its ``form``
    (the finding's reference kind): ``getattr(x.s1, "N")`` (``attribute``),
    ``mock.patch.object(x, "N")`` / ``monkeypatch.setattr(x, "N", …)`` (``patch``), the string
    annotation ``"x.s1.N"`` (``string``), and a chain whose ``x`` is a dynamic import —
    ``importlib.import_module("a.b").N``, or a name every binding of which is one (``dynamic``).
    """

    bindings: tuple[ModuleBinding, ...]  # every binding of ``x`` in the scope it resolves to
    path: tuple[str, ...]  # s1 … sk
    name: str  # N
    position: Position  # of N (inside the string when it is spelled in one, else of the string)
    via: str  # x, as written
    form: str = "attribute"  # attribute | patch | string | dynamic
    text: str = ""  # the string a ``string`` use is spelled in


class DynamicImport(NamedTuple):
    """``importlib.import_module("M")``, ``import_module("M")`` or ``__import__("M")``."""

    module: str
    position: Position  # of the string literal


class ModuleString(NamedTuple):
    """A module named by a string the code looks it up with: ``sys.modules["M"]``."""

    module: str
    position: Position  # of the string literal


class StarUse(NamedTuple):
    """A name the file uses and binds nowhere but by its one star import ``from <level dots><module> import *``."""

    name: str
    module: str | None
    level: int
    position: Position  # of the ``*``
    used: Position  # the first use of the name


class PatchTarget(NamedTuple):
    """The dotted string a ``patch(...)``/``setattr(...)`` call replaces, e.g. ``"pkg.old.Client"``."""

    target: str
    position: Position  # of the string literal


class Call(NamedTuple):
    """A call as written: ``warnings.warn(msg, DeprecationWarning)`` → callee ``warnings.warn``.

    ``category`` is what the call would pass as a warning category if its callee is
    ``warnings.warn`` (which only the module's bindings tell): the second positional argument,
    ``category=``, the class of an instance passed first, or a name passed first (it may hold
    a warning instance), dotted as written; None when there is none (a ``UserWarning``) or it
    is no name.
    """

    callee: str
    category: str | None = None


class FunctionFacts(NamedTuple):
    """A function of a module, as far as deprecation warnings go.

    ``name`` is qualified within the module: ``f``, ``Class.method``, and for the functions
    a function defines, ``f.<locals>.inner`` (its lambdas together: ``f.<locals>.<lambda>``).
    ``calls``: the calls made when it runs — not those in the bodies of the functions it
    defines, which run only when those are called (a call of ``inner`` by its name is
    ``f.<locals>.inner``). ``mentions``: the names ending in ``Warning`` it refers to
    (signature included), dotted as written.
    """

    name: str
    calls: tuple[Call, ...] = ()
    mentions: tuple[str, ...] = ()


class NameBinding(NamedTuple):
    """A module-level statement binding ``name`` (in source order), and what wraps the value it binds.

    ``wrappers``: the decorators of a ``def``/``class``, or the callee of ``name = f(...)``
    and ``name = f(...)(...)``, each as a ``Call`` whose ``category`` is its ``category=``
    argument as written (None: none; ``""``: not a name, e.g. ``None``); empty for an
    import or a plain assignment. ``conditional``: inside an ``if``/``try`` block.
    ``definition``: a ``def`` or ``class`` (calling the name runs the module's own code).
    Bindings under ``if TYPE_CHECKING:`` never run and are left out.
    """

    name: str
    wrappers: tuple[Call, ...] = ()
    conditional: bool = False
    definition: bool = False


class RuntimeFacts(NamedTuple):
    """What a module does when it runs, as far as deprecation warnings go (SOT040).

    Names are dotted as written; ``bindings`` says what each imported name refers to, so
    a rule resolves them against the module. ``module_level``: calls made when the module
    is imported (class bodies included, function bodies not); ``getattr``: calls made by
    its module-level ``__getattr__`` (None: it has none); ``functions``: each module-level
    function and method (``Class.method``) and the functions they define; ``classes``: each
    module-level class and its bases; ``mentions``: the names ending in ``Warning`` the
    module level refers to; ``names``: the module-level bindings of names, only when the
    facts were asked for because of what module it is (a deprecated module, whose names
    may warn by themselves). ``by_content``: the file spells one of the words a warning
    needs (else the facts were asked for because of what module it is).
    """

    bindings: tuple[tuple[str, ModuleBinding], ...] = ()
    module_level: tuple[Call, ...] = ()
    getattr: tuple[Call, ...] | None = None
    functions: tuple[FunctionFacts, ...] = ()
    classes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    by_content: bool = False
    mentions: tuple[str, ...] = ()
    names: tuple[NameBinding, ...] = ()


class ShimEntry(NamedTuple):
    """One exported name of a generated shim: its key and its value, if the value is a literal of strings/None."""

    name: str
    value: tuple[str | None, ...] | None  # None: not a tuple literal of strings and None
    position: Position  # of the key


class ShimDeclaration(NamedTuple):
    """A module-level call of the shim helper (``install_shim(globals(), {...})``) and the data it passes."""

    position: Position  # of the call
    entries: tuple[ShimEntry, ...] | None  # None: the data is not a dict literal with string keys


class ShimHelperCopy(NamedTuple):
    """A file that says it is the copy of the shim helper ``ssot shim`` writes (its first line)."""

    version: str  # as its marker line says it; "" when the line says none
    digest: str  # of its text (line ends as "\n"), to compare with what this version writes


class ParsedSource(NamedTuple):
    """What the engine reads of a file: its imports, definitions and other references, or why it could not."""

    imports: tuple[ImportStatement, ...] = ()
    definitions: tuple[Definition, ...] = ()
    failure: ParseFailure | None = None
    attribute_uses: tuple[AttributeUse, ...] = ()
    dynamic_imports: tuple[DynamicImport, ...] = ()
    patch_targets: tuple[PatchTarget, ...] = ()
    runtime: RuntimeFacts | None = None  # None: not asked for, or the file spells no word a warning needs
    shims: tuple[ShimDeclaration, ...] = ()
    # Names bound by an assignment where a class or def would be a definition (and `for`/`with` targets there).
    assigned: tuple[str, ...] = ()
    shim_helper: ShimHelperCopy | None = None  # None: the file is no copy of the shim helper
    # The names module-level import statements bind (where definitions are looked for), in
    # source order; star imports are left out.
    import_bindings: tuple[ImportBinding, ...] = ()
    module_strings: tuple[ModuleString, ...] = ()
    star_uses: tuple[StarUse, ...] = ()


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
    return resolve_relative(statement.module, statement.level, importer)


def from_imports(imports: Iterable[ImportStatement], importer: SourceFile) -> Iterator[tuple[str, ImportStatement]]:
    """Each ``from M import n, …`` of ``imports`` with ``M`` made absolute: what a rule judges name by name.

    Star imports are left out (they name no name), and so are relative imports that climb
    above their root package (they import nothing a policy can name).
    """
    for statement in imports:
        if statement.is_from and not statement.is_star:
            module = resolve_from_module(statement, importer)
            if module is not None:
                yield module, statement


def resolve_relative(module: str | None, level: int, importer: SourceFile) -> str | None:
    """``from <level dots><module>`` in ``importer``, made absolute; None when it climbs above the root."""
    if level == 0:
        return module
    package = importer.package
    segments = package.split(".") if package else []
    climb = level - 1
    if climb >= len(segments):
        return None  # above the root package
    base = segments[: len(segments) - climb]
    if module:
        base = [*base, module]
    return ".".join(base)


def bound_module(binding: ModuleBinding, importer: SourceFile) -> str | None:
    """The module a binding gives its name (absolute); None for a relative import above the root."""
    if binding.name is None:
        return binding.module
    base = resolve_relative(binding.module, binding.level, importer)
    return f"{base}.{binding.name}" if base else None


def as_python_reads(text: str) -> str:
    """``text`` as Python reads an identifier: NFKC-normalised (``Ｍanager`` is ``Manager``, ``ﬁle`` is ``file``).

    Source code is read that way, so a policy name must be too, or it matches nothing.
    """
    if text.isascii():
        return text  # its own normal form; unicodedata is loaded only for a policy that needs it
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def decode_source(data: bytes) -> str:
    """Decode as the interpreter does: BOM, PEP 263 cookie, else strict UTF-8.

    Raises SyntaxError (bad cookie), LookupError (unknown encoding) or UnicodeDecodeError.
    """
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)
