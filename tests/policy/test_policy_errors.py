"""Bad policy input: located errors (file:line:col and key), exit 2, nothing half-applied; warnings.

Each broken policy goes through ``ssot check`` (in process: exit status, stdout, the located
lines on stderr) and, where the problem's fields matter, through the engine's
``load_projects`` (the PolicyError's problems).
"""

from __future__ import annotations

import json

import pytest

from importlinter_ssot.domain.problems import PolicyError

PATH = "contracts/ssot.toml"

# A valid policy; tests replace or delete numbered lines (1-based) to break it.
BASE_LINES = [
    "[policy]",  # 1
    'name = "test"',  # 2
    'root_packages = ["chat"]',  # 3
    'exclude = ["**/backups/**"]',  # 4
    "",  # 5
    "[[symbol]]",  # 6
    'name = "Manager"',  # 7
    'defined_in = "chat.core.impl"',  # 8
    'canonical = ["chat.core.api"]',  # 9
    'deprecated = [{ module = "chat.core", until = 2027-03-31 }]',  # 10
    'allow_importers = ["chat.tools.**"]',  # 11
    "max_import_patterns = 4",  # 12
    "",  # 13
    "[[module]]",  # 14
    'name = "chat.legacy"',  # 15
    'status = "deprecated"',  # 16
    "until = 2027-01-31",  # 17
    'allow_importers = ["chat.legacy_tools.*"]',  # 18
    "",  # 19
    "[[duplicates]]",  # 20
    'pattern = "*Manager*"',  # 21
    'within = ["chat.**"]',  # 22
]

TREE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "",
    "chat/core/impl.py": "class Manager:\n    pass\n",
    "chat/core/api.py": "from chat.core.impl import Manager\n",
    "chat/tools/__init__.py": "",
    "chat/tools/cli.py": "",
    "chat/legacy/__init__.py": "",
    "chat/legacy_tools/__init__.py": "",
    "chat/legacy_tools/run.py": "",
    "chat/backups/old.py": "",  # excluded (the policy's exclude glob matches something)
    # a finding, so that "nothing reported" means something
    "chat/app.py": "from chat.core.impl import Manager\n",
}


def policy_text(replace: dict[int, str | None] | None = None) -> str:
    lines = list(BASE_LINES)
    for number, text in sorted((replace or {}).items(), reverse=True):
        if text is None:
            del lines[number - 1]
        else:
            lines[number - 1] = text
    return "\n".join(lines) + "\n"


def cli_errors(project, *args: str) -> list[str]:
    """Run the command; it must fail with 2 and report nothing. Returns the stderr lines."""
    result = project.cli(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "SOT0" not in result.stderr
    return result.stderr.splitlines()


def assert_reported(lines: list[str], line: int, column: int | None, *fragments: str, path: str = PATH) -> None:
    prefix = f"{path}:{line}:{column}:" if column is not None else f"{path}:{line}:"
    candidates = [text for text in lines if text.startswith(prefix)]
    assert any(all(fragment in text for fragment in fragments) for text in candidates), (prefix, fragments, lines)


def problems(project) -> list:
    with pytest.raises(PolicyError) as info:
        project.result()
    return info.value.problems


def test_base_policy_is_valid(make_project):
    p = make_project(TREE, policy_text())
    result = p.cli()
    assert result.returncode == 1, result.stderr
    assert "chat/app.py:1:28: SOT002 " in result.stdout


def test_unknown_key_with_did_you_mean(make_project):
    p = make_project(TREE, policy_text({9: 'canonicals = ["chat.core.api"]'}))
    lines = cli_errors(p)
    assert_reported(lines, 9, 1, "canonicals", "did you mean", "`canonical`")
    (problem,) = problems(p)
    assert (problem.line, problem.column) == (9, 1)
    assert "canonicals" in problem.key


def test_unknown_key_in_policy_table(make_project):
    p = make_project(TREE, policy_text({4: 'excludes = ["**/backups/**"]'}))
    assert_reported(cli_errors(p), 4, 1, "excludes", "did you mean", "`exclude`")


def test_unknown_key_in_an_inline_deprecated_entry(make_project):
    p = make_project(TREE, policy_text({10: 'deprecated = [{ module = "chat.core", untl = 2027-03-31 }]'}))
    assert_reported(cli_errors(p), 10, 39, "untl", "did you mean", "`until`")


def test_unknown_key_in_module_table(make_project):
    p = make_project(TREE, policy_text({18: 'replacment = "chat.core.api"'}))
    assert_reported(cli_errors(p), 18, 1, "replacment", "did you mean", "`replacement`")


def test_unknown_top_level_array_of_tables_is_located_at_its_header(make_project):
    """Spec: "a clear error naming the file, line and key" — the line of `[[symbols]]`."""
    p = make_project(TREE, policy_text() + '\n[[symbols]]\nname = "Other"\n')
    lines = cli_errors(p)
    assert_reported(lines, 24, 1, "symbols", "did you mean", "`symbol`")


@pytest.mark.parametrize(
    ("line", "text", "key", "expected"),
    [
        (3, 'root_packages = "chat"', "root_packages", "array"),
        (4, 'exclude = "**/backups/**"', "exclude", "array"),
        (7, "name = 3", "name", "string"),
        (7, 'name = ["Manager"]', "name", "string"),
        (9, 'canonical = "chat.core.api"', "canonical", "array"),
        (10, 'deprecated = "chat.core"', "deprecated", "array"),
        (11, 'allow_importers = "chat.tools.**"', "allow_importers", "array"),
        (12, 'max_import_patterns = "4"', "max_import_patterns", "integer"),
        (12, "max_import_patterns = 2.5", "max_import_patterns", "integer"),
        (16, "status = 1", "status", "string"),
        (21, "pattern = true", "pattern", "string"),
    ],
)
def test_wrong_types(make_project, line, text, key, expected):
    p = make_project(TREE, policy_text({line: text}))
    assert_reported(cli_errors(p), line, 1, key, expected)


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (18, "allow_importers = [1]"),
        (22, 'within = ["chat.**", 3]'),
    ],
)
def test_wrong_element_types(make_project, line, text):
    p = make_project(TREE, policy_text({line: text}))
    key = text.split(" ")[0]
    assert_reported(cli_errors(p), line, None, key, "string")


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (17, 'until = "2027-02-30"'),
        (17, 'until = "soon"'),
        (17, "until = 2027-01-31T10:00:00"),
        (17, "until = 20270131"),
        (10, 'deprecated = [{ module = "chat.core", until = "2027-13-01" }]'),
    ],
)
def test_bad_dates(make_project, line, text):
    p = make_project(TREE, policy_text({line: text}))
    assert_reported(cli_errors(p), line, None, "until")
    (problem,) = problems(p)
    assert problem.line == line
    assert "until" in problem.key


def test_impossible_toml_date_is_a_located_toml_error(make_project):
    p = make_project(TREE, policy_text({17: "until = 2027-02-30"}))
    assert_reported(cli_errors(p), 17, None)


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ('status = "deprecate"', ("status", "did you mean", "`deprecated`")),
        ('status = "banned"', ("status", "deprecated", "forbidden")),
    ],
)
def test_bad_status(make_project, text, fragments):
    p = make_project(TREE, policy_text({16: text}))
    assert_reported(cli_errors(p), 16, 1, *fragments)


@pytest.mark.parametrize(
    ("line", "text", "key"),
    [
        (11, 'allow_importers = ["other.**"]', "allow_importers"),
        (11, 'allow_importers = ["chat..tools"]', "allow_importers"),
        (11, 'allow_importers = ["chat.tools**"]', "allow_importers"),
        (22, 'within = ["other.**"]', "within"),
        (15, 'name = "chat..legacy"', "name"),
        (4, 'exclude = ["chat//backups"]', "exclude"),
    ],
)
def test_glob_that_can_never_match(make_project, line, text, key):
    p = make_project(TREE, policy_text({line: text}))
    assert_reported(cli_errors(p), line, None, key)


def test_module_rule_allow_importers_outside_the_root_packages_can_never_match(make_project):
    """Spec: "a glob that can never match" is a policy error.

    Importers are always modules of the checked tree (first-party), so an importer glob outside
    the root packages, as in a [[module]]'s allow_importers, can never match.
    """
    p = make_project(TREE, policy_text({18: 'allow_importers = ["elsewhere.*"]'}))
    assert_reported(cli_errors(p), 18, None, "allow_importers")


def test_invalid_toml_syntax(make_project):
    p = make_project(TREE, policy_text({7: 'name = "Manager'}))
    lines = cli_errors(p)
    assert_reported(lines, 7, None)
    (problem,) = problems(p)
    assert problem.line == 7


@pytest.mark.parametrize(
    ("delete", "line", "key"),
    [
        ([8], 6, "defined_in"),
        ([7], 6, "name"),
        ([15], 14, "name"),
        ([16, 17], 14, "status"),
        ([21], 20, "pattern"),
        ([3], 1, "root_packages"),
    ],
)
def test_missing_required_keys(make_project, delete, line, key):
    p = make_project(TREE, policy_text({number: None for number in delete}))
    assert_reported(cli_errors(p), line, None, "missing", key)


def test_missing_policy_table(make_project):
    p = make_project(TREE, policy_text({1: None, 2: None, 3: None, 4: None}))
    lines = cli_errors(p, "--policy", PATH)
    assert any(line.startswith(f"{PATH}:") and "policy" in line for line in lines), lines


def test_several_problems_are_reported_at_once(make_project):
    p = make_project(
        TREE,
        policy_text(
            {
                9: 'canonicals = ["chat.core.api"]',
                12: 'max_import_patterns = "4"',
                16: 'status = "deprecate"',
                21: None,
            }
        ),
    )
    lines = cli_errors(p)
    assert_reported(lines, 9, 1, "canonicals")
    assert_reported(lines, 12, 1, "max_import_patterns")
    assert_reported(lines, 16, 1, "status")
    assert_reported(lines, 20, None, "missing", "pattern")
    assert len(problems(p)) == 4


def test_one_broken_policy_of_two_means_nothing_is_applied(make_project):
    p = make_project(
        TREE,
        policies={
            "contracts/a.toml": policy_text(),
            "contracts/b.toml": policy_text({16: 'status = "deprecate"'}),
        },
    )
    lines = cli_errors(p, "--policy", "contracts/a.toml", "--policy", "contracts/b.toml")
    assert_reported(lines, 16, 1, "status", path="contracts/b.toml")
    assert not any(line.startswith("contracts/a.toml") for line in lines)
    # discovered from contracts/ as well
    assert_reported(cli_errors(p), 16, 1, "status", path="contracts/b.toml")
    # and through the use case: nothing comes back, only the problems of the broken file
    with pytest.raises(PolicyError) as info:
        p.result(policies=["contracts/a.toml", "contracts/b.toml"])
    assert {p.rel(problem.path) for problem in info.value.problems} == {"contracts/b.toml"}


def test_broken_policy_with_json_format_reports_no_findings(make_project):
    p = make_project(TREE, policy_text({16: 'status = "deprecate"'}))
    result = p.cli("--format", "json")
    assert result.returncode == 2
    if result.stdout.strip():
        document = json.loads(result.stdout)
        assert not document.get("findings")
    assert_reported(result.stderr.splitlines(), 16, 1, "status")


def test_missing_policy_file(make_project):
    p = make_project(TREE, policy_text())
    lines = cli_errors(p, "--policy", "contracts/nope.toml")
    assert any("nope.toml" in line for line in lines)


# -- warnings: applicable, but suspicious ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "text", "key"),
    [
        (8, 'defined_in = "chat.core.missing"', "defined_in"),
        (9, 'canonical = ["chat.core.gone"]', "canonical"),
    ],
)
def test_module_missing_from_the_tree_is_a_warning_that_keeps_the_exit_code(make_project, line, text, key):
    baseline = make_project(TREE, policy_text())
    p = make_project(TREE, policy_text({line: text}))
    result = p.cli()
    assert result.returncode == baseline.cli().returncode == 1
    assert "chat/app.py:1:28: SOT002 " in result.stdout
    warnings = [text for text in result.stderr.splitlines() if text.startswith(f"{PATH}:{line}:")]
    assert warnings and "warning" in warnings[0] and key in warnings[0], result.stderr
    assert not any("warning" in text for text in result.stdout.splitlines() if text.startswith(PATH))

    clean_tree = {**TREE, "chat/core/impl.py": "", "chat/core/api.py": "", "chat/app.py": ""}
    clean = make_project(clean_tree, policy_text({line: text}))
    result = clean.cli()
    assert result.returncode == 0, result.stderr
    assert any(text.startswith(f"{PATH}:{line}:") and "warning" in text for text in result.stderr.splitlines())


def test_warnings_are_available_to_the_use_case(make_project):
    p = make_project(TREE, policy_text({8: 'defined_in = "chat.core.missing"'}))
    (warning,) = p.result().warnings
    assert (p.rel(warning.path), warning.line) == (PATH, 8)
    assert "defined_in" in warning.key


def test_a_replacement_naming_the_module_itself(make_project):
    # A shim of it would forward every name to itself: RecursionError on hasattr, dir, import *.
    p = make_project(TREE, policy_text({18: 'replacement = "chat.legacy"'}))
    assert_reported(cli_errors(p), 18, 1, "module[0].replacement", "`chat.legacy` itself")
    (problem,) = problems(p)
    assert (problem.line, problem.column, problem.key) == (18, 1, "module[0].replacement")


def test_deprecated_modules_naming_each_other_as_replacement(make_project):
    tables = (
        '\n[[module]]\nname = "chat.tools"\nstatus = "deprecated"\nreplacement = "chat.legacy_tools"\n'
        '\n[[module]]\nname = "chat.legacy_tools"\nstatus = "deprecated"\nreplacement = "chat.tools"\n'
    )
    p = make_project(TREE, policy_text({18: 'replacement = "chat.core"'}) + tables)
    lines = cli_errors(p)
    assert_reported(lines, 27, 1, "module[1].replacement", "chat.tools → chat.legacy_tools → chat.tools")
    assert_reported(lines, 32, 1, "module[2].replacement", "chat.legacy_tools → chat.tools → chat.legacy_tools")
    assert [problem.key for problem in problems(p)] == ["module[1].replacement", "module[2].replacement"]
