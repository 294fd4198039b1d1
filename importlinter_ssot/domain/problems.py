"""Problems with a policy: located errors that stop a run, and warnings that do not."""

from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.records import NamedTuple


class PolicyProblem(NamedTuple):
    """One thing wrong with a policy file (or, as a warning, suspicious about it), located in it."""

    path: str
    line: int
    column: int
    key: str  # e.g. ``symbol[0].canonical[1]``; "" for the whole file
    message: str

    def __str__(self) -> str:
        where = f"{self.key}: " if self.key else ""
        return f"{where}{self.message}"


class PolicyError(Exception):
    """A policy that cannot be applied. Carries every problem found, each located."""

    def __init__(self, problems: list[PolicyProblem], partial: Policy | None = None) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems
        # What could be read despite the problems: enough to also look for problems in its tree.
        self.partial = partial


def problem_at(policy: Policy, key: str, message: str) -> PolicyProblem:
    """A problem located at ``key`` of ``policy`` (or at its nearest written ancestor)."""
    location = policy.locate(key)
    return PolicyProblem(policy.path, location.line, location.column, policy.key_prefix + key, message)
