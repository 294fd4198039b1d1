"""What a rule is: one self-describing definition per code.

A ``Rule`` says everything about one code — its name, severity, scope, message templates
and documentation — so that the engine, the cache codec, the front ends and the docs all
read it from one place. The checks that decide rules are in ``rules/checks.py``; a finding names
its rule, so this module imports nothing of findings, policies or sources (no circle).
"""

import enum
from collections.abc import Mapping

from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.severity import Severity


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

    # A rule crossing a process boundary comes back as the registered instance: the registry
    # says so to ``copyreg`` (registry.py), so that this module need not import it.
