"""What a rule is: one self-describing definition per code, and the checks that decide them.

A ``Rule`` says everything about one code — its name, severity, scope, message templates
and documentation — so that the engine, the cache codec, the front ends and the docs all
read it from one place. A *check* decides one family of rules: a ``FileCheck`` from one
file, a ``ProjectCheck`` from small per-file facts gathered over the whole project. Both
say which text a file must contain to matter to them (their *needles*), which is how the
engine skips files without parsing them.
"""

import enum
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.policy import DeprecatedModules, Policy
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.fact_shape import Shape
from importlinter_ssot.domain.source import ParsedSource, SourceFile


class Scope(str, enum.Enum):
    """What a rule needs to decide: one file (any front end, editors included) or every file."""

    FILE = "file"
    PROJECT = "project"


class Example(NamedTuple):
    """A worked example in the docs: files of ``docs/examples/project`` and the command's real output.

    ``before`` (markdown, e.g. the policy entry) is shown first, then each file, then the
    output of ``ssot check --today TODAY <args or files>`` run in that project, then ``after``.
    """

    files: tuple[str, ...]
    today: str
    before: str = ""
    args: tuple[str, ...] = ()
    after: str = ""
    tool: str = "ssot"  # the command run: "ssot" (ssot check) or "flake8" (with --ssot-today TODAY)


class RuleDoc(NamedTuple):
    """A rule's documentation, in the shape of ruff's: what, why, an example, what to write instead."""

    what: str
    why: str
    example: Example | None
    instead: str
    notes: tuple[str, ...] = ()
    # The policy keys the rule reads, e.g. ``symbol.deprecated``.
    options: tuple[str, ...] = ()
    # Which front ends report it, when not what its scope implies (the default note).
    reported_by: str = ""


class RuleFamily(NamedTuple):
    """Rules that share their vocabulary (what counts as an import, who is exempt): one docs section."""

    title: str
    intro: str


class Rule:
    """One code: everything the engine, the front ends and the docs know about it.

    There is one instance per code: rules compare by identity and order by code.
    """

    __slots__ = (
        "code",
        "doc",
        "family",
        "messages",
        "name",
        "path_status",
        "report_note",
        "scope",
        "severity",
        "summary",
    )

    def __init__(
        self,
        *,
        code: str,
        name: str,  # kebab-case, as ruff names its rules
        severity: Severity,
        scope: Scope,
        summary: str,  # one line: what it flags (tables, `ssot rule --all`)
        messages: Mapping[str, str],  # named ``str.format`` templates
        doc: RuleDoc,
        family: RuleFamily | None = None,
        # What a finding of this rule says of the import path it reports (``ssot report``'s
        # pattern status: "deprecated", "non-canonical", "expired"); None: the rule says nothing of paths.
        path_status: str | None = None,
        # A sentence ``ssot report`` adds under a policy with findings of this rule (``str.format``
        # template; ``{count}``: how many, ``{code}``): what those findings mean for its numbers.
        report_note: str | None = None,
    ) -> None:
        self.code = code
        self.name = name
        self.severity = severity
        self.scope = scope
        self.summary = summary
        self.messages = messages
        self.doc = doc
        self.family = family
        self.path_status = path_status
        self.report_note = report_note

    def message(self, template: str, **values: object) -> str:
        """The message ``template`` filled with ``values``."""
        return self.messages[template].format(**values)

    def __lt__(self, other: "Rule") -> bool:
        return self.code < other.code

    def __repr__(self) -> str:
        return f"Rule({self.code} {self.name})"

    def __reduce__(self) -> "tuple[Callable[[str], Rule], tuple[str]]":
        # A rule crossing a process boundary comes back as the registered instance.
        from importlinter_ssot.domain.rules.registry import rule_by_code

        return rule_by_code, (self.code,)


# What a file must contain to matter to a check: a byte string, or — where no substring can say
# it without matching most files (``from . import *`` names no module: the substring would be
# ``*``) — a compiled bytes pattern it must match (``pattern.search``). Patterns, not functions:
# they cross to worker processes and into the cache key's hash as values, and run in C.
# Keep them cheap and sound: a file the pattern rejects must be unable to hold a finding.
Needle = bytes | re.Pattern[bytes]
# The needles one of which a file must contain (or match) to matter; None: every file may.
Needles = frozenset[Needle] | None

# What one file contributes to a project check: plain data (nested tuples of str and int,
# of the shape the check declares) so that the cache and worker processes carry it as it
# is; ``()`` when nothing.
Fact = tuple[Any, ...]


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


class ProjectCheck(NamedTuple):
    """Decides ``rules`` from every file's ``collect``-ed fact (kept per file by the cache)."""

    rules: tuple[Rule, ...]
    needles: Callable[[Policy], Needles]
    collect: Callable[[RuleContext, SourceFile, ParsedSource], Fact]
    decide: Callable[[RuleContext, Sequence[tuple[SourceFile, Fact]]], Iterable[Finding]]
    # What ``collect`` returns under a policy: the cache rebuilds stored facts through it (fact_shape.py).
    shape: Callable[[Policy], Shape]
    # Files analysed beyond those that may matter (see Reads); None: none.
    reads: Callable[[RuleContext], Reads] | None = None
