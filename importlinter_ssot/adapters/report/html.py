"""A report as one self-contained HTML page: inline CSS and SVG charts, a few lines of inline script, no network.

Every number on the page carries a ``data-field`` attribute (and its row a ``data-*`` key)
naming where it sits in the JSON report, so a test can read the rendered page and compare.
"""

from __future__ import annotations

from html import escape

from importlinter_ssot import __version__
from importlinter_ssot.adapters.presentation import display_path, plural
from importlinter_ssot.adapters.report import phrases
from importlinter_ssot.application.report.report_compare import ReportChanges
from importlinter_ssot.application.report.report_model import (
    CANONICAL,
    DEPRECATED,
    EXEMPT,
    EXPIRED,
    NON_CANONICAL,
    DefinitionSite,
    Importer,
    OldPath,
    PathUsers,
    PolicyReport,
    Report,
    SymbolReport,
    Totals,
)

COLOURS = {
    CANONICAL: "#2e7d32",
    DEPRECATED: "#f9a825",
    EXPIRED: "#c62828",
    NON_CANONICAL: "#e65100",
    EXEMPT: "#90a4ae",
}

_STYLE = """
:root { --ink: #1f2933; --muted: #616e7c; --rule: #d9e2ec; --panel: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: #fff; }
header { background: #102a43; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #bcccdc; }
main { max-width: 1360px; margin: 0 auto; padding: 8px 24px 48px; }
h2 { margin: 32px 0 8px; font-size: 20px; border-bottom: 2px solid var(--rule); padding-bottom: 4px; }
h3 { margin: 28px 0 6px; font-size: 17px; }
h3 code { font-size: 16px; }
.columns { display: flex; flex-wrap: wrap; gap: 32px; align-items: flex-start; }
.columns > div { flex: 1 1 520px; min-width: 0; overflow-x: auto; }
.columns > div.narrow { flex: 0 0 200px; }
.table-box { max-width: 100%; overflow-x: auto; }
h4 { margin: 16px 0 6px; font-size: 14px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { background: var(--panel); border: 1px solid var(--rule); border-radius: 8px; padding: 10px 16px;
        min-width: 120px; }
.card .value { font-size: 24px; font-weight: 600; }
.card .label { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: var(--panel); font-weight: 600; cursor: pointer; user-select: none; white-space: nowrap; }
th.sorted-asc::after { content: " \\25B2"; font-size: 10px; }
th.sorted-desc::after { content: " \\25BC"; font-size: 10px; }
td.progress { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th.num { white-space: normal; min-width: 4.5em; }  /* "Canonical references" on two lines, not off the edge */
.status { display: inline-block; padding: 0 7px; border-radius: 10px; color: #fff; font-size: 12px;
          white-space: nowrap; }
.bar { background: #e4e7eb; border-radius: 4px; height: 10px; width: 140px; display: inline-block;
       vertical-align: middle; margin-right: 6px; overflow: hidden; }
.bar > span { display: block; height: 100%; background: #2e7d32; }
.removable { color: #2e7d32; font-weight: 600; }
.blocked { color: #c62828; }
.note { color: var(--muted); }
.legend span { margin-right: 14px; white-space: nowrap; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
svg text { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; fill: var(--ink); }
details summary { cursor: pointer; color: var(--muted); }
.places code, p code { overflow-wrap: anywhere; }  /* a long module path breaks rather than widen the page */
td .note { white-space: normal; font-size: 12px; }
"""

# Click a column header to sort its table; numbers sort as numbers.
_SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (header, index) {
    header.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var ascending = !header.classList.contains("sorted-asc");
      table.querySelectorAll("th").forEach(function (other) { other.classList.remove("sorted-asc", "sorted-desc"); });
      header.classList.add(ascending ? "sorted-asc" : "sorted-desc");
      rows.sort(function (a, b) {
        var x = a.cells[index].getAttribute("data-sort") || a.cells[index].textContent;
        var y = b.cells[index].getAttribute("data-sort") || b.cells[index].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
document.body.setAttribute("data-ready", "true");
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _num(field: str, value: int | float | None, text: str | None = None) -> str:
    shown = text if text is not None else ("n/a" if value is None else str(value))
    sort = "" if value is None else f' data-sort="{_e(value)}"'
    return f'<td class="num" data-field="{field}"{sort}>{_e(shown)}</td>'


# A table wider than its column scrolls inside its own box, never the page (a 1400-px window shows it all).
_TABLE_END = "</tbody></table></div>"


def _table(*columns: str) -> str:
    """A sortable table's opening, up to its body (close it with ``_TABLE_END``); ``#Label``: a numeric column."""
    heads = "".join(
        f'<th class="num">{_e(column[1:])}</th>' if column.startswith("#") else f"<th>{_e(column)}</th>"
        for column in columns
    )
    return f'<div class="table-box"><table class="sortable"><thead><tr>{heads}</tr></thead><tbody>'


def _status(status: str) -> str:
    return f'<span class="status" style="background:{COLOURS[status]}">{_e(status)}</span>'


def _site(site: DefinitionSite) -> str:
    return f"{display_path(site.path)}:{site.line}:{site.column}"


def _place(importer: Importer) -> str:
    where = f"{display_path(importer.path)}:{importer.line}:{importer.column}"
    return f"<code>{_e(where)}</code> {_e(importer.form)} <code>{_e(importer.name)}</code>"


def _referring(users: PathUsers | None) -> str:
    """The files still referring to a path: the split by form, the first few, and how many more."""
    if users is None or not users.files:
        return "—"
    forms = ", ".join(f"{count} {form}" for form, count in users.forms)
    listed = "<br>".join(_place(importer) for importer in users.first)
    more = users.files - len(users.first)
    if more:
        listed += f"<br>… and {_e(plural(more, 'more file'))}"
    note = f'<div class="note">{_e(plural(users.references, "reference"))}: {_e(forms)}</div>'
    return f'{note}<div class="places">{listed}</div>'


def _places(importers: tuple[Importer, ...]) -> str:
    """The importers left, folded away behind their count when the list is long (laptop screens)."""
    if not importers:
        return "—"
    listed = '<div class="places">' + "<br>".join(_place(importer) for importer in importers) + "</div>"
    if len(importers) <= _UNFOLDED:
        return listed
    return f"<details><summary>{len(importers)} importers</summary>{listed}</details>"


_UNFOLDED = 5


def render_report_html(report: Report, changes: ReportChanges | None = None) -> str:
    """The whole page."""
    body = [
        "<header>",
        f'<h1>SSOT report</h1><p>Judged on <span data-field="today">{_e(report.today.isoformat())}</span>'
        + (
            f' &middot; written <span data-field="generated">{_e(f"{report.generated:%Y-%m-%d %H:%M}")}</span> UTC'
            if report.generated is not None
            else ""
        )
        + f" &middot; importlinter-ssot {_e(__version__)}</p>",
        "</header>",
        "<main>",
    ]
    if len(report.policies) != 1:  # with one policy, its own totals are these
        body.append(_totals_cards(report.totals, "totals"))
    if changes is not None:
        body.append(_changes(changes))
    for policy in report.policies:
        body.append(_policy(policy))
    body.append("</main>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>SSOT report {_e(report.today.isoformat())}</title>\n<style>{_STYLE}</style>\n</head>\n"
        "<body>\n" + "\n".join(body) + f"\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _totals_cards(totals: Totals, scope: str) -> str:
    cards = [
        ("errors", totals.errors, "errors"),
        ("warnings", totals.warnings, "warnings"),
        ("files_touched", totals.files_touched, "files touched"),
        ("files_checked", totals.files_checked, "files checked"),
    ]
    html = [f'<div class="cards" data-totals="{_e(scope)}">']
    for field, value, label in cards:
        html.append(
            f'<div class="card"><div class="value" data-field="{field}">{value}</div>'
            f'<div class="label">{label}</div></div>'
        )
    html.append("</div>")
    return "".join(html)


def _codes_table(totals: Totals) -> str:
    rows = "".join(
        f'<tr data-code="{_e(code)}"><td><code>{_e(code)}</code></td>{_num("count", count)}</tr>'
        for code, count in totals.findings
    )
    if not rows:
        return '<p class="note">No findings.</p>'
    return _table("Code", "#Findings") + rows + _TABLE_END


def _policy(policy: PolicyReport) -> str:
    html = [
        f'<section data-policy="{_e(policy.name)}">',
        f"<h2>{_e(policy.name)}</h2>",
        f'<p class="note">Policy <code>{_e(display_path(policy.path))}</code></p>',
        _totals_cards(policy.totals, "policy"),
        '<div class="columns"><div class="narrow">',
        "<h4>Findings by code</h4>",
        _codes_table(policy.totals),
        "</div><div>",
    ]
    html.extend(f'<p class="note">{_e(note)}</p>' for note in phrases.rule_notes(policy.totals))
    if policy.symbols:
        html.append("<h4>Progress per symbol</h4>")
        html.append(
            _table("Symbol", "Progress", "#Canonical references", "#Left to migrate", "#Import patterns", "#Budget")
        )
        for symbol in policy.symbols:
            width = symbol.progress or 0
            left = phrases.forms_split([(count.form, count.left) for count in symbol.forms]) or "—"
            html.append(
                f'<tr data-symbol="{_e(symbol.name)}">'
                f'<td><a href="#{_anchor(policy, symbol)}"><code>{_e(symbol.name)}</code></a></td>'
                f'<td class="progress" data-sort="{width}">'
                f'<span class="bar"><span style="width:{width}%"></span></span>'
                f'<span data-field="percent">{_e(phrases.percent(symbol.progress))}</span>'
                f'<div class="note">left: {_e(left)}</div></td>'
                + _num("canonical_references", symbol.canonical_references)
                + _num("references_left", symbol.references_left)
                + _num("used", len(symbol.patterns))
                + _num("allowed", symbol.budget, "—" if symbol.budget is None else None)
                + "</tr>"
            )
        html.append(_TABLE_END)
    html.append("</div></div>")
    for symbol in policy.symbols:
        html.append(_symbol(policy, symbol))
    if policy.modules:
        html.append("<h3>Module rules</h3>")
        html.append(_table("Module", "Status", *_PATH_COLUMNS))
        for rule in policy.modules:
            until = f" (until {rule.until.isoformat()})" if rule.until else ""
            html.append(_path_row(rule, "module", f"{_e(rule.status)}{_e(until)}{' expired' if rule.expired else ''}"))
        html.append(_TABLE_END)
    for duplicates in policy.duplicates:
        within = f" within <code>{_e(', '.join(duplicates.within))}</code>" if duplicates.within else ""
        html.append(
            f'<h3 data-duplicates="{_e(duplicates.pattern)}">'
            f"Duplicates <code>{_e(duplicates.pattern)}</code>{within}</h3>"
        )
        if not duplicates.names:
            html.append('<p class="note">No duplicated name.</p>')
            continue
        html.append(_table("Name", "#Definitions", "Where"))
        for item in duplicates.names:
            html.append(
                f'<tr data-name="{_e(item.name)}"><td><code>{_e(item.name)}</code></td>'
                + _num("sites", len(item.sites))
                + f"<td>{'<br>'.join(f'<code>{_e(_site(site))}</code>' for site in item.sites)}</td></tr>"
            )
        html.append(_TABLE_END)
    html.append("</section>")
    return "\n".join(html)


# An old path's columns after its name and its state.
_PATH_COLUMNS = ("#Importers left", "#Exempt", "#Referring files", "Removable", "Importers left")


def _path_row(path: OldPath, key: str, state: str) -> str:
    """An old path's row (``data-{key}``): its name, ``state`` (HTML), who still refers to it, whether it can go."""
    return (
        f'<tr data-{key}="{_e(path.subject)}"><td><code>{_e(path.subject)}</code></td><td>{state}</td>'
        + _num("importers_left", len(path.importers))
        + _num("exempt_importers", path.exempt)
        + _num("referring_files", path.users.files if path.users else None)
        + _removable(path)
        + f"<td>{_places(path.importers)}</td></tr>"
    )


def _removable(path: OldPath) -> str:
    """Yes, or no with why: the canonical modules it holds, the files referring to it (folded away)."""
    if path.removable:
        return '<td data-sort="1"><span class="removable" data-field="removable">yes</span></td>'
    why = phrases.removal(path).removeprefix("not removable").removeprefix(": ").replace("`", "")
    note = f'<div class="note">{_e(why)}</div>' if why else ""
    referring = ""
    if path.users is not None and path.users.files:
        summary = f"referred to by {plural(path.users.files, 'file')}"
        referring = f"<details><summary>{_e(summary)}</summary>{_referring(path.users)}</details>"
    return f'<td data-sort="0"><span class="blocked" data-field="removable">no</span>{note}{referring}</td>'


def _anchor(policy: PolicyReport, symbol: SymbolReport) -> str:
    return "symbol-" + "".join(
        character if character.isalnum() else "-" for character in f"{policy.name}-{symbol.name}"
    )


def _symbol(policy: PolicyReport, symbol: SymbolReport) -> str:
    aliases = f' <span class="note">aliases {_e(", ".join(symbol.aliases))}</span>' if symbol.aliases else ""
    html = [
        f'<article id="{_anchor(policy, symbol)}" data-symbol="{_e(symbol.name)}">',
        f"<h3><code>{_e(symbol.name)}</code>{aliases}</h3>",
        f"<p>{_e(phrases.progress(symbol))}; {_e(phrases.budget(symbol))}. <code>defined_in</code> "
        f"<code>{_e(symbol.defined_in)}</code>, canonical "
        + ", ".join(f"<code>{_e(module)}</code>" for module in symbol.canonical)
        + ".</p>",
        "<h4>Imports by pattern and status</h4>",
        _chart(symbol),
        _table("Import pattern", "Status", "#Uses", "#Exempt", "#Left"),
    ]
    for pattern in symbol.patterns:
        until = f' <span class="note">until {_e(pattern.until.isoformat())}</span>' if pattern.until else ""
        html.append(
            f'<tr data-pattern="{_e(pattern.text)}"><td><code>{_e(pattern.text)}</code></td>'
            f'<td data-sort="{_e(pattern.status)}">{_status(pattern.status)}{until}</td>'
            + _num("uses", pattern.uses)
            + _num("exempt", pattern.exempt)
            + _num("left", pattern.left)
            + "</tr>"
        )
    html.append(_TABLE_END)
    html.append("<h4>Definitions</h4>")
    if symbol.definitions:
        html.append(_table("Where", "Name", "Module"))
        for site in symbol.definitions:
            mark = ' <span class="removable">defined_in</span>' if site.is_defined_in else ""
            html.append(
                f'<tr data-definition="{_e(_site(site))}"><td><code>{_e(_site(site))}</code></td>'
                f"<td><code>{_e(site.name)}</code>{mark}</td><td><code>{_e(site.module)}</code></td></tr>"
            )
        html.append(_TABLE_END)
    else:
        html.append('<p class="note">No definition found.</p>')
    if symbol.references:
        html.append("<h4>Other references (not import statements) through other paths</h4>")
        html.append(_table("Where", "Code", "Form", "Through"))
        for reference in symbol.references:
            html.append(
                f'<tr data-reference="{_e(display_path(reference.path))}:{reference.line}:{reference.column}">'
                f"<td><code>{_e(display_path(reference.path))}:{reference.line}:{reference.column}</code></td>"
                f"<td><code>{_e(reference.code)}</code></td><td>{_e(reference.form)}</td>"
                f"<td><code>{_e(reference.module)}.{_e(reference.name)}</code></td></tr>"
            )
        html.append(_TABLE_END)
    if symbol.deprecated:
        html.append("<h4>Deprecated paths</h4>")
        html.append(_table("Path", "Until", *_PATH_COLUMNS))
        for path in symbol.deprecated:
            until = "—" if path.until is None else path.until.isoformat() + (" (expired)" if path.expired else "")
            html.append(_path_row(path, "deprecated", _e(until)))
        html.append(_TABLE_END)
    html.append("</article>")
    return "\n".join(html)


def _chart(symbol: SymbolReport) -> str:
    """Horizontal bars, one per pattern: its uses left to migrate in its status colour, exempt ones paler."""
    if not symbol.patterns:
        return '<p class="note">No import of this symbol.</p>'
    bar_width, row, top = 560, 38, 8
    most = max(pattern.uses for pattern in symbol.patterns)
    height = top + row * len(symbol.patterns) + 4
    # Wide enough for the longest label (12-px monospace: about 7.3 px a character); a chart
    # wider than the page scrolls inside its own box, as a wide table does.
    width = max(900, round(7.4 * max(len(pattern.text) for pattern in symbol.patterns)) + 16)
    parts = [
        '<div class="table-box">'
        f'<svg data-chart="patterns" role="img" aria-label="Imports of {_e(symbol.name)} by pattern and status" '
        f'width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, pattern in enumerate(symbol.patterns):
        y = top + index * row
        colour = COLOURS[pattern.status]
        scale = bar_width / most
        flagged = pattern.uses - pattern.exempt
        # A bar of a few uses next to one of hundreds stays visible.
        scale = max(scale, 3 / pattern.uses)
        parts.append(f'<g data-pattern="{_e(pattern.text)}" data-status="{_e(pattern.status)}">')
        parts.append(f'<text x="0" y="{y + 11}">{_e(pattern.text)}</text>')
        parts.append(
            f'<rect x="0" y="{y + 16}" width="{flagged * scale:.1f}" height="14" rx="2" fill="{colour}">'
            f"<title>{_e(pattern.status)}: {flagged}</title></rect>"
        )
        if pattern.exempt:
            parts.append(
                f'<rect x="{flagged * scale:.1f}" y="{y + 16}" width="{pattern.exempt * scale:.1f}" height="14" rx="2" '
                f'fill="{colour}" fill-opacity="0.35"><title>exempt importers: {pattern.exempt}</title></rect>'
            )
        exempt = f" ({pattern.exempt} exempt)" if pattern.exempt else ""
        parts.append(
            f'<text x="{pattern.uses * scale + 8:.1f}" y="{y + 28}"><tspan data-field="uses">{pattern.uses}</tspan>'
            f"{_e(exempt)} {_e(pattern.status)}</text>"
        )
        parts.append("</g>")
    parts.append("</svg></div>")
    legend = "".join(
        f'<span><i style="background:{colour}"></i>{_e(status)}</span>' for status, colour in COLOURS.items()
    )
    return "".join(parts) + f'<p class="legend note">{legend}<span>paler: uses by exempt importers</span></p>'


def _changes(changes: ReportChanges) -> str:
    rows = "".join(
        f"<tr><td>{_e(subject).replace('`', '')}</td><td>{_e(text).replace('`', '')}</td></tr>"
        for subject, text in phrases.change_lines(changes)
    )
    return (
        f'<section data-changes="true"><h2>{_e(phrases.since(changes))}</h2>'
        f'<div class="table-box"><table><thead><tr><th>What</th><th>Change</th></tr></thead><tbody>{rows}'
        f"{_TABLE_END}</section>"
    )
