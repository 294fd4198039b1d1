"""Which codes a run reports: ``select`` / ``ignore`` / ``extend-select`` with ruff's semantics.

A *selector* is ``ALL`` or a prefix of registered codes: ``SOT`` (every code), ``SOT0``,
``SOT01``, ``SOT011``. Selections are applied in order — the configuration's
(``[tool.ssot]``), then the command line's — exactly as ruff resolves its own:

- a selection that has ``select`` starts afresh from it (plus its ``extend-select``);
  one without ``select`` adds its ``extend-select`` to, and removes its ``ignore`` from,
  what the previous selections left;
- within one selection, more specific selectors win: they are applied from the least
  specific (``ALL``, ``SOT``) to the most (a full code), and at the same specificity an
  ``ignore`` wins over a ``select``. So ``select = ["SOT0"]``, ``ignore = ["SOT"]`` selects
  ``SOT0…`` (more specific), and ``select = ["SOT011"]``, ``ignore = ["SOT011"]`` nothing;
- a selection whose ``select`` is empty but which ignores something carries its ignores
  over to the next selection (ruff's rule for ``select = []``).

Without any selection every code is reported. Pure: codes in, codes out.
"""

from __future__ import annotations

# Imports inside functions here are deferred because difflib only words an error (measured: ~0.8 ms
# of every front end's start-up).
from collections.abc import Iterable, Sequence

from importlinter_ssot.domain.records import NamedTuple

ALL = "ALL"


class SelectorError(ValueError):
    """A selector that names no registered code."""


class Selection(NamedTuple):
    """One source's choice (a configuration table or a command line); None: the key was not given."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether this selection changes nothing."""
        return self.select is None and not self.ignore and not self.extend_select


def check_selector(selector: str, codes: Sequence[str]) -> str:
    """``selector`` when it is ``ALL`` or a prefix of a code in ``codes``; SelectorError (with a hint) otherwise."""
    if selector == ALL or (selector[:1].isalpha() and any(code.startswith(selector) for code in codes)):
        return selector
    import difflib  # only for a selector that is wrong

    close = difflib.get_close_matches(selector.upper(), [*codes, ALL], n=1)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    # The examples are the codes' own: a code and its family's prefix (SOT001, SOT0).
    examples = f"{codes[0]}, {codes[0][:-2]}, " if codes else ""
    raise SelectorError(f"`{selector}` is not a code or a code prefix of importlinter-ssot ({examples}{ALL}){hint}")


def split_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """Comma-separated and repeated values → one tuple of selectors (blanks dropped)."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _specificity(selector: str) -> int:
    # ALL < the prefix letters (SOT) < one digit more < … < a full code: longer is more specific.
    return 0 if selector == ALL else len(selector)


def _matches(selector: str, code: str) -> bool:
    return selector == ALL or code.startswith(selector)


def selected_codes(codes: Iterable[str], selections: Iterable[Selection]) -> frozenset[str]:
    """The codes of ``codes`` that the ``selections`` (in order) leave selected."""
    universe = tuple(codes)
    chosen = set(universe)
    carried_ignores: tuple[str, ...] = ()
    for selection in selections:
        ignores = (*selection.ignore, *carried_ignores)
        carried_ignores = ()
        enables = (*(selection.select or ()), *selection.extend_select)
        updates: dict[str, bool] = {}
        for level in sorted({_specificity(selector) for selector in (*enables, *ignores)}):
            for selector in enables:
                if _specificity(selector) == level:
                    updates.update((code, True) for code in universe if _matches(selector, code))
            for selector in ignores:
                if _specificity(selector) == level:
                    updates.update((code, False) for code in universe if _matches(selector, code))
        if selection.select is not None:
            chosen = {code for code, enabled in updates.items() if enabled}
            if not selection.select and not selection.extend_select and selection.ignore:
                carried_ignores = selection.ignore
        else:
            for code, enabled in updates.items():
                if enabled:
                    chosen.add(code)
                else:
                    chosen.discard(code)
    return frozenset(chosen)
