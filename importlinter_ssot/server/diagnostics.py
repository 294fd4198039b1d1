"""What an editor shows: findings, policy problems and policy warnings as LSP diagnostics.

A finding is a diagnostic with the rule's severity (SOT001/SOT010 warnings, the rest errors),
its code, ``source = "ssot"``, the rule's docs as ``codeDescription`` when the docs have a
published URL (``rule_docs.DOCS_URL``; none yet, so none is made up: the hover says
``ssot rule CODE`` instead) and a range over the offending name, module path or string. A
finding the baseline covers is shown, as CI sees it, at a lower severity (Information by
default, or Hint). Deprecated paths are tagged ``Deprecated``, which editors strike through.

A policy that cannot be used is said where it is wrong — in the policy file (or
pyproject.toml, or the baseline), at the key — and at the top of each open Python file of the
folder as SOT901, in the flake8 plugin's words, its problems as related locations: an editor
that does not show the policy file still says why nothing is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lsprotocol import types

from importlinter_ssot.adapters.presentation import problem_place
from importlinter_ssot.adapters.rule_docs import rule_url
from importlinter_ssot.application.analysis.text_lines import TextLines
from importlinter_ssot.application.startup import Stage, StartupError, StartupProblem
from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.problems import PolicyProblem
from importlinter_ssot.domain.rules.registry import EXPIRES_AS
from importlinter_ssot.domain.rules.unusable_policy import UNUSABLE_POLICY
from importlinter_ssot.server.positions import Span, finding_span, line_rest_span, lsp_position

SOURCE = "ssot"

# The codes of a deprecated path, live or expired: shown struck through.
_DEPRECATED_PATHS = frozenset(EXPIRES_AS) | frozenset(EXPIRES_AS.values())

_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}

# How a finding the baseline covers is shown (initialization option `baselined`).
BASELINED_SEVERITIES = {
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def lsp_range(lines: TextLines, span: Span, encoding: str) -> types.Range:
    """``span`` of the text as an LSP range."""
    start_line, start_character = lsp_position(lines, span.start, encoding)
    end_line, end_character = lsp_position(lines, span.end, encoding)
    return types.Range(types.Position(start_line, start_character), types.Position(end_line, end_character))


def finding_range(finding: Finding, lines: TextLines, encoding: str) -> types.Range:
    """Where an editor underlines ``finding``: its token in a Python file, its key and value in a TOML one."""
    if finding.path.endswith(".py"):
        span = finding_span(lines, finding.line, finding.column, finding.via)
    else:
        span = line_rest_span(lines, finding.line, finding.column)
    return lsp_range(lines, span, encoding)


def finding_diagnostic(
    finding: Finding,
    lines: TextLines,
    encoding: str,
    *,
    baselined: types.DiagnosticSeverity | None = None,
    related: Sequence[types.DiagnosticRelatedInformation] = (),
) -> types.Diagnostic:
    """``finding`` in the document whose text is ``lines``; ``baselined``: the baseline covers it, shown so."""
    url = rule_url(finding.rule)
    return types.Diagnostic(
        range=finding_range(finding, lines, encoding),
        message=finding.message if baselined is None else f"{finding.message} (in the baseline)",
        severity=_SEVERITY[finding.severity] if baselined is None else baselined,
        code=finding.code,
        code_description=types.CodeDescription(href=url) if url else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Deprecated] if finding.code in _DEPRECATED_PATHS else None,
        related_information=list(related) or None,
    )


def problem_diagnostic(problem: StartupProblem | PolicyProblem, lines: TextLines, encoding: str) -> types.Diagnostic:
    """A policy problem that stops the check, at its key in its file (``lines``: that file's text)."""
    return types.Diagnostic(
        range=lsp_range(lines, line_rest_span(lines, problem.line, problem.column), encoding),
        message=str(problem),
        severity=types.DiagnosticSeverity.Error,
        code=UNUSABLE_POLICY.code,
        source=SOURCE,
    )


def warning_diagnostic(problem: PolicyProblem, lines: TextLines, encoding: str) -> types.Diagnostic:
    """A policy warning of ``ssot check`` (a name or module the tree lacks), at its key: no rule, no code."""
    return types.Diagnostic(
        range=lsp_range(lines, line_rest_span(lines, problem.line, problem.column), encoding),
        message=str(problem),
        severity=types.DiagnosticSeverity.Warning,
        source=SOURCE,
    )


def unusable_diagnostic(error: StartupError, base: str, uri_of: Callable[[str], str]) -> types.Diagnostic:
    """SOT901 at the top of a Python file: nothing is checked, and why (the flake8 plugin's words)."""
    first, *others = error.problems
    if error.stage is Stage.POLICY:
        more = f" (and {len(others)} more)" if others else ""
        message = UNUSABLE_POLICY.message("policy", place=problem_place(first, base), problem=first, more=more)
    else:
        message = UNUSABLE_POLICY.message("settings", problem=first)
    related = [
        types.DiagnosticRelatedInformation(
            types.Location(uri_of(problem.path), _point(problem.line - 1, problem.column - 1)), str(problem)
        )
        for problem in error.problems
        if problem.path is not None
    ]
    return types.Diagnostic(
        range=_point(0, 0),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        code=UNUSABLE_POLICY.code,
        source=SOURCE,
        related_information=related or None,
    )


def _point(line: int, character: int) -> types.Range:
    position = types.Position(max(line, 0), max(character, 0))
    return types.Range(position, position)
