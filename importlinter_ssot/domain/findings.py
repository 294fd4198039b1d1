"""What a rule reports: a finding, located in a file, with the rule that decided it."""

import enum

from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rule_definition import Rule
from importlinter_ssot.domain.severity import Severity

__all__ = ["Finding", "Reference", "Severity"]  # Severity: where most of the engine reads it from


class Reference(str, enum.Enum):
    """How the module or name a finding is about was referenced: what a fix may rewrite.

    Only an import statement can be rewritten to another path; the others depend on code
    around them (the right patch target, for one, depends on the code under test).
    """

    IMPORT = "import"  # an import statement
    ATTRIBUTE = "attribute"  # ``mod.Name`` where ``mod`` is bound by an import
    DYNAMIC = "dynamic"  # ``importlib.import_module("M")``, ``__import__("M")``
    PATCH = "patch"  # ``patch("M.Name")``, ``monkeypatch.setattr("M.Name", v)``, ``patch.object(mod, "Name")``
    STRING = "string"  # a module or dotted name in a string: ``sys.modules["M"]``, the annotation ``"M.Name"``
    STAR = "star"  # a name a file takes from ``from M import *`` (the star import is where it is reported)


class Finding(NamedTuple):
    """One reported problem. Ordered by location, then code, so that output is stable."""

    path: str  # absolute, '/'-separated; reporters make it relative for display
    line: int  # 1-based
    column: int  # 1-based
    rule: "Rule"
    message: str
    symbol: str | None = None
    replacement: str | None = None
    policy: str = ""
    # The module the reported reference names (the import path used), for import rules; None otherwise.
    # With the path, code and symbol it identifies a finding without its line: what a baseline keys on.
    via: str | None = None
    reference: Reference | None = None  # None: not about a reference (a definition, a budget, a file)

    @property
    def code(self) -> str:
        """The rule's code, e.g. ``SOT001``: what users see and filter on."""
        return self.rule.code

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return self.rule.severity

    def identity(self) -> tuple[str, int, int, str, str]:
        """Two policies reporting the same thing at the same place report it once."""
        return (self.path, self.line, self.column, self.rule.code, self.message)
