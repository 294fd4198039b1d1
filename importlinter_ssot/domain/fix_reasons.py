"""Why a finding is not fixed by ``ssot check --fix``: one reason per case, with its words.

Each reason has a stable key (what JSON shows and counts are grouped by), a summary for
the per-reason counts and a template for the one finding it explains.
"""

from __future__ import annotations

import enum

from importlinter_ssot.domain.findings import Finding, Reference
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules import definitions, module_imports, symbol_paths

# The rules whose import-statement findings a fix may rewrite.
SYMBOL_RULES = symbol_paths.CHECK.rules
MODULE_RULES = module_imports.CHECK.rules


@enum.unique  # no two reasons with the same words (equal values would make one an alias of the other)
class Reason(enum.Enum):
    """Why a finding was left as it is."""

    NO_FIX = ("rules without an automatic fix", "{code} has no automatic fix")
    ATTRIBUTE_USE = (
        "attribute uses (not import statements)",
        "an attribute use, not an import statement: rewrite the use where it is",
    )
    DYNAMIC_IMPORT = (
        "dynamic imports",
        "a dynamic import: the module name is a string the code computes with",
    )
    PATCH_TARGET = (
        "patch targets",
        "a patch target: the right target depends on where the code under test looks the name up",
    )
    MODULE_IMPORT = (
        "imports of a whole module",
        "imports the module itself, not names from it: its uses would have to be rewritten too",
    )
    STAR_IMPORT = ("star imports", "a star import: which names the file needs from it is unknown")
    STRING_REFERENCE = (
        "references spelled in strings",
        "a name spelled in a string (a `sys.modules` key, a string annotation): rewrite the string where it is",
    )
    NO_REPLACEMENT = ("module rules without a replacement", "the module rule names no replacement")
    POLICIES_DISAGREE = (
        "policies naming different replacements",
        "the policies name different replacements: {modules}",
    )
    IMPORT_CYCLE = (
        "targets that are a package of the importer (import cycle)",
        "`{module}` is a package containing the importer: importing through it creates an import cycle",
    )
    NO_MODULE_FILE = (
        "targets without a file in the project",
        "`{module}` has no file in the project that parses, so what it provides is unknown",
    )
    OWN_DEFINITION = (
        "names the old module defines itself (another object)",
        "`{module}` defines its own `{name}` (a class or def, "
        + definitions.DEFINITION_OUTSIDE_SOURCE.code
        + "): importing it from the canonical module would give this file another object; keep one definition first",
    )
    NOT_AVAILABLE = (
        "names the target does not provide",
        "`{name}` is not available in `{module}` (neither defined nor imported at module level there)",
    )
    OTHER_OBJECT = (
        "targets whose name is another object",
        "`{new}` is {there}, but `{old}` is {here}: another object",
    )
    TYPE_CHECKING_ONLY = (
        "names the target binds only for type checkers",
        "{why} (the import is not under `if TYPE_CHECKING:` itself)",
    )
    UNPROVEN = (
        "names not proven to be the same object",
        "`{new}` cannot be proven to be the object `{old}` is: {why}",
    )
    NAME_CANNOT_MOVE = (
        "statements with a name that cannot move",
        "`{name}` cannot move with the rest of the statement (see its own finding)",
    )
    PROBE = (
        "imports probing whether a path exists (try/except ImportError)",
        "the import is a probe: it sits in a `try` whose `{handler}` catches its failure, so its path is the point",
    )
    TESTS_THE_OLD_PATH = (
        "imports inside a block that tests or silences their warning",
        "the import sits in `with {block}`: it tests the old path (or silences its warning) on purpose",
    )
    BINDING_ORDER = (
        "statements whose split would change which binding of a name wins",
        "the statement binds a name twice across the statements a split makes: no order of them keeps "
        "the later binding last",
    )
    NEW_FINDING = (
        "files a fix would give a new finding",
        "the fixed file would have a new finding: {code} {message}",
    )
    WOULD_NOT_COMPILE = (
        "files that would not compile once fixed",
        "the fixed file would not compile: {error}",
    )
    CANNOT_REWRITE = (
        "statements that cannot be tokenized as written",
        "the statement cannot be rewritten: {error}",
    )
    UNREADABLE = ("files that cannot be read or encoded", "the file cannot be {action}: {error}")
    CHANGED = ("files changed since they were checked", "the file changed since it was checked")
    OUTSIDE_PROJECT = (
        "files outside the project root",
        "the file is {path}, outside the project root: it is checked, never written",
    )
    READ_ONLY = ("read-only files", "the file is read-only (no write permission): it is left as it is")
    WRITE_FAILED = ("files that cannot be written", "the file cannot be written: {error}")

    def __init__(self, summary: str, template: str) -> None:
        self.summary = summary
        self.template = template

    @property
    def key(self) -> str:
        """The stable key JSON shows and counts are grouped by: the member's name, spelled ``no-fix``."""
        return self.name.lower().replace("_", "-")

    def explain(self, **values: object) -> str:
        """The reason for one finding, ``values`` filled in."""
        return self.template.format(**values)


class NotFixed(NamedTuple):
    """A finding left as it is, and why."""

    finding: Finding
    reason: Reason
    detail: str


class Refusal(NamedTuple):
    """A reason with its values, before it is given to the findings it concerns."""

    reason: Reason
    values: tuple[tuple[str, str], ...] = ()

    def given_to(self, finding: Finding) -> NotFixed:
        """The refusal as the reason ``finding`` is not fixed."""
        return NotFixed(finding, self.reason, self.reason.explain(**dict(self.values)))


def refusal(reason: Reason, **values: str) -> Refusal:
    """``reason`` with ``values`` for its template."""
    return Refusal(reason, tuple(values.items()))


def is_rewritable(finding: Finding) -> bool:
    """Whether a fix may rewrite the reference: an import statement flagged by a symbol or module rule."""
    return finding.reference is Reference.IMPORT and (finding.rule in SYMBOL_RULES or finding.rule in MODULE_RULES)


_BY_REFERENCE = {
    Reference.ATTRIBUTE: Reason.ATTRIBUTE_USE,
    Reference.DYNAMIC: Reason.DYNAMIC_IMPORT,
    Reference.PATCH: Reason.PATCH_TARGET,
    Reference.STRING: Reason.STRING_REFERENCE,
    Reference.STAR: Reason.STAR_IMPORT,  # the use is fine; the star import would have to be rewritten
}


def reason_by_kind(finding: Finding) -> NotFixed | None:
    """Why a finding is never fixed, from what it is alone; None when a fix may rewrite it."""
    if is_rewritable(finding):
        return None
    if finding.reference is None or finding.reference is Reference.IMPORT:
        return NotFixed(finding, Reason.NO_FIX, Reason.NO_FIX.explain(code=finding.code))
    reason = _BY_REFERENCE[finding.reference]
    return NotFixed(finding, reason, reason.explain())
