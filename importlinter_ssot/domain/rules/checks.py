"""The checks that decide rules: a ``FileCheck`` from one file, a ``ProjectCheck`` from small
per-file facts gathered over the whole project.

Both say which text a file must contain to matter to them (their *needles*), which is how
the engine skips files without parsing them.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.policy import DeprecatedModules, Policy
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rule_definition import Rule
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.fact_shape import Shape
from importlinter_ssot.domain.source import ParsedSource, SourceFile

# What a file must contain to matter to a check: a byte string, or — where no substring can say
# it without matching most files (``from . import *`` names no module: the substring would be
# ``*``) — a compiled bytes pattern it must match (``pattern.search``). Patterns, not functions:
# they cross to worker processes and into the cache key's hash as values, and run in C.
# Keep them cheap and sound: a file the pattern rejects must be unable to hold a finding.
Needle = bytes | re.Pattern[bytes]
# The needles one of which a file must contain (or match) to matter; None: every file may.
Needles = frozenset[Needle] | None

# What one file contributes to a project check, of a type each check declares: tuples and
# NamedTuples of str, int and None (plain data: worker processes and the cache carry it as it
# is, the cache rebuilding it through the check's shape); never empty — a file that
# contributes nothing gives None.
F = TypeVar("F")


class Conditional(NamedTuple):
    """A finding that holds only if ``module`` is a module of the scanned tree.

    ``from p import m`` binds ``m`` to a module only when ``p.m`` is one; whether it is
    depends on other files, so the file's result keeps the condition and the front end
    decides it (the whole-project check from the tree, an editor from the disk).
    """

    finding: Finding
    module: str


class FileCheck(NamedTuple):
    """Decides ``rules`` from one file alone."""

    rules: tuple[Rule, ...]
    needles: Callable[[Policy], Needles]
    check: Callable[[RuleContext, SourceFile, ParsedSource], Iterable[Finding | Conditional]]


class Reads(NamedTuple):
    """Files a check analyses although they cannot matter by their content (no SOT900 there).

    Some facts are about a file's *module* (a deprecated module must warn, whatever its
    text), and some come from files that matter to no finding of their own (a helper
    function that warns). Such a file is parsed when its module is in ``modules`` or its
    bytes hold one of ``needles``; if it does not parse, the check learns nothing from it
    and nothing is reported for it, since the content test says it cannot hide a finding.
    """

    needles: frozenset[bytes] = frozenset()
    modules: DeprecatedModules = DeprecatedModules(frozenset(), ())
    # Needles that count only as whole words (not inside a longer identifier): a module's
    # name is delimited wherever code spells it, so ``manager`` in ``websocket_manager`` is not it.
    words: frozenset[bytes] = frozenset()
    # Runtime facts (ParsedSource.runtime) are wanted: the parser reads them from files
    # spelling a warning word, and always from files of ``modules``.
    runtime: bool = False


class ProjectCheck(NamedTuple, Generic[F]):
    """Decides ``rules`` from every file's ``collect``-ed fact ``F`` (kept per file by the cache)."""

    rules: tuple[Rule, ...]
    needles: Callable[[Policy], Needles]
    collect: Callable[[RuleContext, SourceFile, ParsedSource], F | None]  # None: the file contributes nothing
    # From the files that contribute, in the project's order (the others cannot move a decision).
    decide: Callable[[RuleContext, Sequence[tuple[SourceFile, F]]], Iterable[Finding]]
    # What ``collect`` returns under a policy: the cache rebuilds stored facts through it (fact_shape.py).
    shape: Callable[[Policy], Shape[F]]
    # Files analysed beyond those that may matter (see Reads); None: none.
    reads: Callable[[RuleContext], Reads] | None = None
