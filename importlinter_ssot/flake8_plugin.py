"""flake8 adapter: the engine's per-file findings as flake8 violations (code prefix ``SOT``).

Editors show flake8 diagnostics (VS Code's flake8 extension, pylsp, vim/emacs linters), so
this is how a deprecated or forbidden import gets underlined while it is typed. The rules
live in the engine only: this module translates flake8's inputs (its already parsed
``tree`` and ``lines``, the file name, the options) into one ``check_one_file`` call and
the findings back into ``(line, 0-based column, "CODE message")`` tuples.

What it reports: SOT001/002/003, SOT010/011/012, SOT020/021 — the rules decided by one
file. SOT022 (duplicates across modules) and SOT030 (import-pattern budgets) need the whole
project and belong to ``ssot check`` / ``lint-imports``. SOT900 never appears: flake8
reports a file it cannot parse as E999 itself and does not run AST plugins on it.

Policy loading happens once per process, in ``parse_options`` — which flake8 runs in the
main process before it forks its ``--jobs`` workers, so they inherit the loaded projects.
The module-level cache (keyed by the policy paths and their mtimes/sizes) covers the
other cases: workers started with ``spawn`` (macOS, Windows) re-run ``parse_options``
and pay the load once each, and long-lived processes that run flake8 repeatedly in
process (e.g. the VS Code flake8 extension's runner, ``flake8.api.legacy``) reload only
when a policy file changed. A broken policy stops the run with one message on stderr
and exit status 2 (as ``ssot check`` does), before any file is checked.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import logging
import os
import posixpath
import sys
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar, NoReturn

from importlinter_ssot import __version__
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.presentation import absolute_path, problem_line
from importlinter_ssot.application.check import check_one_file, load_projects
from importlinter_ssot.application.discovery import DiscoveryError, NoPolicyFound, discover_policies
from importlinter_ssot.application.parsing import parse_tree
from importlinter_ssot.application.policy_parsing import PolicyError
from importlinter_ssot.application.project import Project, find_project_root
from importlinter_ssot.domain.dates import parse_date
from importlinter_ssot.domain.findings import PER_FILE_CODES
from importlinter_ssot.domain.rules.relevance import may_matter, relevance_needles

LOG = logging.getLogger(__name__)

EXIT_POLICY_ERROR = 2

# (absolute policy path, mtime_ns, size) for each policy, in order → the scanned projects.
_CacheKey = tuple[tuple[str, int, int], ...]
_PROJECTS_CACHE: dict[_CacheKey, tuple[Project, ...]] = {}


def _cache_key(policy_paths: Sequence[str]) -> _CacheKey:
    key = []
    for path in policy_paths:
        try:
            status = os.stat(path)
            key.append((path, status.st_mtime_ns, status.st_size))
        except OSError:
            key.append((path, -1, -1))  # load_projects reports it
    return tuple(key)


def cached_projects(policy_paths: Sequence[str]) -> tuple[Project, ...]:
    """Parse the policies and locate their root packages, once per process and policy version.

    Raises PolicyError (nothing is cached then, so a fixed policy is picked up).
    """
    key = _cache_key(policy_paths)
    projects = _PROJECTS_CACHE.get(key)
    if projects is None:
        # flake8 hands over one file at a time: locating the root packages is enough, and
        # walking a 10k-file tree in every flake8 process would cost more than the checks.
        projects = tuple(load_projects(LocalFileSystem(), policy_paths, scan=False))
        _PROJECTS_CACHE.clear()  # a long-lived process keeps the current version only
        _PROJECTS_CACHE[key] = projects
    return projects


class _PolicyPathsAction(argparse.Action):
    """``--ssot-policy A,B`` and ``--ssot-policy A --ssot-policy B``; the command line replaces the config."""

    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any, option_string: Any = None) -> None:
        from_command_line = getattr(namespace, "_ssot_policy_from_command_line", False)
        current = list(getattr(namespace, self.dest) or []) if from_command_line else []
        current.extend(values if isinstance(values, list) else [values])
        setattr(namespace, self.dest, current)
        namespace._ssot_policy_from_command_line = True


def _fail(lines: Sequence[str]) -> NoReturn:
    """One clear message on stderr and the run stops: no traceback, no per-file noise."""
    sys.stderr.write("".join(f"{line}\n" for line in lines))
    sys.stderr.flush()
    raise SystemExit(EXIT_POLICY_ERROR)


def _parse_today(value: str | None) -> datetime.date:
    if not value:
        return datetime.date.today()
    parsed = parse_date(value.strip())
    if parsed is None:
        _fail([f"flake8 (importlinter-ssot): `{value}` is not a date (YYYY-MM-DD) in --ssot-today / SSOT_TODAY"])
    return parsed


def _discovery_roots(options: argparse.Namespace) -> list[str]:
    """The projects of the checked paths (else of the cwd), where a policy is looked for when none is configured."""
    file_system = LocalFileSystem()
    directories: list[str] = []
    for name in getattr(options, "filenames", None) or ["."]:
        if name == "-":
            display = getattr(options, "stdin_display_name", None)
            name = os.path.dirname(display) if display and display != "stdin" else "."
        path = absolute_path(name or ".")
        directories.append(path if os.path.isdir(path) else posixpath.dirname(path))
    # pre-commit and friends pass many files: look each project up once.
    return list(dict.fromkeys(find_project_root(file_system, start) or start for start in dict.fromkeys(directories)))


def _discover(options: argparse.Namespace) -> list[str]:
    """``ssot check``'s discovery, from each checked path's project; [] when there is none."""
    found: list[str] = []
    for root in _discovery_roots(options):
        try:
            found.extend(discover_policies(LocalFileSystem(), root))
        except NoPolicyFound as error:
            # flake8 runs in projects that do not use ssot: stay silent there.
            LOG.debug("importlinter-ssot: %s", error)
        except DiscoveryError as error:
            _fail([f"flake8 (importlinter-ssot): {error}"])
    return list(dict.fromkeys(absolute_path(path) for path in found))


class SSOTChecker:
    """flake8 AST plugin; flake8 hands it each file's parsed tree, its lines and its name."""

    name = "importlinter-ssot"
    version = __version__

    # Set by parse_options, once per process, before any file is checked.
    projects: ClassVar[tuple[Project, ...]] = ()
    # Per project, text one of which a file must contain to matter (None: any file may).
    needles: ClassVar[tuple[tuple[bytes, ...] | None, ...]] = ()
    today: ClassVar[datetime.date] = datetime.date.today()
    _reported_internal_error: ClassVar[bool] = False

    def __init__(self, tree: ast.AST, filename: str, lines: Sequence[str]) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, parser: Any) -> None:
        parser.add_option(
            "--ssot-policy",
            action=_PolicyPathsAction,
            default=[],
            parse_from_config=True,
            comma_separated_list=True,
            normalize_paths=True,
            metavar="FILE[,FILE]",
            help="importlinter-ssot policy file(s), comma separated or repeated. Default: [tool.ssot] "
            "policies in pyproject.toml, else contracts/*.toml of the checked files' project.",
        )
        parser.add_option(
            "--ssot-today",
            default=None,
            parse_from_config=True,
            metavar="YYYY-MM-DD",
            help="Date deprecations are judged on (default: $SSOT_TODAY, else the system date).",
        )

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        cls.today = _parse_today(getattr(options, "ssot_today", None) or os.environ.get("SSOT_TODAY"))
        configured = [path for path in getattr(options, "ssot_policy", None) or [] if path]
        policy_paths = [absolute_path(path) for path in configured] if configured else _discover(options)
        if not policy_paths:
            cls.projects, cls.needles = (), ()
            return
        try:
            cls.projects = cached_projects(policy_paths)
            cls.needles = tuple(relevance_needles(project.policy) for project in cls.projects)
        except PolicyError as error:
            _fail(
                [problem_line(problem) for problem in error.problems]
                + ["flake8 (importlinter-ssot): the SSOT policy has errors; nothing was checked."]
            )

    def _may_matter(self, text: str) -> bool:
        """The engine's quick test: most files mention no governed name or module at all."""
        if not text.isascii():
            return True  # the engine decides on bytes; keep it simple and check the file
        data = text.encode("ascii")
        return any(may_matter(data, needles) for needles in self.needles)

    def run(self) -> Iterator[tuple[int, int, str, type[SSOTChecker]]]:
        if not self.projects or not isinstance(self.tree, ast.Module):
            return
        if self.filename in ("-", "stdin"):
            return  # no name, no module: editors pass --stdin-display-name
        try:
            text = "".join(self.lines)
            if not self._may_matter(text):
                return
            parsed = parse_tree(self.tree, text)
            findings = check_one_file(self.projects, absolute_path(self.filename), parsed, self.today)
        except Exception as error:  # noqa: BLE001 - a bug here must not stop the user's flake8 run
            if not SSOTChecker._reported_internal_error:
                SSOTChecker._reported_internal_error = True
                sys.stderr.write(f"flake8 (importlinter-ssot): internal error on {self.filename}: {error!r}\n")
            LOG.exception("importlinter-ssot failed on %s", self.filename)
            return
        for finding in findings:
            if finding.code in PER_FILE_CODES:
                # flake8 columns are 0-based offsets (it prints them + 1); the engine's are 1-based.
                yield finding.line, finding.column - 1, f"{finding.code.value} {finding.message}", type(self)
