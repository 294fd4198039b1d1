"""flake8 adapter: the engine's per-file findings as flake8 violations (code prefix ``SOT``).

Editors show flake8 diagnostics (VS Code's flake8 extension, pylsp, vim/emacs linters), so
this is how a deprecated or forbidden import gets underlined while it is typed. The rules
live in the engine only: this module translates flake8's inputs (its already parsed
``tree`` and ``lines``, the file name, the options) into one ``check_one_file`` call and
the findings back into ``(line, 0-based column, "CODE message")`` tuples.

What it reports: ``reported_rules()`` — the rules decided by one file (``Scope.FILE`` in
the registry; docs/editors.md lists them, generated from it). The whole-project rules
(``Scope.PROJECT``: duplicates across modules, import-pattern budgets, warnings given through
helpers in other files) need every file and belong to ``ssot check`` / ``lint-imports``.
SOT900 never appears: flake8 reports a file it cannot parse as E999 itself and does not run
AST plugins on it.

Policy loading happens once per process, in ``parse_options`` (through ``composition.start``,
the start-up every front end shares), which flake8 runs in the main process before it forks
its ``--jobs`` workers, so they inherit the loaded projects. The module-level
``ProjectsCache`` (keyed by the policy paths and their mtimes/sizes) covers the other cases:
workers started with ``spawn`` (macOS, Windows) re-run ``parse_options`` and pay the load
once each, and long-lived processes that run flake8 repeatedly in process (e.g. the VS Code
flake8 extension's runner, ``flake8.api.legacy``) reload only when a policy file changed.

A policy that cannot be used (missing, broken, naming a root package that does not exist;
a broken ``[tool.ssot]``; an invalid ``--ssot-today``) is reported as SOT901 at 1:1 of every
checked file, and listed once on stderr: editors show diagnostics, not flake8's stderr, so
stopping flake8 would leave them silent. ``[tool.ssot]`` select/ignore apply as for
``ssot check``; noqa comments are flake8's own business. A baseline is not applied, nor
read (a broken one is not SOT901): an editor shows every finding where it is typed, and
the baseline is the CI ratchet of ``ssot check`` and ``lint-imports``.
"""

from __future__ import annotations

import argparse
import ast
import logging
import os
import posixpath
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from importlinter_ssot import __version__

# flake8 imports every installed plugin at start-up, in every run, so this module imports
# the engine only when a run has a policy to apply (in parse_options and run): an editor
# linting one file should pay as little as possible for the plugin.
if TYPE_CHECKING:
    from importlinter_ssot.application.policy.project import Project
    from importlinter_ssot.composition import ProjectsCache, Session
    from importlinter_ssot.domain.rules.checks import Needles
from importlinter_ssot.domain.rule_definition import Rule

LOG = logging.getLogger(__name__)

# The located projects, kept between runs of a long-lived process (an editor's flake8 runner).
_PROJECTS: ProjectsCache | None = None


def _projects_cache() -> ProjectsCache:
    global _PROJECTS
    if _PROJECTS is None:
        from importlinter_ssot.composition import ProjectsCache

        _PROJECTS = ProjectsCache()
    return _PROJECTS


def reported_rules() -> tuple[Rule, ...]:
    """The rules this plugin can report: every per-file rule but the one flake8 pre-empts (its own E999)."""
    from importlinter_ssot.domain.rule_definition import Scope
    from importlinter_ssot.domain.rules.registry import rules_of_scope
    from importlinter_ssot.domain.rules.unreadable import UNREADABLE_FILE

    return tuple(rule for rule in rules_of_scope(Scope.FILE) if rule is not UNREADABLE_FILE)


class _PolicyPathsAction(argparse.Action):
    """``--ssot-policy A,B`` and ``--ssot-policy A --ssot-policy B``; the command line replaces the config."""

    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any, option_string: Any = None) -> None:
        from_command_line = getattr(namespace, "_ssot_policy_from_command_line", False)
        current = list(getattr(namespace, self.dest) or []) if from_command_line else []
        current.extend(values if isinstance(values, list) else [values])
        setattr(namespace, self.dest, current)
        namespace._ssot_policy_from_command_line = True


def _explain(lines: Sequence[str]) -> None:
    """Why nothing is checked, on stderr once per run (the diagnostics say it per file)."""
    sys.stderr.write("".join(f"{line}\n" for line in lines))
    sys.stderr.flush()


def _discovery_roots(options: argparse.Namespace) -> list[str]:
    """The projects of the checked paths (else of the cwd), where a policy is looked for when none is configured."""
    from importlinter_ssot.adapters.filesystem import LocalFileSystem
    from importlinter_ssot.adapters.presentation import absolute_path
    from importlinter_ssot.application.policy.project import find_project_root

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


class SSOTChecker:
    """flake8 AST plugin; flake8 hands it each file's parsed tree, its lines and its name."""

    name = "importlinter-ssot"
    version = __version__

    # Set by parse_options, once per process, before any file is checked.
    session: ClassVar[Session | None] = None
    projects: ClassVar[tuple[Project, ...]] = ()
    # Per project, text one of which a file must contain to matter (None: any file may).
    needles: ClassVar[tuple[Needles, ...]] = ()
    # Every policy's governed names: their attribute uses through modules are looked for.
    governed: ClassVar[frozenset[str]] = frozenset()
    # "SOT901 <why>" when the policy cannot be used: then it is all the plugin reports.
    unusable: ClassVar[str | None] = None
    _reported_internal_error: ClassVar[bool] = False

    def __init__(self, tree: ast.AST, filename: str, lines: Sequence[str]) -> None:
        """flake8 builds one checker per file."""
        self.tree = tree
        self.filename = filename
        self.lines = lines

    @classmethod
    def reset(cls) -> None:
        """Forget what this process loaded (the projects, and the cache behind them), as a new process would."""
        if _PROJECTS is not None:
            _PROJECTS.clear()
        cls.session, cls.projects, cls.needles, cls.governed = None, (), (), frozenset()
        cls.unusable = None
        cls._reported_internal_error = False

    @classmethod
    def add_options(cls, parser: Any) -> None:
        """``--ssot-policy`` and ``--ssot-today``, also readable from flake8's configuration."""
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
        """Resolve the settings and load the policies, once per process, before any file is checked."""
        from importlinter_ssot.adapters.presentation import problem_line, problem_place
        from importlinter_ssot.application.settings import RawSettings
        from importlinter_ssot.application.startup import Stage, StartupError
        from importlinter_ssot.composition import Policies, start
        from importlinter_ssot.domain.rules.relevance import relevance_needles
        from importlinter_ssot.domain.rules.unusable_policy import UNUSABLE_POLICY

        # A long-lived process may parse options again: start from nothing but keep the projects' cache.
        cls.session, cls.projects, cls.needles, cls.governed, cls.unusable = None, (), (), frozenset(), None
        raw = RawSettings(
            today=getattr(options, "ssot_today", None),
            today_source="--ssot-today",
            policies=[path for path in getattr(options, "ssot_policy", None) or [] if path],
        )
        roots = _discovery_roots(options)
        try:
            cls.session, cls.projects = start(
                raw,
                # flake8 hands over one file at a time: locating the root packages is enough, and
                # walking a 10k-file tree in every flake8 process would cost more than the checks.
                policies=Policies.LOCATE,
                # flake8 runs in projects that do not use ssot: stay silent there.
                policy_required=False,
                # An editor shows every finding where it is typed: a baseline is a CI ratchet, not read here.
                baseline=False,
                discover_from=roots,
                reuse=_projects_cache(),
                project=roots[0],
            )
        except StartupError as error:
            # Editors show diagnostics, not stderr: SOT901 on every file says it there, stderr once.
            first, *others = error.problems
            if error.stage is Stage.POLICY:
                more = f" (and {len(others)} more)" if others else ""
                message = UNUSABLE_POLICY.message("policy", place=problem_place(first), problem=first, more=more)
                listed, why = [problem_line(problem) for problem in error.problems], "the SSOT policy has errors"
            else:
                message = UNUSABLE_POLICY.message("settings", problem=problem_line(first))
                listed, why = [], problem_line(first)
            cls.unusable = f"{UNUSABLE_POLICY.code} {message}"
            nothing = f"nothing was checked ({UNUSABLE_POLICY.code} on each file)"
            _explain([*listed, f"flake8 (importlinter-ssot): {why}; {nothing}."])
            return
        if not cls.projects:
            LOG.debug("importlinter-ssot: no policy found from %s", ", ".join(roots))
            return
        cls.needles = tuple(relevance_needles(project.policy) for project in cls.projects)
        cls.governed = frozenset(name for project in cls.projects for name in project.policy.symbol_by_name())

    def _may_matter(self, text: str) -> bool:
        """The engine's relevance test: most files mention no governed name or module at all."""
        from importlinter_ssot.domain.rules.relevance import may_matter_text

        return any(may_matter_text(text, needles) for needles in self.needles)

    def run(self) -> Iterator[tuple[int, int, str, type[SSOTChecker]]]:
        """The file's per-file findings as flake8 violations."""
        if self.unusable is not None:
            yield 1, 0, self.unusable, type(self)
            return
        if not self.projects or not isinstance(self.tree, ast.Module):
            return
        if self.filename in ("-", "stdin"):
            return  # no name, no module: editors pass --stdin-display-name
        try:
            text = "".join(self.lines)
            if not self._may_matter(text):
                return
            from importlinter_ssot.adapters.presentation import absolute_path
            from importlinter_ssot.application.analysis.parsing import parse_tree

            parsed = parse_tree(self.tree, text, self.governed)
            assert self.session is not None
            findings = self.session.check_one_file(self.projects, absolute_path(self.filename), parsed)
        except Exception as error:  # noqa: BLE001 - a bug here must not stop the user's flake8 run
            if not SSOTChecker._reported_internal_error:
                SSOTChecker._reported_internal_error = True
                sys.stderr.write(f"flake8 (importlinter-ssot): internal error on {self.filename}: {error!r}\n")
            LOG.exception("importlinter-ssot failed on %s", self.filename)
            return
        for finding in findings:  # only file-scope rules: the whole-project ones need every file
            # flake8 columns are 0-based offsets (it prints them + 1); the engine's are 1-based.
            yield finding.line, finding.column - 1, f"{finding.code} {finding.message}", type(self)
