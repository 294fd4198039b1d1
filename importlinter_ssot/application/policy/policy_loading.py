"""Policy files → projects: each policy parsed and its tree scanned (or only located)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from importlinter_ssot.application.policy.policy_parsing import parse_policy
from importlinter_ssot.application.policy.project import (
    Project,
    layout_problems,
    locate_project,
    policy_project_root,
    scan_project,
)
from importlinter_ssot.application.policy.project_config import CONFIG_KEYS, TABLE, is_pyproject
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.problems import PolicyError, PolicyProblem

if TYPE_CHECKING:
    from importlinter_ssot.application.ports import FileSystem


def load_projects(
    file_system: FileSystem,
    policy_paths: Iterable[str],
    root_packages: tuple[str, ...] | None = None,
    *,
    scan: bool = True,
) -> list[Project]:
    """Parse every policy and scan its tree; raise one PolicyError holding every problem found.

    Each file's own problems and the problems of its tree (a missing root package) are
    reported together, so a user fixes a broken policy in one round. With ``scan=False``
    the root packages are located but not walked: enough for per-file front ends (flake8,
    editors), which place each file they are given by its path and need no file list.
    """
    projects: list[Project] = []
    problems: list[PolicyProblem] = []
    for path in policy_paths:
        try:
            policy = load_policy(file_system, path, root_packages)
        except PolicyError as error:
            problems.extend(error.problems)
            if error.partial is not None:
                problems.extend(layout_problems(file_system, error.partial))
            continue
        try:
            projects.append(scan_project(file_system, policy) if scan else locate_project(file_system, policy))
        except PolicyError as error:
            problems.extend(error.problems)
    if problems:
        raise PolicyError(problems)
    return projects


def load_policy(file_system: FileSystem, path: str, root_packages: tuple[str, ...] | None = None) -> Policy:
    """Read and parse one policy file; PolicyError when it cannot be read or is broken."""
    try:
        data = file_system.read_bytes(path)
        text = data.decode("utf-8")
    except OSError as error:
        raise PolicyError(
            [PolicyProblem(path, 1, 1, "", f"cannot read policy file: {error.strerror or error}")]
        ) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PolicyError([PolicyProblem(path, line, 1, "", "policy file is not valid UTF-8")]) from None
    if is_pyproject(path):  # the policy is the [tool.ssot] table, beside the project's settings
        return parse_policy(
            text, path, policy_project_root(file_system, path), root_packages, table=TABLE, other_keys=CONFIG_KEYS
        )
    return parse_policy(text, path, policy_project_root(file_system, path), root_packages)
