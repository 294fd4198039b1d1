"""What a run's baseline covered and which of its entries were fixed or expired, as lines for people."""

from __future__ import annotations

import posixpath

from importlinter_ssot.adapters.presentation import display_path, plural
from importlinter_ssot.domain.baseline import BaselineEntry, BaselineSummary


def entry_path(summary: BaselineSummary, entry: BaselineEntry) -> str:
    """The entry's file as the run shows paths (entries are relative to the project root)."""
    return display_path(posixpath.normpath(posixpath.join(summary.directory, entry.path)))


def entry_text(entry: BaselineEntry) -> str:
    """``CODE `subject` (via `M`) ×2``: an entry without its path."""
    subject = f" `{entry.subject}`" if entry.subject else ""
    via = f" (via `{entry.via}`)" if entry.via and entry.via != entry.subject else ""
    times = f" ×{entry.occurrences}" if entry.occurrences > 1 else ""
    return f"{entry.code}{subject}{via}{times}"


def baseline_lines(summary: BaselineSummary) -> list[str]:
    """The covered count, then one line per fixed entry, then one per expired entry."""
    lines = [f"{plural(summary.covered, 'finding')} in the baseline ({display_path(summary.path)})."]
    state = "removed from the baseline" if summary.updated else "can be removed from the baseline (--update-baseline)"
    lines.extend(f"{entry_path(summary, entry)}: {entry_text(entry)}: fixed, {state}" for entry in summary.fixed)
    # An expired entry is not progress: its finding is still there, reported as new under its expired code.
    lines.extend(
        f"{entry_path(summary, expired.entry)}: {entry_text(expired.entry)}: expired (now {expired.code}, "
        f"a new finding), {state}"
        for expired in summary.expired
    )
    return lines
