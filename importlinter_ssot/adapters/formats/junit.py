"""``junit``: JUnit XML for CI systems that show test reports — one test case per file.

Every checked file (and a policy file a finding is reported in) is a test case named by its
path. A file with an error finding fails: its ``<failure>`` lists every finding of the file,
one ``path:line:col: CODE message`` line each. A file with warnings only passes and lists them
in ``<system-out>``. Built with the standard library's ElementTree, which escapes markup; the
characters XML 1.0 cannot hold at all (control characters, lone surrogates, U+FFFE, U+FFFF) —
and line breaks, so that each finding stays one line — are written as visible escapes
(``\\x1b``, see visible.py), so the XML is well-formed whatever paths, messages and policy
names hold.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import defaultdict

from importlinter_ssot.adapters.formats.visible import visible
from importlinter_ssot.adapters.presentation import display_order, display_path, plural
from importlinter_ssot.application.analysis.check import CheckResult
from importlinter_ssot.domain.findings import Finding, Severity

NAME = "importlinter-ssot"


def render(result: CheckResult, today: str) -> str:
    """The JUnit report."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in display_order(result.findings):
        by_file[display_path(finding.path)].append(finding)
    names = sorted({display_path(path) for path in result.checked} | set(by_file))
    failing = {name for name in names if any(item.severity is Severity.ERROR for item in by_file[name])}
    policies = visible(", ".join(policy.name for policy in result.policies))
    counts = {"tests": str(len(names)), "failures": str(len(failing)), "errors": "0"}
    suites = ElementTree.Element("testsuites", {"name": NAME, **counts})
    suite = ElementTree.SubElement(suites, "testsuite", {"name": f"{NAME} ({policies})", **counts, "skipped": "0"})
    for name in names:
        shown = visible(name)
        case = ElementTree.SubElement(suite, "testcase", {"classname": NAME, "name": shown, "file": shown})
        findings = by_file.get(name, [])
        if not findings:
            continue
        body = "\n".join(_line(shown, finding) for finding in findings)
        if name in failing:
            errors = [finding for finding in findings if finding.severity is Severity.ERROR]
            message = f"{plural(len(errors), 'error')} and {plural(len(findings) - len(errors), 'warning')}"
            ElementTree.SubElement(case, "failure", {"type": errors[0].code, "message": message}).text = body
        else:
            ElementTree.SubElement(case, "system-out").text = body
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


def _line(shown: str, finding: Finding) -> str:
    """``path:line:col: CODE message``, ``shown`` being the visible path."""
    return f"{shown}:{finding.line}:{finding.column}: {finding.code} {visible(finding.message)}"
