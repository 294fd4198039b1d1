"""The two commands compared: ``ssot check`` (full policy) and ``ruff check --select TID251``.

Produces no table of its own: the ssot and ruff columns of the tables of ``docs/performance.md``
that ``python benchmarks/run.py`` produces (generated tree, ``--real``, ``--scale``) are these
commands. A :class:`Tool` knows its cache directories and its no-cache flag, so that a mode
can clear, keep or bypass the cache.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Tool:
    name: str
    base: list[str]
    cache_dirs: list[str]
    no_cache: list[str]  # arguments for the cold mode ([] when unsupported)
    notes: list[str] = field(default_factory=list)

    def command(self, mode: str) -> list[str]:
        """The command line for ``mode`` (``cold`` adds the no-cache flag)."""
        return [*self.base, *(self.no_cache if mode == "cold" else [])]

    def clear(self, tree: Path) -> None:
        """Remove the tool's caches from ``tree``."""
        for name in self.cache_dirs:
            shutil.rmtree(tree / name, ignore_errors=True)


def find_ruff(explicit: str | None) -> str | None:
    """``explicit``, else the ruff next to this Python, else the one on ``PATH``."""
    if explicit:
        return explicit
    beside = Path(sys.executable).with_name("ruff")
    if beside.exists():
        return str(beside)
    return shutil.which("ruff")


def ssot_help(python: str, env: dict[str, str]) -> str:
    """``ssot check --help``: which options this ssot has."""
    result = subprocess.run(
        [python, "-m", "importlinter_ssot", "check", "--help"], capture_output=True, text=True, env=env
    )
    return result.stdout


def ssot_tool(python: str, env: dict[str, str], policy: str, jobs: str | None) -> Tool:
    """``python -m importlinter_ssot check --policy POLICY``, with notes on the options it lacks."""
    help_text = ssot_help(python, env)
    base = [python, "-m", "importlinter_ssot", "check", "--policy", policy]
    notes: list[str] = []
    if jobs is not None:
        if "--jobs" in help_text:
            base += ["--jobs", jobs]
        else:
            notes.append("ssot has no --jobs option: --ssot-jobs ignored")
    no_cache: list[str] = []
    if "--no-cache" in help_text:
        no_cache = ["--no-cache"]
    else:
        notes.append("ssot has no --no-cache option: cold runs only remove .ssot_cache/ first (ssot may write a cache)")
    if "--cache-dir" not in help_text:
        notes.append("ssot has no --cache-dir option")
    if "cache" not in help_text:
        notes.append("ssot has no cache at all: warm = cold for ssot")
    return Tool("ssot", base, [".ssot_cache"], no_cache, notes)


FLOOR_SCRIPT = Path(__file__).resolve().parent.parent / "parse_floor.py"


def floor_tool(ssot: Tool) -> Tool:
    """``parse_floor.py`` with ssot's own options (``--policy``, ``--jobs``): the parse floor of its cold run."""
    python, options = ssot.base[0], ssot.base[4:]  # [python, -m, importlinter_ssot, check, *options]
    return Tool("floor", [python, str(FLOOR_SCRIPT), *options], [], [])


def ruff_arguments(config: str | None = None, paths: Sequence[str] = (".",)) -> list[str]:
    """``--config FILE`` (ruff then ignores every other configuration file) and the paths to check."""
    return [*(["--config", config] if config else []), *paths]


def ruff_tool(ruff: str, config: str | None = None, paths: Sequence[str] = (".",)) -> Tool:
    """``ruff check --select TID251 --output-format concise`` with :func:`ruff_arguments`."""
    return Tool(
        "ruff",
        [ruff, "check", "--select", "TID251", "--output-format", "concise", *ruff_arguments(config, paths)],
        [".ruff_cache"],
        ["--no-cache"],
    )
