"""Text edits for an editor: a fix's before/after as the one span that changed, and a ``# noqa`` comment.

A fix is ``--fix``'s text for the buffer; sending the whole text back would move the cursor
and fold the undo history into one step, so the edit is the smallest span that turns the
buffer into that text — applied, it gives exactly ``--fix``'s bytes.
"""

from __future__ import annotations

import re

from importlinter_ssot.application.analysis.text_lines import TextLines
from importlinter_ssot.application.gate.suppression import NOQA_INLINE, comment_line
from importlinter_ssot.domain.records import NamedTuple

_CODE = re.compile(r"[A-Z]+[0-9]+", re.IGNORECASE)


class Replacement(NamedTuple):
    """Replace the characters ``start``..``end`` (excluded) of a text by ``text``."""

    start: int
    end: int
    text: str


def smallest_replacement(before: str, after: str) -> Replacement:
    """The one span of ``before`` to replace so that it reads ``after`` (the common head and tail kept)."""
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[len(before) - 1 - tail] == after[len(after) - 1 - tail]:
        tail += 1
    return Replacement(head, len(before) - tail, after[head : len(after) - tail])


def apply(text: str, replacement: Replacement) -> str:
    """``text`` once ``replacement`` is made (what an editor does with the edit)."""
    return text[: replacement.start] + replacement.text + text[replacement.end :]


def noqa_replacement(text: str, data: bytes, line: int, code: str) -> Replacement | None:
    """The comment that suppresses ``code`` reported at ``line`` (flake8's reading, suppression.py); None: one does.

    It goes at the end of the last line flake8 reads with ``line`` (after a triple-quoted string
    or backslash-joined lines); a ``# noqa: CODES`` comment there gets the code added, since
    only the first noqa comment of a line counts.
    """
    lines = TextLines(text)
    target = comment_line(data, line)
    if not 1 <= target <= len(lines.starts):
        return None
    start, end = lines.starts[target - 1], lines.line_end(target)
    existing = NOQA_INLINE.search(text, start, end)
    if existing is not None:
        if existing.group("codes") is None:
            return None  # `# noqa` alone suppresses everything on the line already
        last = list(_CODE.finditer(text, existing.start("codes"), existing.end("codes")))[-1]
        return Replacement(last.end(), last.end(), f",{code}")
    stripped = start + len(text[start:end].rstrip())
    return Replacement(stripped, stripped, f"  # noqa: {code}")
