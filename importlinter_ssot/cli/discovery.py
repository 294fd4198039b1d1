"""Finding the policy files when `--policy` is not given."""

from __future__ import annotations

import glob
import os
import sys
from typing import Any

from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.application.project import find_project_root

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class DiscoveryError(Exception):
    pass


def discover_policies(start: str) -> list[str]:
    """``[tool.ssot] policies`` in the project's pyproject.toml, else ``contracts/*.toml`` holding a ``[policy]``.

    The project is the nearest directory at or above ``start`` with pyproject.toml,
    setup.cfg, setup.py or .git.
    """
    root = find_project_root(LocalFileSystem(), start) or start
    pyproject = os.path.join(root, "pyproject.toml")
    if os.path.isfile(pyproject):
        configured = _configured_policies(pyproject)
        if configured is not None:
            return [os.path.normpath(os.path.join(root, path)) for path in configured]
    candidates = sorted(glob.glob(os.path.join(root, "contracts", "*.toml")))
    found = [path for path in candidates if _looks_like_policy(path)]
    if not found:
        raise DiscoveryError(
            f"no policy found in {root}: pass --policy FILE, list them in pyproject.toml "
            '([tool.ssot] policies = ["contracts/ssot.toml"]), or put one in contracts/'
        )
    return found


def _configured_policies(pyproject: str) -> list[str] | None:
    try:
        with open(pyproject, "rb") as stream:
            document = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DiscoveryError(f"{pyproject}: cannot read [tool.ssot]: {error}") from None
    settings: Any = document.get("tool", {}).get("ssot")
    if settings is None:
        return None
    if not isinstance(settings, dict) or not set(settings) <= {"policies"}:
        raise DiscoveryError(f"{pyproject}: [tool.ssot] takes one key, `policies` (an array of paths)")
    policies = settings.get("policies")
    if not isinstance(policies, list) or not policies or not all(isinstance(item, str) for item in policies):
        raise DiscoveryError(f"{pyproject}: [tool.ssot] policies must be a non-empty array of paths")
    return policies


def _looks_like_policy(path: str) -> bool:
    """A TOML with a top-level [policy] table — or a broken one, so that its error is shown."""
    try:
        with open(path, "rb") as stream:
            return "policy" in tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError):
        return True
