"""What a rule reports: codes, severities and findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Code(str, enum.Enum):
    """Every code the engine can emit. The value is what users see and filter on."""

    DEPRECATED_SYMBOL_PATH = "SOT001"
    NON_CANONICAL_SYMBOL_PATH = "SOT002"
    EXPIRED_SYMBOL_PATH = "SOT003"
    DEPRECATED_MODULE = "SOT010"
    FORBIDDEN_MODULE = "SOT011"
    EXPIRED_MODULE = "SOT012"
    DEFINITION_OUTSIDE_SOURCE = "SOT020"
    REDEFINITION_IN_FILE = "SOT021"
    DUPLICATE_DEFINITION = "SOT022"
    IMPORT_PATTERN_BUDGET = "SOT030"
    UNREADABLE_FILE = "SOT900"

    @property
    def severity(self) -> Severity:
        # Only the two "still allowed, but migrate" codes are warnings; an expired
        # deprecation has its own code so that it can be an error.
        if self in (Code.DEPRECATED_SYMBOL_PATH, Code.DEPRECATED_MODULE):
            return Severity.WARNING
        return Severity.ERROR


# Codes that are decided by one file alone (flake8 can report these while editing).
PER_FILE_CODES = frozenset(
    {
        Code.DEPRECATED_SYMBOL_PATH,
        Code.NON_CANONICAL_SYMBOL_PATH,
        Code.EXPIRED_SYMBOL_PATH,
        Code.DEPRECATED_MODULE,
        Code.FORBIDDEN_MODULE,
        Code.EXPIRED_MODULE,
        Code.DEFINITION_OUTSIDE_SOURCE,
        Code.REDEFINITION_IN_FILE,
        Code.UNREADABLE_FILE,
    }
)


@dataclass(frozen=True, order=True)
class Finding:
    """One reported problem. Ordered by location so that output is stable."""

    path: str  # absolute, '/'-separated; reporters make it relative for display
    line: int  # 1-based
    column: int  # 1-based
    code: Code
    message: str
    symbol: str | None = None
    replacement: str | None = None
    policy: str = ""

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def identity(self) -> tuple[str, int, int, str, str]:
        """Two policies reporting the same thing at the same place report it once."""
        return (self.path, self.line, self.column, self.code.value, self.message)
