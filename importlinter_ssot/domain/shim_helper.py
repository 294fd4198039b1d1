"""The copy of the shim helper that ``ssot shim`` writes into a checked project.

Generated shims call ``install_shim``. A library cannot make importlinter-ssot (and its
click, flake8, grimp, import-linter) a runtime dependency for that, so ``ssot shim``
writes a copy of ``importlinter_ssot/runtime.py`` — one file, the standard library only —
at the top of each root package that has shims (``app/_ssot_compat.py``), and the shims
import it from there. Its first line marks it and says which version of the helper it is;
``ssot shim --check`` and SOT041 compare it with what this version writes, by digest.

When ``importlinter_ssot/runtime.py`` changes, so does what is written: bump
``HELPER_VERSION`` and set ``HELPER_DIGEST`` to the new digest (a test computes it).
"""

from __future__ import annotations

from importlinter_ssot.domain.source import ShimHelperCopy

MARKER = "# ssot-shim-helper:"
HELPER_VERSION = 1
# The digest of the copy this version writes (``helper_text`` of importlinter_ssot/runtime.py).
HELPER_DIGEST = "820a7b9b9be313c91dfa126a1952a7387b6d04024a0860c2b6278957c64aed36"

_VERSION_WORD = "version"

# Imports inside functions here are deferred because hashlib loads OpenSSL (~10 M instructions,
# over 1 % of an editor's one-file flake8 run), and only a file that is a copy of the helper is hashed.


def helper_header() -> str:
    """The comment lines a copy starts with: the marker and version, and what the file is."""
    return (
        f"{MARKER} {_VERSION_WORD} {HELPER_VERSION} (written by `ssot shim`; do not edit: `ssot shim --write`\n"
        "# rewrites it, `ssot shim --check` and SOT041 say when it differs). The helper this package's\n"
        "# deprecation shims call: a copy of importlinter_ssot.runtime, so that they need no dependency.\n"
    )


def helper_text(runtime_source: str) -> str:
    """The whole copy: the header, then the public helper's source as it is."""
    return helper_header() + runtime_source


def helper_copy(text: str) -> ShimHelperCopy | None:
    """What a file says about itself, when its first line marks it as a copy of the helper."""
    if not text.startswith(MARKER):
        return None
    words = text[len(MARKER) :].partition("\n")[0].split()
    version = words[1] if len(words) >= 2 and words[0] == _VERSION_WORD else ""
    return ShimHelperCopy(version, helper_digest(text))


def helper_digest(text: str) -> str:
    """The digest a copy is compared by (line ends normalised: a checkout may turn them into CRLF)."""
    import hashlib

    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()
