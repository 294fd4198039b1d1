"""Hover on a flagged reference: the rule, where the name or module should come from, and until when the old path holds.

Everything is read from the finding and its policy: the rule's code, name and summary; for a
symbol, its canonical path (``module.Name``) and the deprecated path used, with its ``until``
date and whether it has passed; for a module rule, its status, replacement and date.
"""

from __future__ import annotations

import datetime

from importlinter_ssot.adapters.rule_docs import rule_url
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.policy import ModuleRule, Policy, SymbolRule


def hover_markdown(finding: Finding, policy: Policy | None, today: datetime.date, *, baselined: bool = False) -> str:
    """The hover of ``finding`` (markdown); ``policy``: the one that reported it, when known."""
    rule = finding.rule
    lines = [f"**{rule.code}** `{rule.name}` ({rule.severity.value}): {rule.summary}", "", finding.message]
    if baselined:
        lines += ["", "In the baseline: CI lets it pass, until it is fixed."]
    details = _details(finding, policy, today) if policy is not None else []
    if details:
        lines += ["", *details]
    url = rule_url(rule)
    lines += ["", f"[Documentation]({url})" if url else f"Documentation: `ssot rule {rule.code}`"]
    return "\n".join(lines)


def _details(finding: Finding, policy: Policy, today: datetime.date) -> list[str]:
    symbol = policy.symbol_by_name().get(finding.symbol or "")
    if symbol is not None:
        return _symbol_details(finding, symbol, today)
    if finding.via is not None:
        rule = next((rule for rule in policy.modules if rule.target_of(finding.via) is not None), None)
        if rule is not None:
            return _module_details(finding.via, rule, today)
    return []


def _symbol_details(finding: Finding, symbol: SymbolRule, today: datetime.date) -> list[str]:
    canonical = ", ".join(f"`{module}.{symbol.name}`" for module in symbol.canonical)
    lines = [f"- Canonical path: {canonical}", f"- Defined in: `{symbol.defined_in}`"]
    deprecated = symbol.deprecated_path(finding.via) if finding.via else None
    if deprecated is not None:
        lines.append(f"- Deprecated path: `{deprecated.module}`, {_until(deprecated.until, today)}")
    return lines


def _module_details(module: str, rule: ModuleRule, today: datetime.date) -> list[str]:
    lines = [f"- Module `{module}` is {rule.status.value} (policy: `{rule.name.pattern}`)"]
    if rule.replacement:
        lines.append(f"- Replacement: `{rule.replacement}`")
    if rule.status.value == "deprecated":
        lines.append(f"- Deprecated: {_until(rule.until, today)}")
    return lines


def _until(until: datetime.date | None, today: datetime.date) -> str:
    if until is None:
        return "no end date"
    if today > until:
        return f"until {until.isoformat()}: passed (an error now)"
    return f"until {until.isoformat()} ({(until - today).days} days left)"
