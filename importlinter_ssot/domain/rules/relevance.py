"""Which files can matter to a policy, decided from their bytes before any parsing.

Parsing is where the time goes. Each check says which text a file must contain for the
check to find anything in it (its needles: a governed name, the literal part of a module
rule's last segment or of a duplicates pattern); a file containing none of them cannot
produce a finding or a fact, so it is not parsed for its content.

Identifiers may be spelled in non-ASCII forms that Python normalizes (NFKC), and a
coding cookie may change how bytes read, so such files always matter.
"""

from __future__ import annotations

from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.rules.registry import CHECKS
from importlinter_ssot.domain.rules.rule import Needles


def relevance_needles(policy: Policy) -> Needles:
    """Every check's needles together; None when some check may find something in any file."""
    needles: set[bytes] = set()
    for check in CHECKS:
        found = check.needles(policy)
        if found is None:
            return None
        needles.update(found)
    return frozenset(needles)


def may_matter(data: bytes, needles: Needles) -> bool:
    """Whether a file with these bytes may matter to a policy with these needles."""
    if needles is None or not data.isascii():
        return True
    head = data.split(b"\n", 2)[:2]
    if any(b"coding" in line for line in head):
        return True
    return any(needle in data for needle in needles)
