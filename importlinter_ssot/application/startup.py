"""Why a run cannot start: one error type for every front end, whatever stage failed.

Starting a run reads, in order, the settings (options, environment), ``[tool.ssot]``, the
policies (found, parsed, their trees located) and, for the front ends that apply one, the
baseline. Each stage has its own error in the layer that knows it (``SettingError``,
``DiscoveryError``, ``PolicyError``, ``BaselineError``); the composition root's start-up
turns each of them into one ``StartupError``, so that a front end only translates it into its
host's convention — an exit status and lines on stderr, a contract's configuration error, a
diagnostic — and two front ends cannot tell the same problem differently.

Each problem carries what an editor's diagnostic needs: the file, line, column and key at
fault, and the message. Pure: no I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from importlinter_ssot.domain.problems import PolicyProblem
from importlinter_ssot.domain.records import NamedTuple


class Stage(enum.Enum):
    """What could not be used; front ends frame each differently (e.g. a usage error for a setting)."""

    SETTINGS = "settings"  # an option or an environment variable
    DISCOVERY = "discovery"  # no policy given, configured or found
    POLICY = "policy"  # a policy file, or [tool.ssot] in pyproject.toml
    BASELINE = "baseline"  # the baseline file


class StartupProblem(NamedTuple):
    """One reason a run cannot start, located as precisely as its source allows."""

    # The file at fault (absolute): a policy, pyproject.toml, the baseline, or the directory
    # no policy was found in. None: a setting, which ``key`` names.
    path: str | None
    line: int  # 1-based; 1 when the whole file is at fault, or for a setting
    column: int  # 1-based
    # The key at fault (``symbol[0].name``, ``tool.ssot.select``); for a setting, where it came
    # from (``--today``, ``the SSOT_TODAY environment variable``); "" for a whole file.
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.key}: " if self.key else ""
        return f"{where}{self.message}"


class StartupError(Exception):
    """A run that cannot start; ``problems`` holds every problem found at the failing ``stage`` (at least one)."""

    def __init__(self, stage: Stage, problems: Iterable[StartupProblem]) -> None:
        self.stage = stage
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def setting_problem(source: str, message: str) -> StartupError:
    """A setting that cannot be used (``source``: the option or variable it came from)."""
    return StartupError(Stage.SETTINGS, [StartupProblem(None, 1, 1, source, message)])


def no_policy(directory: str, message: str) -> StartupError:
    """No policy to apply; located at the directory it was looked for in."""
    return StartupError(Stage.DISCOVERY, [StartupProblem(directory, 1, 1, "", message)])


def policy_problems(problems: Iterable[PolicyProblem]) -> StartupError:
    """A policy (or ``[tool.ssot]``) with errors: every one of them, located."""
    return StartupError(Stage.POLICY, [StartupProblem(*problem) for problem in problems])


def baseline_problem(path: str, line: int, column: int, message: str) -> StartupError:
    """A baseline file that cannot be read or is not one."""
    return StartupError(Stage.BASELINE, [StartupProblem(path, line, column, "", message)])
