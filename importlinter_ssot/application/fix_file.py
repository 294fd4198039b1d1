"""Fixing one file: read, plan, rewrite the statements concerned, prove the result, write it.

The fixed text is accepted only when it compiles and when the engine, run on it for every
policy that governs the file, reports none of the fixed findings and nothing new (the
findings about references, compared by code and message: lines move when a statement is
split). Otherwise the file is left as it is and its findings say why. The file is written
through the FileWriter port (atomically); in ``--diff`` mode nothing is written and both
texts are kept for the diff.
"""

from __future__ import annotations

import ast
import io
import tokenize
import warnings
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from importlinter_ssot.application.import_rewrite import RewriteError, TextEdit, apply_edits, site_edits
from importlinter_ssot.application.import_sites import import_sites
from importlinter_ssot.application.parsing import no_cycle_collection, parse_tree
from importlinter_ssot.application.ports import FileStat, FileSystem, FileWriter
from importlinter_ssot.application.project import Project
from importlinter_ssot.application.scheduling import content_digest
from importlinter_ssot.application.text_lines import TextLines
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.fix_plan import FilePlan, ProjectFacts, imports_a_module, plan_file
from importlinter_ssot.domain.fix_reasons import NotFixed, Reason, Refusal, refusal
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.evaluation import FileResult, evaluate_file
from importlinter_ssot.domain.source import Position, SourceFile


class FixShared(NamedTuple):
    """What every file's fix needs; crosses to each worker process once."""

    file_system: FileSystem
    writer: FileWriter | None  # None: write nothing (``--diff``)
    projects: tuple[Project, ...]
    contexts: tuple[RuleContext, ...]  # one per project, same order
    facts: ProjectFacts  # other modules' names, where symbols are defined
    governed: frozenset[str]  # every governed name: the attribute uses worth parsing


class FixTask(NamedTuple):
    """One file, its findings a fix may rewrite, and the file as each project that governs it sees it."""

    path: str
    findings: tuple[Finding, ...]
    sources: tuple[tuple[int, SourceFile], ...]  # (index of the project, the file in it)
    references: tuple[Finding, ...] = ()  # every finding of the file about a reference, as the check found them


class FileOutcome(NamedTuple):
    """What fixing one file did."""

    path: str
    fixed: tuple[Finding, ...]  # located where they were
    not_fixed: tuple[NotFixed, ...]  # located where they are once the file is written
    texts: tuple[str, str] | None = None  # (before, after) when the file changes
    # Once written: the engine's verdict on the new content, per project, for the next check to reuse.
    verdicts: tuple[tuple[int, FileStat, bytes, FileResult], ...] = ()


def fix_file(shared: FixShared, task: FixTask) -> FileOutcome:
    """Fix one file as far as it is safe to."""
    governing = [(shared.contexts[index], shared.projects[index], source) for index, source in task.sources]
    if not governing:
        return _refused(task, (), refusal(Reason.CHANGED))
    try:
        data = shared.file_system.read_bytes(task.path)
    except OSError as error:
        return _refused(task, (), refusal(Reason.UNREADABLE, action="read", error=str(error.strerror or error)))
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, ValueError, LookupError):
        return _refused(task, (), refusal(Reason.CHANGED))  # it was decoded when it was checked
    lines = TextLines(text)
    if all(imports_a_module(finding, _at_from_keyword(lines, finding)) for finding in task.findings):
        # Nothing here can be fixed, whatever the statements hold: no need to parse the file.
        return _refused(task, (), refusal(Reason.MODULE_IMPORT))
    try:
        tree = _parse_through(text, lines, max(finding.line for finding in task.findings))
    except (SyntaxError, ValueError):
        return _refused(task, (), refusal(Reason.CHANGED))  # it parsed when it was checked
    except (RecursionError, MemoryError):
        return _refused(task, (), refusal(Reason.CANNOT_REWRITE, error=_TOO_DEEP))
    if text.encode(encoding) != data:
        problem = f"decoding and encoding it as {encoding} does not give the same bytes"
        return _refused(task, (), refusal(Reason.UNREADABLE, action="rewritten exactly", error=problem))
    plan = plan_file(governing[0][2], import_sites(tree, lines), task.findings, shared.facts)
    if not plan.sites:
        return FileOutcome(task.path, (), plan.not_fixed)
    try:
        edits = [edit for site in plan.sites for edit in site_edits(lines, site)]
    except RewriteError as error:
        return _refused(task, plan.not_fixed, refusal(Reason.CANNOT_REWRITE, error=str(error)), plan)
    fixed_text = apply_edits(text, edits)
    try:
        fixed_data = fixed_text.encode(encoding)
    except UnicodeEncodeError as error:
        return _refused(task, plan.not_fixed, refusal(Reason.UNREADABLE, action="encoded", error=str(error)), plan)
    try:
        fixed_tree = _parse(fixed_text)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(fixed_tree, task.path, "exec", dont_inherit=True)
    except (RecursionError, MemoryError):
        return _refused(task, plan.not_fixed, refusal(Reason.CANNOT_REWRITE, error=_TOO_DEEP), plan)
    except (SyntaxError, ValueError) as error:
        where = f" (line {error.lineno})" if isinstance(error, SyntaxError) and error.lineno else ""
        message = error.msg if isinstance(error, SyntaxError) else str(error)
        return _refused(task, plan.not_fixed, refusal(Reason.WOULD_NOT_COMPILE, error=f"{message}{where}"), plan)
    results = _evaluate(shared, governing, fixed_tree, fixed_text)
    news = _new_findings(governing, plan, task.references, results)
    if news is not None:
        return _refused(task, plan.not_fixed, refusal(Reason.NEW_FINDING, code=news[0], message=news[1]), plan)
    if shared.writer is None:
        return FileOutcome(task.path, plan.fixed, plan.not_fixed, (text, fixed_text))
    try:
        shared.writer.replace_content(task.path, fixed_data)
    except OSError as error:
        return _refused(task, plan.not_fixed, refusal(Reason.WRITE_FAILED, error=str(error.strerror or error)), plan)
    moved = _relocate([item.finding for item in plan.not_fixed], lines, edits, TextLines(fixed_text))
    not_fixed = tuple(item._replace(finding=finding) for item, finding in zip(plan.not_fixed, moved, strict=True))
    stat = shared.file_system.stat(task.path)
    if stat is None:
        return FileOutcome(task.path, plan.fixed, not_fixed)
    digest = content_digest(fixed_data)
    verdicts = tuple((index, stat, digest, result) for (index, _), result in zip(task.sources, results, strict=True))
    return FileOutcome(task.path, plan.fixed, not_fixed, verdicts=verdicts)


_TOO_DEEP = "the file is nested too deeply for the interpreter's parser"


def _at_from_keyword(lines: TextLines, finding: Finding) -> bool:
    """Whether the text at the finding's position is the keyword ``from``; True when the position is off the text."""
    if finding.line > len(lines.starts):
        return True  # the file changed: let the planner say so
    offset = lines.at(Position(finding.line, finding.column))
    following = lines.text[offset + 4 : offset + 5]
    return lines.text.startswith("from", offset) and not (following.isalnum() or following == "_")


def _parse_through(text: str, lines: TextLines, line: int) -> ast.Module:
    """The statements of the file up to ``line`` at least: those of a prefix of the text, when one parses.

    The flagged statements are mostly at the top of a file. A prefix that ends on a complete
    statement parses to the very statements the whole file has up to there; one that ends
    inside a statement (brackets, a string, a continuation, a clause still to come) does not
    parse, and then a longer prefix, or the whole text, is parsed.
    """
    for more in (8, 64):
        end = line + more
        if end >= len(lines.starts):
            break
        try:
            return _parse(text[: lines.starts[end]])
        except SyntaxError:
            continue
    return _parse(text)


def _parse(text: str) -> ast.Module:
    with warnings.catch_warnings(), no_cycle_collection():
        warnings.simplefilter("ignore")  # SyntaxWarnings are the checked code's business
        return ast.parse(text)


def _refused(task: FixTask, not_fixed: Sequence[NotFixed], why: Refusal, plan: FilePlan | None = None) -> FileOutcome:
    """Nothing fixed in the file: what the plan would have fixed (or every finding) gets ``why``."""
    concerned = plan.fixed if plan is not None else task.findings
    return FileOutcome(task.path, (), (*not_fixed, *(why.given_to(finding) for finding in concerned)))


def _evaluate(
    shared: FixShared, governing: list[tuple[RuleContext, Project, SourceFile]], tree: ast.Module, text: str
) -> list[FileResult]:
    """The engine's verdict on the fixed text, for each project that governs the file."""
    parsed = parse_tree(tree, text, shared.governed)
    return [evaluate_file(context, source, parsed) for context, _, source in governing]


def _new_findings(
    governing: list[tuple[RuleContext, Project, SourceFile]],
    plan: FilePlan,
    before: Sequence[Finding],
    after: list[FileResult],
) -> tuple[str, str] | None:
    """The first finding about a reference the fixed text has and the original (less what was fixed) has not.

    Lines move when a statement is split: findings are compared by code and message. Both sides
    count a finding that several policies report at one place once, as the check does.
    """
    fixed = {(finding.line, finding.column, finding.code, finding.message) for finding in plan.fixed}
    expected = Counter(
        (finding.code, finding.message)
        for finding in before
        if (finding.line, finding.column, finding.code, finding.message) not in fixed
    )
    found: dict[tuple[int, int, str, str], Finding] = {}
    for (_, project, _), result in zip(governing, after, strict=True):
        for finding in result.findings_given(project.module_index.modules.__contains__):
            if finding.reference is not None:
                found.setdefault((finding.line, finding.column, finding.code, finding.message), finding)
    extra = Counter((finding.code, finding.message) for finding in found.values()) - expected
    return min(extra) if extra else None


def _relocate(findings: list[Finding], lines: TextLines, edits: list[TextEdit], fixed: TextLines) -> list[Finding]:
    """``findings`` at their places in the fixed text (none of them lies inside an edited span)."""
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    moved: list[Finding] = []
    for finding in findings:
        if finding.line > len(lines.starts):
            moved.append(finding)
            continue
        offset = lines.at(Position(finding.line, finding.column))
        shift = sum(len(edit.replacement) - (edit.end - edit.start) for edit in ordered if edit.end <= offset)
        position = fixed.position(offset + shift)
        moved.append(finding._replace(line=position.line, column=position.column))
    return moved
