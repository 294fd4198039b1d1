"""Codes the documentation names are the registry's: lists are generated, examples are checked.

Lists of codes that follow from the registry (the codes the flake8 plugin reports, the
whole-project rules, the errors and the warnings) are generated blocks of their pages
(docs/generate.py ``BLOCKS``; rules/test_rule_docs.py fails when one is stale). What cannot be a
generated block — a configuration example inside a code block — is checked here, and so is
every code any page or docstring names: it must be a rule.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from importlinter_ssot.domain.findings import Severity
from importlinter_ssot.domain.rules.registry import RULES
from importlinter_ssot.flake8_plugin import reported_rules

REPOSITORY = Path(__file__).resolve().parents[2]
CODE = re.compile(r"\bSOT\d{3}\b")
CODES = {rule.code for rule in RULES}


def pages() -> list[Path]:
    return [REPOSITORY / "README.md", *sorted((REPOSITORY / "docs").rglob("*.md"))]


def test_every_code_a_page_names_is_a_rule() -> None:
    unknown = [
        f"{page.relative_to(REPOSITORY)}: {code}"
        for page in pages()
        for code in sorted(set(CODE.findall(page.read_text(encoding="utf-8"))))
        if code not in CODES
    ]
    assert not unknown


def test_every_code_a_docstring_names_is_a_rule() -> None:
    unknown = []
    for path in sorted((REPOSITORY / "importlinter_ssot").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                docstring = ast.get_docstring(node) or ""
                unknown += [
                    f"{path.relative_to(REPOSITORY)}: {code}" for code in CODE.findall(docstring) if code not in CODES
                ]
    assert not unknown


def test_the_editor_configuration_examples_name_the_plugins_warnings() -> None:
    # docs/editors.md shows how to let the plugin's warnings through and how to show them as
    # warnings in VS Code: both examples name every warning the plugin reports, and only those.
    warnings = {rule.code for rule in reported_rules() if rule.severity is Severity.WARNING}
    page = (REPOSITORY / "docs" / "editors.md").read_text(encoding="utf-8")
    (ignored,) = re.findall(r"`extend-ignore = ([A-Z0-9,]+)`", page)
    assert set(ignored.split(",")) == warnings
    (severities,) = re.findall(r'"flake8\.severity": (\{[^}]*\})', page)
    assert json.loads(severities) == dict.fromkeys(sorted(warnings), "Warning")
