"""How much a finding weighs: whether it fails a run."""

import enum


class Severity(str, enum.Enum):
    """Whether a finding fails a run (error) or only reports a migration still allowed (warning)."""

    ERROR = "error"
    WARNING = "warning"
