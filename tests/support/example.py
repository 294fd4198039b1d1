"""A writable copy of the bundled example, laid out as a project: for tests that change or record files."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def example_copy(directory: Path) -> Path:
    """``examples/`` and ``contracts/example.toml`` copied under ``directory/example`` (a git-marked root)."""
    root = directory / "example"
    shutil.copytree(REPO / "examples", root / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "contracts").mkdir()
    shutil.copy2(REPO / "contracts" / "example.toml", root / "contracts" / "example.toml")
    (root / ".git").mkdir()
    return root
