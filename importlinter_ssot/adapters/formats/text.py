"""``text``: the findings as ``path:line:col: CODE message`` lines and a summary, then the baseline's lines."""

from __future__ import annotations

from importlinter_ssot.adapters.formats.baseline_lines import baseline_lines
from importlinter_ssot.adapters.presentation import PLAIN, Paint
from importlinter_ssot.adapters.reporting import render_text
from importlinter_ssot.application.analysis.check import CheckResult


def render(result: CheckResult, today: str, paint: Paint = PLAIN) -> str:
    """The text report (``today`` is not shown: the findings already reflect it); ``paint``: colour on a terminal."""
    lines = baseline_lines(result.baseline) if result.baseline is not None else []
    return render_text(result, paint) + "".join(f"{line}\n" for line in lines)
