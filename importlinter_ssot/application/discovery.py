"""Finding the policy files when none is given: one rule for every front end."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from importlinter_ssot.application.project import find_project_root
from importlinter_ssot.application.toml_document import tomllib

if TYPE_CHECKING:
    from importlinter_ssot.application.ports import FileSystem


class DiscoveryError(Exception):
    """Policy discovery failed: a broken ``[tool.ssot]`` table, or no policy at all."""


class NoPolicyFound(DiscoveryError):
    """Nothing configured and nothing in contracts/: a project that does not use ssot."""


def discover_policies(file_system: FileSystem, start: str) -> list[str]:
    """``[tool.ssot] policies`` in the project's pyproject.toml, else ``contracts/*.toml`` holding a ``[policy]``.

    The project is the nearest directory at or above ``start`` (absolute, '/'-separated)
    with pyproject.toml, setup.cfg, setup.py or .git.
    """
    root = find_project_root(file_system, start) or start
    pyproject = posixpath.join(root, "pyproject.toml")
    if file_system.is_file(pyproject):
        configured = _configured_policies(file_system, pyproject)
        if configured is not None:
            return [posixpath.normpath(posixpath.join(root, path)) for path in configured]
    contracts = posixpath.join(root, "contracts")
    candidates = [
        entry.path for entry in file_system.list_dir(contracts) if entry.name.endswith(".toml") and not entry.is_dir
    ]
    found = [path for path in candidates if _looks_like_policy(file_system, path)]
    if not found:
        skipped = f" ({', '.join(posixpath.basename(path) for path in candidates)} in contracts/ have no [policy])"
        raise NoPolicyFound(
            f"no policy found in {root}: pass --policy FILE, list them in pyproject.toml "
            '([tool.ssot] policies = ["contracts/ssot.toml"]), or put one in contracts/'
            + (skipped if candidates else "")
        )
    return found


def _load_toml(file_system: FileSystem, path: str) -> dict[str, Any]:
    return tomllib.loads(file_system.read_bytes(path).decode("utf-8"))


def _configured_policies(file_system: FileSystem, pyproject: str) -> list[str] | None:
    try:
        document = _load_toml(file_system, pyproject)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DiscoveryError(f"{pyproject}: cannot read [tool.ssot]: {error}") from None
    tool = document.get("tool", {})
    settings: Any = tool.get("ssot") if isinstance(tool, dict) else None
    if settings is None:
        return None
    if not isinstance(settings, dict) or not set(settings) <= {"policies"}:
        raise DiscoveryError(f"{pyproject}: [tool.ssot] takes one key, `policies` (an array of paths)")
    policies = settings.get("policies")
    if not isinstance(policies, list) or not policies or not all(isinstance(item, str) for item in policies):
        raise DiscoveryError(f"{pyproject}: [tool.ssot] policies must be a non-empty array of paths")
    return policies


def _looks_like_policy(file_system: FileSystem, path: str) -> bool:
    """A TOML with a top-level [policy] table — or a broken one, so that its error is shown."""
    try:
        return "policy" in _load_toml(file_system, path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
