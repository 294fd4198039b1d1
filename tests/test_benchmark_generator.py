"""The benchmark tree generator (benchmarks/generate.py): fast checks on small trees.

The benchmarks themselves (benchmarks/run.py and its jobs in benchmarks/runs/) are not run
here: timings are not tests. Only the generator's promises are: exact size, determinism, a
policy that parses, the awkward shapes real monorepos have, and a ruff configuration
equivalent to the comparable policy (checked against ruff itself when ruff is installed).

``ssot check`` runs in process on the generated tree; the generator runs as real
processes where the hash seed matters (``PYTHONHASHSEED`` is fixed at start-up), and the
ruff comparison runs both tools as the benchmark does.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.front_ends import Run, ssot_in_process

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "benchmarks"
FILES = 120
SEED = 3


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = _load("generate")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("bench") / "tree"
    manifest = generate.generate(out, FILES, SEED)
    return out, manifest


def _python_files(root: Path) -> list[Path]:
    return sorted(path for package in ("mono", "toolkit") for path in (root / package).rglob("*.py"))


def _digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != generate.MANIFEST:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _generate_in_subprocess(out: Path, files: int, seed: int, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "generate.py"),
            "--files",
            str(files),
            "--seed",
            str(seed),
            "--out",
            str(out),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
    )


def _ssot(root: Path, policy: str) -> Run:
    return ssot_in_process("--policy", policy, cwd=root, today=generate.TODAY)


# -- size and determinism ----------------------------------------------------------------


def test_writes_exactly_the_requested_number_of_python_files(tree):
    root, manifest = tree
    assert len(_python_files(root)) == FILES == manifest["python_files"]
    assert manifest["total_bytes"] == sum(path.stat().st_size for path in _python_files(root))


def test_same_seed_gives_byte_identical_trees_whatever_the_hash_seed_and_directory(tmp_path):
    _generate_in_subprocess(tmp_path / "a", 80, 11, "1")
    _generate_in_subprocess(tmp_path / "elsewhere" / "b", 80, 11, "2")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "elsewhere" / "b")


def test_different_seeds_give_different_trees(tmp_path):
    generate.generate(tmp_path / "a", 60, 1)
    generate.generate(tmp_path / "b", 60, 2)
    assert _digest(tmp_path / "a") != _digest(tmp_path / "b")


def test_too_few_files_is_refused(tmp_path):
    with pytest.raises(ValueError):
        generate.generate(tmp_path / "t", generate.MIN_FILES - 1, 1)


# -- the policy ----------------------------------------------------------------------------


@pytest.mark.parametrize("policy", ["contracts/ssot.toml", "contracts/ssot_comparable.toml"])
def test_the_generated_policies_parse_and_the_check_runs(tree, policy):
    root, _ = tree
    result = _ssot(root, policy)
    assert result.returncode in (0, 1), result.stderr
    assert "SOT" in result.stdout  # the tree does break the policy


def test_the_full_policy_reports_every_kind_of_finding(tree):
    root, _ = tree
    codes = {line.split()[1] for line in _ssot(root, "contracts/ssot.toml").stdout.splitlines() if ": SOT" in line}
    assert {"SOT001", "SOT002", "SOT010", "SOT011", "SOT020", "SOT022", "SOT900"} <= codes


def test_the_ruff_configuration_bans_every_comparable_module_rule(tree):
    root, _ = tree
    ruff = tomllib.loads((root / "ruff.toml").read_text())
    bans = ruff["lint"]["flake8-tidy-imports"]["banned-api"]
    comparable = tomllib.loads((root / "contracts" / "ssot_comparable.toml").read_text())
    for rule in comparable["module"]:
        assert rule["name"] in bans
    for symbol in comparable["symbol"]:
        assert f"{symbol['defined_in']}.{symbol['name']}" in bans
        for canonical in symbol["canonical"]:
            assert f"{canonical}.{symbol['name']}" not in bans
    assert all("allow_importers" not in rule for rule in comparable["module"] + comparable["symbol"])
    assert all("*" not in rule["name"] for rule in comparable["module"])


# -- the shape of the tree -----------------------------------------------------------------


def test_some_files_live_in_directories_without_init(tree):
    root, manifest = tree
    without = [path for path in _python_files(root) if not (path.parent / "__init__.py").exists()]
    assert without
    assert manifest["files_without_init_dir"] == len(without)


def test_syntax_errors_are_where_the_manifest_says(tree):
    root, manifest = tree
    broken = []
    for path in _python_files(root):
        try:
            ast.parse(path.read_bytes())
        except SyntaxError:
            broken.append(path.relative_to(root).as_posix())
    assert broken and broken == manifest["syntax_error_files"]
    # In directories without __init__.py, so that grimp (lint-imports) can still build its graph.
    assert all(not (root / path).parent.joinpath("__init__.py").exists() for path in broken)


def test_imports_written_in_docstrings_and_comments_are_not_imports(tree):
    root, _ = tree
    found = 0
    for path in _python_files(root):
        text = path.read_text(encoding="utf-8")
        if "Example::" not in text:
            continue
        module = ast.parse(text)
        docstring = ast.get_docstring(module) or ""
        assert "import " in docstring.split("Example::", 1)[1]
        assert "# TODO: drop `" in text
        found += 1
    assert found


def test_every_import_form_is_used(tree):
    root, _ = tree
    forms = set()
    for path in _python_files(root):
        text = path.read_text(encoding="utf-8")
        try:
            module = ast.parse(text)
        except SyntaxError:
            continue
        for node in ast.walk(module):
            if isinstance(node, ast.Import):
                forms.add("import as" if any(a.asname for a in node.names) else "import")
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    forms.add("relative")
                if any(a.name == "*" for a in node.names):
                    forms.add("star")
                if node.end_lineno and node.end_lineno > node.lineno:
                    forms.add("multi-line")
            elif isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                forms.add("TYPE_CHECKING")
            elif isinstance(node, ast.Try) and any(
                isinstance(handler.type, ast.Name) and handler.type.id == "ImportError" for handler in node.handlers
            ):
                forms.add("try/except ImportError")
            elif isinstance(node, ast.FunctionDef) and any(
                isinstance(child, (ast.Import, ast.ImportFrom)) for child in node.body
            ):
                forms.add("in function")
    assert forms >= {
        "import",
        "import as",
        "relative",
        "star",
        "multi-line",
        "TYPE_CHECKING",
        "try/except ImportError",
        "in function",
    }


def test_the_excluded_vendored_directory_exists_and_holds_governed_imports(tree):
    root, manifest = tree
    assert manifest["vendored_files"]
    texts = [(root / path).read_text(encoding="utf-8") for path in manifest["vendored_files"]]
    assert any("unified_manager import" in text for text in texts)


# -- ssot and ruff agree on what both can express --------------------------------------------


def _load_job(name: str):
    """``benchmarks/runs/<name>.py``: a package module, imported with ``benchmarks/`` on the path as run.py has it."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(f"runs.{name}")


def test_ssot_and_ruff_agree_on_the_comparable_findings(tree):
    tools, processes, agreement = (_load_job(name) for name in ("tools", "processes", "agreement"))
    ruff = tools.find_ruff(None)
    if ruff is None:
        pytest.skip("ruff is not installed")
    root, _ = tree
    result = agreement.agreement(root, processes.base_env(generate.TODAY), sys.executable, ruff)
    assert result["status"] == "agree", result
    assert result["in_both"] >= 10
    # ruff reports every syntax error; ssot those of files that may matter (SOT900's scope).
    assert result["unparsable_ssot"] == result["unparsable_ruff_that_may_matter"] != []
    assert set(result["unparsable_ssot"]) <= set(result["unparsable_ruff"])


# -- the real trees (benchmarks/real_trees.py): registry and committed policies, no network ----------

real_trees = _load("real_trees")


@pytest.mark.parametrize("name", sorted(real_trees.REAL_TREES))
def test_each_real_tree_policy_parses_and_exercises_every_rule_kind(name, tmp_path):
    from importlinter_ssot.application.policy.policy_parsing import parse_policy

    tree = real_trees.REAL_TREES[name]
    text = tree.policy_file.read_text(encoding="utf-8")
    policy = parse_policy(text, str(tmp_path / "contracts" / "ssot.toml"), str(tmp_path))
    assert policy.root_packages == tree.root_packages
    assert policy.source_roots == tree.source_roots
    assert tuple(glob.pattern for glob in policy.exclude) == tree.exclude
    assert len(policy.symbols) >= 2
    assert all(symbol.deprecated or symbol.canonical for symbol in policy.symbols)
    statuses = {(rule.status.value, rule.until is not None) for rule in policy.modules}
    assert ("deprecated", True) in statuses and any(status == "forbidden" for status, _ in statuses)
    assert policy.duplicates
    comparable = real_trees.comparable_policy_text(text, tree.policy_file.name)
    subset = parse_policy(comparable, str(tmp_path / "contracts" / "ssot_comparable.toml"), str(tmp_path))
    assert not subset.duplicates and all(not rule.allow_importers for rule in subset.modules)
    assert all(symbol.max_import_patterns is None for symbol in subset.symbols)


@pytest.mark.parametrize("name", sorted(real_trees.REAL_TREES))
def test_each_real_tree_ruff_config_bans_what_the_comparable_policy_does(name):
    tree = real_trees.REAL_TREES[name]
    ruff = tomllib.loads(tree.ruff_file.read_text(encoding="utf-8"))
    # The same files as ssot: *.py only, the policy's excludes instead of ruff's defaults, no .gitignore.
    assert ruff["include"] == ["*.py"] and ruff["exclude"] == list(tree.exclude)
    assert ruff["respect-gitignore"] is False
    assert ruff["lint"]["select"] == ["TID251"]
    bans = set(ruff["lint"]["flake8-tidy-imports"]["banned-api"])
    comparable = tomllib.loads(real_trees.comparable_policy_text(tree.policy_file.read_text(encoding="utf-8"), "x"))
    for rule in comparable["module"]:
        assert rule["name"] in bans
    for symbol in comparable["symbol"]:
        for entry in symbol.get("deprecated", []):
            module = entry if isinstance(entry, str) else entry["module"]
            for governed in [symbol["name"], *symbol.get("aliases", [])]:
                assert f"{module}.{governed}" in bans or module in bans, (module, governed)


def test_prepare_unpacks_a_downloaded_sdist_once_and_writes_the_configs(tmp_path, monkeypatch):
    import dataclasses
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path, text in (
            ("homeassistant-0.1/homeassistant/__init__.py", ""),
            ("homeassistant-0.1/homeassistant/core.py", "class Event:\n    pass\n"),
            ("homeassistant-0.1/homeassistant/helpers/typing.py", "from homeassistant.core import Event\n"),
            ("homeassistant-0.1/homeassistant/x.py", "from homeassistant.helpers.typing import EventType\n"),
        ):
            data = text.encode()
            info = tarfile.TarInfo(path)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    downloads = tmp_path / "cache" / "downloads"
    downloads.mkdir(parents=True)
    (downloads / "homeassistant-0.1.tar.gz").write_bytes(buffer.getvalue())
    fake = dataclasses.replace(
        real_trees.REAL_TREES["homeassistant"], version="0.1", sha256=hashlib.sha256(buffer.getvalue()).hexdigest()
    )
    monkeypatch.setitem(real_trees.REAL_TREES, "homeassistant", fake)
    root = real_trees.prepare("homeassistant", tmp_path / "cache")
    assert root == (tmp_path / "cache" / "homeassistant-0.1").resolve()
    assert (root / "contracts" / "ssot.toml").read_text(encoding="utf-8") == fake.policy_file.read_text(
        encoding="utf-8"
    )
    assert (root / "ruff.toml").read_text(encoding="utf-8") == fake.ruff_file.read_text(encoding="utf-8")
    assert (root / "pyproject.toml").exists()
    assert real_trees.manifest("homeassistant", root)["python_files"] == 4
    # Unpacked once: a second prepare keeps the tree (and what was written into it).
    (root / "homeassistant" / "added.py").write_text("", encoding="utf-8")
    assert real_trees.prepare("homeassistant", tmp_path / "cache") == root
    assert (root / "homeassistant" / "added.py").exists()
    sources = real_trees.symbol_sources(fake, root)
    assert sources["EventType"] == {"homeassistant.helpers.typing": 1}
    env = {**os.environ, "SSOT_TODAY": fake.today}
    check = subprocess.run(
        [sys.executable, "-m", "importlinter_ssot", "check", "--policy", "contracts/ssot.toml"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode in (0, 1), check.stderr
    assert "SOT001" in check.stdout
