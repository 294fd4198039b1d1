"""SOT010/SOT011/SOT012: a deprecated or forbidden module imported."""

from __future__ import annotations

from dataclasses import dataclass

from importlinter_ssot.domain.findings import Code, Finding
from importlinter_ssot.domain.globs import is_within
from importlinter_ssot.domain.policy import ModuleRule, ModuleStatus
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.source import Position, SourceFile


@dataclass(frozen=True)
class ImportedModule:
    """One module a statement imports, and where to report it."""

    module: str
    position: Position


def check_module_imports(context: RuleContext, importer: SourceFile, imported: list[ImportedModule]) -> list[Finding]:
    """At most one finding per rule for one statement: the first imported module that hits it.

    A target's own modules may import it (a glob rule has one target per matching module,
    so ``chat.old_a`` importing ``chat.old_b`` under ``chat.old_*`` is still reported).
    """
    findings: list[Finding] = []
    for rule in context.policy.modules:
        if rule.allows_importer(importer.module):
            continue
        for candidate in imported:
            target = rule.target_of(candidate.module)
            if target is not None and not is_within(importer.module, target):
                findings.append(_finding(context, importer, rule, target, candidate))
                break
    return findings


def _finding(
    context: RuleContext, importer: SourceFile, rule: ModuleRule, target: str, imported: ImportedModule
) -> Finding:
    subject = f"`{imported.module}`" if imported.module == target else f"`{imported.module}` (inside `{target}`)"
    note = f": {rule.message}" if rule.message else ""
    instead = f"; import from `{rule.replacement}` instead" if rule.replacement else ""
    if rule.status is ModuleStatus.FORBIDDEN:
        code = Code.FORBIDDEN_MODULE
        message = f"import of forbidden module {subject}{note}{instead}"
    elif rule.has_expired(context.today):
        code = Code.EXPIRED_MODULE
        message = f"import of module {subject}, whose deprecation ended on {rule.until}{note}{instead}"
    else:
        code = Code.DEPRECATED_MODULE
        until = f" (until {rule.until})" if rule.until else ""
        message = f"import of deprecated module {subject}{until}{note}{instead}"
    return Finding(
        path=importer.path,
        line=imported.position.line,
        column=imported.position.column,
        code=code,
        message=message,
        replacement=rule.replacement,
        policy=context.policy.name,
    )
