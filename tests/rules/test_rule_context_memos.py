"""The [[module]] rules' memos on a RuleContext: bounded however many modules a tree imports,
and a memo that started again gives the answers a fresh context gives."""

from __future__ import annotations

import datetime

from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.application.policy.policy_loading import load_projects
from importlinter_ssot.domain.rules import context as context_module
from importlinter_ssot.domain.rules.context import RuleContext

POLICY = """
[policy]
name = "memos"
root_packages = ["app"]

[[module]]
name = "app.legacy.**"
status = "forbidden"
allow_importers = ["app.legacy.**", "app.tools"]

[[module]]
name = "app.old_*"
status = "deprecated"
replacement = "app.core"
"""

TODAY = datetime.date(2026, 6, 15)


def test_memos_stay_bounded_and_answer_as_a_fresh_context(make_project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(context_module, "MEMO_LIMIT", 16)  # the bound, not its size, is under test
    project = make_project({"app/__init__.py": "", "app/core.py": "", "app/legacy/__init__.py": ""}, POLICY)
    policy = load_projects(LocalFileSystem(), [project.abs("contracts/ssot.toml")])[0].policy
    context = RuleContext(policy, TODAY)
    limit = context_module.MEMO_LIMIT
    modules = [f"app.{kind}{number}.sub" for number in range(limit + 50) for kind in ("legacy.m", "old_", "plain")]
    answers = [(context.module_targets(m), context.names_module(m), context.allowing(m)) for m in modules]
    assert max(len(context._module_targets), len(context._named_modules), len(context._allowing)) <= limit
    fresh = RuleContext(policy, TODAY)
    assert (
        answers
        == [(fresh.module_targets(m), fresh.names_module(m), fresh.allowing(m)) for m in reversed(modules)][::-1]
    )
    assert any(targets for targets, _, _ in answers) and any(named for _, named, _ in answers)
    assert any(allowed for _, _, allowed in answers)
