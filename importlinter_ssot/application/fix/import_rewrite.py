"""A planned statement → the smallest text edits that make it so, everything else left as written.

Only the statements concerned are tokenized; the rest of the file is never touched. A
statement whose names all go to one module gets its module replaced (and a name renamed
where the target provides only the symbol's main name): layout, aliases and comments stay
as they are. A statement whose names part ways becomes the planner's statements in their
order (``SitePlan.groups``: the names that stay, or the first target's, unless a later
binding of a name must run after them): the first keeps its place, each other one is a
copy of it holding only its names, on the lines just after (or after ``; `` when the
statement shares its line). A copy has no blank line.
In a copy, a comment goes along when it sits on the line of a name that moved alone on its
line; every other comment stays with the original. A statement whose every name the block
already imports is removed (its line, or its ``;``-joined part).
"""

from __future__ import annotations

import tokenize

from importlinter_ssot.application.analysis.text_lines import TextLines
from importlinter_ssot.domain.fix_plan import ImportSite, SitePlan
from importlinter_ssot.domain.records import NamedTuple


class TextEdit(NamedTuple):
    """Replace ``text[start:end]`` (character offsets) with ``replacement``."""

    start: int
    end: int
    replacement: str


class RewriteError(Exception):
    """The statement's text is not what its syntax tree said (it cannot be tokenized as one statement)."""


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """``text`` with non-overlapping ``edits`` applied."""
    parts: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda item: (item.start, item.end)):
        parts.append(text[position : edit.start])
        parts.append(edit.replacement)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def site_edits(lines: TextLines, plan: SitePlan) -> list[TextEdit]:
    """The edits of the file's text that rewrite one statement as planned.

    Raises RewriteError when the statement cannot be tokenized.
    """
    site = plan.site
    if not plan.groups:
        return [_removal(lines, site)]
    statement = _Statement(lines.text[site.start : site.end], site)
    in_place, *others = plan.groups
    edits = [
        TextEdit(site.start + edit.start, site.start + edit.end, edit.replacement)
        for edit in statement.edits(plan, set(in_place[1]), in_place[0], strip_comments=False)
    ]
    copies = [
        apply_edits(statement.text, statement.edits(plan, set(names), module, strip_comments=True))
        for module, names in others
    ]
    if copies:
        edits.append(_insertion(lines, site, copies))
    return edits


class _Statement:
    """One import statement's text, tokenized: where its module, names, commas and comments are."""

    def __init__(self, text: str, site: ImportSite) -> None:
        self.text = text
        self.lines = TextLines(text)
        self.items = [(name.start - site.start, name.end - site.start) for name in site.names]
        self.names = site.names
        self.module: tuple[int, int] | None = None
        self.parenthesised = False
        self.commas: dict[int, tuple[int, int]] = {}
        self.comments: list[tuple[int, int]] = []
        self.name_ends: dict[int, int] = {}
        self._tokenize(site)

    def _tokenize(self, site: ImportSite) -> None:
        lines = iter(
            self.text[start : self.lines.next_line_start(number)] for number, start in enumerate(self.lines.starts, 1)
        )
        module: list[tuple[int, int]] = []
        seen_import = False
        try:
            for token in tokenize.generate_tokens(lambda: next(lines, "")):
                if token.type not in (tokenize.NAME, tokenize.OP, tokenize.COMMENT):
                    continue  # line breaks, the end: nothing to locate
                start = self.lines.starts[token.start[0] - 1] + token.start[1]
                end = self.lines.starts[token.end[0] - 1] + token.end[1]
                if token.type == tokenize.COMMENT:
                    self.comments.append((start, end))
                elif token.type == tokenize.NAME and token.string == "import" and not seen_import:
                    seen_import = True
                elif token.type in (tokenize.NAME, tokenize.OP) and site.is_from and not seen_import and start > 0:
                    module.append((start, end))
                elif token.type == tokenize.OP and token.string == "(":
                    self.parenthesised = True
                elif token.type == tokenize.OP and token.string == ",":
                    before = [j for j, (_, item_end) in enumerate(self.items) if item_end <= start]
                    if before:
                        self.commas[before[-1]] = (start, end)
                elif token.type == tokenize.NAME:
                    for j, (item_start, _) in enumerate(self.items):
                        if item_start == start:
                            self.name_ends[j] = end
        except (tokenize.TokenError, SyntaxError) as error:
            raise RewriteError(str(error)) from error
        if module:
            self.module = (module[0][0], module[-1][1])
        if site.is_from and (self.module is None or len(self.name_ends) != len(self.items)):
            raise RewriteError("the statement's tokens do not match its syntax tree")

    def edits(self, plan: SitePlan, keep: set[int], module: str | None, *, strip_comments: bool) -> list[TextEdit]:
        """Edits of this statement's text: keep the names ``keep``, import them from ``module`` (None: as is)."""
        spans = self._deletions(keep)
        if strip_comments:
            spans.extend(self._stray_comments(keep))
            spans.extend(self._blank_lines())  # a new statement: its blank lines stay with the original
        edits = [TextEdit(start, end, "") for start, end in _union(spans)]
        if module is not None and self.module is not None:
            start, end = self.module
            before = "" if self.text[start - 1].isspace() else " "
            after = "" if end < len(self.text) and self.text[end].isspace() else " "
            edits.append(TextEdit(start, end, before + module + after))
        for j in sorted(keep):
            imported = plan.moves[j].imported
            name = self.names[j]
            if imported != name.name:
                alias = "" if name.asname else f" as {name.name}"
                edits.append(TextEdit(self.items[j][0], self.name_ends[j], imported + alias))
        return edits

    def _deletions(self, keep: set[int]) -> list[tuple[int, int]]:
        remaining = list(range(len(self.items)))
        spans: list[tuple[int, int]] = []
        for j in range(len(self.items)):
            if j in keep:
                continue
            place = remaining.index(j)
            start, end = self.items[j]
            if self.parenthesised:
                spans.append(self._parenthesised_deletion(j, remaining[:place], keep))
            elif place < len(remaining) - 1:
                spans.append((start, self.items[remaining[place + 1]][0]))  # `A, ` (and a continuation)
            else:
                spans.append((self.items[remaining[place - 1]][1], end))  # `, A`
            remaining.remove(j)
        return spans

    def _parenthesised_deletion(self, j: int, kept_before: list[int], keep: set[int]) -> tuple[int, int]:
        start, end = self.items[j]
        comma = self.commas.get(j)
        if self._alone_on_its_lines(j):
            first = self.lines.line_of(start)
            last = self.lines.line_of(comma[1] if comma else end)
            # A blank line separates names: once a name on the edge of what is kept leaves, the
            # blank line beside it would separate nothing (and the copy would add another).
            if not any(k < j for k in keep) or self._is_blank(first - 1):
                while self._is_blank(last + 1):
                    last += 1
            if not any(k > j for k in keep):
                while self._is_blank(first - 1):
                    first -= 1
            return self.lines.starts[first - 1], self.lines.next_line_start(last)
        if comma is not None:
            stop = comma[1]
            while stop < len(self.text) and self.text[stop] in " \t":
                stop += 1
            line = self.lines.line_of(start)
            if stop == self.lines.line_end(line) and line < len(self.lines.starts):
                # Last on a line it shares with `(` or a name: the next line's first name moves up to
                # take its place, as in `(A, B,\n     C)` → `(A, C)`; when that line closes the
                # statement, the line ends at the name before instead: `(\n    A, B,\n)` → `(\n    A,\n)`.
                after = self.lines.next_line_start(line)
                while after < len(self.text) and self.text[after] in " \t":
                    after += 1
                if self.text.startswith(")", after):
                    while start > self.lines.starts[line - 1] and self.text[start - 1] in " \t":
                        start -= 1
                    return start, comma[1]
                stop = after
            return start, stop
        previous_end = self.items[kept_before[-1]][1]
        if any(previous_end <= comment_start < start for comment_start, _ in self.comments):
            return start, end  # keep the comment of the name before: leave its comma
        return previous_end, end

    def _is_blank(self, line: int) -> bool:
        """Whether ``line`` is a line of the statement's text between its first and last holding only whitespace."""
        if not 1 < line < len(self.lines.starts):
            return False
        return not self.text[self.lines.starts[line - 1] : self.lines.line_end(line)].strip()

    def _blank_lines(self) -> list[tuple[int, int]]:
        return [
            (self.lines.starts[line - 1], self.lines.next_line_start(line))
            for line in range(2, len(self.lines.starts))
            if self._is_blank(line)
        ]

    def _alone_on_its_lines(self, j: int) -> bool:
        """Whether name ``j`` (with its comma and a comment) is all its lines hold."""
        start, end = self.items[j]
        comma = self.commas.get(j)
        last_end = comma[1] if comma else end
        first = self.lines.line_of(start)
        last = self.lines.line_of(last_end)
        before = self.text[self.lines.starts[first - 1] : start]
        after = self.text[last_end : self.lines.line_end(last)].strip()
        return not before.strip() and (not after or after.startswith("#")) and last < len(self.lines.starts)

    def _stray_comments(self, keep: set[int]) -> list[tuple[int, int]]:
        """Comments a copy leaves to the original: all but those on the line of a kept name alone on its line."""
        own_lines = {
            self.lines.line_of(self.commas[j][1] if j in self.commas else self.items[j][1])
            for j in keep
            if self._alone_on_its_lines(j)
        }
        spans: list[tuple[int, int]] = []
        for start, end in self.comments:
            line = self.lines.line_of(start)
            if line in own_lines:
                continue
            line_start = self.lines.starts[line - 1]
            if not self.text[line_start:start].strip():
                spans.append((line_start, self.lines.next_line_start(line)))
            else:
                before = start
                while before > line_start and self.text[before - 1] in " \t":
                    before -= 1
                spans.append((before, end))
        return spans


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _shares_its_lines(lines: TextLines, site: ImportSite) -> tuple[bool, str]:
    """Whether something but whitespace and a comment is on the statement's lines; and its indentation."""
    first = lines.line_of(site.start)
    last = lines.line_of(site.end)
    before = lines.text[lines.starts[first - 1] : site.start]
    after = lines.text[site.end : lines.line_end(last)].strip()
    alone = not before.strip() and (not after or after.startswith("#"))
    return not alone, before


def _insertion(lines: TextLines, site: ImportSite, statements: list[str]) -> TextEdit:
    shared, indentation = _shares_its_lines(lines, site)
    if shared:
        return TextEdit(site.end, site.end, "".join(f"; {statement}" for statement in statements))
    last = lines.line_of(site.end)
    newline = lines.newline(last)
    at = lines.next_line_start(last)
    if last >= len(lines.starts):  # the last line of a file that does not end with a line break
        return TextEdit(at, at, "".join(f"{newline}{indentation}{statement}" for statement in statements))
    return TextEdit(at, at, "".join(f"{indentation}{statement}{newline}" for statement in statements))


def _removal(lines: TextLines, site: ImportSite) -> TextEdit:
    """Remove a statement: its lines, its ``;``-joined part, or (alone in a one-line block) make it ``pass``."""
    text = lines.text
    shared, _ = _shares_its_lines(lines, site)
    if not shared:
        first = lines.line_of(site.start)
        return TextEdit(lines.starts[first - 1], lines.next_line_start(lines.line_of(site.end)), "")
    before = site.start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if before > 0 and text[before - 1] == ";":
        return TextEdit(before - 1, site.end, "")
    after = site.end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after] == ";":
        after += 1
        while after < len(text) and text[after] in " \t":
            after += 1
        return TextEdit(site.start, after, "")
    return TextEdit(site.start, site.end, "pass")
