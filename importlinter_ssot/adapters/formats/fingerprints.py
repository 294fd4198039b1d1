"""Identities of findings that survive edits elsewhere in a file: what CI systems track results by.

A finding's fingerprint hashes its baseline key — path (relative to the current directory),
code, subject, the module it names — and its rank among the findings of that file with the same
key (top to bottom), so that two identical imports in one file still differ. Lines and
columns are left out: inserting lines above a finding keeps its fingerprint.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from importlinter_ssot.adapters.presentation import absolute_path
from importlinter_ssot.domain.baseline import finding_key
from importlinter_ssot.domain.findings import Finding


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One hex SHA-256 per finding, in the order given."""
    directory = absolute_path(os.getcwd())
    ranks: dict[tuple[str, ...], int] = {}
    result = [""] * len(findings)
    for index in sorted(range(len(findings)), key=lambda index: (findings[index].line, findings[index].column)):
        key = finding_key(findings[index], directory)
        rank = ranks.get(key, 0)
        ranks[key] = rank + 1
        result[index] = hashlib.sha256(_utf8("\0".join((*key, str(rank))))).hexdigest()
    return result


def _utf8(text: str) -> bytes:
    """``text`` in UTF-8, an undecodable byte of a file name as that byte (PEP 383)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no byte stands for (a Windows file name can hold one): as it is
        return text.encode("utf-8", "surrogatepass")
