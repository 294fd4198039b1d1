"""Fixing one file: read, judge, plan, rewrite the statements concerned, prove the result, write it.

What is fixed comes from the file's bytes alone, as they are when it is fixed: they are
parsed and evaluated for every policy that governs the file (as the check evaluates a
file), and only the findings that evaluation gives and the run reports (its codes, its
noqa comments) are fixed. The check's findings (possibly cached) only say which files to
look at; one the file no longer gives is ``changed``.

The fixed text is accepted only when it compiles and when the engine, run on it for every
policy that governs the file, reports none of the fixed findings and nothing new (the
findings about references, compared by code and message: lines move when a statement is
split). Otherwise the file is left as it is and its findings say why. A file whose real
path leaves the project root, or that has no write permission bit, is never written
(``outside-project``, ``read-only``), in ``--diff`` mode either. The file is written through
the FileWriter port, atomically and only if it still holds the bytes the fix was computed
from; when it changed meanwhile, the fix is computed once more from its new bytes, else
the file is left alone (``changed``). In ``--diff`` mode nothing is written and both texts
are kept for the diff.
"""

from __future__ import annotations

import ast
import io
import tokenize
import warnings
from collections import Counter
from collections.abc import Sequence

from importlinter_ssot.application.analysis.import_sites import import_sites
from importlinter_ssot.application.analysis.parsing import no_cycle_collection, parse_tree
from importlinter_ssot.application.analysis.scheduling import content_digest
from importlinter_ssot.application.analysis.text_lines import TextLines
from importlinter_ssot.application.fix.import_rewrite import RewriteError, TextEdit, apply_edits, site_edits
from importlinter_ssot.application.gate.report_filter import ReportFilter
from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.application.ports import FileChanged, FileStat, FileSystem, FileWriter
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.fix_plan import FilePlan, ProjectFacts, imports_a_module, plan_file
from importlinter_ssot.domain.fix_reasons import NotFixed, Reason, Refusal, is_rewritable, refusal
from importlinter_ssot.domain.records import NamedTuple
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
    report: ReportFilter  # what the run reports: only that is fixed
    roots: tuple[str, ...]  # per project, its root with symlinks resolved: nothing outside it is written


class FixTask(NamedTuple):
    """One file, the findings the check reported there (why it is looked at), and the file as each project sees it."""

    path: str
    findings: tuple[Finding, ...]  # never what is fixed: the file's own bytes decide that
    sources: tuple[tuple[int, SourceFile], ...]  # (index of the project, the file in it)
    # Only these of the file's findings (``Finding.identity``) are fixed: an editor's quick fix for one
    # finding. None: every finding the run reports there, as ``--fix`` does.
    only: frozenset[tuple[str, int, int, str, str]] | None = None


class FileOutcome(NamedTuple):
    """What fixing one file did."""

    path: str
    fixed: tuple[Finding, ...]  # located where they were
    not_fixed: tuple[NotFixed, ...]  # located where they are once the file is written
    texts: tuple[str, str] | None = None  # (before, after) when the file changes
    # Once written: the engine's verdict on the new content, per project, for the next check to reuse.
    verdicts: tuple[tuple[int, FileStat, bytes, FileResult], ...] = ()


Governing = list[tuple[RuleContext, Project, SourceFile]]


class _Judged(NamedTuple):
    """A file's bytes, parsed and evaluated now: what a fix may rewrite, and every finding about a reference."""

    data: bytes
    encoding: str
    text: str
    lines: TextLines
    tree: ast.Module
    wanted: tuple[Finding, ...]  # rewritable, and reported by the run
    references: tuple[Finding, ...]  # every finding about a reference, reported or not: they constrain a rewrite
    identities: frozenset[tuple[str, int, int, str, str]]  # of every finding, to tell the check's stale ones


class _Changed(NamedTuple):
    """The file changed between reading it and writing it: nothing was written."""


def fix_file(shared: FixShared, task: FixTask) -> FileOutcome:
    """Fix one file as far as it is safe to."""
    governing = [(shared.contexts[index], shared.projects[index], source) for index, source in task.sources]
    if not governing:
        return _refused(task.path, task.findings, refusal(Reason.CHANGED))
    stale: tuple[NotFixed, ...] = ()
    concerned = task.findings
    for attempt in range(_ATTEMPTS):
        try:
            data = shared.file_system.read_bytes(task.path)
        except OSError as error:
            why = refusal(Reason.UNREADABLE, action="read", error=str(error.strerror or error))
            return _refused(task.path, concerned, why, stale=stale)
        if attempt == 0 and _only_module_imports(data, task.findings):
            # Nothing the check found here can be fixed, whatever the file holds: no need to parse it.
            return _refused(task.path, task.findings, refusal(Reason.MODULE_IMPORT))
        judged = _judge(shared, governing, data)
        if isinstance(judged, Refusal):
            return _refused(task.path, concerned, judged, stale=stale)
        if attempt == 0:
            # The check's findings the file does not give now (it changed, or a cache lied): never acted on.
            stale = tuple(
                refusal(Reason.CHANGED).given_to(finding)
                for finding in task.findings
                if finding.identity() not in judged.identities
            )
        if task.only is not None:
            judged = judged._replace(wanted=tuple(item for item in judged.wanted if item.identity() in task.only))
        outcome = _fix_judged(shared, task, governing, judged)
        if not isinstance(outcome, _Changed):
            return outcome._replace(not_fixed=(*stale, *outcome.not_fixed))
        concerned = judged.wanted  # changed between reading and writing: judged again from its new bytes
    return _refused(task.path, concerned, refusal(Reason.CHANGED), stale=stale)


# A file that changes between the read and the write is fixed from its new bytes once; if it
# changes again, something is editing it right now: it is left to that.
_ATTEMPTS = 2


def _only_module_imports(data: bytes, findings: Sequence[Finding]) -> bool:
    """Whether every finding sits where a whole module is imported (never fixed): a decision not to write only."""
    try:
        _, text = _decoded(data)
    except (SyntaxError, ValueError, LookupError):
        return False  # judging the file says why
    lines = TextLines(text)
    return bool(findings) and all(imports_a_module(finding, _at_from_keyword(lines, finding)) for finding in findings)


def _decoded(data: bytes) -> tuple[str, str]:
    """(encoding, text): decoded as the interpreter decodes a module."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return encoding, data.decode(encoding)


def _judge(shared: FixShared, governing: Governing, data: bytes) -> _Judged | Refusal:
    """The file's bytes as the check would see them: parsed and evaluated for every policy that governs it."""
    try:
        encoding, text = _decoded(data)
    except (SyntaxError, ValueError, LookupError):
        return refusal(Reason.CHANGED)  # it was decoded when it was checked
    try:
        tree = _parse(text)
    except (SyntaxError, ValueError):
        return refusal(Reason.CHANGED)  # it parsed when it was checked
    except (RecursionError, MemoryError):
        return refusal(Reason.CANNOT_REWRITE, error=_TOO_DEEP)
    if text.encode(encoding) != data:
        problem = f"decoding and encoding it as {encoding} does not give the same bytes"
        return refusal(Reason.UNREADABLE, action="rewritten exactly", error=problem)
    found: dict[tuple[str, int, int, str, str], Finding] = {}
    for result, (_, project, _) in zip(_evaluate(shared, governing, tree, text), governing, strict=True):
        for finding in result.findings_given(project.module_index.modules.__contains__):
            found.setdefault(finding.identity(), finding)  # several policies, one place: once, as the check
    findings = sorted(found.values())
    return _Judged(
        data,
        encoding,
        text,
        TextLines(text),
        tree,
        tuple(shared.report.in_file((finding for finding in findings if is_rewritable(finding)), data)),
        tuple(finding for finding in findings if finding.reference is not None),
        frozenset(found),
    )


def _fix_judged(shared: FixShared, task: FixTask, governing: Governing, judged: _Judged) -> FileOutcome | _Changed:
    """Plan, rewrite, prove and write the fix of the file's bytes in ``judged``."""
    path, wanted = task.path, judged.wanted
    if not wanted:
        return FileOutcome(path, (), ())
    target = shared.file_system.real_path(path)
    if not all(_within(target, root) for root in (shared.roots[index] for index, _ in task.sources)):
        return _refused(path, wanted, refusal(Reason.OUTSIDE_PROJECT, path=target))
    if shared.file_system.is_read_only(path):
        return _refused(path, wanted, refusal(Reason.READ_ONLY))
    text, lines = judged.text, judged.lines
    plan = plan_file(governing[0][2], import_sites(judged.tree, lines), wanted, shared.facts)
    if not plan.sites:
        return FileOutcome(path, (), plan.not_fixed)
    try:
        edits = [edit for site in plan.sites for edit in site_edits(lines, site)]
    except RewriteError as error:
        return _refused(path, plan.fixed, refusal(Reason.CANNOT_REWRITE, error=str(error)), plan.not_fixed)
    fixed_text = apply_edits(text, edits)
    try:
        fixed_data = fixed_text.encode(judged.encoding)
    except UnicodeEncodeError as error:
        return _refused(
            path, plan.fixed, refusal(Reason.UNREADABLE, action="encoded", error=str(error)), plan.not_fixed
        )
    try:
        fixed_tree = _parse(fixed_text)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(fixed_tree, path, "exec", dont_inherit=True)
    except (RecursionError, MemoryError):
        return _refused(path, plan.fixed, refusal(Reason.CANNOT_REWRITE, error=_TOO_DEEP), plan.not_fixed)
    except (SyntaxError, ValueError) as error:
        where = f" (line {error.lineno})" if isinstance(error, SyntaxError) and error.lineno else ""
        message = error.msg if isinstance(error, SyntaxError) else str(error)
        why = refusal(Reason.WOULD_NOT_COMPILE, error=f"{message}{where}")
        return _refused(path, plan.fixed, why, plan.not_fixed)
    results = _evaluate(shared, governing, fixed_tree, fixed_text)
    news = _new_findings(governing, plan, judged.references, results)
    if news is not None:
        why = refusal(Reason.NEW_FINDING, code=news[0], message=news[1])
        return _refused(path, plan.fixed, why, plan.not_fixed)
    if shared.writer is None:
        return FileOutcome(path, plan.fixed, plan.not_fixed, (text, fixed_text))
    try:
        # The bytes the fix was computed from: the write happens only if the file still holds them.
        shared.writer.replace_content(target, fixed_data, expected=judged.data)
    except FileChanged:
        return _Changed()
    except OSError as error:
        why = refusal(Reason.WRITE_FAILED, error=str(error.strerror or error))
        return _refused(path, plan.fixed, why, plan.not_fixed)
    moved = _relocate([item.finding for item in plan.not_fixed], lines, edits, TextLines(fixed_text))
    not_fixed = tuple(item._replace(finding=finding) for item, finding in zip(plan.not_fixed, moved, strict=True))
    stat = shared.file_system.stat(path)
    if stat is None:
        return FileOutcome(path, plan.fixed, not_fixed)
    digest = content_digest(fixed_data)
    verdicts = tuple((index, stat, digest, result) for (index, _), result in zip(task.sources, results, strict=True))
    return FileOutcome(path, plan.fixed, not_fixed, verdicts=verdicts)


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


_TOO_DEEP = "the file is nested too deeply for the interpreter's parser"


def _at_from_keyword(lines: TextLines, finding: Finding) -> bool:
    """Whether the text at the finding's position is the keyword ``from``; True when the position is off the text."""
    if finding.line > len(lines.starts):
        return True  # the file changed: let the planner say so
    offset = lines.at(Position(finding.line, finding.column))
    following = lines.text[offset + 4 : offset + 5]
    return lines.text.startswith("from", offset) and not (following.isalnum() or following == "_")


def _parse(text: str) -> ast.Module:
    with warnings.catch_warnings(), no_cycle_collection():
        warnings.simplefilter("ignore")  # SyntaxWarnings are the checked code's business
        return ast.parse(text)


def _refused(
    path: str,
    concerned: Sequence[Finding],
    why: Refusal,
    not_fixed: Sequence[NotFixed] = (),
    *,
    stale: Sequence[NotFixed] = (),
) -> FileOutcome:
    """Nothing fixed in the file: ``concerned`` (what the plan would have fixed, or every finding) gets ``why``."""
    return FileOutcome(path, (), (*stale, *not_fixed, *(why.given_to(finding) for finding in concerned)))


def _evaluate(shared: FixShared, governing: Governing, tree: ast.Module, text: str) -> list[FileResult]:
    """The engine's verdict on a text of the file, for each project that governs it."""
    parsed = parse_tree(tree, text, shared.governed)
    return [evaluate_file(context, source, parsed) for context, _, source in governing]


def _new_findings(
    governing: Governing,
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
