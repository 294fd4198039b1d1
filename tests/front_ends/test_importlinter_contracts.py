"""The `ssot` import-linter contract type, through import-linter's `lint-imports`.

Every test runs `lint-imports` on a project written to a temporary directory (or on this
repository), and reads its console output the way a user or a CI log would: findings are
``path:line:col: CODE message`` lines, errors under "Broken contracts", warnings under
"Warnings".

On temporary projects, `lint-imports` runs in this process (``importlinter.cli.lint_imports``,
with its own console of the same width and ``sys.path`` restored after; exceptions propagate).
On this repository it runs as a real process: its root package, ``importlinter_ssot``, is
imported here already, and import-linter would find that one instead of a modified copy.
reliability/test_reliability_never_executes.py also runs the real command on a temporary project.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from support.deprecated import WARNS
from support.front_ends import Run, lint_imports_in_process, lint_imports_process, ssot_in_process

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_TODAY = "2027-01-15"
REGISTRATION = "ssot: importlinter_ssot.contracts.SsotContract"

FINDING = re.compile(r"^(?:- )?(?P<path>[^\s:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>SOT\d{3}) (?P<message>.*)$")

Row = tuple[str, int, int, str, str]


def lint_imports(
    cwd: Path,
    *config_files: str,
    today: str | None = EXAMPLE_TODAY,
    pythonpath: Path | None = None,
    columns: int = 10000,
) -> Run:
    """``lint-imports --no-cache --no-logo [CONFIG_FILES]`` from ``cwd``, in this process."""
    return lint_imports_in_process(*config_files, cwd=cwd, today=today, pythonpath=pythonpath, columns=columns)


def sections(stdout: str) -> dict[str, list[str]]:
    """The output's lines by section: "Contracts", "Warnings", "Broken contracts" (and "" before)."""
    result: dict[str, list[str]] = {"": []}
    current = ""
    lines = stdout.splitlines()
    for index, line in enumerate(lines):
        underline = lines[index + 1] if index + 1 < len(lines) else ""
        overline = lines[index - 1] if index > 0 else ""
        if line and set(underline) == {"-"} and set(overline) == {"-"} and len(underline) == len(line):
            current = line
            result[current] = []
        else:
            result[current].append(line)
    return result


def rows(lines: list[str]) -> set[Row]:
    found = set()
    for line in lines:
        match = FINDING.match(line)
        if match:
            found.add((match["path"], int(match["line"]), int(match["column"]), match["code"], match["message"]))
    return found


def reported(stdout: str) -> tuple[set[Row], set[Row]]:
    """(errors from the Broken contracts section, warnings from the Warnings section)."""
    parts = sections(stdout)
    return rows(parts.get("Broken contracts", [])), rows(parts.get("Warnings", []))


def ssot_check(cwd: Path, *args: str) -> Run:
    """``ssot check ARGS`` from ``cwd``, in this process (the date comes with ``--today``)."""
    return ssot_in_process(*args, cwd=cwd, today=None)


def ini_config(contracts: str, root_packages: tuple[str, ...] = ("shop",)) -> str:
    roots = "".join(f"    {root}\n" for root in root_packages)
    return f"[importlinter]\nroot_packages =\n{roots}contract_types =\n    {REGISTRATION}\n\n{contracts}"


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr


# -- the bundled example -----------------------------------------------------------------------


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example as its own project.

    grimp stops at the first syntax error in a file it reads, which is why the example
    keeps its broken file in `scripts/` (no `__init__.py`): grimp does not read it, and
    the SSOT contract still reports it: SOT900.
    """
    root = tmp_path / "example"
    shutil.copytree(REPO / "examples", root / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "contracts", root / "contracts", ignore=shutil.ignore_patterns("ssot.toml"))
    (root / ".git").mkdir()
    (root / ".importlinter").write_text(
        ini_config(
            "[importlinter:contract:websocket]\nname = WebSocket manager SSOT\ntype = ssot\n"
            "policy = contracts/example.toml\n",
            root_packages=("chat",),
        ),
        encoding="utf-8",
    )
    return root


def golden_rows() -> set[Row]:
    """tests/expected/example_output.txt."""
    lines = (REPO / "tests" / "expected" / "example_output.txt").read_text(encoding="utf-8").splitlines()
    renamed = lines
    return rows(renamed)


def test_example_reports_exactly_what_ssot_check_reports(example: Path) -> None:
    linted = lint_imports(example, pythonpath=example / "examples")
    assert_no_traceback(linted)
    assert linted.returncode == 1, linted.stdout
    errors, warnings = reported(linted.stdout)

    checked = ssot_check(example, "--policy", "contracts/example.toml", "--today", EXAMPLE_TODAY)
    assert checked.returncode == 1, checked.stderr
    everything = rows(checked.stdout.splitlines())

    assert errors | warnings == everything
    assert not errors & warnings
    assert {row[3] for row in warnings} == {"SOT001", "SOT010", "SOT040"}
    assert all(row[3] not in ("SOT001", "SOT010", "SOT040") for row in errors)
    # ... and that is the example's hand-checked output (27 errors, 11 warnings).
    assert everything == golden_rows()
    assert (len(errors), len(warnings)) == (27, 11)
    assert "WebSocket manager SSOT BROKEN (11 warnings)" in linted.stdout


def test_example_output_counts_the_files_import_linter_does_not_see(example: Path) -> None:
    linted = lint_imports(example, pythonpath=example / "examples")
    # 28 files as `ssot check` counts them; grimp skips scripts/ (no __init__.py), where
    # migrate_imports.py and broken.py are still checked.
    assert (
        "Found 27 errors and 11 warnings in 28 files checked, 2 of them in directories without "
        "__init__.py that import-linter's graph leaves out" in linted.stdout
    )
    errors, _ = reported(linted.stdout)
    assert ("examples/chat/scripts/broken.py", 9, 39, "SOT900", "cannot parse file: expected ':'") in errors
    assert any(row[0] == "examples/chat/scripts/migrate_imports.py" for row in errors)


def test_broken_output_names_file_and_line_and_what_to_write_instead_on_one_line(example: Path) -> None:
    # At import-linter's default width (80 columns), findings are still one per line.
    linted = lint_imports(example, pythonpath=example / "examples", columns=80)
    broken = sections(linted.stdout)["Broken contracts"]
    line = (
        "examples/chat/agents/tools.py:7:5: SOT002 `UnifiedWebSocketManager` imported from non-canonical "
        "`chat.websocket_core.unified_manager`; import it from `chat.websocket_core.websocket_manager`"
    )
    assert line in broken
    assert len(rows(broken)) == 27


def test_before_the_deadlines_only_warnings_remain_where_paths_are_deprecated(example: Path) -> None:
    # On 2026-06-01 nothing has expired: SOT003/SOT012 turn into SOT001/SOT010 warnings.
    linted = lint_imports(example, pythonpath=example / "examples", today="2026-06-01")
    errors, warnings = reported(linted.stdout)
    assert not {"SOT003", "SOT012"} & {row[3] for row in errors | warnings}
    assert [row[3] for row in warnings].count("SOT010") == 6  # 2 + the 4 imports of the expired shim
    checked = ssot_check(example, "--policy", "contracts/example.toml", "--today", "2026-06-01")
    assert errors | warnings == rows(checked.stdout.splitlines())


# -- a small project, in each configuration format ---------------------------------------------

SHOP = {
    "shop/__init__.py": "",
    "shop/core.py": """
        class Cart:
            pass
    """,
    "shop/compat.py": "from shop.core import Cart\n" + WARNS,
    "shop/views.py": """
        from shop.compat import Cart
    """,
}

SHOP_POLICY = """
    [policy]
    name = "Cart SSOT"

    [[symbol]]
    name = "Cart"
    defined_in = "shop.core"
    deprecated = [{ module = "shop.compat", until = 2027-03-31, message = "the [compat] shim goes away" }]
"""

WARNING_ROW = (
    "shop/views.py",
    1,
    25,
    "SOT001",
    "`Cart` imported from deprecated `shop.compat` (until 2027-03-31): the [compat] shim goes away; "
    "import it from `shop.core`",
)

CONFIGS = {
    ".importlinter": """
        [importlinter]
        root_packages =
            shop
        contract_types =
            ssot: importlinter_ssot.contracts.SsotContract

        [importlinter:contract:cart]
        name = Cart SSOT
        type = ssot
        policy = contracts/cart.toml
    """,
    "setup.cfg": """
        [metadata]
        name = shop

        [importlinter]
        root_package = shop
        contract_types =
            ssot: importlinter_ssot.contracts.SsotContract

        [importlinter:contract:cart]
        name = Cart SSOT
        type = ssot
        policy = contracts/cart.toml
    """,
    "pyproject.toml": """
        [project]
        name = "shop"

        [tool.importlinter]
        root_packages = ["shop"]
        contract_types = ["ssot: importlinter_ssot.contracts.SsotContract"]

        [[tool.importlinter.contracts]]
        name = "Cart SSOT"
        type = "ssot"
        policy = ["contracts/cart.toml"]
    """,
}


@pytest.mark.parametrize("config_file", list(CONFIGS))
def test_each_configuration_format_warns_then_breaks_after_until(make_project, config_file: str) -> None:
    project = make_project(
        {**SHOP, "contracts/cart.toml": SHOP_POLICY, config_file: CONFIGS[config_file]},
    ).root
    # Found by import-linter's default search (the current directory).
    before = lint_imports(project, today="2027-01-15")
    assert_no_traceback(before)
    assert before.returncode == 0, before.stdout
    assert "Cart SSOT KEPT (1 warning)" in before.stdout
    assert reported(before.stdout) == (set(), {WARNING_ROW})

    after = lint_imports(project, today="2027-04-01")
    assert after.returncode == 1, after.stdout
    assert "Cart SSOT BROKEN" in after.stdout
    errors, warnings = reported(after.stdout)
    assert warnings == set()
    assert [(row[0], row[1], row[2], row[3]) for row in errors] == [("shop/views.py", 1, 25, "SOT003")]
    assert "import it from `shop.core`" in next(iter(errors))[4]

    # The explicit form, `lint-imports FILE`, reads the same contract.
    explicit = lint_imports(project, config_file, today="2027-04-01")
    assert reported(explicit.stdout) == (errors, set())


def test_a_clean_project_keeps_the_contract(make_project) -> None:
    files = {**SHOP, "shop/views.py": "from shop.core import Cart\n"}
    project = make_project(
        {**files, "contracts/cart.toml": SHOP_POLICY, ".importlinter": CONFIGS[".importlinter"]}
    ).root
    result = lint_imports(project)
    assert result.returncode == 0, result.stdout
    assert "Cart SSOT KEPT\n" in result.stdout
    assert "Warnings" not in result.stdout


def test_several_policy_files_in_one_contract(make_project) -> None:
    second = """
        [policy]
        name = "No legacy"

        [[module]]
        name = "shop.legacy"
        status = "forbidden"
        replacement = "shop.core"
    """
    files = {
        **SHOP,
        "shop/legacy.py": "",
        "shop/api.py": "import shop.legacy\n",
        "contracts/cart.toml": SHOP_POLICY,
        "contracts/legacy.toml": second,
        ".importlinter": ini_config(
            "[importlinter:contract:both]\nname = Both\ntype = ssot\n"
            "policy =\n    contracts/cart.toml\n    contracts/legacy.toml\n"
        ),
    }
    project = make_project(files).root
    result = lint_imports(project)
    errors, warnings = reported(result.stdout)
    assert {(row[0], row[3]) for row in errors} == {("shop/api.py", "SOT011")}
    assert warnings == {WARNING_ROW}
    assert "policy: Cart SSOT, No legacy" in result.stdout


def test_files_in_directories_without_init_are_checked(make_project) -> None:
    files = {
        **SHOP,
        "shop/views.py": "from shop.core import Cart\n",
        "shop/tools/report.py": "from shop.compat import Cart\n",  # no shop/tools/__init__.py
        "contracts/cart.toml": SHOP_POLICY,
        ".importlinter": CONFIGS[".importlinter"],
    }
    project = make_project(files).root
    result = lint_imports(project, today="2027-04-01")
    errors, _ = reported(result.stdout)
    assert {(row[0], row[3]) for row in errors} == {("shop/tools/report.py", "SOT003")}
    assert "in 5 files checked, 1 of them in directories without __init__.py" in result.stdout
    # import-linter itself analysed only the modules grimp found.
    assert "Analyzed 4 files" in result.stdout


def test_duplicates_and_budget_are_reported_too(make_project) -> None:
    policy = (
        SHOP_POLICY.replace(
            'name = "Cart SSOT"', 'name = "Cart SSOT"\n    root_packages = ["shop"]'
        ).replace(  # for `ssot check`
            'defined_in = "shop.core"', 'defined_in = "shop.core"\n    max_import_patterns = 1'
        )
        + '\n    [[duplicates]]\n    pattern = "Cart*"\n'
    )
    files = {
        **SHOP,
        "shop/other.py": "class Cart:\n    pass\n",
        "contracts/cart.toml": policy,
        ".importlinter": CONFIGS[".importlinter"],
    }
    project = make_project(files).root
    result = lint_imports(project)
    errors, _ = reported(result.stdout)
    codes = sorted((row[0], row[3]) for row in errors)
    assert codes == [
        ("contracts/cart.toml", "SOT030"),
        ("shop/core.py", "SOT022"),
        ("shop/other.py", "SOT020"),
        ("shop/other.py", "SOT022"),
    ]
    checked = ssot_check(project, "--policy", "contracts/cart.toml", "--today", EXAMPLE_TODAY)
    assert errors == rows(checked.stdout.splitlines()) - {WARNING_ROW}


def test_today_contract_option_pins_the_date(make_project) -> None:
    config = ini_config(
        "[importlinter:contract:cart]\nname = Cart SSOT\ntype = ssot\n"
        "policy = contracts/cart.toml\ntoday = 2027-04-01\n"
    )
    project = make_project({**SHOP, "contracts/cart.toml": SHOP_POLICY, ".importlinter": config}).root
    result = lint_imports(project, today=None)
    errors, _ = reported(result.stdout)
    assert [row[3] for row in errors] == ["SOT003"]
    # The option wins over SSOT_TODAY, as --today wins over it for `ssot check`.
    result = lint_imports(project, today="2020-01-01")
    assert [row[3] for row in reported(result.stdout)[0]] == ["SOT003"]


def test_policy_warnings_keep_the_contract_and_are_listed(make_project) -> None:
    policy = SHOP_POLICY + '\n    [[symbol]]\n    name = "Order"\n    defined_in = "shop.orders"\n'
    files = {
        **SHOP,
        "shop/views.py": "from shop.core import Cart\n",
        "contracts/cart.toml": policy,
        ".importlinter": CONFIGS[".importlinter"],
    }
    project = make_project(files).root
    result = lint_imports(project)
    assert result.returncode == 0, result.stdout
    assert "Cart SSOT KEPT (2 warnings)" in result.stdout
    patterns = [
        re.compile(
            r"- contracts/cart\.toml:\d+:\d+: policy warning: symbol\[1\]\.name: `Order` is defined in no file of "
            r"the scanned tree \(no module-level `class`, `def` or assignment binds it\)$"
        ),
        re.compile(
            r"- contracts/cart\.toml:\d+:\d+: policy warning: symbol\[1\]\.defined_in: module `shop\.orders` of "
            r"symbol `Order` does not exist in the scanned tree$"
        ),
    ]
    for pattern in patterns:
        assert any(pattern.match(line) for line in sections(result.stdout)["Warnings"]), result.stdout


def test_the_cache_gives_the_same_answer_and_can_be_disabled_or_moved(make_project) -> None:
    files = {**SHOP, "shop/tools/report.py": "from shop.compat import Cart\n", "contracts/cart.toml": SHOP_POLICY}
    project = make_project({**files, ".importlinter": CONFIGS[".importlinter"]}).root
    cold = lint_imports(project, today="2027-04-01")
    assert (project / ".ssot_cache").is_dir()  # `ssot check`'s cache, in the project root
    warm = lint_imports(project, today="2027-04-01")
    assert warm.stdout == cold.stdout
    assert len(reported(warm.stdout)[0]) == 2
    # An edit between runs is seen.
    (project / "shop" / "tools" / "report.py").write_text("from shop.core import Cart\n", encoding="utf-8")
    edited = lint_imports(project, today="2027-04-01")
    assert {row[0] for row in reported(edited.stdout)[0]} == {"shop/views.py"}

    contract = "[importlinter:contract:cart]\nname = Cart SSOT\ntype = ssot\npolicy = contracts/cart.toml\n"
    other = make_project(
        {
            **files,
            "ci/off.ini": ini_config(contract + "cache = false\n"),
            "ci/moved.ini": ini_config(contract + "cache_dir = build/ssot\n"),
        }
    ).root
    assert len(reported(lint_imports(other, "ci/off.ini").stdout)[1]) == 2
    assert not (other / ".ssot_cache").exists()
    assert len(reported(lint_imports(other, "ci/moved.ini").stdout)[1]) == 2
    assert (other / "build" / "ssot").is_dir() and not (other / ".ssot_cache").exists()


def test_parallel_parsing_gives_the_same_answer(make_project) -> None:
    # Enough files for the engine to use worker processes (inside lint-imports' process).
    files: dict[str, str] = {**SHOP, "contracts/cart.toml": SHOP_POLICY}
    for index in range(150):
        files[f"shop/generated/module_{index}.py"] = (
            "from shop.compat import Cart\n" if index % 3 == 0 else f"VALUE = {index}\n"
        )
    files["shop/generated/__init__.py"] = ""
    contract = (
        "[importlinter:contract:cart]\nname = Cart SSOT\ntype = ssot\npolicy = contracts/cart.toml\ncache = false\n"
    )
    project = make_project(
        {
            **files,
            "serial.ini": ini_config(contract + "jobs = 1\n"),
            "parallel.ini": ini_config(contract + "jobs = 2\n"),
        },
    ).root
    serial = lint_imports(project, "serial.ini", today="2027-04-01")
    parallel = lint_imports(project, "parallel.ini", today="2027-04-01")
    assert_no_traceback(parallel)
    assert len(reported(serial.stdout)[0]) == 51
    assert parallel.stdout == serial.stdout


# -- configuration errors: import-linter's "not configured correctly", never a traceback ---------


def run_with_contract(make_project, contract_lines: str, files: Mapping[str, str] | None = None, **kwargs):
    config = ini_config(f"[importlinter:contract:cart]\nname = Cart SSOT\ntype = ssot\n{contract_lines}")
    project = make_project({**SHOP, "contracts/cart.toml": SHOP_POLICY, **(files or {}), ".importlinter": config}).root
    result = lint_imports(project, **kwargs)
    assert_no_traceback(result)
    assert result.returncode == 1, result.stdout
    return result.stdout


def test_invalid_options_name_the_field(make_project) -> None:
    output = run_with_contract(make_project, "polcy = contracts/cart.toml\ntoday = tomorrow\n")
    assert 'Contract "Cart SSOT" is not configured correctly:' in output
    assert "policy: This is a required field." in output
    assert "polcy: Unrecognized option. Did you mean 'policy'?" in output
    assert "today: `tomorrow` is not a date (YYYY-MM-DD)." in output


def test_invalid_cache_and_jobs_options(make_project) -> None:
    output = run_with_contract(make_project, "policy = contracts/cart.toml\ncache = maybe\njobs = -1\n")
    assert "cache: Could not parse a boolean from 'maybe'." in output
    assert "jobs: Must be >= 0." in output


def test_empty_policy_option(make_project) -> None:
    output = run_with_contract(make_project, "policy =\n")
    assert "policy: Expected at least one policy file." in output


def test_bad_ssot_today_environment_variable(make_project) -> None:
    output = run_with_contract(make_project, "policy = contracts/cart.toml\n", today="someday")
    assert "today: the SSOT_TODAY environment variable: `someday` is not a date (YYYY-MM-DD)" in output


def test_missing_policy_file(make_project) -> None:
    output = run_with_contract(make_project, "policy = contracts/nope.toml\n")
    assert 'Contract "Cart SSOT" is not configured correctly:' in output
    assert "contracts/nope.toml:1:1: cannot read policy file: No such file or directory" in output
    assert "resolved against the current directory" in output


def test_broken_policy_file_is_located(make_project) -> None:
    broken = '[policy]\nname = "x"\n\n[[symbol]]\nnme = "Cart"\n'
    output = run_with_contract(make_project, "policy = contracts/bad.toml\n", files={"contracts/bad.toml": broken})
    assert "    policy: the SSOT policy has errors; nothing was checked (3 problems):\n" in output
    assert "contracts/bad.toml:5:1: symbol[0].nme: unknown key `nme`; did you mean `name`?" in output
    invalid_toml = run_with_contract(
        make_project, "policy = contracts/bad.toml\n", files={"contracts/bad.toml": "[policy\n"}
    )
    assert "contracts/bad.toml:1:" in invalid_toml and "invalid TOML" in invalid_toml


def test_a_broken_policy_stops_lint_imports_with_a_one_line_reason_at_the_default_width(make_project) -> None:
    broken = '[policy]\nname = "x"\n\n[[symbol]]\nnme = "Cart"\n'
    config = ini_config("[importlinter:contract:cart]\nname = Cart SSOT\ntype = ssot\npolicy = contracts/bad.toml\n")
    project = make_project({**SHOP, "contracts/bad.toml": broken, ".importlinter": config}).root
    # A real process, as CI runs it: no terminal, so rich's default width of 80 columns.
    result = lint_imports_process(cwd=project, today=None, columns=80, pythonpath=project)
    assert_no_traceback(result)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    reason = lines.index('Contract "Cart SSOT" is not configured correctly:') + 1
    assert lines[reason] == "    policy: the SSOT policy has errors; nothing was checked (3 problems):"


def test_a_src_layout_policy_without_source_roots_says_what_to_set(make_project) -> None:
    files = {f"src/{path}": text for path, text in SHOP.items()}
    files.update({"contracts/cart.toml": SHOP_POLICY, ".importlinter": CONFIGS[".importlinter"]})
    project = make_project(files, marker="pyproject.toml")
    output = lint_imports(project.root, pythonpath=project.root / "src").stdout  # src on the path, as the README says
    where = project.root.as_posix()
    assert output.splitlines()[-1] == (
        f"        contracts/cart.toml:1:1: policy.root_packages[0]: root package `shop` not found under `{where}`; "
        'it is in `src/`: set `source_roots = ["src"]` in [policy]'
    )
    project.write({"contracts/cart.toml": SHOP_POLICY.replace("[policy]", '[policy]\n    source_roots = ["src"]')})
    result = lint_imports(project.root, pythonpath=project.root / "src")
    assert result.returncode == 0 and "Cart SSOT KEPT (1 warning)" in result.stdout


def test_root_packages_mismatch_is_reported_clearly(make_project) -> None:
    policy = SHOP_POLICY.replace('name = "Cart SSOT"', 'name = "Cart SSOT"\n    root_packages = ["store"]')
    output = run_with_contract(make_project, "policy = contracts/other.toml\n", files={"contracts/other.toml": policy})
    assert (
        "contracts/other.toml:3:1: policy.root_packages: root_packages ['store'] disagree with the configured "
        "root packages ['shop']" in output
    )


def test_matching_policy_root_packages_are_fine(make_project) -> None:
    policy = SHOP_POLICY.replace('name = "Cart SSOT"', 'name = "Cart SSOT"\n    root_packages = ["shop"]')
    project = make_project({**SHOP, "contracts/cart.toml": policy, ".importlinter": CONFIGS[".importlinter"]}).root
    result = lint_imports(project)
    assert result.returncode == 0 and "Cart SSOT KEPT (1 warning)" in result.stdout


def test_relative_policy_paths_are_relative_to_the_current_directory(make_project) -> None:
    config = ini_config("[importlinter:contract:cart]\nname = Cart SSOT\ntype = ssot\npolicy = contracts/cart.toml\n")
    project = make_project({**SHOP, "contracts/cart.toml": SHOP_POLICY, "ci/imports.ini": config}).root
    # Run from the project root (where the packages are importable), config in ci/.
    result = lint_imports(project, "ci/imports.ini")
    assert_no_traceback(result)
    assert reported(result.stdout) == (set(), {WARNING_ROW})


# -- the project lints itself: real lint-imports processes -------------------------------------------
# (its root package is imported in this process, so an in-process run would find this copy of it)


def test_the_repository_keeps_its_own_contracts() -> None:
    result = lint_imports_process(cwd=REPO, today=None)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stdout
    assert "Front ends > composition root > adapters > application > domain KEPT" in result.stdout
    assert "The engine imports no front-end framework KEPT" in result.stdout
    assert "importlinter-ssot's own SSOT policy KEPT" in result.stdout
    assert "No import cycle between sibling modules, at any depth KEPT" in result.stdout
    assert "Contracts: 5 kept, 0 broken." in result.stdout


@pytest.fixture
def repository_copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(
        REPO / "importlinter_ssot", root / "importlinter_ssot", ignore=shutil.ignore_patterns("__pycache__")
    )
    (root / "contracts").mkdir()
    shutil.copy(REPO / "contracts" / "ssot.toml", root / "contracts" / "ssot.toml")
    shutil.copy(REPO / ".importlinter", root / ".importlinter")
    shutil.copy(REPO / "setup.cfg", root / "setup.cfg")
    return root


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_each_kind_of_violation_in_a_copy_breaks_its_repository_contract(repository_copy: Path) -> None:
    """Three violations at once, in different modules; each contract names its own."""
    # The engine importing click breaks "The engine imports no front-end framework".
    append(repository_copy / "importlinter_ssot" / "domain" / "findings.py", "\nimport click  # noqa\n")
    # The engine importing a front end breaks the layers.
    append(
        repository_copy / "importlinter_ssot" / "application" / "ports.py",
        "\nimport importlinter_ssot.contracts  # noqa\n",
    )
    # A second Finding class breaks the project's own SSOT policy.
    append(repository_copy / "importlinter_ssot" / "cli" / "main.py", "\n\nclass Finding:\n    pass\n")

    result = lint_imports_process(cwd=repository_copy, today=None)
    assert result.returncode == 1, result.stdout
    assert "The engine imports no front-end framework BROKEN" in result.stdout
    # ... and the import back into a front end closes a circle.
    assert "No import cycle between sibling modules, at any depth BROKEN" in result.stdout
    assert "importlinter_ssot.domain.findings -> click" in result.stdout

    assert "Front ends > composition root > adapters > application > domain BROKEN" in result.stdout
    assert "importlinter_ssot.application is not allowed to import importlinter_ssot.contracts" in result.stdout

    assert "importlinter-ssot's own SSOT policy BROKEN" in result.stdout
    errors, _ = reported(result.stdout)
    assert {(row[0], row[3]) for row in errors} == {
        ("importlinter_ssot/cli/main.py", "SOT020"),
        ("importlinter_ssot/cli/main.py", "SOT022"),
        ("importlinter_ssot/domain/findings.py", "SOT022"),
    }


def test_a_circle_inside_the_engine_and_a_module_without_a_layer_break_the_repository_contracts(
    repository_copy: Path,
) -> None:
    # The circle issue 23 found: findings.py naming the rules package, which imports findings.py.
    append(
        repository_copy / "importlinter_ssot" / "domain" / "findings.py",
        "\nfrom importlinter_ssot.domain.rules import registry  # noqa\n",
    )
    # A new top-level module that no layer lists: exhaustive layers refuse it.
    (repository_copy / "importlinter_ssot" / "stray.py").write_text(
        '"""A module no layer lists."""\n', encoding="utf-8"
    )
    result = lint_imports_process(cwd=repository_copy, today=None)
    assert result.returncode == 1, result.stdout
    assert "No import cycle between sibling modules, at any depth BROKEN" in result.stdout
    assert "No cycles are allowed in importlinter_ssot.domain." in result.stdout
    assert "Front ends > composition root > adapters > application > domain BROKEN" in result.stdout
    assert "importlinter_ssot.stray" in result.stdout


def test_past_max_warnings_each_rule_is_one_counted_line_and_errors_stay_listed(example: Path) -> None:
    config = example / ".importlinter"
    config.write_text(config.read_text(encoding="utf-8") + "max_warnings = 2\n", encoding="utf-8")
    linted = lint_imports(example, pythonpath=example / "examples")
    errors, warnings = reported(linted.stdout)
    assert not warnings  # no warning line is listed one by one any more
    assert "SOT001 deprecated-symbol-path: 5 warnings in 4 files (over max_warnings = 2" in linted.stdout
    assert "SOT010 deprecated-module: 2 warnings in 2 files (over max_warnings = 2" in linted.stdout
    assert len(errors) == 27  # every error is still listed
