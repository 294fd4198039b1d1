"""Finding the policy files when none is given: one rule for every front end."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from importlinter_ssot.application.policy.project import find_project_root
from importlinter_ssot.application.policy.project_config import read_project_config
from importlinter_ssot.application.policy.toml_document import tomllib

if TYPE_CHECKING:
    from importlinter_ssot.application.ports import FileSystem


class DiscoveryError(Exception):
    """Policy discovery failed: no policy at all (a broken ``[tool.ssot]`` is a located PolicyError)."""


class NoPolicyFound(DiscoveryError):
    """Nothing configured and nothing in contracts/: a project that does not use ssot."""


def discover_policies(file_system: FileSystem, start: str) -> list[str]:
    """The policies ``[tool.ssot]`` names (or holds), else ``contracts/*.toml`` holding a ``[policy]``.

    The project is the nearest directory at or above ``start`` (absolute, '/'-separated)
    with pyproject.toml, setup.cfg, setup.py or .git. Raises PolicyError for a broken
    ``[tool.ssot]`` (located in pyproject.toml), NoPolicyFound when there is nothing.
    """
    root = find_project_root(file_system, start) or start
    configured = read_project_config(file_system, root).policies
    if configured:
        return list(configured)
    contracts = posixpath.join(root, "contracts")
    candidates = [
        entry.path for entry in file_system.list_dir(contracts) if entry.name.endswith(".toml") and not entry.is_dir
    ]
    found = [path for path in candidates if _looks_like_policy(file_system, path)]
    if not found:
        skipped = f" ({', '.join(posixpath.basename(path) for path in candidates)} in contracts/ have no [policy])"
        raise NoPolicyFound(
            f"no policy found in {root}: pass --policy FILE, list them in pyproject.toml "
            '([tool.ssot] policies = ["contracts/ssot.toml"]) or write the policy there ([tool.ssot.policy]), '
            "or put one in contracts/" + (skipped if candidates else "")
        )
    return found


def _load_toml(file_system: FileSystem, path: str) -> dict[str, Any]:
    return tomllib.loads(file_system.read_bytes(path).decode("utf-8"))


def _looks_like_policy(file_system: FileSystem, path: str) -> bool:
    """A TOML with a top-level [policy] table — or a broken one, so that its error is shown."""
    try:
        return "policy" in _load_toml(file_system, path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
