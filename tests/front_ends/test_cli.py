"""`ssot check`: exit codes, dates, formats, sorting, policies, discovery, usage errors.

The click command runs in this process (``project.cli``: click's CliRunner, SSOT_TODAY set
or removed explicitly). The installed ``ssot`` console script runs once here as a real
process; ``python -m importlinter_ssot`` runs for real in test_example.py (the golden
output) and reliability/test_reliability_never_executes.py.
"""

from __future__ import annotations

import json
import re

import pytest

from support.deprecated import WARNS
from support.front_ends import console_script, ssot_process

POLICY = """
[policy]
name = "test"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
defined_in = "chat.core.impl"
canonical = ["chat.core.api"]
deprecated = [{ module = "chat.core", until = 2026-03-31 }]

[[module]]
name = "chat.legacy"
status = "deprecated"
replacement = "chat.modern"
"""

TREE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "from chat.core.impl import Manager\n" + WARNS,
    "chat/core/impl.py": "class Manager:\n    pass\n",
    "chat/core/api.py": "from chat.core.impl import Manager\n",
    "chat/legacy.py": WARNS,
    "chat/modern.py": "",
    "chat/app.py": "from chat.core.api import Manager\n",
}

FINDING_LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<column>\d+): (?P<code>SOT\d{3}) (?P<message>\S.*)$")

WARNINGS_ONLY = {"chat/app.py": "from chat.core import Manager\nimport chat.legacy\n"}
WITH_ERROR = {"chat/app.py": "from chat.core.impl import Manager\nimport chat.legacy\n"}


@pytest.fixture
def project(make_project):
    def make(files: dict[str, str] | None = None, policy: str = POLICY, **kwargs):
        return make_project({**TREE, **(files or {})}, policy, **kwargs)

    return make


def finding_rows(stdout: str) -> list[tuple[str, int, int, str]]:
    rows = []
    for line in stdout.splitlines():
        match = FINDING_LINE.match(line)
        if match:
            rows.append((match["path"], int(match["line"]), int(match["column"]), match["code"]))
    return rows


def summary(stdout: str) -> str:
    lines = stdout.splitlines()
    assert lines and not FINDING_LINE.match(lines[-1]), stdout
    return lines[-1]


def test_clean_project_exits_0_with_a_summary(project):
    p = project()
    result = p.cli("--today", "2026-01-01")
    assert result.returncode == 0, result.stderr
    assert finding_rows(result.stdout) == []
    assert re.search(r"\b7 files\b", summary(result.stdout))
    assert result.stdout.splitlines() == [summary(result.stdout)]


def test_warnings_only_exit_0_and_strict_makes_them_fail(project):
    p = project(WARNINGS_ONLY)
    result = p.cli("--today", "2026-01-01")
    assert result.returncode == 0, result.stderr
    assert finding_rows(result.stdout) == [("chat/app.py", 1, 23, "SOT001"), ("chat/app.py", 2, 8, "SOT010")]
    line = summary(result.stdout)
    assert re.search(r"\b0 errors\b", line) and re.search(r"\b2 warnings\b", line) and re.search(r"\b7 files\b", line)
    strict = p.cli("--today", "2026-01-01", "--strict")
    assert strict.returncode == 1
    assert finding_rows(strict.stdout) == finding_rows(result.stdout)


def test_strict_without_findings_exits_0(project):
    assert project().cli("--strict").returncode == 0


def test_errors_exit_1(project):
    p = project(WITH_ERROR)
    result = p.cli()
    assert result.returncode == 1
    assert finding_rows(result.stdout) == [("chat/app.py", 1, 28, "SOT002"), ("chat/app.py", 2, 8, "SOT010")]
    line = summary(result.stdout)
    assert re.search(r"\b1 error\b", line) and re.search(r"\b1 warning\b", line) and re.search(r"\b7 files\b", line)


def test_finding_line_format(project):
    p = project(WITH_ERROR)
    lines = p.cli().stdout.splitlines()
    assert FINDING_LINE.match(lines[0])
    assert lines[0].startswith("chat/app.py:1:28: SOT002 ")
    assert "`Manager`" in lines[0] and "`chat.core.impl`" in lines[0] and "`chat.core.api`" in lines[0]


@pytest.mark.parametrize(
    ("today", "code", "returncode"),
    [("2026-03-31", "SOT001", 0), ("2026-04-01", "SOT003", 1)],
)
def test_today_option_and_environment(project, today, code, returncode):
    p = project({"chat/app.py": "from chat.core import Manager\n"})
    by_option = p.cli("--today", today, today=None)
    by_environment = p.cli(today=today)
    for result in (by_option, by_environment):
        assert result.returncode == returncode, result.stderr
        assert finding_rows(result.stdout) == [("chat/app.py", 1, 23, code)]


def test_today_option_wins_over_the_environment(project):
    p = project({"chat/app.py": "from chat.core import Manager\n"})
    result = p.cli("--today", "2026-03-31", today="2026-04-01")
    assert finding_rows(result.stdout) == [("chat/app.py", 1, 23, "SOT001")]


@pytest.mark.parametrize("value", ["2026-02-30", "tomorrow", "31/03/2026"])
def test_bad_today_is_a_usage_error(project, value):
    p = project()
    for result in (p.cli("--today", value, today=None), p.cli(today=value)):
        assert result.returncode == 2
        assert result.stdout == ""
        assert "Traceback" not in result.stderr


def test_json_format(project):
    p = project({"chat/app.py": "from chat.core import Manager\nimport chat.legacy\nfrom chat.other import Manager\n"})
    result = p.cli("--format", "json", "--today", "2026-01-01")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    findings = document["findings"]
    assert [(f["path"], f["line"], f["column"], f["code"]) for f in findings] == [
        ("chat/app.py", 1, 23, "SOT001"),
        ("chat/app.py", 2, 8, "SOT010"),
        ("chat/app.py", 3, 24, "SOT002"),
    ]
    for finding in findings:
        assert {"code", "severity", "path", "line", "column", "message", "symbol", "replacement"} <= set(finding)
    assert findings[0]["severity"] == "warning"
    assert findings[0]["symbol"] == "Manager"
    assert findings[0]["replacement"] == "chat.core.api"
    assert "`chat.core.api`" in findings[0]["message"]
    assert findings[1]["severity"] == "warning"
    assert findings[1]["symbol"] is None
    assert findings[1]["replacement"] == "chat.modern"
    assert findings[2]["severity"] == "error"
    assert document["summary"]["errors"] == 1
    assert document["summary"]["warnings"] == 2
    assert document["summary"]["files_checked"] == 7


def test_json_format_without_findings(project):
    result = project().cli("--format", "json")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["findings"] == []
    assert document["summary"]["errors"] == 0 and document["summary"]["warnings"] == 0


def test_output_is_sorted_by_path_and_line(project):
    p = project(
        {
            "chat/zeta.py": "from chat.other import Manager\n",
            "chat/b.py": "# b\n\nfrom chat.other import Manager\nimport chat.legacy\n\n\nclass Manager:\n    pass\n",
            "chat/a.py": "import chat.legacy\n",
            "chat/a/x.py": "import chat.legacy\n",
            "chat/app.py": "from chat.other import Manager\n",
        }
    )
    result = p.cli()
    rows = finding_rows(result.stdout)
    assert rows == [
        ("chat/a.py", 1, 8, "SOT010"),
        ("chat/a/x.py", 1, 8, "SOT010"),
        ("chat/app.py", 1, 24, "SOT002"),
        ("chat/b.py", 3, 24, "SOT002"),
        ("chat/b.py", 4, 8, "SOT010"),
        ("chat/b.py", 7, 1, "SOT020"),
        ("chat/zeta.py", 1, 24, "SOT002"),
    ]
    assert len(result.stdout.splitlines()) == len(rows) + 1


def test_several_policies_with_identical_findings_report_them_once(project):
    p = project(WITH_ERROR, policy=None, policies={"contracts/a.toml": POLICY, "contracts/b.toml": POLICY})
    one = p.cli("--policy", "contracts/a.toml")
    both = p.cli("--policy", "contracts/a.toml", "--policy", "contracts/b.toml")
    assert both.returncode == 1
    assert (
        finding_rows(both.stdout)
        == finding_rows(one.stdout)
        == [
            ("chat/app.py", 1, 28, "SOT002"),
            ("chat/app.py", 2, 8, "SOT010"),
        ]
    )
    assert re.search(r"\b1 error\b", summary(both.stdout))


def test_several_policies_each_with_its_own_rules(project):
    other = """
        [policy]
        name = "other"
        root_packages = ["chat"]

        [[module]]
        name = "chat.modern"
        status = "forbidden"
    """
    p = project(
        {"chat/x.py": "import chat.modern\n", **WITH_ERROR},
        policy=None,
        policies={"contracts/a.toml": POLICY, "contracts/b.toml": other},
    )
    result = p.cli("--policy", "contracts/a.toml", "--policy", "contracts/b.toml")
    assert finding_rows(result.stdout) == [
        ("chat/app.py", 1, 28, "SOT002"),
        ("chat/app.py", 2, 8, "SOT010"),
        ("chat/x.py", 1, 8, "SOT011"),
    ]


# -- discovery ---------------------------------------------------------------------------------

FORBID_MODERN = """
[policy]
name = "configured"
root_packages = ["chat"]

[[module]]
name = "chat.modern"
status = "forbidden"
"""


def test_discovery_prefers_tool_ssot_in_pyproject(project):
    p = project(
        {
            "chat/x.py": "import chat.modern\n",
            "pyproject.toml": '[tool.ssot]\npolicies = ["config/ssot.toml"]\n',
            "config/ssot.toml": FORBID_MODERN,
            **WITH_ERROR,
        },
        marker=None,
    )
    result = p.cli()
    # only config/ssot.toml applies: not the SOT002/SOT010 of contracts/ssot.toml
    assert finding_rows(result.stdout) == [("chat/x.py", 1, 8, "SOT011")]
    assert result.returncode == 1


def test_discovery_falls_back_to_contracts(project):
    p = project(
        {"chat/x.py": "import chat.modern\n", "contracts/b.toml": FORBID_MODERN, **WITH_ERROR},
        marker="pyproject.toml",  # an empty pyproject.toml: no [tool.ssot]
    )
    result = p.cli()
    assert finding_rows(result.stdout) == [
        ("chat/app.py", 1, 28, "SOT002"),
        ("chat/app.py", 2, 8, "SOT010"),
        ("chat/x.py", 1, 8, "SOT011"),
    ]


def test_discovery_from_a_subdirectory(project):
    p = project(WITH_ERROR)
    result = p.cli(cwd=p.root / "chat" / "core")
    assert result.returncode == 1, result.stderr
    assert finding_rows(result.stdout) == [("../app.py", 1, 28, "SOT002"), ("../app.py", 2, 8, "SOT010")]


def test_no_policy_found_is_a_usage_error(make_project):
    p = make_project(TREE)
    result = p.cli()
    assert result.returncode == 2
    assert result.stdout == ""
    assert "policy" in result.stderr


def test_nonexistent_path_is_a_usage_error(project):
    result = project().cli("chat/nope.py")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--no-such-option"], ["--format", "xml"]])
def test_bad_arguments_are_usage_errors(project, args):
    result = project().cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


# -- the real console script ---------------------------------------------------------------------


def test_console_script(project):
    p = project(WITH_ERROR)
    result = ssot_process("--today", "2026-01-01", cwd=p.root, today=None, command=[console_script("ssot")])
    assert result.returncode == 1
    assert finding_rows(result.stdout) == [("chat/app.py", 1, 28, "SOT002"), ("chat/app.py", 2, 8, "SOT010")]
