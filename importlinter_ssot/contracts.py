"""import-linter contract types on the SSOT engine: `lint-imports` reports what `ssot check` reports.

Register the type in an import-linter configuration (`.importlinter`, `setup.cfg` or
`pyproject.toml`)::

    [importlinter]
    root_packages =
        chat
    contract_types =
        ssot: importlinter_ssot.contracts.SsotContract

    [importlinter:contract:websocket-ssot]
    name = WebSocket manager SSOT
    type = ssot
    policy = contracts/websocket.toml

This module is an adapter only: it loads the policies with import-linter's root
packages, runs the engine's one use case (the same as `ssot check`) and translates
the findings. Errors break the contract; warnings (findings of the rules whose severity is
warning) keep it and are listed in import-linter's Warnings section — unless ``[tool.ssot]
strict = true``, or a baseline is in use: then every finding it does not cover breaks it,
as in ``ssot check``.
The engine reads every file of the root packages itself, so files that import-linter's
graph leaves out (directories without ``__init__.py``) are checked too.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from typing import Any

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck, InvalidContractOptions
from rich.markup import escape

from importlinter_ssot.adapters.formats.baseline_lines import baseline_lines
from importlinter_ssot.adapters.presentation import (
    absolute_path,
    display_order,
    display_path,
    finding_line,
    findings_summary,
    plural,
    problem_line,
)
from importlinter_ssot.application.gate.gate import failing_findings
from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.application.settings import RawSettings, SettingError, parse_today
from importlinter_ssot.application.startup import Stage, StartupError, StartupProblem
from importlinter_ssot.composition import Session, start
from importlinter_ssot.domain.findings import Finding, Severity

__all__ = ["SsotContract"]


# -- fields ------------------------------------------------------------------------------------


class PolicyFilesField(fields.Field[list[str]]):
    """One or more policy file paths (a multi-line INI value or a TOML string/array)."""

    def parse(self, raw_data: Any) -> list[str]:
        """The paths, one per line or array item; blank lines ignored."""
        values = list(raw_data) if isinstance(raw_data, (list, tuple)) else [raw_data]
        paths: list[str] = []
        for value in values:
            if not isinstance(value, str):
                raise fields.ValidationError(f"Expected a path to a policy file, got {value!r}.")
            # One path per line; blank lines are ignored, as in import-linter's own list fields.
            paths.extend(line.strip() for line in value.splitlines() if line.strip())
        if not paths:
            raise fields.ValidationError("Expected at least one policy file.")
        return paths


class DateField(fields.Field[datetime.date]):
    """A date, YYYY-MM-DD (a TOML date is accepted as it is), read by the settings' one date parser."""

    def parse(self, raw_data: Any) -> datetime.date:
        """The date; a ValidationError naming the expected form otherwise."""
        if isinstance(raw_data, list):
            raise fields.ValidationError("Expected a single value, got multiple values.")
        try:
            return parse_today(raw_data if isinstance(raw_data, datetime.date) else str(raw_data), "today")
        except SettingError as error:
            raise fields.ValidationError(f"{error.message}.") from None


# -- the contract ---------------------------------------------------------------------------------


class SsotContract(Contract):
    """The findings of one or more SSOT policies, as an import-linter contract.

    Configuration options:
        - policy: one or more policy files (TOML). Relative paths are relative to the
                  current directory, where lint-imports runs and finds its configuration.
        - today:  the date deprecations are judged on, YYYY-MM-DD (optional). Default: the
                  SSOT_TODAY environment variable if set, else the system date.
        - cache:  whether to use `ssot check`'s cache (optional, default true).
        - cache_dir: where (optional; relative to the current directory).
                  Default: SSOT_CACHE_DIR if set, else `.ssot_cache` in the project root.
        - jobs:   worker processes for parsing (optional; default 0, one per core).
        - max_warnings: list at most this many warnings (optional, default 50); past it,
                  one line per rule with its count. Errors are always listed.
        - baseline: a baseline file (optional; relative to the current directory), as
                  `ssot check --baseline`: only findings it does not cover are reported,
                  and each of them breaks the contract, warnings included.
                  Default: `[tool.ssot] baseline` in pyproject.toml, if set.

    `[tool.ssot]` select/ignore, strict and noqa comments apply as for `ssot check`.

    The root packages are import-linter's ``root_packages``; a policy's own
    ``root_packages`` is then optional and, when given, must agree.
    """

    type_name = "ssot"

    policy = PolicyFilesField()
    today = DateField(required=False)
    cache = fields.BooleanField(default=True)
    cache_dir = fields.StringField(required=False)
    jobs = fields.IntegerField(minimum=0, default=0)
    max_warnings = fields.IntegerField(minimum=0, default=50)
    baseline = fields.StringField(required=False)

    # Set by validate(): the policies are read when the contract is built, so a missing
    # or broken policy file is reported as a configuration error, not as a broken contract.
    _session: Session
    _projects: tuple[Project, ...]

    def _option(self, name: str) -> Any:
        """A field's parsed value (import-linter sets them on the instance)."""
        return vars(self)[name]

    def validate(self) -> None:
        """Start as every front end does: a setting, [tool.ssot], policy or baseline at fault is a configuration error.

        A run that cannot start is reported when the contract is built, as import-linter's
        "not configured correctly", never as a broken contract.
        """
        policy_paths: list[str] = self._option("policy")
        raw = RawSettings(
            today=self._option("today"),
            today_source="today",
            # Like import-linter's own configuration search, paths start at the current directory.
            policies=policy_paths,
            cache=self._option("cache"),
            cache_dir=self._option("cache_dir"),
            jobs=self._option("jobs"),
            root_packages=self._root_packages(),
            baseline=self._option("baseline"),
            baseline_source="baseline",
        )
        try:
            self._session, self._projects = start(raw, baseline=True)
        except StartupError as error:
            raise InvalidContractOptions(_invalid_options(error, policy_paths)) from None

    def _root_packages(self) -> tuple[str, ...]:
        configured = self.session_options.get("root_packages") or []
        if isinstance(configured, str):  # a one-line INI value
            configured = configured.split()
        return tuple(str(name).strip() for name in configured if str(name).strip())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        """Run the engine; failing findings break the contract, other warnings go to the Warnings section."""
        result = self._session.apply_baseline(self._session.check(self._projects))
        errors = [finding for finding in result.findings if finding.severity is Severity.ERROR]
        warnings = [finding for finding in result.findings if finding.severity is Severity.WARNING]
        # `ssot check`'s exit rule: with a baseline (or strict), a warning breaks the contract too.
        failing = failing_findings(result, strict=self._session.strict)
        failing_set = frozenset(failing)
        passing = [finding for finding in warnings if finding not in failing_set]
        checked = sorted({source.path: source.module for project in self._projects for source in project.files}.items())
        graph_modules = graph.modules
        outside_graph = [path for path, module in checked if module not in graph_modules]
        # The baseline's count is said with the summary; the entries fixed since are warnings (to act on).
        covered, *fixed = baseline_lines(result.baseline) if result.baseline is not None else [""]
        output.verbose_print(
            verbose,
            escape(
                f"SSOT: {plural(len(errors), 'error')} and {plural(len(warnings), 'warning')} in "
                f"{_files_sentence(result.files_checked, len(outside_graph))}. {covered}".rstrip()
            ),
        )
        return ContractCheck(
            kept=not failing,
            # import-linter prints these in its Warnings section, through rich markup.
            warnings=self._warning_lines(passing)
            + [escape(problem_line(problem, "policy warning")) for problem in result.warnings]
            + [escape(line) for line in fixed],
            metadata={
                "errors": display_order(errors),
                "warnings": display_order(warnings),
                "failing": display_order(failing),
                "policy_warnings": list(result.warnings),
                "files_checked": result.files_checked,
                "files_outside_graph": [display_path(path) for path in outside_graph],
                "policy_names": [policy.name for policy in result.policies],
                "today": self._session.today.isoformat(),
                "baseline": result.baseline,
            },
        )

    def _warning_lines(self, warnings: list[Finding]) -> list[str]:
        """Every warning, or past ``max_warnings`` one line per rule with its count.

        import-linter prints each warning through rich, about half a millisecond apiece: a
        large tree mid-migration (thousands of deprecation warnings) would spend longer
        printing than checking, and bury everything else in its output. Errors are never
        summarised (they are listed in the broken contract's section).
        """
        limit: int = self._option("max_warnings")
        if len(warnings) <= limit:
            return [escape(finding_line(finding)) for finding in display_order(warnings)]
        per_rule: dict[str, list[Finding]] = {}
        for finding in warnings:
            per_rule.setdefault(finding.code, []).append(finding)
        lines = []
        for code, found in sorted(per_rule.items()):
            files = len({finding.path for finding in found})
            lines.append(
                escape(
                    f"{code} {found[0].rule.name}: {plural(len(found), 'warning')} in {plural(files, 'file')} "
                    f"(over max_warnings = {limit}; `ssot check` lists them, or raise max_warnings)"
                )
            )
        return lines

    def render_broken_contract(self, check: ContractCheck) -> None:
        """One plain ``path:line:col: CODE message`` line per failing finding, then a summary."""
        metadata = check.metadata
        errors: list[Finding] = metadata["errors"]
        failing: list[Finding] = metadata["failing"]
        summary = findings_summary(
            len(errors),
            len(metadata["warnings"]),
            _files_sentence(metadata["files_checked"], len(metadata["files_outside_graph"])),
            metadata["policy_names"],
            today=metadata["today"],
        )
        # Plain output (no markup, never folded, whatever the terminal width): one finding
        # per line, as `ssot check` prints it, so that editors and CI logs can parse it.
        lines = [finding_line(finding) for finding in failing]
        baseline = metadata.get("baseline")
        covered = [baseline_lines(baseline)[0]] if baseline is not None else []
        output.console.out("\n".join([*lines, "", summary, *covered, ""]), highlight=False)


# -- helpers ----------------------------------------------------------------------------------------


def _files_sentence(checked: int, outside_graph: int) -> str:
    sentence = f"{plural(checked, 'file')} checked"
    if outside_graph:
        sentence += (
            f", {outside_graph} of them in directories without __init__.py that import-linter's graph leaves out"
        )
    return sentence


def _invalid_options(error: StartupError, given: Sequence[str]) -> dict[str, str]:
    """A run that cannot start, as import-linter's configuration error: the option at fault → why (rich markup)."""
    first = error.problems[0]
    if error.stage is Stage.SETTINGS:
        # The option at fault; SSOT_TODAY (no option of its own) is reported against `today`.
        field = "baseline" if first.key == "baseline" else "today"
        return {field: escape(first.message if field == first.key else str(first))}
    if error.stage is Stage.BASELINE:
        return {"baseline": escape(problem_line(first))}
    return {"policy": _describe_policy_problems(error.problems, given)}


def _describe_policy_problems(problems: Sequence[StartupProblem], given: Sequence[str]) -> str:
    lines = [problem_line(problem) for problem in problems]
    if any(problem.message.startswith("cannot read policy file") for problem in problems) and any(
        not os.path.isabs(path) for path in given
    ):
        lines.append(
            "(a relative policy path is resolved against the current directory: "
            f"{display_path(absolute_path(os.getcwd()))})"
        )
    # One line that says it all (what a CI log's reader needs first), then each problem, located.
    count = "" if len(problems) == 1 else f" ({len(problems)} problems)"
    heading = f"the SSOT policy has errors; nothing was checked{count}"
    # import-linter prints "policy: <message>" after an indent; list the problems below it.
    return escape(f"{heading}:" + "".join(f"\n        {line}" for line in lines))
