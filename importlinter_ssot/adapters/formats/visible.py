"""Characters a report cannot show as they are, written as visible escapes (``\\x1b``, ``\\n``, ``\\ufffe``).

A file name or a policy message may hold anything: control characters (a terminal escape,
a form feed, a newline), a lone surrogate (an undecodable byte of a file name), the
noncharacters U+FFFE and U+FFFF. XML 1.0 cannot hold most of them at all, and in markdown
a line break ends a line or a block. The formats that are documents (``junit``,
``markdown``) pass every path and message through ``visible``, so each finding stays one
line and the document stays well-formed. A backslash is left as it is: normal paths and
messages read the same as in the other formats.
"""

from __future__ import annotations

import re

# C0 controls but the tab, DEL, C1 controls, lone surrogates, and the two noncharacters XML 1.0 excludes.
_INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SHORT = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    code = ord(char)
    return _SHORT.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def visible(text: str) -> str:
    """``text`` with every character listed above written as its escape; tabs and the rest unchanged."""
    return _INVISIBLE.sub(_escape, text)
