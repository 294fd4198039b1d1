"""Colour for the text report on a terminal, as ruff does it: paths bold, codes coloured by severity.

Whether to colour follows the informal standards: ``FORCE_COLOR`` set and not empty forces
colour, even into a pipe (https://force-color.org); else ``NO_COLOR`` set and not empty turns
it off (https://no-color.org); else colour goes to a terminal only (not to ``TERM=dumb``).
The escape codes come from rich, imported only when there is colour to write.
"""

from __future__ import annotations

# Imports inside functions here are deferred because only a terminal gets colour (measured:
# rich's style and colour modules, ~21 ms of `ssot check` start-up, paid only when painting).
from collections.abc import Mapping
from typing import IO

from importlinter_ssot.adapters.presentation import Paint
from importlinter_ssot.domain.findings import Severity


def colour_wanted(stream: IO[str], environ: Mapping[str, str]) -> bool:
    """Whether text written to ``stream`` should be coloured."""
    if environ.get("FORCE_COLOR", ""):
        return True
    if environ.get("NO_COLOR", ""):
        return False
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):  # not a file, or closed
        terminal = False
    return terminal and environ.get("TERM") != "dumb"


def terminal_paint() -> Paint:
    """Paths bold; error codes bold red, warning codes bold yellow (the 16 standard colours: any terminal)."""
    from rich.color import ColorSystem
    from rich.style import Style

    path_style = Style(bold=True)
    code_styles = {Severity.ERROR: Style(bold=True, color="red"), Severity.WARNING: Style(bold=True, color="yellow")}
    system = ColorSystem.STANDARD
    return Paint(
        path=lambda text: path_style.render(text, color_system=system),
        code=lambda code, severity: code_styles[severity].render(code, color_system=system),
    )
