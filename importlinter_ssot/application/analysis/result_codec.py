"""Per-file results as plain data: what worker processes send back and what the cache file holds.

Plain tuples of str/int pickle compactly between our own processes, and most files of a
tree have nothing to report, so their results decode to one shared value. The formats:

- ``PlainResult`` = ``(findings, facts, conditional)``: each finding ``(line, column, code,
  message, symbol, replacement, via, reference)`` (path and policy name are known to the
  reader), the ``CheckFacts`` — one fact per project check of the registry, as the check
  collected it (NamedTuples and tuples, None for nothing) — and each conditional finding as
  ``(module, *finding)``.
- ``CacheEntry``: one file's stat, content digest, the time it was recorded, and its
  ``PlainResult``.
- A *stored result*: the ``PlainResult`` as JSON, ``0`` when there is nothing. The cache
  is untrusted input (application/analysis/cache_section.py), so ``stored_result`` rebuilds it
  through a strict check of its shape — findings field by field, facts through each
  check's declared shape (domain/rules/fact_shape.py), which rebuilds them as the typed values
  the check collected — and whatever it accepts, the engine can use without failing.
"""

from __future__ import annotations

from importlinter_ssot.application.ports import FileStat
from importlinter_ssot.domain.findings import Finding, Reference
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.checks import Conditional
from importlinter_ssot.domain.rules.evaluation import EMPTY_RESULT, FileResult
from importlinter_ssot.domain.rules.fact_shape import Shape, optional, record
from importlinter_ssot.domain.rules.registry import FACT_SLOTS, FILE_CHECKS, NO_FACTS, CheckFacts, rule_by_code

PlainFinding = tuple[int, int, str, str, "str | None", "str | None", "str | None", "str | None"]
PlainConditional = tuple[str, int, int, str, str, "str | None", "str | None", "str | None", "str | None"]
PlainResult = tuple[tuple[PlainFinding, ...], CheckFacts, tuple[PlainConditional, ...]]
FactShapes = Shape[CheckFacts]  # stored facts → the CheckFacts (ValueError)

EMPTY_PLAIN: PlainResult = ((), NO_FACTS, ())

# A file modified this close to when its entry was recorded may have changed within the
# same mtime tick; such an entry is verified by content, not trusted by its stat.
_STAT_TRUST_MARGIN_NS = 2_000_000_000

# Only file checks put findings into a file's result.
_FILE_CODES = frozenset(rule.code for check in FILE_CHECKS for rule in check.rules)
_REFERENCES = frozenset(reference.value for reference in Reference)


def encode_result(result: FileResult) -> PlainResult:
    """A FileResult as plain data (path and policy name are left out: the reader knows them)."""
    if result.is_empty:
        return EMPTY_PLAIN
    findings = tuple(_plain_finding(finding) for finding in result.findings)
    conditional = tuple((item.module, *_plain_finding(item.finding)) for item in result.conditional)
    return findings, result.facts, conditional


def _plain_finding(finding: Finding) -> PlainFinding:
    reference = None if finding.reference is None else finding.reference.value
    return (
        finding.line,
        finding.column,
        finding.code,
        finding.message,
        finding.symbol,
        finding.replacement,
        finding.via,
        reference,
    )


def decode_result(path: str, policy_name: str, plain: PlainResult) -> FileResult:
    """The FileResult of ``plain`` for the file at ``path``; the shared empty result when there is nothing."""
    findings, facts, conditional = plain
    if not findings and not conditional and not any(facts):
        return EMPTY_RESULT

    def finding(
        line: int,
        column: int,
        code: str,
        message: str,
        symbol: str | None,
        replacement: str | None,
        via: str | None,
        reference: str | None,
    ) -> Finding:
        kind = None if reference is None else Reference(reference)
        return Finding(path, line, column, rule_by_code(code), message, symbol, replacement, policy_name, via, kind)

    return FileResult(
        findings=tuple(finding(*item) for item in findings),
        facts=facts,
        conditional=tuple(Conditional(finding(*item[1:]), item[0]) for item in conditional),
    )


class CacheEntry(NamedTuple):
    """One file's recorded verdict, kept in its plain form to compare and write back as is."""

    stat: FileStat
    digest: bytes  # of the content the verdict was decided on
    recorded_ns: int  # when the verdict was recorded (the store's clock)
    plain: PlainResult

    def trusted_for(self, stat: FileStat | None) -> bool:
        """Whether ``stat`` (the file now) proves the content unchanged without reading it."""
        return stat_proves_unchanged(self.stat, self.recorded_ns, stat)


def stat_proves_unchanged(recorded: FileStat, recorded_ns: int, stat: FileStat | None) -> bool:
    """Whether ``stat`` (a file now) proves its content the one recorded at ``recorded_ns`` with stat ``recorded``."""
    # The margin is on the mtime: a content change within the recording's tick leaves it. (A
    # chmod or chown changes the ctime, which must equal too, but not the content.)
    return stat is not None and stat == recorded and recorded.mtime_ns < recorded_ns - _STAT_TRUST_MARGIN_NS


def fact_shapes(policy: Policy) -> FactShapes:
    """How a file's stored facts are rebuilt (and checked) under ``policy``: each through its check's shape."""
    return record(CheckFacts, *(optional(slot.check.shape(policy)) for slot in FACT_SLOTS))


def storable(plain: PlainResult) -> object:
    """What the cache stores of ``plain`` (JSON-ready: its tuples become arrays): ``0`` when there is nothing."""
    return 0 if plain is EMPTY_PLAIN or plain == EMPTY_PLAIN else plain


def stored_result(stored: object, shapes: FactShapes) -> PlainResult:
    """A result as the cache stored it (JSON: ``0`` for nothing), checked and rebuilt; ValueError if malformed."""
    if type(stored) is int and stored == 0:
        return EMPTY_PLAIN
    if type(stored) is not list or len(stored) != 3:
        raise ValueError("not a result")
    findings, facts, conditional = stored
    if type(findings) is not list or type(conditional) is not list:
        raise ValueError("not a result")
    # The facts' shape checks their number too: one per project check of the registry.
    return tuple(map(_finding, findings)), shapes.convert(facts), tuple(map(_conditional, conditional))


def _finding(stored: object) -> PlainFinding:
    """A stored finding, checked field by field: what ``decode_result`` turns into a Finding without failing."""
    if type(stored) is not list or len(stored) != 8:
        raise ValueError("not a finding")
    line, column, code, message, symbol, replacement, via, reference = stored
    if not (
        type(line) is int
        and line >= 1
        and type(column) is int
        and column >= 1
        and type(code) is str
        and code in _FILE_CODES
        and type(message) is str
        and (symbol is None or type(symbol) is str)
        and (replacement is None or type(replacement) is str)
        and (via is None or type(via) is str)
        and (reference is None or (type(reference) is str and reference in _REFERENCES))
    ):
        raise ValueError("not a finding")
    return (line, column, code, message, symbol, replacement, via, reference)


def _conditional(stored: object) -> PlainConditional:
    if type(stored) is not list or not stored or type(stored[0]) is not str:
        raise ValueError("not a conditional finding")
    return (stored[0], *_finding(stored[1:]))
