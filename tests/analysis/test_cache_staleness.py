"""The cache never serves a stale answer: whatever changed since an entry was recorded is seen.

- ``--fix`` records the verdicts it decided on the files it wrote; the next ``ssot check``,
  ``ssot report`` and ``lint-imports`` must equal a run without a cache, SOT040's runtime
  facts included (the fix's own evaluation does not read them).
- A file that cannot be read any more (``chmod``) keeps no old findings: a change of mode or
  ctime makes its entry untrusted, and reading it fails (SOT900).
- A changed engine — a rule's message, a rule added, any file of the package — is not served
  the old engine's verdicts, even at the same version; an identical engine reinstalled (new
  mtimes) still is.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import importlinter_ssot
from importlinter_ssot.adapters import cache_store, engine_identity
from importlinter_ssot.adapters.cache_store import DirectoryCacheStore
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.analysis import scheduling
from importlinter_ssot.application.analysis.check import run_check
from importlinter_ssot.application.policy.policy_loading import load_projects
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.registry import RULES

from support.commands import ssot_command
from support.front_ends import PYTHON_M_SSOT, lint_imports_in_process, process_environment, run_variables

TODAY = "2026-06-01"
DATE = datetime.date(2026, 6, 1)

POLICY = """
[policy]
name = "staleness"
root_packages = ["staleapp"]

[[symbol]]
name = "Manager"
defined_in = "staleapp.core.impl"
canonical = ["staleapp.core"]
deprecated = [{ module = "staleapp.old" }, { module = "staleapp.older" }]

[[symbol]]
name = "Helper"
defined_in = "staleapp.core.impl"
canonical = ["staleapp.core"]
"""

FILES = {
    "staleapp/__init__.py": "",
    "staleapp/core/__init__.py": "from .impl import Helper, Manager\n",
    "staleapp/core/impl.py": "class Manager:\n    pass\n\n\nclass Helper:\n    pass\n",
    # A deprecated module that does not warn (SOT040), with an import --fix rewrites.
    "staleapp/old.py": "from staleapp.core.impl import Helper, Manager\n",
    # A deprecated module that warns through a helper, whose file --fix rewrites too.
    "staleapp/older.py": (
        "from staleapp.core.impl import Manager\nfrom staleapp.helpers import moved\n\nmoved(__name__)\n"
    ),
    "staleapp/helpers.py": (
        "import warnings\nfrom staleapp.core.impl import Helper\n\n\n"
        "def moved(name):\n    warnings.warn(f'{name} moved', DeprecationWarning, stacklevel=3)\n"
    ),
    "staleapp/user.py": "from staleapp.core import Manager\n",
    ".importlinter": (
        "[importlinter]\nroot_packages =\n    staleapp\n"
        "contract_types =\n    ssot: importlinter_ssot.contracts.SsotContract\n\n"
        "[importlinter:contract:ssot]\nname = SSOT\ntype = ssot\npolicy = contracts/ssot.toml\n"
    ),
}


def age(root: Path) -> None:
    """Files older than the cache's trust margin, so that warm runs really trust their stat."""
    an_hour_ago = int((time.time() - 3600) * 1e9)
    for path in root.rglob("*.py"):
        os.utime(path, ns=(an_hour_ago, an_hour_ago))


def finding_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if ": SOT" in line]


# -- after --fix -------------------------------------------------------------------------------------


def test_after_fix_the_warm_check_report_and_lint_imports_equal_runs_without_a_cache(make_project) -> None:
    project = make_project(FILES, POLICY)
    root = project.root
    before = ssot_command("check", "--no-cache", cwd=root, today=TODAY).stdout
    assert "staleapp/old.py:1:1: SOT040" in before and "staleapp/older.py:1:1: SOT040" not in before
    assert "staleapp/old.py:1:32: SOT002" in before and "staleapp/helpers.py:2:32: SOT002" in before

    fixed = ssot_command("check", "--fix", cwd=root, today=TODAY)
    assert "2 fixed in 2 files" in fixed.stdout, fixed.stdout
    expected = ssot_command("check", "--no-cache", cwd=root, today=TODAY).stdout
    # The fixed deprecated module still does not warn; the other still warns through its fixed helper.
    sot040 = [line for line in finding_lines(before) if "SOT040" in line]
    assert finding_lines(expected) == sot040
    assert finding_lines(fixed.stdout) == finding_lines(expected)
    assert ssot_command("check", cwd=root, today=TODAY).stdout == expected

    report = ssot_command("report", "--format", "json", cwd=root, today=TODAY).stdout
    assert json.loads(report) == json.loads(
        ssot_command("report", "--format", "json", "--no-cache", cwd=root, today=TODAY).stdout
    )
    linted = lint_imports_in_process(cwd=root, today=TODAY, pythonpath=root)
    (root / ".importlinter").write_text(FILES[".importlinter"] + "cache = false\n", encoding="utf-8")
    assert linted.stdout == lint_imports_in_process(cwd=root, today=TODAY, pythonpath=root).stdout
    assert "SOT040" in linted.stdout


# -- a file made unreadable -------------------------------------------------------------------------


class UnreadableWithoutReadBits(LocalFileSystem):
    """The local file system as a normal user sees it: no read bit, no read (root reads anyway)."""

    def read_bytes(self, path: str) -> bytes:
        if not os.stat(path).st_mode & 0o444:
            raise PermissionError(13, "Permission denied", path)
        return super().read_bytes(path)


def check_rows(root: Path, file_system: LocalFileSystem, cache_dir: Path | None) -> list[tuple[str, int, int, str]]:
    projects = load_projects(file_system, [(root / "contracts/ssot.toml").as_posix()])
    cache = None if cache_dir is None else DirectoryCacheStore(str(cache_dir), str(root))
    result = run_check(file_system, projects, DATE, runner=SerialRunner(), cache=cache)
    return [(os.path.relpath(f.path, root), f.line, f.column, f.code) for f in result.findings]


@pytest.mark.parametrize("file_system", [UnreadableWithoutReadBits, LocalFileSystem], ids=["any-user", "real-chmod"])
def test_a_file_made_unreadable_after_a_warm_run_is_sot900_not_its_old_findings(
    make_project, tmp_path: Path, file_system
) -> None:
    if file_system is LocalFileSystem and os.geteuid() == 0:
        pytest.skip("as root, chmod 000 does not stop reading: the any-user case proves it through the file system")
    project = make_project(FILES, POLICY)
    age(project.root)
    cache_dir = tmp_path / "cache"
    files = file_system()
    check_rows(project.root, files, cache_dir)
    warm = check_rows(project.root, files, cache_dir)
    assert ("staleapp/old.py", 1, 32, "SOT002") in warm
    victim = project.root / "staleapp/old.py"
    victim.chmod(0)
    try:
        rows = check_rows(project.root, files, cache_dir)
        assert rows == check_rows(project.root, files, None)
    finally:
        victim.chmod(0o644)
    assert [row for row in rows if row[0] == "staleapp/old.py"] == [("staleapp/old.py", 1, 1, "SOT900")]


# -- another engine ---------------------------------------------------------------------------------


def test_another_engine_identity_misses_the_cache(make_project, monkeypatch) -> None:
    project = make_project(FILES, POLICY)
    age(project.root)
    expected = ssot_command("check", "--no-cache", cwd=project.root, today=TODAY).stdout
    assert ssot_command("check", cwd=project.root, today=TODAY).stdout == expected
    parsed: list[bytes] = []
    real_parse = scheduling.parse_source
    monkeypatch.setattr(scheduling, "parse_source", lambda data, *rest: parsed.append(data) or real_parse(data, *rest))
    assert ssot_command("check", cwd=project.root, today=TODAY).stdout == expected
    assert parsed == [], "the same engine: everything from the cache"
    monkeypatch.setattr(cache_store, "engine_identity", lambda: "an engine with another rule")
    assert ssot_command("check", cwd=project.root, today=TODAY).stdout == expected
    assert len(parsed) >= 5, "another engine: nothing from the cache"


def test_every_rule_code_keys_the_cache(make_project, monkeypatch) -> None:
    """A rule added (or removed) changes the key, whichever check decides it."""
    project = make_project(FILES, POLICY)
    policy = load_projects(LocalFileSystem(), [project.abs("contracts/ssot.toml")])[0].policy
    context = RuleContext(policy, DATE)
    key = scheduling._context_key(context)
    for rule in RULES:
        monkeypatch.setattr(scheduling, "RULES", tuple(other for other in RULES if other is not rule))
        assert scheduling._context_key(context) != key, rule.code


def engine_run(root: Path, package_copy: Path) -> subprocess.CompletedProcess[str]:
    """``ssot check`` by the engine in ``package_copy`` (a copy of the package, imported first)."""
    return subprocess.run(
        [*PYTHON_M_SSOT, "check"],
        cwd=root,
        env=process_environment({**run_variables(today=TODAY), "PYTHONPATH": str(package_copy)}),
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_package(destination: Path) -> Path:
    """A copy of the installed package under ``destination`` (new mtimes, as a fresh CI virtualenv has)."""
    source = Path(importlinter_ssot.__file__).parent
    shutil.copytree(source, destination / "importlinter_ssot", ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def test_a_changed_rule_message_misses_the_cache_and_a_reinstalled_engine_hits_it(make_project, tmp_path) -> None:
    project = make_project(FILES, POLICY)
    age(project.root)
    original = ssot_command("check", cwd=project.root, today=TODAY).stdout
    assert "imported from non-canonical" in original
    (section,) = (project.root / ".ssot_cache").glob("results-*.bin")
    cached = section.read_bytes()

    same = copy_of_the_package(tmp_path / "same")
    run = engine_run(project.root, same)
    assert run.stdout == original, run.stderr
    assert section.read_bytes() == cached, "an identical engine installed elsewhere reuses every entry"

    edited = copy_of_the_package(tmp_path / "edited")
    rule_module = edited / "importlinter_ssot/domain/rules/symbol_paths.py"
    text = rule_module.read_text(encoding="utf-8")
    assert "imported from non-canonical" in text
    rule_module.write_text(text.replace("imported from non-canonical", "imported via non-canonical"), "utf-8")
    run = engine_run(project.root, edited)
    assert "imported via non-canonical" in run.stdout and "imported from non-canonical" not in run.stdout, run.stderr
    assert run.stdout == original.replace("imported from non-canonical", "imported via non-canonical")
    assert section.read_bytes() != cached


def test_the_engine_identity_is_computed_once_per_install(tmp_path, monkeypatch) -> None:
    """The content hash is memoised under the files' stat signature; it is the content that counts."""
    package = copy_of_the_package(tmp_path / "copy") / "importlinter_ssot"
    hashed: list[str] = []
    real_hash = engine_identity.content_hash
    monkeypatch.setattr(engine_identity, "content_hash", lambda *args: hashed.append(args[0]) or real_hash(*args))
    first = engine_identity.package_identity(str(package))
    assert engine_identity.package_identity(str(package)) == first
    assert len(hashed) == 1, "the second run only stats the files"
    assert first == engine_identity.engine_identity(), "the same sources, elsewhere: the same engine"

    module = package / "domain/rules/registry.py"
    os.utime(module, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    assert engine_identity.package_identity(str(package)) == first  # new mtimes, same content
    assert len(hashed) == 2
    module.write_text(module.read_text(encoding="utf-8") + "\n# another rule\n", encoding="utf-8")
    assert engine_identity.package_identity(str(package)) != first
    (package / "schema" / "extra.json").write_text("{}", encoding="utf-8")  # data files count too
    assert len({engine_identity.package_identity(str(package)), first}) == 2


def test_a_python_path_copy_is_what_the_subprocess_runs(tmp_path) -> None:
    """The engine_run helper really runs the copy (else the tests above would prove nothing)."""
    copy = copy_of_the_package(tmp_path / "copy")
    run = subprocess.run(
        [sys.executable, "-c", "import importlinter_ssot; print(importlinter_ssot.__file__)"],
        cwd=tmp_path,  # as engine_run runs it: from a project, not from this repository
        env=process_environment({"PYTHONPATH": str(copy)}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.strip() == str(copy / "importlinter_ssot" / "__init__.py")
