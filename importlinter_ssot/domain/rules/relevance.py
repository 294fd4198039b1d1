"""Which files can matter to a policy, decided from their bytes before any parsing.

Parsing is where the time goes, so a file that cannot produce a finding or a fact
(besides being unparsable) only needs its syntax checked. Each rule needs some text in
the file:

- symbol rules, SOT020/SOT021 and budgets: a governed name or alias;
- a `[[duplicates]]` rule: the longest literal run of its pattern;
- a `[[module]]` rule: the last segment of the target it reports. The reported part is
  ``base + written text``, where ``base`` is the package a relative import starts from.
  If the target's last segment fell inside ``base``, the target would contain the
  importer's package, and a target's own modules are exempt; so it is written text.

Identifiers may be spelled in non-ASCII forms that Python normalizes (NFKC), and a
coding cookie may change how bytes read, so such files always matter.
"""

from __future__ import annotations

from importlinter_ssot.domain.policy import Policy


def relevance_needles(policy: Policy) -> tuple[bytes, ...] | None:
    """Byte strings of which one must occur in a file for it to matter; None: every file may."""
    needles: set[bytes] = set()
    for symbol in policy.symbols:
        needles.update(name.encode() for name in symbol.names)
    for rule in policy.modules:
        literal = _required_literal(rule.name.pattern.rsplit(".", 1)[-1])
        if literal is None:
            return None
        needles.add(literal)
    for duplicates in policy.duplicates:
        literal = _required_literal(duplicates.pattern)
        if literal is None:
            return None
        needles.add(literal)
    return tuple(sorted(needles))


def may_matter(data: bytes, needles: tuple[bytes, ...] | None) -> bool:
    if needles is None or not data.isascii():
        return True
    head = data.split(b"\n", 2)[:2]
    if any(b"coding" in line for line in head):
        return True
    return any(needle in data for needle in needles)


def _required_literal(pattern: str) -> bytes | None:
    """The longest run of plain characters every fnmatch match of ``pattern`` contains."""
    runs: list[str] = []
    current = ""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char in "*?":
            runs.append(current)
            current = ""
        elif char == "[":
            closing = pattern.find("]", index + 2 if pattern[index + 1 : index + 2] in ("!", "]") else index + 1)
            if closing == -1:
                current += char  # an unclosed '[' is a literal, as in fnmatch
            else:
                runs.append(current)
                current = ""
                index = closing
        else:
            current += char
        index += 1
    runs.append(current)
    longest = max(runs, key=len)
    return longest.encode() if longest else None
