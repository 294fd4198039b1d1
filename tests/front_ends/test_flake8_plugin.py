"""The flake8 plugin (code prefix SOT), run as users run it: through flake8's command line.

flake8 runs in this process (``flake8.main.cli.main``, as a fresh flake8 process would: the
plugin's per-process state is reset before each run and around each test), parallel
``--jobs`` included (flake8 forks its workers from this process). The comparison with
``ssot check`` on the example runs the real ``flake8`` command, and so do
reliability/test_reliability_never_executes.py and front_ends/test_pylsp.py.

The plugin is found through its ``flake8.extension`` entry point, so the package must be
installed (``pip install -e '.[test]'``, as the README and .ci/run do).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from importlinter_ssot import composition, flake8_plugin
from importlinter_ssot.application.settings import RawSettings
from importlinter_ssot.domain.rule_definition import Scope
from importlinter_ssot.domain.rules.registry import rules_of_scope
from importlinter_ssot.domain.rules.unreadable import UNREADABLE_FILE
from importlinter_ssot.domain.rules.unusable_policy import UNUSABLE_POLICY

from support.front_ends import Run, flake8_in_process, flake8_process, ssot_in_process

pytestmark = pytest.mark.usefixtures("fresh_flake8_plugin")

PER_FILE_CODES = frozenset(rule.code for rule in rules_of_scope(Scope.FILE))
REPORTED_CODES = frozenset(rule.code for rule in flake8_plugin.reported_rules())
# Reported codes no example tree can show next to `ssot check`'s output, and why:
NOT_IN_THE_EXAMPLES = {
    UNUSABLE_POLICY.code: "the plugin's own, for a policy that cannot be used: `ssot check` has no counterpart "
    "(test_a_broken_policy_* below)",
}
REPO = Path(__file__).resolve().parents[2]
TODAY = "2027-01-15"  # the example's golden date
PROJECT_TODAY = "2026-06-15"  # SSOT_TODAY for the small project below, unless a test says otherwise

# flake8's default format and `ssot check`'s text format are the same: path:line:col: CODE message
FINDING_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z]+\d+) (?P<message>.*)$")

# A small project, written from scratch for these tests.
POLICY = """
[policy]
name = "Managers"
root_packages = ["app"]
exclude = ["**/vendored/**"]

[[symbol]]
name = "Manager"
defined_in = "app.core.impl"
canonical = ["app.core"]
deprecated = [{ module = "app.old", until = 2027-03-31, message = "shim" }]

[[module]]
name = "app.legacy"
status = "forbidden"
replacement = "app.core"
"""

PROJECT = {
    "app/__init__.py": "",
    "app/core/__init__.py": "from app.core.impl import Manager\n\n__all__ = ['Manager']\n",
    "app/core/impl.py": "class Manager:\n    pass\n",
    "app/old.py": "from app.core import Manager\n\n__all__ = ['Manager']\n",
    "app/legacy.py": "VALUE = 1\n",
    "app/feature/use.py": "from app.old import Manager\n\nprint(Manager)\n",  # no __init__.py here
    "app/feature/vendored/copy.py": "from app.old import Manager\n\nprint(Manager)\n",
    "app/ok.py": "from app.core import Manager\n\nprint(Manager)\n",
}

SOT001_USE = (
    "app/feature/use.py:1:21: SOT001 `Manager` imported from deprecated `app.old` (until 2027-03-31): shim; "
    "import it from `app.core`"
)


@pytest.fixture
def project(make_project):
    return make_project(PROJECT, POLICY)


def flake8(*args: str, cwd: Path, stdin: str | None = None, today: str | None = PROJECT_TODAY) -> Run:
    """``flake8 ARGS`` from ``cwd``, in this process; ``today`` is SSOT_TODAY."""
    return flake8_in_process(*args, cwd=cwd, today=today, stdin=stdin)


def sot_lines(output: str) -> list[str]:
    return [
        line for line in output.splitlines() if (match := FINDING_LINE.match(line)) and match["code"].startswith("SOT")
    ]


# -- the same findings as `ssot check` --------------------------------------------------------


def test_flake8_reports_exactly_the_per_file_findings_of_ssot_check_on_the_example() -> None:
    check = ssot_in_process("--policy", "contracts/example.toml", cwd=REPO, today=TODAY)
    assert check.returncode == 1, check.stderr
    expected = [
        line
        for line in check.stdout.splitlines()
        if (match := FINDING_LINE.match(line)) and match["code"] in REPORTED_CODES
    ]
    # The real flake8 command, as users and editors run it.
    result = flake8_process(
        "--isolated",
        "--select",
        "SOT,E999",
        "--ssot-policy",
        "contracts/example.toml",
        "examples",
        cwd=REPO,
        today=TODAY,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert sorted(sot_lines(result.stdout)) == sorted(expected)
    # Every code the plugin reports is compared, here or on the docs' example below.
    assert {FINDING_LINE.match(line)["code"] for line in expected} <= REPORTED_CODES
    # A file Python cannot parse: `ssot check` says SOT900, flake8 itself E999 at the same line.
    unreadable = [FINDING_LINE.match(line) for line in check.stdout.splitlines() if f" {UNREADABLE_FILE.code} " in line]
    syntax = [FINDING_LINE.match(line) for line in result.stdout.splitlines() if " E999 " in line]
    assert [(m["path"], m["line"]) for m in syntax] == [(m["path"], m["line"]) for m in unreadable]


def per_file_lines_on_both(root: Path, policy: str, today: str, paths: str) -> tuple[list[str], list[str]]:
    """``ssot check``'s lines of the codes the plugin reports, and flake8's SOT lines, on the same files."""
    check = ssot_in_process("--policy", policy, "--no-cache", paths, cwd=root, today=today)
    expected = [
        line
        for line in check.stdout.splitlines()
        if (match := FINDING_LINE.match(line)) and match["code"] in REPORTED_CODES
    ]
    result = flake8("--isolated", "--select", "SOT", "--ssot-policy", policy, paths, cwd=root, today=today)
    assert result.stderr == ""
    return sorted(expected), sorted(sot_lines(result.stdout))


def test_flake8_agrees_with_ssot_check_on_every_per_file_rule_of_the_examples() -> None:
    """Every code the plugin reports is compared with `ssot check` on a tree that shows it.

    The bundled example shows most; the docs' example project shows every rule (each rule's
    documented example is there, and test_rule_docs proves it reports the rule), so a rule
    added with its docs example is compared too. Derived from the registry: a rule neither
    example shows fails here unless NOT_IN_THE_EXAMPLES says why.
    """
    shown: set[str] = set()
    for root, policy, today in [
        (REPO, "contracts/example.toml", TODAY),
        (REPO / "docs" / "examples" / "project", "contracts/ssot.toml", "2026-06-01"),
    ]:
        expected, found = per_file_lines_on_both(root, policy, today, "chat" if root != REPO else "examples")
        assert found == expected, root
        shown |= {FINDING_LINE.match(line)["code"] for line in expected}
    assert shown == REPORTED_CODES - set(NOT_IN_THE_EXAMPLES)


def test_parallel_jobs_give_the_same_output() -> None:
    args = ("--isolated", "--select", "SOT", "--ssot-policy", "contracts/example.toml", "examples")
    serial = flake8(*args, "--jobs", "1", cwd=REPO, today=TODAY)
    parallel = flake8(*args, "--jobs", "3", cwd=REPO, today=TODAY)
    assert serial.stdout and sorted(serial.stdout.splitlines()) == sorted(parallel.stdout.splitlines())


def test_columns_count_characters_like_ssot_check(project) -> None:
    project.write({"app/accents.py": "é = 'ü'; from app.old import Manager\n"})
    check = project.cli("app/accents.py", today=PROJECT_TODAY)
    result = flake8(
        "--isolated", "--select", "SOT", "--ssot-policy", "contracts/ssot.toml", "app/accents.py", cwd=project.root
    )
    assert sot_lines(result.stdout) == sot_lines(check.stdout)
    assert sot_lines(result.stdout)[0].startswith("app/accents.py:1:30: SOT001")


# -- configuration: files, command line, where flake8 runs -------------------------------------


@pytest.mark.parametrize(
    "config_file, section",
    [("setup.cfg", "flake8"), ("tox.ini", "flake8"), (".flake8", "flake8")],
)
def test_policy_from_a_flake8_config_file_also_from_a_subdirectory_on_one_file(
    project, config_file: str, section: str
) -> None:
    project.write({config_file: f"[{section}]\nselect = SOT\nssot-policy = contracts/ssot.toml\n"})
    from_root = flake8("app", cwd=project.root)
    assert sot_lines(from_root.stdout) == [SOT001_USE]
    # From a subdirectory on a single file, as editors do: flake8 finds the config upwards,
    # the policy path is relative to the config file, the module name comes from the path.
    from_subdirectory = flake8("use.py", cwd=project.root / "app" / "feature")
    assert sot_lines(from_subdirectory.stdout) == [SOT001_USE.replace("app/feature/use.py", "use.py")]


def test_without_any_setting_the_policy_is_discovered_like_ssot_check_does(project) -> None:
    result = flake8("--isolated", "--select", "SOT", "use.py", cwd=project.root / "app" / "feature")
    assert sot_lines(result.stdout) == [SOT001_USE.replace("app/feature/use.py", "use.py")]
    project.write({"pyproject.toml": '[tool.ssot]\npolicies = ["elsewhere/p.toml"]\n', "elsewhere/p.toml": POLICY})
    (project.root / "contracts" / "ssot.toml").write_text("this is not TOML", encoding="utf-8")
    result = flake8("--isolated", "--select", "SOT", "app", cwd=project.root)
    assert sot_lines(result.stdout) == [SOT001_USE]


def test_a_project_without_a_policy_is_left_alone(make_project) -> None:
    unrelated = make_project({"setup.cfg": "[flake8]\n", "pkg/__init__.py": "import os\n"}, marker=None)
    result = flake8("pkg", cwd=unrelated.root)
    assert result.stderr == ""
    assert result.stdout == "pkg/__init__.py:1:1: F401 'os' imported but unused\n"


def test_several_policies_comma_separated_repeated_and_the_command_line_wins(project) -> None:
    other = POLICY.replace('name = "Managers"', 'name = "Other"').replace("app.legacy", "app.ok")
    project.write({"contracts/other.toml": other})
    forbidden_ok = "app/feature/use2.py:1:8: SOT011"
    project.write({"app/feature/use2.py": "import app.ok\n"})
    project.write({"setup.cfg": "[flake8]\nselect = SOT\nssot-policy = contracts/ssot.toml\n"})
    only_config = sot_lines(flake8("app/feature", cwd=project.root).stdout)
    assert only_config == [SOT001_USE]

    for args in (
        ["--ssot-policy", "contracts/ssot.toml,contracts/other.toml"],
        ["--ssot-policy", "contracts/ssot.toml", "--ssot-policy", "contracts/other.toml"],
    ):
        found = sot_lines(flake8(*args, "app/feature", cwd=project.root).stdout)
        # Both policies report the SOT001 identically: it is reported once.
        assert found[0] == SOT001_USE and found[1].startswith(forbidden_ok) and len(found) == 2, found
    # The command line replaces the config file's list.
    assert [
        line[:31]
        for line in sot_lines(flake8("--ssot-policy", "contracts/other.toml", "app/feature", cwd=project.root).stdout)
    ] == [SOT001_USE[:31], forbidden_ok]
    multi_line = "[flake8]\nselect = SOT\nssot-policy =\n    contracts/ssot.toml\n    contracts/other.toml\n"
    project.write({"setup.cfg": multi_line})
    assert len(sot_lines(flake8("app/feature", cwd=project.root).stdout)) == 2


def test_stdin_with_a_display_name_as_editors_run_it(project) -> None:
    # pylsp: cwd = workspace root, the buffer on stdin, the path relative to the root.
    unsaved = "import os\nfrom app.old import Manager\n"
    args = ("--isolated", "--select", "SOT", "--ssot-policy", str(project.root / "contracts" / "ssot.toml"))
    result = flake8(*args, "--stdin-display-name", "app/feature/use.py", "-", cwd=project.root, stdin=unsaved)
    assert sot_lines(result.stdout) == [SOT001_USE.replace(":1:21:", ":2:21:")]
    # A workspace opened on a subdirectory of the project, and a file not saved yet.
    result = flake8(*args, "--stdin-display-name", "feature/new.py", "-", cwd=project.root / "app", stdin=unsaved)
    assert sot_lines(result.stdout) == [SOT001_USE.replace("app/feature/use.py:1:21:", "feature/new.py:2:21:")]
    # The VS Code extension passes the absolute path.
    absolute = str(project.root / "app" / "feature" / "use.py")
    result = flake8(*args, "--stdin-display-name", absolute, "-", cwd=project.root, stdin=unsaved)
    assert sot_lines(result.stdout) == [SOT001_USE.replace("app/feature/use.py:1:21:", f"{absolute}:2:21:")]
    # Without a name there is no module: nothing to say.
    assert sot_lines(flake8(*args, "-", cwd=project.root, stdin=unsaved).stdout) == []


def test_files_outside_the_root_packages_or_excluded_get_nothing(project) -> None:
    project.write({"scripts/tool.py": "from app.old import Manager\n\nprint(Manager)\n"})
    result = flake8("--isolated", "--select", "SOT", "--ssot-policy", "contracts/ssot.toml", ".", cwd=project.root)
    assert sot_lines(result.stdout) == [SOT001_USE.replace("app/", "./app/", 1)]


def test_src_layout_module_names(make_project) -> None:
    src_layout = make_project(
        {f"src/{path}": text for path, text in PROJECT.items()},
        POLICY.replace('root_packages = ["app"]', 'root_packages = ["app"]\nsource_roots = ["src"]'),
        marker="pyproject.toml",
    )
    result = flake8("--isolated", "--select", "SOT", "use.py", cwd=src_layout.root / "src" / "app" / "feature")
    assert sot_lines(result.stdout) == [SOT001_USE.replace("app/feature/use.py", "use.py")]


# -- today -----------------------------------------------------------------------------------


def test_today_from_the_option_the_environment_or_the_config(project) -> None:
    args = ("--isolated", "--select", "SOT", "--ssot-policy", "contracts/ssot.toml", "app/feature/use.py")
    assert " SOT001 " in flake8(*args, cwd=project.root, today="2027-03-31").stdout
    assert " SOT003 " in flake8(*args, cwd=project.root, today="2027-04-01").stdout
    assert " SOT003 " in flake8(*args, "--ssot-today", "2027-04-01", cwd=project.root).stdout
    project.write({"setup.cfg": "[flake8]\nssot-today = 2027-04-01\n"})
    assert (
        " SOT003 " in flake8("--select", "SOT", "--ssot-policy", "contracts/ssot.toml", "app", cwd=project.root).stdout
    )


# -- noqa ------------------------------------------------------------------------------------


def test_noqa_comments_work_as_for_any_flake8_code(project) -> None:
    project.write(
        {
            "app/feature/use.py": """\
                from app.old import Manager  # noqa: SOT001
                from app.old import Manager  # noqa: E501
                from app.old import Manager  # noqa
                from app.old import Manager  # noqa: SOT
                from app.old import (
                    Manager,  # noqa: SOT001
                )
                from app.old import (
                    Manager,
                )
                import app.legacy  # noqa: SOT001
                import app.legacy  # noqa:SOT011
                print(Manager)
            """
        },
    )
    result = flake8(
        "--isolated", "--select", "SOT", "--ssot-policy", "contracts/ssot.toml", "app/feature/use.py", cwd=project.root
    )
    assert [line.split(": ")[0] + ": " + line.split(": ")[1][:6] for line in sot_lines(result.stdout)] == [
        "app/feature/use.py:2:21: SOT001",
        "app/feature/use.py:9:5: SOT001",  # noqa goes on the reported line
        "app/feature/use.py:11:8: SOT011",
    ]


# -- broken policies: SOT901 on every checked file, never a silent or stopped flake8 ---------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_broken_policy_is_sot901_at_the_top_of_every_checked_file(project, jobs: str) -> None:
    (project.root / "contracts" / "ssot.toml").write_text(
        POLICY.replace('name = "Manager"', 'nmae = "Manager"'), encoding="utf-8"
    )
    for index in range(30):
        project.write({f"app/many/m{index}.py": "from app.old import Manager\n"})
    result = flake8("--isolated", "--jobs", jobs, "--ssot-policy", "contracts/ssot.toml", "app", cwd=project.root)
    assert result.returncode == 1  # flake8's own status for a run with violations
    lines = sot_lines(result.stdout)
    checked = sorted(str(path.relative_to(project.root)) for path in (project.root / "app").rglob("*.py"))
    assert sorted(line.split(":")[0] for line in lines) == checked  # one per file, nothing else
    assert lines[0].split(":", 3)[1:3] == ["1", "1"]
    assert lines[0].split(": ", 1)[1] == (
        "SOT901 policy has errors: contracts/ssot.toml, line 7, column 1: symbol[0]: missing required key `name` "
        "(and 1 more); "
        "nothing checked"
    )
    # Every problem once on stderr, for terminals and editor logs; never a traceback.
    assert "Traceback" not in result.stderr
    assert "contracts/ssot.toml:8:1: symbol[0].nmae: unknown key `nmae`; did you mean `name`?" in result.stderr
    assert result.stderr.endswith(
        "flake8 (importlinter-ssot): the SSOT policy has errors; nothing was checked (SOT901 on each file).\n"
    )


def test_a_missing_policy_file_a_broken_pyproject_or_a_bad_date_is_sot901_too(project) -> None:
    missing = flake8("--isolated", "--ssot-policy", "contracts/nope.toml", "app/ok.py", cwd=project.root)
    assert missing.stdout == (
        "app/ok.py:1:1: SOT901 policy has errors: contracts/nope.toml, line 1, column 1: cannot read policy file: "
        "No such file or directory; nothing checked\n"
    )
    bad_date = flake8(
        "--isolated",
        "--ssot-policy",
        "contracts/ssot.toml",
        "--ssot-today",
        "2027-02-30",
        "app/ok.py",
        cwd=project.root,
    )
    assert bad_date.stdout == (
        "app/ok.py:1:1: SOT901 --ssot-today: `2027-02-30` is not a date (YYYY-MM-DD); nothing checked\n"
    )
    project.write({"pyproject.toml": "[tool.ssot]\npolicy = 1\n"})
    bad_config = flake8("--isolated", "app/ok.py", cwd=project.root)
    assert bad_config.stdout == (
        "app/ok.py:1:1: SOT901 policy has errors: pyproject.toml, line 2, column 1: tool.ssot.policy: "
        "expected a table, got integer 1 (and 1 more); nothing checked\n"
    )
    for result in (missing, bad_date, bad_config):
        assert result.returncode == 1 and "Traceback" not in result.stderr


def test_sot901_can_be_ignored_like_any_flake8_code(project) -> None:
    result = flake8(
        "--isolated", "--extend-ignore", "SOT901", "--ssot-policy", "contracts/nope.toml", "app/ok.py", cwd=project.root
    )
    assert result.returncode == 0 and result.stdout == ""


# -- once per process ------------------------------------------------------------------------


def test_the_policy_is_loaded_once_per_run_even_with_forked_jobs(
    project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(40):
        project.write({f"app/many/m{index}.py": "from app.old import Manager\n"})
    log = tmp_path / "scans.log"
    real = composition.load_projects

    def counting(*args, **kwargs):
        with open(log, "a") as scans:  # a file, so that a load in a forked worker is counted too
            scans.write("scan\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(composition, "load_projects", counting)
    result = flake8(
        "--isolated", "--select", "SOT", "--jobs", "4", "--ssot-policy", "contracts/ssot.toml", "app", cwd=project.root
    )
    assert len(sot_lines(result.stdout)) == 41, result.stderr
    if sys.platform.startswith("linux"):  # fork: the workers inherit the loaded policy
        assert log.read_text() == "scan\n"


def test_the_cache_reloads_only_when_a_policy_changes(project, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = composition.load_projects
    monkeypatch.setattr(composition, "load_projects", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    policy = str(project.root / "contracts" / "ssot.toml")
    session, cache = composition.Session(RawSettings()), composition.ProjectsCache()
    first = cache.projects(session, [policy], scan=False)
    assert cache.projects(session, [policy], scan=False) is first and len(calls) == 1
    stat = os.stat(policy)
    os.utime(policy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert cache.projects(session, [policy], scan=False) is not first and len(calls) == 2
