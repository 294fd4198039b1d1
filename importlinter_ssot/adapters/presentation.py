"""How every front end shows paths, findings and policy problems: one convention.

`path:line:col: CODE message`, paths relative to the current directory with `/`, is
what editors and CI logs parse; `ssot check`, the import-linter contract and the flake8
plugin all print it — and the problems that stop a run, and the sentence that ends a
report — through these functions.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable

from importlinter_ssot.application.startup import StartupProblem
from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.problems import PolicyProblem
from importlinter_ssot.domain.records import NamedTuple

# Surrogates other than U+DC80–U+DCFF, which stand for the undecodable bytes 0x80–0xFF (PEP 383).
_OTHER_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")


class Paint(NamedTuple):
    """How a finding line marks its parts: colour on a terminal (adapters/colour.py), nothing elsewhere."""

    path: Callable[[str], str]
    code: Callable[[str, Severity], str]


PLAIN = Paint(path=lambda text: text, code=lambda code, severity: code)


def absolute_path(path: str) -> str:
    """Absolute, normalised, '/'-separated: the form the engine's paths take."""
    return os.path.normpath(os.path.abspath(path)).replace(os.sep, "/")


def display_path(path: str) -> str:
    """Relative to the current directory, '/'-separated."""
    # The hot case (thousands of findings inside the current directory) is a plain slice;
    # anything else (outside it, or with `.`/`..` segments) goes through relpath.
    prefix = absolute_path(os.getcwd()).rstrip("/") + "/"
    relative = path[len(prefix) :] if path.startswith(prefix) else ""
    if not relative or relative.startswith(".") or "/." in relative or relative.endswith("/"):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            relative = path
        relative = relative.replace(os.sep, "/")
    # A file name that is not UTF-8 (bytes on Linux) is shown with U+FFFD, never as raw bytes; so is
    # a lone surrogate no undecodable byte stands for (a Windows file name can hold one).
    relative = _OTHER_SURROGATE.sub("\ufffd", relative)
    return relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def display_order(findings: Iterable[Finding]) -> list[Finding]:
    """Sorted as users read them: by displayed path, line, column, code."""
    return sorted(
        findings, key=lambda finding: (display_path(finding.path), finding.line, finding.column, finding.code)
    )


def finding_line(finding: Finding, paint: Paint = PLAIN) -> str:
    """``path:line:col: CODE message``."""
    path, code = paint.path(display_path(finding.path)), paint.code(finding.code, finding.severity)
    return f"{path}:{finding.line}:{finding.column}: {code} {finding.message}"


def problem_line(problem: PolicyProblem | StartupProblem, label: str = "") -> str:
    """``path:line:col: key: message``, a setting's ``source: message``; ``label`` ("error", …) goes before the key."""
    prefix = f"{label}: " if label else ""
    if problem.path is None:
        return f"{prefix}{problem}"
    return f"{display_path(problem.path)}:{problem.line}:{problem.column}: {prefix}{problem}"


def problem_place(problem: PolicyProblem | StartupProblem, base: str | None = None) -> str:
    """``contracts/ssot.toml, line 7, column 1``: where a problem is, in words.

    For a message that names a problem inside another line (SOT901 in an editor): a
    ``path:line:col:`` there would be read by editors' flake8 parsers as the line's own place.
    The path is relative to ``base`` (a language server's workspace folder), else to the current directory.
    """
    where = f"line {problem.line}, column {problem.column}"
    if problem.path is None:
        return where
    if base is not None and problem.path.startswith(base.rstrip("/") + "/"):
        return f"{problem.path[len(base.rstrip('/')) + 1 :]}, {where}"
    return f"{display_path(problem.path)}, {where}"


def findings_summary(
    errors: int, warnings: int, checked: str, policy_names: Iterable[str], today: str | None = None
) -> str:
    """The sentence that ends a report: ``Found 1 error and 2 warnings in 5 files checked (policy: App).``

    ``checked``: what was checked, as the host counts it (``5 files checked``, and what it
    adds); ``today``: the date deprecations were judged on, said when given.
    """
    found = f"Found {plural(errors, 'error')} and {plural(warnings, 'warning')}" if errors or warnings else ""
    judged = f"; judged on {today}" if today else ""
    return f"{found or 'No SSOT problems'} in {checked} (policy: {', '.join(policy_names)}{judged})."


def plural(count: int, word: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
