"""A fix → its summary, its unified diff, or the JSON document (the check's, with a ``fix`` section)."""

from __future__ import annotations

import difflib
import json
from collections import Counter

from importlinter_ssot.adapters.presentation import display_path, plural
from importlinter_ssot.adapters.reporting import finding_json, json_document
from importlinter_ssot.application.fix.fixing import FixResult


def render_fix_summary(result: FixResult) -> str:
    """``N fixed in M files; K not fixable``, then one line per reason with its count."""
    verb = "fixed" if result.written else "fixable"
    files = plural(len(result.changes), "file")
    lines = [
        f"{result.fixed_count} {verb} in {files}; {len(result.not_fixed)} not fixable"
        + (":" if result.not_fixed else ".")
    ]
    counts = Counter(item.reason for item in result.not_fixed)
    for reason, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].key)):
        lines.append(f"  {count} {reason.key}: {reason.summary}")
    return "\n".join(lines) + "\n"


def render_diff(result: FixResult) -> str:
    """A unified diff of every file the fix changes (what ``--diff`` prints)."""
    chunks = [_file_diff(change.path, change.before, change.after) for change in result.changes]
    return "".join(chunk for chunk in chunks if chunk)


def _file_diff(path: str, before: str | None, after: str | None) -> str:
    if before is None or after is None:
        return ""
    shown = display_path(path)
    lines = difflib.unified_diff(_lines(before), _lines(after), fromfile=shown, tofile=shown)
    # A last line without a line break is marked as diff and patch expect.
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _lines(text: str) -> list[str]:
    """``text`` split after each ``\\n`` only, as diff, patch and git count lines.

    ``str.splitlines`` would also break at ``\\r``, ``\\v``, ``\\f``, ``\\x1c``–``\\x1e``, ``\\x85``,
    U+2028 and U+2029, giving hunks that ``patch`` and ``git apply`` reject; a ``\\r`` (of
    ``\\r\\n`` or alone) stays in the line's content, as they read it.
    """
    lines = text.split("\n")
    ends = [line + "\n" for line in lines[:-1]]
    return ends + [lines[-1]] if lines[-1] else ends


def render_fix_json(result: FixResult, today: str) -> str:
    """The check's JSON document of the findings as they are now, with a ``fix`` section (docs/fix.md)."""
    # The check's document is built in one place; the fix only adds its own section to it.
    document = json_document(result.check, today)
    counts = Counter(item.reason.key for item in result.not_fixed)
    document["fix"] = {
        "mode": "fix" if result.written else "diff",
        "fixed": [finding_json(finding) for change in result.changes for finding in change.fixed],
        "not_fixable": [
            {**finding_json(item.finding), "reason": item.reason.key, "detail": item.detail}
            for item in result.not_fixed
        ],
        "files": [
            {
                "path": display_path(change.path),
                "fixed": len(change.fixed),
                **({} if result.written else {"diff": _file_diff(change.path, change.before, change.after)}),
            }
            for change in result.changes
        ],
        "summary": {
            "fixed": result.fixed_count,
            "files": len(result.changes),
            "not_fixable": len(result.not_fixed),
            "reasons": dict(sorted(counts.items())),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
