"""``python -m tools.new_rule``, run in a scratch copy of this repository: the rule it adds is complete.

The copy holds this checkout's files (tracked and untracked, not ignored). There the scaffolder
adds a rule; then the checks CI runs on the repository (.ci/run) pass in the copy — the docs
and goldens up to date, ruff, mypy, the import contracts — and so do the new rule's tests and
every test that lists codes, goldens or docs (not the whole suite: that is this one's job here).
The files that changed are exactly the three the scaffolder creates, the registry, and files
``docs/generate.py`` owns. And a cache written before the rule existed does not hide it.

Everything runs as real processes with the copy's package first on ``PYTHONPATH`` and this
interpreter (its installed dependencies, the flake8 entry point, which imports the copy's plugin).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from importlinter_ssot.domain.rules.registry import RULES

from support.front_ends import console_script

REPOSITORY = Path(__file__).resolve().parents[2]
NAME = "demo-rule"
MODULE = "demo_rule"
MARKER = "DEMO_RULE_MARKER"
# A code no rule has: the highest free one.
CODE = next(code for code in (f"SOT{number:03}" for number in range(999, 0, -1)) if code not in {r.code for r in RULES})
CREATED = {
    f"importlinter_ssot/domain/rules/{MODULE}.py",
    f"tests/rules/test_rules_{MODULE}.py",
    f"docs/examples/project/chat/{MODULE}_example.py",
}
EDITED = {"importlinter_ssot/domain/rules/registry.py"}
# Generated files a new per-file rule must change: the rules' docs and table, the recorded
# examples, the plugin's and the error lists, and the SARIF report (its driver lists every rule).
MUST_REGENERATE = {
    "docs/rules.md",
    "README.md",
    "docs/editors.md",
    "docs/import-linter.md",
    "importlinter_ssot/adapters/rule_examples.json",
    "tests/expected/formats/example.sarif",
}
# What the copy's tests run: the new rule's, and every test of code lists, goldens and docs.
TESTS = (
    f"tests/rules/test_rules_{MODULE}.py",
    "tests/gate/test_selection.py",
    "tests/front_ends/test_formats.py",
    "tests/test_example.py",
    "tests/rules/test_rule_docs.py",
    "tests/rules/test_code_literals.py",
    "tests/rules/test_code_lists.py",
    "tests/front_ends/test_flake8_plugin.py::test_flake8_agrees_with_ssot_check_on_every_per_file_rule_of_the_examples",
)


def checkout_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPOSITORY,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the files to copy are the checkout's")
    return [name for name in listed.stdout.decode().split("\0") if name and (REPOSITORY / name).is_file()]


def snapshot(root: Path, names: list[str]) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in names if (root / name).is_file()}


def run(root: Path, *command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SSOT_")}
    environment["PYTHONPATH"] = str(root)
    return subprocess.run(
        command, cwd=cwd or root, env=environment, capture_output=True, text=True, timeout=600, check=False
    )


def check_marked_project(root: Path, project: Path) -> subprocess.CompletedProcess[str]:
    """``ssot check`` with a cache, on a project binding the marker, by the copy's engine."""
    return run(root, sys.executable, "-m", "importlinter_ssot", "check", "--cache-dir", ".cache", cwd=project)


def test_a_scaffolded_rule_is_complete_in_a_copy_of_the_repository(tmp_path: Path) -> None:
    copy = tmp_path / "repository"
    names = checkout_files()
    for name in names:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPOSITORY / name, copy / name)
    before = snapshot(copy, names)

    # A project whose cache is written before the rule exists (its file then matters to no check).
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "app").mkdir()
    (project / "app" / "__init__.py").write_text("", encoding="utf-8")
    (project / "app" / "marked.py").write_text(f"{MARKER} = 1\n", encoding="utf-8")
    (project / "contracts").mkdir()
    (project / "contracts" / "ssot.toml").write_text('[policy]\nroot_packages = ["app"]\n', encoding="utf-8")
    cold = check_marked_project(copy, project)
    assert cold.returncode == 0 and CODE not in cold.stdout, cold.stdout + cold.stderr
    assert (project / ".cache").is_dir()

    scaffolded = run(copy, sys.executable, "-m", "tools.new_rule", CODE, NAME)
    assert scaffolded.returncode == 0, scaffolded.stdout + scaffolded.stderr
    assert {line.split(" ", 1)[1] for line in scaffolded.stdout.splitlines() if line.startswith("created ")} == CREATED

    # Only the scaffolder's files and generated ones changed.
    after = snapshot(copy, sorted({*names, *CREATED}))
    changed = {name for name in after.keys() | before.keys() if after.get(name) != before.get(name)}
    listed = run(copy, sys.executable, "docs/generate.py", "--list")
    generated = set(listed.stdout.split())
    assert listed.returncode == 0 and generated, listed.stderr
    assert CREATED | EDITED | MUST_REGENERATE <= changed
    assert changed - CREATED - EDITED <= generated, "the scaffold changed a file nothing generates"

    # The cache written without the rule does not hide it.
    warm = check_marked_project(copy, project)
    assert warm.returncode == 1, warm.stdout + warm.stderr
    assert f"app/marked.py:1:1: {CODE} `{MARKER}` is bound here" in warm.stdout

    # What CI checks on the repository holds in the copy.
    for command in [
        (sys.executable, "docs/generate.py", "--check"),
        (sys.executable, "-m", "ruff", "check", "--quiet", "."),
        (sys.executable, "-m", "ruff", "format", "--check", "--quiet", "."),
        (sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "importlinter_ssot", "tools"),
        (console_script("lint-imports"), "--no-cache"),
        (sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", *TESTS),
    ]:
        result = run(copy, *command)
        assert result.returncode == 0, f"{' '.join(command[1:])}:\n{result.stdout}\n{result.stderr}"


def test_the_tools_are_not_shipped() -> None:
    # The wheel holds the packages setup.cfg includes: importlinter_ssot and its subpackages only.
    import configparser
    import fnmatch

    setup = configparser.ConfigParser()
    setup.read(REPOSITORY / "setup.cfg", encoding="utf-8")
    included = setup["options.packages.find"]["include"].replace(",", " ").split()
    assert not any(fnmatch.fnmatch(package, pattern) for package in ("tools", "tools.new_rule") for pattern in included)


def test_the_scaffolder_refuses_a_code_or_a_name_the_registry_has(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPOSITORY))  # `tools` is a package of the repository root
    from tools.new_rule import ScaffoldError, plan
    from tools.rule_template import Names

    codes, names = [rule.code for rule in RULES], [rule.name for rule in RULES]
    for code, name, reason in [
        (RULES[0].code, NAME, f"{RULES[0].code} is already a rule"),
        (CODE, RULES[0].name, f"`{RULES[0].name}` is already a rule's name"),
        ("SOT1", NAME, "is not a code"),
        (CODE, "Demo_Rule", "is not a rule name"),
    ]:
        with pytest.raises(ScaffoldError, match=reason):
            plan(Names(code, name, "error"), REPOSITORY, codes, names)  # plans only: writes nothing
    scaffold = plan(Names(CODE, NAME, "warning"), REPOSITORY, codes, names)
    assert {path.as_posix() for path, _ in scaffold.created} == CREATED
    assert f"    {MODULE},\n" in scaffold.registry and f"    {MODULE}.CHECK,\n" in scaffold.registry
    assert "severity=Severity.WARNING" in dict(scaffold.created)[Path(f"importlinter_ssot/domain/rules/{MODULE}.py")]
