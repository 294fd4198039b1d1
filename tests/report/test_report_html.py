"""The HTML report in a real headless Chromium (the system's package): it renders without console
errors, needs no network, and every number it shows equals the JSON report's.

The page is loaded from a file with ``--dump-dom`` (the DOM after its script ran) and
``--enable-logging=stderr``, which prints every console message (errors, uncaught exceptions)
as a ``CONSOLE`` line; a screenshot proves it paints. Skipped, saying so, only when no
Chromium is installed (.ci/run installs it).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support.commands import ssot_command

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
EXAMPLE_ARGS = ("--policy", "contracts/example.toml", "--today", "2027-01-15", "--no-cache")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


class _Numbers(HTMLParser):
    """Every ``data-field`` element's text, keyed by the ``data-*`` attributes of the elements around it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.found: dict[tuple[tuple[str, str], ...], str] = {}
        self.text: list[str] | None = None
        self.key: tuple[tuple[str, str], ...] = ()
        self.body: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "body":
            self.body = values
        if tag in ("meta", "br", "link", "input", "img"):
            return
        self.stack.append((tag, values))
        if "data-field" in values:
            context = tuple(
                (name, value)
                for _, element in self.stack[:-1]
                for name, value in element.items()
                if name.startswith("data-") and name not in ("data-sort", "data-field", "data-status", "data-ready")
            )
            self.key = (*context, ("field", values["data-field"]))
            self.text = []

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            opened, values = self.stack.pop()
            if "data-field" in values and self.text is not None:
                self.found[self.key] = "".join(self.text).strip()
                self.text = None
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)


def _expected(document: dict) -> dict[tuple[tuple[str, str], ...], str]:
    """What the page must show for each number of the JSON report."""
    expected: dict[tuple[tuple[str, str], ...], str] = {}
    for policy in document["policies"]:
        where = (("data-policy", policy["name"]),)
        totals = policy["totals"]
        for field in ("errors", "warnings", "files_touched", "files_checked"):
            expected[(*where, ("data-totals", "policy"), ("field", field))] = str(totals[field])
        for code, count in totals["findings"].items():
            expected[(*where, ("data-code", code), ("field", "count"))] = str(count)
        for symbol in policy["symbols"]:
            row = (*where, ("data-symbol", symbol["name"]))
            percent = symbol["progress"]["percent"]
            expected[(*row, ("field", "percent"))] = "n/a" if percent is None else f"{percent:.1f} %"
            expected[(*row, ("field", "canonical_references"))] = str(symbol["progress"]["canonical_references"])
            expected[(*row, ("field", "references_left"))] = str(symbol["progress"]["references_left"])
            expected[(*row, ("field", "used"))] = str(symbol["budget"]["used"])
            allowed = symbol["budget"]["allowed"]
            expected[(*row, ("field", "allowed"))] = "—" if allowed is None else str(allowed)
            for pattern in symbol["patterns"]:
                key = (*row, ("data-pattern", pattern["pattern"]))
                for field in ("uses", "exempt", "left"):
                    expected[(*key, ("field", field))] = str(pattern[field])
                # The chart's bar label.
                expected[
                    (*row, ("data-chart", "patterns"), ("data-pattern", pattern["pattern"]), ("field", "uses"))
                ] = str(pattern["uses"])
            for path in symbol["deprecated_paths"]:
                key = (*row, ("data-deprecated", path["module"]))
                expected[(*key, ("field", "importers_left"))] = str(len(path["importers_left"]))
                expected[(*key, ("field", "exempt_importers"))] = str(path["exempt_importers"])
                expected[(*key, ("field", "referring_files"))] = str(path["referenced_by"]["files"])
                expected[(*key, ("field", "removable"))] = "yes" if path["removable"] else "no"
        for rule in policy["modules"]:
            key = (*where, ("data-module", rule["name"]))
            expected[(*key, ("field", "importers_left"))] = str(len(rule["importers_left"]))
            expected[(*key, ("field", "exempt_importers"))] = str(rule["exempt_importers"])
            expected[(*key, ("field", "referring_files"))] = str(rule["referenced_by"]["files"])
            expected[(*key, ("field", "removable"))] = "yes" if rule["removable"] else "no"
        for duplicates in policy["duplicates"]:
            for item in duplicates["names"]:
                key = (*where, ("data-name", item["name"]), ("field", "sites"))
                expected[key] = str(len(item["sites"]))
    expected[(("field", "today"),)] = document["today"]
    return expected


def test_the_html_report_renders_in_chromium_and_shows_the_json_numbers(tmp_path: Path) -> None:
    arguments = ("--policy", "contracts/example.toml", "--today", "2027-01-15", "--no-cache")
    page = tmp_path / "report.html"
    run = ssot_command("report", *arguments, "--format", "html", "--output", str(page), cwd=REPO)
    assert run.returncode == 0, run.stderr
    document = json.loads(ssot_command("report", *arguments, "--format", "json", cwd=REPO).stdout)
    text = page.read_text(encoding="utf-8")
    # Self-contained: no stylesheet, script or image to fetch (the SVG namespace is a name, not a fetch).
    assert "<link" not in text and " src=" not in text and "url(" not in text
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in text

    dumped = chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile")
    assert dumped.returncode == 0, dumped.stderr
    console = [line for line in dumped.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    numbers = _Numbers()
    numbers.feed(dumped.stdout)
    assert numbers.body.get("data-ready") == "true", "the page's script did not run to its end"

    shown = numbers.found
    expected = _expected(document)
    assert {key: shown.get(key) for key in expected} == expected
    assert len(expected) > 60  # every number of the example: the comparison is not vacuous

    screenshot = tmp_path / "report.png"
    painted = chromium("--window-size=1280,1600", f"--screenshot={screenshot}", page.as_uri(), profile=tmp_path / "p2")
    assert painted.returncode == 0, painted.stderr
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000


# -- layout: the page fits a 1400-px window --------------------------------------------------------

_LAYOUT_PROBE = """
<script>
(function () {
  var width = window.innerWidth;
  var boxes = Array.prototype.map.call(document.querySelectorAll(".table-box"), function (box) {
    var rect = box.getBoundingClientRect();
    return {right: rect.right, overflow: getComputedStyle(box).overflowX,
            scrolls: box.scrollWidth > box.clientWidth + 1};
  });
  var budget = Array.prototype.filter.call(document.querySelectorAll("th"), function (th) {
    return th.textContent.trim() === "Budget";
  }).map(function (th) {
    var box = th.closest(".table-box").getBoundingClientRect();
    return {right: th.getBoundingClientRect().right, boxRight: box.right};
  });
  var probe = document.createElement("pre");
  probe.id = "layout-probe";
  probe.textContent = JSON.stringify({width: width, page: document.documentElement.scrollWidth,
                                      boxes: boxes, budget: budget});
  document.body.appendChild(probe);
})();
</script>
"""


def _layout(page: Path, tmp_path: Path) -> dict:
    probed = tmp_path / "probed.html"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", _LAYOUT_PROBE + "</body>"), encoding="utf-8")
    dumped = chromium("--window-size=1400,1000", "--dump-dom", probed.as_uri(), profile=tmp_path / "layout")
    match = re.search(r'<pre id="layout-probe">(.*?)</pre>', dumped.stdout, re.DOTALL)
    assert match is not None, dumped.stderr[-2000:]
    return json.loads(html.unescape(match[1]))


def test_the_html_report_fits_a_1400_px_window_with_the_budget_column_visible(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    run = ssot_command("report", *EXAMPLE_ARGS, "--format", "html", "--output", str(page), cwd=REPO)
    assert run.returncode == 0, run.stderr
    layout = _layout(page, tmp_path)
    assert layout["page"] <= layout["width"], layout  # no sideways scrolling of the page itself
    assert layout["boxes"] and all(box["right"] <= layout["width"] + 0.5 for box in layout["boxes"]), layout
    assert all(box["overflow"] == "auto" for box in layout["boxes"]), layout
    (budget,) = layout["budget"]
    assert budget["right"] <= budget["boxRight"] + 0.5 <= layout["width"] + 1, layout  # seen without scrolling


def test_a_table_too_wide_for_the_window_scrolls_inside_its_own_box(tmp_path: Path, make_project) -> None:  # type: ignore[no-untyped-def]
    deep = ".".join(f"segment_number_{index:02d}" for index in range(12))  # a 200-character module path
    policy = f"""
[policy]
name = "wide"
root_packages = ["app"]

[[symbol]]
name = "Client"
defined_in = "app.{deep}.core"
canonical = ["app.api"]
"""
    project = make_project(
        {
            f"app/{deep.replace('.', '/')}/core.py": "class Client:\n    pass\n",
            "app/api.py": f"from app.{deep}.core import Client\n",
            "app/user.py": f"from app.{deep}.core import Client\n",
        },
        policy,
    )
    page = tmp_path / "wide.html"
    run = ssot_command("report", "--no-cache", "--format", "html", "--output", str(page), cwd=project.root)
    assert run.returncode == 0, run.stderr
    layout = _layout(page, tmp_path)
    assert layout["page"] <= layout["width"], layout
    assert any(box["scrolls"] for box in layout["boxes"]), layout  # the wide table scrolls, inside its box
