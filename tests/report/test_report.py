"""`ssot report`: where a migration stands, from the same engine and cache as `ssot check`.

The goldens (tests/expected/example_report.*) were checked against the example by hand:
the import patterns and counts are SOT030's list in tests/expected/example_output.txt;
"left" are the SOT001/SOT002/SOT003 findings of each pattern; "exempt" are the plumbing
(`chat.websocket_core.manager` and `.websocket_manager` importing from `unified_manager`,
`chat.websocket_core` from `.websocket_manager`) and `chat.testing.fakes` (allow_importers);
the module rules' importers are the SOT010/SOT011/SOT012 findings, and `handlers.py`'s
`from . import canonical_import_patterns` is the one exempt import (allow_importers).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importlinter_ssot import __version__

from support.commands import ssot_command

REPO = Path(__file__).resolve().parents[2]
EXPECTED = REPO / "tests" / "expected"
TODAY = "2027-01-15"
EXAMPLE = ("--policy", "contracts/example.toml", "--today", TODAY)


def report(*args: str, cwd: Path = REPO) -> str:
    run = ssot_command("report", *args, cwd=cwd)
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize(("output_format", "golden"), [("text", "txt"), ("markdown", "md")])
def test_example_report_golden(output_format: str, golden: str) -> None:
    text = report(*EXAMPLE, "--no-cache", "--format", output_format)
    assert text == EXPECTED.joinpath(f"example_report.{golden}").read_text(encoding="utf-8")


def test_example_report_json_golden() -> None:
    document = json.loads(report(*EXAMPLE, "--no-cache", "--format", "json"))
    golden = json.loads(EXPECTED.joinpath("example_report.json").read_text(encoding="utf-8"))
    golden["tool"]["version"] = __version__
    assert document == golden


def test_report_numbers_are_the_checks_numbers() -> None:
    checked = ssot_command("check", *EXAMPLE, "--no-cache", "--format", "json", cwd=REPO)
    findings = json.loads(checked.stdout)
    document = json.loads(report(*EXAMPLE, "--no-cache", "--format", "json"))
    counts: dict[str, int] = {}
    for finding in findings["findings"]:
        counts[finding["code"]] = counts.get(finding["code"], 0) + 1
    (policy,) = document["policies"]
    assert policy["totals"]["findings"] == counts == document["totals"]["findings"]
    assert policy["totals"]["errors"] == findings["summary"]["errors"]
    assert policy["totals"]["warnings"] == findings["summary"]["warnings"]
    assert policy["totals"]["files_checked"] == findings["summary"]["files_checked"]
    assert policy["totals"]["files_touched"] == len({finding["path"] for finding in findings["findings"]})
    # Every import left to migrate is one symbol-path finding of that symbol, and every module
    # rule's importer left one module finding.
    left = sum(pattern["left"] for symbol in policy["symbols"] for pattern in symbol["patterns"])
    references = sum(len(symbol["references"]) for symbol in policy["symbols"])
    assert left + references == counts["SOT001"] + counts["SOT002"] + counts["SOT003"]
    # The headline counts every one of them, whatever its form.
    references_left = sum(symbol["progress"]["references_left"] for symbol in policy["symbols"])
    assert references_left == counts["SOT001"] + counts["SOT002"] + counts["SOT003"]
    importers = sum(len(rule["importers_left"]) for rule in policy["modules"])
    assert importers == counts["SOT010"] + counts["SOT011"] + counts["SOT012"]
    # The patterns and their counts are SOT030's.
    (budget,) = [finding["message"] for finding in findings["findings"] if finding["code"] == "SOT030"]
    manager = policy["symbols"][0]
    for pattern in manager["patterns"]:
        assert f"`{pattern['pattern']}` ({pattern['uses']}×)" in budget
    assert f"through {manager['budget']['used']} distinct patterns" in budget


def test_a_warm_report_reads_the_checks_cache(make_project) -> None:
    project = make_project(
        {
            "pkg/__init__.py": "",
            "pkg/core.py": "class Thing: ...\n",
            "pkg/api.py": "from pkg.core import Thing\n",
            "pkg/user.py": "from pkg.core import Thing\n",
        },
        '[policy]\nname = "p"\nroot_packages = ["pkg"]\n\n[[symbol]]\nname = "Thing"\n'
        'defined_in = "pkg.core"\ncanonical = ["pkg.api"]\n',
    )
    cold = report("--format", "json", cwd=project.root)
    assert (project.root / ".ssot_cache").is_dir()
    assert ssot_command("check", cwd=project.root).returncode == 1
    # Make a fresh parse impossible: a warm report may only come from the cache the check wrote.
    from importlinter_ssot.application.analysis import scheduling

    original = scheduling.parse_source
    scheduling.parse_source = None  # type: ignore[assignment]
    try:
        warm = report("--format", "json", "--jobs", "1", cwd=project.root)
    finally:
        scheduling.parse_source = original
    assert warm == cold


POLICY = """\
[policy]
name = "migration"
root_packages = ["pkg"]

[[symbol]]
name = "Client"
defined_in = "pkg.impl"
canonical = ["pkg.api"]
deprecated = [
  { module = "pkg.old", until = 2027-01-31 },
  { module = "pkg.legacy" },
]
allow_importers = ["pkg.tests.**"]
max_import_patterns = 3

[[module]]
name = "pkg.shim"
status = "forbidden"
allow_importers = ["pkg.tests.**"]

[[duplicates]]
pattern = "*Client"
"""


def _project(make_project, users: dict[str, str]):  # type: ignore[no-untyped-def]
    files = {
        "pkg/__init__.py": "",
        "pkg/impl.py": "class Client: ...\n",
        "pkg/api.py": "from pkg.impl import Client\n",
        "pkg/old.py": "from pkg.impl import Client\n",
        "pkg/legacy/__init__.py": "from pkg.impl import Client\n",
        "pkg/legacy/inner.py": "from pkg.legacy import Client\n",
        "pkg/shim.py": "X = 1\n",
        "pkg/tests/__init__.py": "",
        "pkg/tests/test_old.py": "from pkg.old import Client\nimport pkg.shim\n",
        **users,
    }
    return make_project(files, POLICY)


def _policy_json(project) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(report("--format", "json", "--no-cache", "--today", "2027-01-15", cwd=project.root))["policies"][
        0
    ]


def test_removable_only_when_no_file_outside_the_path_refers_to_it(make_project) -> None:
    project = _project(make_project, {"pkg/user.py": "from pkg.api import Client\n"})
    policy = _policy_json(project)
    (symbol,) = policy["symbols"]
    paths = {path["module"]: path for path in symbol["deprecated_paths"]}
    # pkg.old: only pkg.tests imports it, which allow_importers exempts from findings; deleting
    # pkg.old would break it all the same. pkg.legacy: only its own submodule, which goes with it.
    old = paths["pkg.old"]
    assert old["importers_left"] == [] and old["exempt_importers"] == 1
    assert not old["removable"] and old["kept_by"] == []
    assert old["referenced_by"] == {
        "files": 1,
        "references": 1,
        "by_form": {"import": 1},
        "first": [{"path": "pkg/tests/test_old.py", "line": 1, "column": 21, "form": "import", "name": "Client"}],
    }
    legacy = paths["pkg.legacy"]
    assert legacy["removable"] and legacy["exempt_importers"] == 1
    assert legacy["referenced_by"] == {"files": 0, "references": 0, "by_form": {}, "first": []}
    (shim,) = policy["modules"]
    assert shim["importers_left"] == [] and shim["exempt_importers"] == 1
    assert not shim["removable"] and shim["referenced_by"]["files"] == 1
    statuses = {
        pattern["pattern"]: (pattern["status"], pattern["uses"], pattern["exempt"], pattern["left"])
        for pattern in symbol["patterns"]
    }
    assert statuses == {
        # api, old and legacy are the plumbing: exempt whatever they import from.
        "from pkg.impl import Client": ("exempt", 3, 3, 0),
        "from pkg.api import Client": ("canonical", 1, 0, 0),
        # pkg.tests is allowed to; pkg.legacy.inner is not (a finding), yet it is pkg.legacy's own.
        "from pkg.old import Client": ("exempt", 1, 1, 0),
        "from pkg.legacy import Client": ("deprecated", 1, 0, 1),
    }


def test_importers_left_block_removal_even_when_the_plumbing_imports(make_project) -> None:
    project = _project(
        make_project,
        {
            "pkg/user.py": "from pkg.old import Client\nfrom pkg import shim\n",
            # The canonical module itself importing through a deprecated path: exempt from
            # findings (plumbing), but it would break when the path goes.
            "pkg/api.py": "from pkg.legacy import Client\n",
            "pkg/other.py": "import pkg.old\n\nx = pkg.old.Client\n",
        },
    )
    policy = _policy_json(project)
    (symbol,) = policy["symbols"]
    paths = {path["module"]: path for path in symbol["deprecated_paths"]}
    old = [(item["path"], item["line"], item["form"]) for item in paths["pkg.old"]["importers_left"]]
    assert old == [("pkg/other.py", 3, "attribute"), ("pkg/user.py", 1, "import")]
    assert not paths["pkg.old"]["removable"]
    assert [item["path"] for item in paths["pkg.legacy"]["importers_left"]] == ["pkg/api.py"]
    assert symbol["references"] == [
        {
            "path": "pkg/other.py",
            "line": 3,
            "column": 13,
            "form": "attribute",
            "module": "pkg.old",
            "name": "Client",
            "code": "SOT001",
        }
    ]
    (shim,) = policy["modules"]
    assert [(item["path"], item["line"]) for item in shim["importers_left"]] == [("pkg/user.py", 2)]
    assert not shim["removable"]
    # Removal counts every file: pkg.old's referrers are the importers left and pkg.tests (exempt).
    assert paths["pkg.old"]["referenced_by"]["files"] == 3
    assert paths["pkg.old"]["referenced_by"]["by_form"] == {"import": 3, "attribute": 1}


def test_progress_counts_canonical_imports_against_imports_left(make_project) -> None:
    project = _project(
        make_project,
        {
            "pkg/a.py": "from pkg.api import Client\n",
            "pkg/b.py": "from pkg.api import Client\n",
            "pkg/c.py": "from pkg.api import Client\n",
            "pkg/d.py": "from pkg.impl import Client\n",  # SOT002
        },
    )
    (symbol,) = _policy_json(project)["symbols"]
    # Left: d.py (SOT002) and pkg.legacy.inner (SOT001); the plumbing's imports count for neither.
    assert symbol["progress"] == {
        "canonical_imports": 3,
        "imports_left": 2,
        "canonical_references": 3,
        "references_left": 2,
        "by_form": {"import": {"canonical": 3, "left": 2}},
        "percent": 60.0,
    }
    assert symbol["budget"] == {"used": 4, "allowed": 3}
    statuses = {pattern["pattern"]: pattern["status"] for pattern in symbol["patterns"]}
    assert statuses["from pkg.impl import Client"] == "non-canonical"


def test_definitions_and_duplicates(make_project) -> None:
    project = _project(make_project, {"pkg/copy.py": "class Client: ...\n\n\nclass HttpClient: ...\n"})
    policy = _policy_json(project)
    (symbol,) = policy["symbols"]
    assert [(site["path"], site["is_defined_in"]) for site in symbol["definitions"]] == [
        ("pkg/copy.py", False),
        ("pkg/impl.py", True),
    ]
    (duplicates,) = policy["duplicates"]
    assert [(item["name"], [site["path"] for site in item["sites"]]) for item in duplicates["names"]] == [
        ("Client", ["pkg/copy.py", "pkg/impl.py"])
    ]


def test_compare_with_a_previous_report(make_project, tmp_path: Path) -> None:
    project = _project(
        make_project,
        {
            "pkg/a.py": "from pkg.old import Client\n",
            "pkg/b.py": "from pkg.impl import Client\n",
            "pkg/c.py": "from pkg.api import Client\nimport pkg.shim\n",
            "pkg/e.py": "from pkg import Client\n",
        },
    )
    before = tmp_path / "before.json"
    report("--format", "json", "--today", "2027-01-08", "--output", str(before), cwd=project.root)
    written = json.loads(before.read_text(encoding="utf-8"))
    assert written["generated"] == "2027-01-15T09:30:00Z"  # SOURCE_DATE_EPOCH, as the tests set it
    written["generated"] = "2027-01-08T17:45:00Z"  # as if written a week ago
    before.write_text(json.dumps(written), encoding="utf-8")
    # A week of migration: a.py, b.py and e.py move to the canonical path, c.py drops the shim,
    # and so do the tests.
    project.write(
        {
            "pkg/a.py": "from pkg.api import Client\n",
            "pkg/b.py": "from pkg.api import Client\n",
            "pkg/c.py": "from pkg.api import Client\n",
            "pkg/e.py": "from pkg.api import Client\n",
            "pkg/tests/test_old.py": "from pkg.api import Client\n",
        }
    )
    document = json.loads(
        report("--format", "json", "--today", "2027-01-15", "--compare", str(before), cwd=project.root)
    )
    changes = document["changes"]
    assert changes["previous_today"] == "2027-01-08"
    assert changes["previous_generated"] == "2027-01-08T17:45:00Z"
    (symbol,) = changes["symbols"]
    assert symbol["patterns"] == {"before": 5, "after": 3}
    # Still left: pkg.legacy.inner's `from pkg.legacy import Client` (SOT001).
    assert symbol["progress"] == {"before": 20.0, "after": 83.3}
    assert symbol["imports_left"] == {"before": 4, "after": 1}
    assert symbol["references_left"] == {"before": 4, "after": 1}
    assert symbol["now_removable"] == ["pkg.old"]
    (module,) = changes["modules"]
    assert module == {
        "policy": "migration",
        "name": "pkg.shim",
        "importers": {"before": 1, "after": 0},
        "now_removable": True,
        "no_longer_removable": False,
    }
    assert changes["findings"]["SOT002"] == {"before": 2, "after": 0}
    assert changes["findings"]["SOT001"] == {"before": 2, "after": 1}
    text = report("--today", "2027-01-15", "--compare", str(before), cwd=project.root)
    # Both reports' dates and times: which two reports are compared.
    assert (
        "Since the report judged on 2027-01-08, written 2027-01-08 17:45 UTC "
        "(this one: judged on 2027-01-15, written 2027-01-15 09:30 UTC):\n"
    ) in text
    assert (
        "  `Client`: patterns 5 → 3, canonical 20.0 % → 83.3 %, left to migrate 4 → 1; `pkg.old` now removable\n"
        in text
    )
    assert "  module `pkg.shim`: importers 1 → 0, now removable\n" in text
    markdown = report("--format", "markdown", "--today", "2027-01-15", "--compare", str(before), cwd=project.root)
    assert "- **`Client`**: patterns 5 → 3, canonical 20.0 % → 83.3 %" in markdown
    assert "## Since the report judged on 2027-01-08, written 2027-01-08 17:45 UTC (this one:" in markdown
    html = report("--format", "html", "--today", "2027-01-15", "--compare", str(before), cwd=project.root)
    assert "<h2>Since the report judged on 2027-01-08, written 2027-01-08 17:45 UTC (this one:" in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ('{"findings": []}', "not an `ssot report --format json` document"),
        ('{"kind": "ssot-report", "schema_version": 99}', "schema_version 99"),
        ('{"kind": "ssot-report", "schema_version": 1, "today": "2027-01-01"}', "malformed report: missing key"),
    ],
)
def test_compare_with_something_else_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    previous = tmp_path / "previous.json"
    previous.write_text(content, encoding="utf-8")
    run = ssot_command("report", *EXAMPLE, "--compare", str(previous), cwd=REPO)
    assert run.returncode == 2
    assert message in run.stderr and str(previous) in run.stderr
    assert "Traceback" not in run.stderr


def test_a_broken_policy_is_reported_not_a_traceback(make_project) -> None:
    project = make_project({"pkg/__init__.py": ""}, '[policy]\nname = "p"\nroot_packages = ["nope"]\n')
    run = ssot_command("report", cwd=project.root)
    assert run.returncode == 2
    assert "contracts/ssot.toml:3:" in run.stderr and "root package `nope` not found" in run.stderr


def test_paths_limit_what_is_counted(make_project) -> None:
    project = _project(
        make_project, {"pkg/a/__init__.py": "", "pkg/a/x.py": "from pkg.impl import Client\n", "pkg/b.py": ""}
    )
    document = json.loads(report("pkg/a", "--format", "json", "--no-cache", "--today", "2027-01-15", cwd=project.root))
    (symbol,) = document["policies"][0]["symbols"]
    assert [(pattern["pattern"], pattern["uses"]) for pattern in symbol["patterns"]] == [
        ("from pkg.impl import Client", 1)
    ]
    assert document["totals"]["files_checked"] == 2
