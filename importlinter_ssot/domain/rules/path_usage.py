"""Who still refers to each old path: what *removable* is decided from. No rule of its own, a fact per file.

An old path is a module the policy wants gone: a symbol's ``deprecated`` module, or a
``[[module]]`` rule's target. It can be deleted only when nothing refers to it any more —
not only to the governed names it serves, but to anything in it, in any way the engine
sees. So every file contributes each of its references that lands inside an old path:

- ``import``: ``import M`` and ``from M import n`` (as ``M.n``: ``from pkg import old`` refers
  to ``pkg.old``), relative ones resolved; ``from M import *`` (as ``M``);
- ``attribute``, ``patch``, ``string``, ``dynamic``: the attribute uses of governed names, with
  the forms the symbol rules judge (``getattr``, ``patch.object``, string annotations,
  dynamically imported modules), as ``module.name``. Other names are looked for in import
  statements only: ``pkg.old.helper()`` through ``import pkg`` works only once something
  imports ``pkg.old``, and that import is a reference itself;
- ``patch``: a patch target string; ``dynamic``: a dynamic import; ``string``: ``sys.modules["M"]``.

The fact of a file, None when it has none: a ``PathReference`` ``(module, form, line, column, name, condition)``
per reference — ``module`` the dotted name referred to, ``name`` what the reference names as
written, ``condition`` the module that must exist for an attribute use to be one ("" when none).
Which old path each reference keeps alive, and whether it comes from inside that path's own
package (which goes with it), is the report's to decide: it knows every path and every file.

Files are read by content: every reference to an old path spells the path's last segment as a
word (a dotted name's segments are delimited wherever code spells one: in an import, in a
string), or the file lies inside the path (a relative import's base is the importer's own
package), whose references do not count. Such a file may hold no finding at all, so it is
read for this fact (``Reads``) and never draws SOT900.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.globs import ancestors_and_self, required_literal
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.checks import Needles, ProjectCheck, Reads
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.fact_shape import POSITION, STR, Shape, many, record
from importlinter_ssot.domain.rules.symbol_paths import attribute_use_module
from importlinter_ssot.domain.source import ParsedSource, Position, SourceFile, resolve_from_module


def is_on_old_path(context: RuleContext, module: str) -> bool:
    """Whether ``module`` is, or lies inside, a symbol's deprecated module or a ``[[module]]`` target."""
    paths = context.old_paths
    if paths and any(prefix in paths for prefix in ancestors_and_self(module)):
        return True
    return bool(context.module_targets(module))


class PathReference(NamedTuple):
    """A reference that lands inside an old path."""

    module: str  # the dotted name referred to
    form: str  # import, attribute, patch, string or dynamic
    line: int
    column: int
    name: str  # what the reference names, as written
    condition: str  # the module that must exist for an attribute use to be one; "" when none


# A file's fact: its references to old paths.
PathUsageFact = tuple[PathReference, ...]


def _collect(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> PathUsageFact | None:
    if not context.old_paths and not context.policy.modules:
        return None
    return tuple(_references(context, source, parsed)) or None


def _references(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> Iterator[PathReference]:
    def refer(
        module: str, form: str, position: Position, name: str, condition: str | None = None
    ) -> Iterator[PathReference]:
        if is_on_old_path(context, module):
            yield PathReference(module, form, position.line, position.column, name, condition or "")

    for statement in parsed.imports:
        if not statement.is_from:
            for imported in statement.names:
                yield from refer(imported.name, "import", imported.position, imported.name)
            continue
        module = resolve_from_module(statement, source)
        if module is None:
            continue  # a relative import that climbs above its root package
        if statement.is_star:
            yield from refer(module, "import", statement.position, "*")
            continue
        for imported in statement.names:
            yield from refer(f"{module}.{imported.name}", "import", imported.position, imported.name)
    for use in parsed.attribute_uses:
        target = attribute_use_module(source, use)
        if target is not None:
            yield from refer(f"{target[0]}.{use.name}", use.form, use.position, use.name, target[1])
    for patch in parsed.patch_targets:
        yield from refer(patch.target, "patch", patch.position, patch.target)
    for dynamic in parsed.dynamic_imports:
        yield from refer(dynamic.module, "dynamic", dynamic.position, dynamic.module)
    for named in parsed.module_strings:
        yield from refer(named.module, "string", named.position, named.module)


def _reads(context: RuleContext) -> Reads:
    """Files spelling the last segment of an old path as a word (a glob rule's literal run: anywhere)."""
    words = {module.rsplit(".", 1)[-1].encode() for module in context.old_paths}
    needles = set()
    for rule in context.policy.modules:
        last = rule.name.pattern.rsplit(".", 1)[-1]
        if rule.name.is_literal:
            words.add(last.encode())
        elif literal := required_literal(last):  # an empty one makes every file matter to the module rules
            needles.add(literal.encode())
    return Reads(needles=frozenset(needles), words=frozenset(words))


def _no_needles(policy: Policy) -> Needles:
    # Nothing here can be hidden by a broken file: the files it needs, it reads through `reads`.
    return frozenset()


def _decide(context: RuleContext, facts: Sequence[tuple[SourceFile, PathUsageFact]]) -> Iterator[Finding]:
    return iter(())  # facts for reports only: no rule is decided here


_SHAPE = many(record(PathReference, STR, STR, POSITION, POSITION, STR, STR))


def _shape(policy: Policy) -> Shape[PathUsageFact]:
    """``_collect``'s fact: a PathReference per reference to an old path."""
    return _SHAPE


CHECK: ProjectCheck[PathUsageFact] = ProjectCheck(
    rules=(), needles=_no_needles, collect=_collect, decide=_decide, shape=_shape, reads=_reads
)
