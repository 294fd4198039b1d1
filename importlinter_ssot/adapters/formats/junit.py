"""``junit``: JUnit XML for CI systems that show test reports — one test case per file.

Every checked file (and a policy file a finding is reported in) is a test case named by its
path. A file with an error finding fails: its ``<failure>`` lists every finding of the file,
one ``path:line:col: CODE message`` line each. A file with warnings only passes and lists them
in ``<system-out>``. Built with the standard library's ElementTree, so the XML is well-formed
whatever the messages hold.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import defaultdict

from importlinter_ssot.adapters.presentation import display_order, display_path, finding_line, plural
from importlinter_ssot.application.check import CheckResult
from importlinter_ssot.domain.findings import Finding, Severity

NAME = "importlinter-ssot"


def render(result: CheckResult, today: str) -> str:
    """The JUnit report."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in display_order(result.findings):
        by_file[display_path(finding.path)].append(finding)
    names = sorted({display_path(path) for path in result.checked} | set(by_file))
    failing = {name for name in names if any(item.severity is Severity.ERROR for item in by_file[name])}
    policies = ", ".join(policy.name for policy in result.policies)
    counts = {"tests": str(len(names)), "failures": str(len(failing)), "errors": "0"}
    suites = ElementTree.Element("testsuites", {"name": NAME, **counts})
    suite = ElementTree.SubElement(suites, "testsuite", {"name": f"{NAME} ({policies})", **counts, "skipped": "0"})
    for name in names:
        case = ElementTree.SubElement(suite, "testcase", {"classname": NAME, "name": name, "file": name})
        findings = by_file.get(name, [])
        if not findings:
            continue
        body = "\n".join(finding_line(finding) for finding in findings)
        if name in failing:
            errors = [finding for finding in findings if finding.severity is Severity.ERROR]
            message = f"{plural(len(errors), 'error')} and {plural(len(findings) - len(errors), 'warning')}"
            ElementTree.SubElement(case, "failure", {"type": errors[0].code, "message": message}).text = body
        else:
            ElementTree.SubElement(case, "system-out").text = body
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
