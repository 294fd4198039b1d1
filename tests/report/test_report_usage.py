"""`ssot report` tells the truth about what is left: removable means unused, and progress counts every reference.

A deprecated path (a symbol's `deprecated` module or a `[[module]]` target) is removable only
when no file outside it and its own package refers to it in any way the engine sees — any
import of it or of anything in it, attribute uses, patch targets, dynamic imports, strings —
and when it neither is nor holds a canonical or `defined_in` module. Every report here is also
built with the relevance prefilter off (every file parsed): the same document.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.report.json_report import report_document
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.analysis import scheduling
from importlinter_ssot.application.policy.policy_loading import load_projects
from importlinter_ssot.application.report.report import build_report

from support.commands import ssot_command

TODAY = "2026-06-15"

POLICY = """\
[policy]
name = "usage"
root_packages = ["pkg"]

[[symbol]]
name = "Client"
defined_in = "pkg.impl"
canonical = ["pkg.api"]
deprecated = [{ module = "pkg.old" }, { module = "pkg.core" }]

[[symbol]]
name = "Settings"
defined_in = "pkg.core.canon"

[[module]]
name = "pkg.api"
status = "deprecated"
"""

TREE = {
    "pkg/__init__.py": "",
    "pkg/impl.py": "class Client: ...\n",
    "pkg/api.py": "from pkg.impl import Client\n",
    "pkg/old.py": "from pkg.impl import Client\n\n\ndef helper(): ...\n",
    "pkg/core/__init__.py": "from pkg.impl import Client\n",
    "pkg/core/canon.py": "class Settings: ...\n",
}

# Every way of referring to pkg.old that is no import of a governed name: none draws a finding.
REFERRERS = {
    "pkg/a.py": "from pkg.old import helper\n",
    "pkg/b.py": "from . import old\n",  # relative: spells only the last segment
    "pkg/sub/__init__.py": "",
    "pkg/sub/c.py": "from ..old import helper\n",
    "pkg/d.py": 'import importlib\n\nimportlib.import_module("pkg.old")\n',
    "pkg/e.py": 'import sys\n\nsys.modules["pkg.old"] = None\n',
    "pkg/test_f.py": 'from unittest import mock\n\nmock.patch("pkg.old.helper")\n',
    "pkg/g.py": 'import pkg.old as o\n\nx: "o.Client"\n',
    "pkg/h.py": "from . import \uff4f\uff4c\uff44\n",  # Python reads `ｏｌｄ` as `old`
    # As django/db/models/expressions.py does `fields.Field`: an attribute use through a from-imported module.
    "pkg/i.py": "from pkg import old\n\nold.Client\n",
}


def _report(root: Path, *args: str) -> dict:
    run = ssot_command("report", "--format", "json", "--no-cache", "--today", TODAY, *args, cwd=root)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def _same_with_every_file_parsed(root: Path) -> dict:
    """The report document, after checking that parsing every file (no prefilter) gives the same one."""
    file_system = LocalFileSystem()
    projects = load_projects(file_system, [str(root / "contracts" / "ssot.toml")])
    today = datetime.date.fromisoformat(TODAY)

    def document() -> dict:
        return report_document(build_report(file_system, projects, today, runner=SerialRunner()))

    filtered = document()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scheduling, "relevance_needles", lambda policy: None)
        assert document() == filtered, "the prefilter changed the report"
    return filtered


def _paths(document: dict) -> dict[str, dict]:
    (policy,) = document["policies"]
    found = {path["module"]: path for symbol in policy["symbols"] for path in symbol["deprecated_paths"]}
    found.update({rule["name"]: rule for rule in policy["modules"]})
    return found


def test_any_reference_to_anything_in_a_path_keeps_it(make_project) -> None:
    project = make_project({**TREE, **REFERRERS}, POLICY)
    _same_with_every_file_parsed(project.root)
    old = _paths(_report(project.root))["pkg.old"]
    # None of them imports `Client` from pkg.old but g.py and i.py: two importers left, nine files in the way.
    assert [item["path"] for item in old["importers_left"]] == ["pkg/g.py", "pkg/i.py"]
    assert not old["removable"]
    used = old["referenced_by"]
    assert (used["files"], used["references"]) == (9, 11)
    assert used["by_form"] == {"import": 6, "string": 2, "attribute": 1, "dynamic": 1, "patch": 1}
    assert [(item["path"], item["line"], item["form"], item["name"]) for item in used["first"]] == [
        ("pkg/a.py", 1, "import", "helper"),
        ("pkg/b.py", 1, "import", "old"),
        ("pkg/d.py", 3, "dynamic", "pkg.old"),
        ("pkg/e.py", 3, "string", "pkg.old"),
        ("pkg/g.py", 1, "import", "pkg.old"),
    ]
    # A report limited to some files still says what every file does to the path.
    assert _paths(_report(project.root, "pkg/a.py"))["pkg.old"]["referenced_by"]["files"] == 9
    text = ssot_command("report", "--no-cache", "--today", TODAY, cwd=project.root).stdout
    assert (
        "    pkg.old: 2 importers left; not removable: 9 files (11 references: 6 import, 2 string, 1 attribute, "
        "1 dynamic, 1 patch) refer to it\n" in text
    )
    assert "      referred to by pkg/b.py:1:15 (import old)\n" in text
    assert "      referred to by … and 4 more files\n" in text


def test_a_path_that_is_or_holds_a_canonical_module_is_never_removable(make_project) -> None:
    project = make_project(TREE, POLICY)
    document = _same_with_every_file_parsed(project.root)
    paths = _paths(document)
    # Nothing refers to pkg.old or pkg.core from outside them, yet pkg.core holds Settings' defined_in.
    assert paths["pkg.old"]["removable"] and paths["pkg.old"]["referenced_by"]["files"] == 0
    assert not paths["pkg.core"]["removable"] and paths["pkg.core"]["kept_by"] == ["pkg.core.canon"]
    assert paths["pkg.core"]["importers_left"] == [] and paths["pkg.core"]["referenced_by"]["files"] == 0
    # The [[module]] rule deprecates a canonical module: it stays, whoever imports it.
    assert not paths["pkg.api"]["removable"] and paths["pkg.api"]["kept_by"] == ["pkg.api"]
    text = ssot_command("report", "--no-cache", "--today", TODAY, cwd=project.root).stdout
    assert "    pkg.core: 0 importers left; not removable: holds `pkg.core.canon` (canonical or defined_in)\n" in text
    assert "  pkg.api: deprecated, 0 importers left; not removable: a canonical or defined_in module itself\n" in text


def test_compare_says_now_removable_only_of_what_is_unused(make_project, tmp_path: Path) -> None:
    project = make_project(
        {**TREE, "pkg/a.py": "from pkg.core import Client\n", "pkg/b.py": "from pkg.old import helper\n"}, POLICY
    )
    before = tmp_path / "before.json"
    before.write_text(json.dumps(_report(project.root)), encoding="utf-8")
    # a.py moves to the canonical path: pkg.core has no importer left, but holds a defined_in.
    # b.py still uses pkg.old's helper: pkg.old stays until it stops.
    project.write({"pkg/a.py": "from pkg.api import Client\n"})
    (symbol, _) = _report(project.root, "--compare", str(before))["changes"]["symbols"]
    assert symbol["now_removable"] == []
    project.write({"pkg/b.py": "from pkg.api import Client\n"})
    (symbol, _) = _report(project.root, "--compare", str(before))["changes"]["symbols"]
    assert symbol["now_removable"] == ["pkg.old"]
    # A report of schema 1 (imports of governed names only) is still read; it said what it said.
    old = json.loads(before.read_text(encoding="utf-8"))
    old["schema_version"] = 1
    for policy in old["policies"]:
        for item in [*policy["modules"], *(p for s in policy["symbols"] for p in s["deprecated_paths"])]:
            del item["referenced_by"], item["kept_by"]
            item["removable"] = not item["importers_left"]
        for item in policy["symbols"]:
            for key in ("canonical_references", "references_left", "by_form"):
                del item["progress"][key]
    before.write_text(json.dumps(old), encoding="utf-8")
    (symbol, _) = _report(project.root, "--compare", str(before))["changes"]["symbols"]
    assert symbol["now_removable"] == [] and symbol["no_longer_removable"] == []
    assert symbol["references_left"] == {"before": 1, "after": 0}


def test_progress_counts_every_reference_by_form(make_project) -> None:
    project = make_project(
        {
            **TREE,
            "pkg/a.py": "from pkg.api import Client\n",
            "pkg/b.py": "import pkg.api\n\npkg.api.Client\n",
            "pkg/c.py": "from pkg.old import Client\n",
            "pkg/d.py": "import pkg.old\n\npkg.old.Client\n",
            "pkg/test_e.py": 'from unittest import mock\n\nmock.patch("pkg.old.Client")\n',
            "pkg/f.py": 'import importlib\n\nimportlib.import_module("pkg.old").Client\n',
            "pkg/g.py": "from pkg.old import *\n\nClient()\n",
        },
        POLICY,
    )
    document = _same_with_every_file_parsed(project.root)
    (symbol, _) = document["policies"][0]["symbols"]
    # Imports alone would say 1 of 3 (33.3 %); every reference says 2 of 7.
    assert symbol["progress"] == {
        "canonical_imports": 1,
        "imports_left": 1,
        "canonical_references": 2,
        "references_left": 5,
        "by_form": {
            "import": {"canonical": 1, "left": 1},
            "attribute": {"canonical": 1, "left": 1},
            "patch": {"canonical": 0, "left": 1},
            "dynamic": {"canonical": 0, "left": 1},
            "star": {"canonical": 0, "left": 1},
        },
        "percent": 28.6,
    }
    text = ssot_command("report", "--no-cache", "--today", TODAY, cwd=project.root).stdout
    assert (
        "  progress: 28.6 % canonical (2 references canonical: 1 import, 1 attribute; 5 left to migrate: "
        "1 import, 1 attribute, 1 dynamic, 1 patch, 1 star)" in text
    )
    markdown = ssot_command("report", "--format", "markdown", "--no-cache", "--today", TODAY, cwd=project.root)
    assert (
        "| `Client` | 2 | 5 | 1 import, 1 attribute, 1 dynamic, 1 patch, 1 star | 28.6 % | 3 | — |" in markdown.stdout
    )
