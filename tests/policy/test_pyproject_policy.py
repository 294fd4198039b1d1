"""A policy kept in pyproject.toml (``[tool.ssot.policy]``, ``[[tool.ssot.symbol]]``, …), beside the settings.

The same tables as a policy file, under ``tool.ssot``; every front end reads it, and every
problem is located in pyproject.toml with the whole key.
"""

from __future__ import annotations

import json

from support.deprecated import WARNS
from support.front_ends import flake8_in_process, lint_imports_in_process

FILES = {
    "app/__init__.py": "",
    "app/core.py": "class Manager:\n    pass\n",
    "app/old.py": WARNS + "from app.core import Manager\n",
    "app/use.py": "from app.old import Manager\nimport app.legacy\n",
    "app/legacy.py": "",
}

PYPROJECT = """\
[project]
name = "app"
version = "1"

[tool.ssot]
select = ["SOT"]

[tool.ssot.policy]
name = "App"
root_packages = ["app"]

[[tool.ssot.symbol]]
name = "Manager"
defined_in = "app.core"
deprecated = [{ module = "app.old", until = 2027-03-31 }]

[[tool.ssot.module]]
name = "app.legacy"
status = "forbidden"
"""

EXPECTED = [
    "app/use.py:1:21: SOT001 `Manager` imported from deprecated `app.old` (until 2027-03-31); "
    "import it from `app.core`",
    "app/use.py:2:8: SOT011 import of forbidden module `app.legacy`",
    "Found 1 error and 1 warning in 5 files checked (policy: App).",
]


def test_the_policy_in_pyproject_is_found_and_applied(make_project) -> None:
    project = make_project({**FILES, "pyproject.toml": PYPROJECT}, marker=None)
    result = project.cli()
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == EXPECTED
    assert project.cli("--policy", "pyproject.toml").stdout.splitlines() == EXPECTED
    document = json.loads(project.cli("--format", "json").stdout)
    assert document["policies"] == [{"name": "App", "path": "pyproject.toml"}]


def test_listed_policy_files_come_after_the_one_in_pyproject(make_project) -> None:
    other = '[policy]\nname = "Other"\nroot_packages = ["app"]\n'
    pyproject = PYPROJECT.replace('select = ["SOT"]', 'policies = ["contracts/other.toml"]')
    project = make_project({**FILES, "pyproject.toml": pyproject, "contracts/other.toml": other}, marker=None)
    assert (
        project.cli().stdout.splitlines()[-1] == "Found 1 error and 1 warning in 5 files checked (policy: App, Other)."
    )


def test_problems_are_located_in_pyproject_with_the_whole_key(make_project) -> None:
    broken = PYPROJECT.replace('name = "Manager"', 'nmae = "Manager"').replace(
        'status = "forbidden"', 'status = "gone"'
    )
    broken = broken.replace('select = ["SOT"]', 'select = ["SOT"]\nbaseline = 3\nextend_select = []')
    project = make_project({**FILES, "pyproject.toml": broken}, marker=None)
    result = project.cli()
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "pyproject.toml:7:1: error: tool.ssot.baseline: expected a string, got integer 3",
        "pyproject.toml:8:1: error: tool.ssot.extend_select: unknown key `extend_select`; "
        "did you mean `extend-select`?",
        "ssot: the policy has errors; nothing was checked.",
    ]
    fixed_settings = broken.replace("baseline = 3\nextend_select = []\n", "")
    project.write({"pyproject.toml": fixed_settings})
    result = project.cli()
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "pyproject.toml:12:1: error: tool.ssot.symbol[0]: missing required key `name`",
        "pyproject.toml:13:1: error: tool.ssot.symbol[0].nmae: unknown key `nmae`; did you mean `name`?",
        "pyproject.toml:19:1: error: tool.ssot.module[0].status: `gone` is not a status: "
        'use "deprecated" or "forbidden"',
        "ssot: the policy has errors; nothing was checked.",
    ]


def test_a_policy_table_missing_or_tables_without_it(make_project) -> None:
    project = make_project({**FILES, "pyproject.toml": '[tool.ssot]\nselect = ["SOT"]\n'}, marker=None)
    no_table = project.cli("--policy", "pyproject.toml")
    assert no_table.returncode == 2
    assert no_table.stderr.splitlines()[0] == "pyproject.toml:1:1: error: tool.ssot: missing required key `policy`"
    project.write({"pyproject.toml": "[project]\nname = 'x'\n"})
    assert project.cli("--policy", "pyproject.toml").stderr.splitlines()[0] == (
        "pyproject.toml:1:1: error: no [tool] table to read a policy from"
    )


def test_policy_warnings_and_layout_problems_name_the_pyproject_keys(make_project) -> None:
    pyproject = PYPROJECT.replace('root_packages = ["app"]', 'root_packages = ["app"]\nexclude = ["nothing/**"]')
    project = make_project({**FILES, "pyproject.toml": pyproject}, marker=None)
    assert "pyproject.toml:11:12: warning: tool.ssot.policy.exclude[0]:" in project.cli().stderr
    project.write({"pyproject.toml": '[tool.ssot.policy]\nroot_packages = ["shop"]\n'})
    (project.root / "src").mkdir()
    (project.root / "src" / "shop").mkdir()
    stopped = project.cli()
    assert stopped.returncode == 2
    assert stopped.stderr.splitlines()[0].endswith(
        "root package `shop` not found under `" + project.root.as_posix() + "`; it is in `src/`: "
        'set `source_roots = ["src"]` in [tool.ssot.policy]'
    )
    assert stopped.stderr.splitlines()[0].startswith("pyproject.toml:2:18: error: tool.ssot.policy.root_packages[0]:")


def test_flake8_and_lint_imports_read_it_too(make_project) -> None:
    project = make_project({**FILES, "pyproject.toml": PYPROJECT}, marker=None)
    flake8 = flake8_in_process("--isolated", "--select", "SOT", "app", cwd=project.root, today="2026-06-15")
    assert flake8.stdout.splitlines() == EXPECTED[:2]
    project.write(
        {
            ".importlinter": "[importlinter]\nroot_packages =\n    app\ncontract_types =\n"
            "    ssot: importlinter_ssot.contracts.SsotContract\n\n"
            "[importlinter:contract:ssot]\nname = SSOT\ntype = ssot\npolicy = pyproject.toml\n"
        }
    )
    linted = lint_imports_in_process(cwd=project.root, today="2026-06-15")
    assert linted.returncode == 1
    assert EXPECTED[1] in linted.stdout and EXPECTED[0] in linted.stdout
