"""``sarif``: a SARIF 2.1.0 log — what GitHub code scanning and other SARIF viewers import.

One run; its driver lists every rule of the registry with its name, summary, documentation
(``help``) and, when the docs have a published URL (rule_docs.DOCS_URL), a help URI into
docs/rules.md; each finding is a result with the rule's id and
index, its level (``error``/``warning``), its message, its location (a relative URI, line and
column in characters: ``columnKind`` is ``unicodeCodePoints``) and a partial fingerprint that
survives edits elsewhere in the file (see fingerprints.py).
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from importlinter_ssot import __version__
from importlinter_ssot.adapters import rule_docs
from importlinter_ssot.adapters.formats.fingerprints import fingerprints
from importlinter_ssot.adapters.presentation import display_order, display_path
from importlinter_ssot.application.analysis.check import CheckResult
from importlinter_ssot.domain.rule_definition import Rule
from importlinter_ssot.domain.rules.registry import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "importlinterSsot/v1"


def _rule(rule: Rule) -> dict[str, Any]:
    url = rule_docs.rule_url(rule)
    # Without a published URL, the way to the whole documentation is the command that prints it.
    more = url or f"`ssot rule {rule.code}` prints its documentation."
    described = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc.what},
        "help": {
            "text": f"{rule.summary}. {more}",
            "markdown": f"{rule.doc.what}\n\n**Why is this bad?** {rule.doc.why}\n\n"
            + (f"[{rule.code} {rule.name}]({url})" if url else more),
        },
        "defaultConfiguration": {"level": rule.severity.value},
    }
    return {**described, "helpUri": url} if url else described


def render(result: CheckResult, today: str) -> str:
    """The SARIF log."""
    index_of = {rule.code: index for index, rule in enumerate(RULES)}
    findings = display_order(result.findings)
    results = [
        {
            "ruleId": finding.code,
            "ruleIndex": index_of[finding.code],
            "level": finding.severity.value,
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": urllib.parse.quote(display_path(finding.path))},
                        "region": {"startLine": finding.line, "startColumn": finding.column},
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT: fingerprint},
        }
        for finding, fingerprint in zip(findings, fingerprints(findings), strict=True)
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "importlinter-ssot",
                        "version": __version__,
                        **({"informationUri": rule_docs.DOCS_URL} if rule_docs.DOCS_URL else {}),
                        "rules": [_rule(rule) for rule in RULES],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
