"""``markdown``: a summary to post as a pull-request comment.

A heading with the counts, a table of findings per code (linked to docs/rules.md), then one
collapsible section per file with its first findings. Long reports are cut — at most
``PER_FILE`` findings per file, and file sections only while the comment stays under
``BUDGET`` characters (GitHub takes 65,536), each cut saying how many were left out; the
full list is in the other formats.

Paths, policy names and messages are user content: they go through markdown_text.py, so
that whatever they hold renders as text, never as a tag, a link, an image or a new block.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict

from importlinter_ssot.adapters.formats.baseline_lines import baseline_lines
from importlinter_ssot.adapters.formats.markdown_text import inline_text, line_text, message_text
from importlinter_ssot.adapters.formats.visible import visible
from importlinter_ssot.adapters.presentation import display_order, display_path, plural
from importlinter_ssot.adapters.rule_docs import rule_url
from importlinter_ssot.application.analysis.check import CheckResult
from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.rules.registry import rule_by_code

PER_FILE = 20
BUDGET = 60_000


def render(result: CheckResult, today: str) -> str:
    """The markdown report."""
    findings = display_order(result.findings)
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    policies = inline_text(", ".join(policy.name for policy in result.policies))
    if findings:
        heading = f"importlinter-ssot: {plural(errors, 'error')} and {plural(len(findings) - errors, 'warning')}"
    else:
        heading = "importlinter-ssot: no SSOT problems"
    parts = [
        f"### {heading}\n",
        f"{plural(result.files_checked, 'file')} checked (policy: {policies}; judged on {today}).\n",
    ]
    tail = []
    if result.baseline is not None:
        tail.append("".join(f"{line_text(line)}  \n" for line in baseline_lines(result.baseline)))
    if findings:
        parts.append(_table(findings))
        sections = _files(findings)
        room = BUDGET - sum(len(part) + 1 for part in [*parts, *tail]) - 100  # 100: the "more files" line
        kept = 0
        while kept < len(sections) and room >= len(sections[kept]) + 1:
            room -= len(sections[kept]) + 1
            kept += 1
        parts.extend(sections[:kept])
        if kept < len(sections):
            parts.append(f"… and {plural(len(sections) - kept, 'more file')} with findings.\n")
    return "\n".join([*parts, *tail])


def _table(findings: list[Finding]) -> str:
    counts = Counter(finding.code for finding in findings)
    rows = ["| Code | Rule | Severity | Findings |", "|---|---|---|---:|"]
    for code, count in sorted(counts.items()):
        rule = rule_by_code(code)
        url = rule_url(rule)
        linked = f"[{code}]({url})" if url else code
        rows.append(f"| {linked} | {inline_text(rule.name)} | {rule.severity.value} | {count} |")
    return "\n".join(rows) + "\n"


def _files(findings: list[Finding]) -> list[str]:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[display_path(finding.path)].append(finding)
    sections = []
    for path, items in by_file.items():
        lines = [
            f"- `{item.line}:{item.column}` **{item.code}** {message_text(item.message)}" for item in items[:PER_FILE]
        ]
        if len(items) > PER_FILE:
            lines.append(f"- … and {len(items) - PER_FILE} more in this file")
        # Raw HTML (a code span cannot go in <summary>): escaped, on one line, so the HTML block holds.
        summary = f"<code>{html.escape(visible(path))}</code>: {plural(len(items), 'finding')}"
        sections.append(f"<details>\n<summary>{summary}</summary>\n\n" + "\n".join(lines) + "\n\n</details>\n")
    return sections
