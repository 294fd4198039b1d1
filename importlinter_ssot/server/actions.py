"""Code actions on a buffer: ``--fix``'s edit per finding, for the whole file, a ``# noqa`` comment, or why not.

- **quickfix**, one per fixable finding in the range: what ``ssot check --fix`` does to the
  buffer if that finding were the only one reported — the same planner and safety rules,
  from the buffer's bytes (``LiveCheck.fix``) — as the smallest edit that gives that text.
  Preferred (what "apply the preferred fix" picks) when it is the only fix offered.
- **source.fixAll.ssot**: ``--fix`` on the whole buffer (every reported finding it can fix).
- **quickfix** "Add ``# noqa: SOTnnn``": the comment where flake8 reads it for the finding's line.
- A finding with no fix gets a disabled action whose reason is ``--fix``'s own (its
  not-fixed reason), for clients that show disabled actions; the hover says it for the others.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from importlinter_ssot.application.analysis.text_lines import TextLines
from importlinter_ssot.application.live.live_check import LiveCheck
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.fix_reasons import is_rewritable, reason_by_kind
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.server.diagnostics import finding_diagnostic, finding_range
from importlinter_ssot.server.documents import buffer_bytes
from importlinter_ssot.server.edits import Replacement, noqa_replacement, smallest_replacement
from importlinter_ssot.server.positions import lsp_position

FIX_ALL = "source.fixAll.ssot"
KINDS = (types.CodeActionKind.QuickFix, FIX_ALL)


class Document(NamedTuple):
    """An open buffer: where it is, its version and text, and how its client counts characters."""

    uri: str
    path: str
    version: int | None
    text: str
    encoding: str


class Fixability(NamedTuple):
    """What ``--fix`` does for one finding of a buffer: its edit, or why there is none."""

    finding: Finding
    replacement: Replacement | None
    reason: str | None  # why it is not fixed (None when it is)


def fixability(live: LiveCheck, document: Document, finding: Finding) -> Fixability:
    """``--fix`` for ``finding`` alone, on the buffer."""
    if not is_rewritable(finding):
        item = reason_by_kind(finding)
        return Fixability(finding, None, item.detail if item is not None else None)
    outcome = live.fix(document.path, only=[finding.identity()])
    fixed = any(item.identity() == finding.identity() for item in outcome.fixed)
    if fixed and outcome.texts is not None:
        return Fixability(finding, _replacement(document.text, *outcome.texts), None)
    why = next((item.detail for item in outcome.not_fixed if item.finding.identity() == finding.identity()), None)
    return Fixability(finding, None, why or "the fix changes nothing")


def _replacement(text: str, before: str, after: str) -> Replacement:
    if before != text:  # the buffer's text did not survive encoding and decoding as it is: replace it whole
        return Replacement(0, len(text), after)
    return smallest_replacement(before, after)


def findings_in_range(live: LiveCheck, document: Document, selected: types.Range) -> list[tuple[Finding, bool]]:
    """The buffer's reported findings whose range touches ``selected``, each with whether the baseline covers it."""
    lines = TextLines(document.text)
    found = live.findings(document.path)
    start, end = (selected.start.line, selected.start.character), (selected.end.line, selected.end.character)
    touching = []
    for finding, baselined in [*((item, False) for item in found.new), *((item, True) for item in found.baselined)]:
        where = finding_range(finding, lines, document.encoding)
        if (where.start.line, where.start.character) <= end and (where.end.line, where.end.character) >= start:
            touching.append((finding, baselined))
    return sorted(touching, key=lambda item: item[0])


def code_actions(
    live: LiveCheck,
    document: Document,
    selected: types.Range,
    only: Sequence[str] | None,
    *,
    disabled_support: bool,
    versioned_edits: bool,
    baselined_severity: types.DiagnosticSeverity,
) -> list[types.CodeAction]:
    """The actions for ``selected`` in ``document`` of the kinds asked (``only``, LSP's prefix match; None: all)."""
    actions: list[types.CodeAction] = []
    lines = TextLines(document.text)
    if _wanted(types.CodeActionKind.QuickFix, only):
        fixes: list[types.CodeAction] = []
        for finding, baselined in findings_in_range(live, document, selected):
            severity = baselined_severity if baselined else None
            diagnostic = [finding_diagnostic(finding, lines, document.encoding, baselined=severity)]
            result = fixability(live, document, finding)
            if result.replacement is not None:
                fixes.append(
                    types.CodeAction(
                        title=_fix_title(finding),
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=diagnostic,
                        edit=_workspace_edit(document, result.replacement, versioned_edits),
                    )
                )
            elif disabled_support and result.reason is not None:
                actions.append(
                    types.CodeAction(
                        title=f"{finding.code}: no automatic fix",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=diagnostic,
                        disabled=types.CodeActionDisabled(reason=result.reason),
                    )
                )
            if document.path.endswith(".py"):
                comment = noqa_replacement(document.text, buffer_bytes(document.text), finding.line, finding.code)
                if comment is not None:
                    actions.append(
                        types.CodeAction(
                            title=f"Add `# noqa: {finding.code}`",
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=diagnostic,
                            edit=_workspace_edit(document, comment, versioned_edits),
                        )
                    )
        if len(fixes) == 1:
            fixes[0].is_preferred = True
        actions = fixes + actions
    if _wanted(FIX_ALL, only) and document.path.endswith(".py"):
        outcome = live.fix(document.path)
        if outcome.fixed and outcome.texts is not None:
            count = len(outcome.fixed)
            actions.append(
                types.CodeAction(
                    title=f"Fix all ssot findings ({count}): as `ssot check --fix`",
                    kind=FIX_ALL,
                    edit=_workspace_edit(document, _replacement(document.text, *outcome.texts), versioned_edits),
                )
            )
    return actions


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    """LSP's rule: a kind is asked for when it is one of ``only`` or below one (``source`` covers ``source.fixAll``)."""
    return only is None or any(kind == asked or kind.startswith(f"{asked}.") for asked in only)


def _fix_title(finding: Finding) -> str:
    target = f"`{finding.replacement}`" if finding.replacement else "its canonical path"
    name = f"`{finding.symbol}` " if finding.symbol else ""
    return f"Fix {finding.code}: import {name}from {target}"


def _workspace_edit(document: Document, replacement: Replacement, versioned: bool) -> types.WorkspaceEdit:
    lines = TextLines(document.text)
    start = lsp_position(lines, replacement.start, document.encoding)
    end = lsp_position(lines, replacement.end, document.encoding)
    edit = types.TextEdit(types.Range(types.Position(*start), types.Position(*end)), replacement.text)
    if versioned:
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=document.uri, version=document.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(identifier, [edit])])
    return types.WorkspaceEdit(changes={document.uri: [edit]})
