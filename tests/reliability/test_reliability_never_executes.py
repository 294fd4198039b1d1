"""The checked code is never imported or executed — by any front end.

Every scanned module of the projects below would, if imported, write a marker file
and then raise: top-level code, package ``__init__.py`` files, modules named like
standard-library modules the tool itself imports (``ast``, ``tokenize``, ``json``,
``tempfile``, …) and the interpreter's start-up hooks (``sitecustomize``,
``usercustomize``), both as root-level modules and inside the package. Each front end
checks the project and must (a) give the right findings, proving the files were read,
and (b) leave no marker behind; the in-process run also proves that no scanned module
entered ``sys.modules``.

Front ends: ``ssot check`` (console script, ``python -m importlinter_ssot``, with worker
processes), the engine's use case in process, ``lint-imports`` with the SSOT contract,
and ``flake8`` with the plugin. Apart from the engine's use case, each runs as a real
process started in the project root, as users start it: start-up (``sitecustomize``,
the current directory on ``sys.path``) is part of what must not execute the project.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from importlinter_ssot.adapters.cache_store import DirectoryCacheStore
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.runner import ProcessRunner, SerialRunner
from importlinter_ssot.application.analysis.check import run_check
from importlinter_ssot.application.policy.policy_loading import load_projects

from support.front_ends import console_script

TODAY = datetime.date(2026, 6, 15)

# A name no other test (nor any installed distribution) uses, so sys.modules tells.
PACKAGE = "ssot_victim_pkg"

# Modules named like standard-library modules that importlinter_ssot and its front ends
# import lazily (after start-up), or that the interpreter imports at start-up if found.
STDLIB_NAMES = (
    "ast",
    "tokenize",
    "symtable",
    "json",
    "tempfile",
    "difflib",
    "hashlib",
    "marshal",
    "typing",
    "dataclasses",
    "enum",
    "fnmatch",
    "textwrap",
    "concurrent",
    "multiprocessing",
    "sitecustomize",
    "usercustomize",
    "os",
)


def booby_trap(markers: Path, name: str) -> str:
    """Module source that leaves ``markers/<name>`` and raises when executed, and has an import to check."""
    return (
        f'"""Scanned module {name}: importing it is a bug of the checker."""\n'
        f"open({str(markers / name)!r}, 'w').write('executed')\n"
        f"from {PACKAGE}.other import Manager\n"
        f"raise RuntimeError('importlinter-ssot executed {name}')\n"
    )


POLICY = f"""
[policy]
name = "never executes"
root_packages = {{roots}}

[[symbol]]
name = "Manager"
defined_in = "{PACKAGE}.core.impl"
"""

# Per trapped file, the import on line 3 is an SOT002 at this column.
COLUMN = len(f"from {PACKAGE}.other import ") + 1


def trapped_project(make_project, markers: Path, stdlib_at_root: bool, generated: int = 0):
    markers.mkdir(exist_ok=True)
    files: dict[str, str] = {
        f"{PACKAGE}/__init__.py": booby_trap(markers, f"{PACKAGE}.__init__"),
        f"{PACKAGE}/core/__init__.py": booby_trap(markers, f"{PACKAGE}.core.__init__"),
        f"{PACKAGE}/core/impl.py": f"open({str(markers / 'impl')!r}, 'w')\nclass Manager:\n    pass\n",
        f"{PACKAGE}/__main__.py": booby_trap(markers, f"{PACKAGE}.__main__"),
        f"{PACKAGE}/conftest.py": booby_trap(markers, f"{PACKAGE}.conftest"),
        f"{PACKAGE}/namespace/mod.py": booby_trap(markers, f"{PACKAGE}.namespace.mod"),  # no __init__.py
    }
    for name in STDLIB_NAMES:
        files[f"{PACKAGE}/{name}.py"] = booby_trap(markers, f"{PACKAGE}.{name}")
    for index in range(generated):  # enough files for worker processes to be used
        files[f"{PACKAGE}/generated/m{index}.py"] = booby_trap(markers, f"{PACKAGE}.generated.m{index}")
    roots = [PACKAGE]
    if stdlib_at_root:
        for name in STDLIB_NAMES:
            files[f"{name}.py"] = booby_trap(markers, name)
        roots += list(STDLIB_NAMES)
    policy = POLICY.replace("{roots}", repr(roots).replace("'", '"'))
    return make_project(files, policy)


def expected_rows(project) -> set[tuple[str, int, int, str]]:
    """An SOT002 on line 3 of every trapped file: the proof that every file was read."""
    return {
        (project.rel(str(path)), 3, COLUMN, "SOT002")
        for path in project.root.rglob("*.py")
        if path.read_text().startswith('"""Scanned module')
    }


def cli_rows(project, stdout: str) -> set[tuple[str, int, int, str]]:
    found = set()
    for line in stdout.splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and parts[1].isdigit():
            found.add((parts[0], int(parts[1]), int(parts[2]), parts[3].split()[0]))
    return found


def assert_nothing_ran(markers: Path) -> None:
    assert sorted(path.name for path in markers.iterdir()) == [], "the checker executed scanned code"


def clean_environment() -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SSOT_TODAY", "PYTHONPATH", "PYTHONSAFEPATH", "PYTHONSTARTUP", "FORCE_COLOR")
    }
    environment["SSOT_TODAY"] = TODAY.isoformat()
    return environment


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=str(cwd), env=clean_environment(), capture_output=True, text=True, timeout=300)


# -- ssot check ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "how",
    [
        pytest.param(["ssot"], id="ssot-console-script"),
        pytest.param([sys.executable, "-m", "importlinter_ssot"], id="python-m-importlinter_ssot"),
    ],
)
def test_ssot_check_never_executes_scanned_code(make_project, tmp_path, how):
    """Run from the project root, where `python -m` puts the current directory first on sys.path.

    Root-level modules named ``ast``, ``json``, ``tempfile``, … are scanned modules of this
    project; neither the tool's own lazy imports nor its worker processes may pick them up.
    """
    markers = tmp_path / "markers"
    project = trapped_project(make_project, markers, stdlib_at_root=True, generated=70)
    command = [console_script("ssot")] if how == ["ssot"] else how
    for jobs in ("1", "2"):
        result = run([*command, "check", "--jobs", jobs], project.root)
        assert_nothing_ran(markers)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 1, result.stdout + result.stderr
        assert cli_rows(project, result.stdout) == expected_rows(project)


def test_run_check_in_process_never_imports_scanned_modules(make_project, tmp_path):
    markers = tmp_path / "markers"
    project = trapped_project(make_project, markers, stdlib_at_root=True, generated=70)
    before = {name: getattr(module, "__file__", None) for name, module in sys.modules.items()}
    file_system = LocalFileSystem()
    projects = load_projects(file_system, [project.abs("contracts/ssot.toml")])
    cache = DirectoryCacheStore(str(tmp_path / "cache"), str(project.root))
    results = [
        run_check(file_system, projects, TODAY, runner=SerialRunner()),
        run_check(file_system, projects, TODAY, runner=ProcessRunner(2)),
        run_check(file_system, projects, TODAY, runner=SerialRunner(), cache=cache),
        run_check(file_system, projects, TODAY, runner=SerialRunner(), cache=cache),
    ]
    for result in results:
        rows = {(project.rel(f.path), f.line, f.column, f.code) for f in result.findings}
        assert rows == expected_rows(project)
    assert_nothing_ran(markers)
    assert not [name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + ".")]
    root = str(project.root)
    loaded_from_project = [
        name for name, module in sys.modules.items() if str(getattr(module, "__file__", None) or "").startswith(root)
    ]
    assert loaded_from_project == []
    # The standard-library names still mean the standard library.
    for name in STDLIB_NAMES:
        if name in sys.modules and name in before:
            assert getattr(sys.modules[name], "__file__", None) == before[name]


# -- lint-imports with the SSOT contract ---------------------------------------------------------


def test_lint_imports_with_the_ssot_contract_never_executes_scanned_code(make_project, tmp_path):
    """grimp reads files without importing them; the contract runs the same engine.

    Only the package is a root package here: import-linter resolves root packages
    through the import system, so a root package named ``json`` would be the
    standard library's (and import-linter itself puts the current directory first on
    sys.path, which is import-linter's business, not this contract's).
    """
    markers = tmp_path / "markers"
    project = trapped_project(make_project, markers, stdlib_at_root=False)
    (project.root / ".importlinter").write_text(
        "[importlinter]\n"
        f"root_packages =\n    {PACKAGE}\n"
        "contract_types =\n    ssot: importlinter_ssot.contracts.SsotContract\n\n"
        "[importlinter:contract:ssot]\nname = SSOT\ntype = ssot\npolicy = contracts/ssot.toml\n",
        encoding="utf-8",
    )
    result = run([console_script("lint-imports"), "--no-cache"], project.root)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    assert cli_rows(project, "\n".join(line.removeprefix("- ") for line in result.stdout.splitlines())) == (
        expected_rows(project)
    )
    assert_nothing_ran(markers)


# -- flake8 with the plugin ----------------------------------------------------------------------


def test_flake8_with_the_plugin_never_executes_scanned_code(make_project, tmp_path):
    markers = tmp_path / "markers"
    project = trapped_project(make_project, markers, stdlib_at_root=True)
    checked = [PACKAGE, *(f"{name}.py" for name in STDLIB_NAMES)]
    for jobs in ("1", "2"):
        result = run(
            [
                console_script("flake8"),
                "--isolated",
                "--select",
                "SOT",
                "--jobs",
                jobs,
                "--ssot-policy",
                "contracts/ssot.toml",
                *checked,
            ],
            project.root,
        )
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 1, result.stdout + result.stderr
        assert cli_rows(project, result.stdout) == expected_rows(project)
        assert_nothing_ran(markers)
