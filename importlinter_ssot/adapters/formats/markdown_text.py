"""Paths, names and messages made inert in markdown: whatever they hold renders as that text, never as markup.

The markdown report is posted as a pull-request comment and rendered as CommonMark with
GitHub's extensions (tables, strikethrough, autolinks). A file name or a policy message may
hold backticks, ``<img src=x>``, ``[click](http://e)``, ``|`` or line breaks; none of it may
become a tag, a link, an image, a table cell or a new block. Every piece of such text goes
through one of these functions:

- ``code_span``: a code span whose backtick fence is longer than any run of backticks inside
  (CommonMark's rule), padded with a space where CommonMark would otherwise eat one;
- ``inline_text``: the characters that can start markup backslash-escaped (any ASCII
  punctuation may be, CommonMark renders ``\\*`` as ``*``), only where they could: an
  underscore inside a word cannot emphasise, so ``get_manager`` stays as it is. A word
  GitHub would turn into a link without any markup (``http://…``, ``www.…``,
  ``name@host``) becomes a code span: escapes do not stop GitHub's e-mail autolinks;
- ``message_text``: a finding's message, whose backtick-quoted names (``\\`app.old\\```)
  become code spans and the rest ``inline_text``;
- ``line_text``: ``inline_text`` at the start of a line, where ``#``, ``>``, ``-``, ``+``,
  ``=`` or ``1.`` would start a block.

Control characters and line breaks are made visible first (visible.py), so a text never
spans lines.
"""

from __future__ import annotations

import itertools
import re

from importlinter_ssot.adapters.formats.visible import visible
from importlinter_ssot.domain.records import NamedTuple

# What can start inline markup: escapes, code, emphasis, links and images, raw HTML and
# autolinks, entities, table cells, strikethrough.
_MARKUP = re.compile(r"[\\`*_\[\]<>&|~]")
# A word GitHub links by itself (its autolink extension): a URL, a `www.` domain, an e-mail address.
_LINKISH = re.compile(r"\S*(?:://|www\.|@)\S*", re.IGNORECASE)
# Up to three spaces, then what starts a heading, a block quote, a list or a setext underline.
_BLOCK_START = re.compile(r"^( {0,3})(?:([#>+=-])|(\d{1,9})([.)]))")
_QUOTED = re.compile(r"`([^`]+)`")


def code_span(text: str) -> str:
    """``text`` as one code span, rendered exactly as ``text`` (made visible)."""
    text = visible(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark strips one space from each end of a span that starts and ends with one (and is
    # not only spaces): pad when that would eat the text's own, or when a backtick touches the fence.
    eaten = text.startswith(" ") and text.endswith(" ") and text.strip(" ") != ""
    pad = " " if eaten or text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def inline_text(text: str) -> str:
    """``text`` (made visible) with every character that could start markup escaped."""
    return _rendered(_text_pieces(visible(text)))


def message_text(message: str) -> str:
    """A finding's message: its backtick-quoted names as code spans, the rest as ``inline_text``."""
    message = visible(message)
    pieces, last = [], 0
    for match in _QUOTED.finditer(message):
        pieces.extend(_text_pieces(message[last : match.start()]))
        pieces.append(_Piece(True, match[1], match[0]))
        last = match.end()
    pieces.extend(_text_pieces(message[last:]))
    return _rendered(pieces)


def line_text(text: str) -> str:
    """``inline_text`` for a whole line that continues a paragraph (never blank): nor may its start open a block."""
    escaped = inline_text(text)
    return _BLOCK_START.sub(
        lambda match: f"{match[1]}\\{match[2]}" if match[2] else f"{match[1]}{match[3]}\\{match[4]}",
        escaped,
        count=1,
    )


class _Piece(NamedTuple):
    """A stretch of text, to be shown as code or as escaped text."""

    code: bool
    text: str  # what it shows
    raw: str  # as it was written (a quoted name with its backticks)


def _text_pieces(text: str) -> list[_Piece]:
    """``text`` as text, but for the words GitHub would link by themselves: code."""
    pieces, last = [], 0
    for match in _LINKISH.finditer(text):
        pieces.append(_Piece(False, text[last : match.start()], text[last : match.start()]))
        pieces.append(_Piece(True, match[0], match[0]))
        last = match.end()
    pieces.append(_Piece(False, text[last:], text[last:]))
    return pieces


def _rendered(pieces: list[_Piece]) -> str:
    # Two code spans side by side would make one run of backticks of their fences (and lose
    # both spans): code pieces that touch become one span holding them as written.
    parts = []
    shown = [piece for piece in pieces if piece.code or piece.text]  # an empty stretch does not part two spans
    for code, group in itertools.groupby(shown, key=lambda piece: piece.code):
        items = list(group)
        if not code:
            parts.append(_escaped_markup("".join(item.text for item in items)))
        else:
            parts.append(code_span(items[0].text if len(items) == 1 else "".join(item.raw for item in items)))
    return "".join(parts)


def _escaped_markup(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        if match[0] == "_" and 0 < start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum():
            return "_"  # inside a word: cannot open or close emphasis
        return "\\" + match[0]

    return _MARKUP.sub(escape, text)
