"""``github``: GitHub Actions workflow commands, which the runner turns into annotations on the diff.

One ``::error`` or ``::warning`` line per finding, ``file``, ``line``, ``col`` and ``title`` (the
code) as properties, the message as data; escaped as the Actions toolkit escapes them. Nothing
else is printed, so every line is a command.
"""

from __future__ import annotations

from importlinter_ssot.adapters.presentation import display_order, display_path
from importlinter_ssot.application.analysis.check import CheckResult
from importlinter_ssot.domain.findings import Severity


def escape_data(text: str) -> str:
    """A command's message (``@actions/core``'s ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value (``escapeProperty``): data escaping, and ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: CheckResult, today: str) -> str:
    """One workflow command per finding."""
    lines = []
    for finding in display_order(result.findings):
        command = "error" if finding.severity is Severity.ERROR else "warning"
        properties = ",".join(
            f"{name}={escape_property(value)}"
            for name, value in (
                ("file", display_path(finding.path)),
                ("line", str(finding.line)),
                ("col", str(finding.column)),
                ("title", finding.code),
            )
        )
        lines.append(f"::{command} {properties}::{escape_data(finding.message)}\n")
    return "".join(lines)
