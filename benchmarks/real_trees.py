"""Real codebases for the benchmark: pinned source distributions, their SSOT policies and ruff configs.

    python benchmarks/real_trees.py list
    python benchmarks/real_trees.py prepare homeassistant ansible [--cache DIR]
    python benchmarks/real_trees.py sources homeassistant [--cache DIR]

``prepare(name, cache_dir)`` downloads the pinned source distribution once
(``pip download --no-deps --no-binary :all: NAME==VERSION`` into ``cache_dir/downloads``,
checked against its sha256), unpacks it into ``cache_dir/<name>-<version>/`` and writes into
that tree

- ``contracts/ssot.toml``: the SSOT policy, a copy of ``benchmarks/real/<name>.toml``;
- ``contracts/ssot_comparable.toml``: the subset of it that ruff's TID251 can express (no
  ``allow_importers``, no module globs, no ``[[duplicates]]``, no budgets), derived from it;
- ``ruff.toml``: a copy of ``benchmarks/real/<name>.ruff.toml``, the TID251 ``banned-api``
  equivalent of the comparable policy;
- ``pyproject.toml``: a project marker, only when the source distribution has none.

The source distributions carry ruff configurations of their own (Home Assistant's
``pyproject.toml`` has a ``[tool.ruff]`` table, ansible's collections have dozens of
``pyproject.toml`` and ``ruff.toml`` files): ruff must be run with ``--config ruff.toml`` (which
makes it ignore every other configuration file) on the root packages (``RealTree.ruff_paths``),
as ``benchmarks/run.py --real`` does, so that both tools check the same files with the same bans.

``sources`` lists, for each governed name of a prepared tree's policy, the first-party modules
other than the canonical ones it is imported from (relative imports resolved): ruff cannot say
"any other first-party module" (SOT002), so ``<name>.ruff.toml`` bans each of them by name.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
REAL = HERE / "real"
MARKER = ".real-tree.json"  # written last by the unpacking: its presence means the tree is complete
CONFIG_VERSION = 1  # bump when the files prepare() writes into a tree change shape


@dataclass(frozen=True)
class RealTree:
    """A real codebase, pinned: where it comes from and how it is laid out."""

    name: str
    distribution: str  # the name on the package index
    version: str
    sha256: str  # of the source distribution
    root_packages: tuple[str, ...]
    today: str  # the date deprecations are judged on (SSOT_TODAY), so that runs are reproducible
    edit_target: str  # the file the `edit` mode appends a comment to (relative to the tree)
    summary: str
    source_roots: tuple[str, ...] = (".",)
    exclude: tuple[str, ...] = ()

    @property
    def requirement(self) -> str:
        return f"{self.distribution}=={self.version}"

    @property
    def directory_name(self) -> str:
        return f"{self.name}-{self.version}"

    @property
    def policy_file(self) -> Path:
        return REAL / f"{self.name}.toml"

    @property
    def ruff_file(self) -> Path:
        return REAL / f"{self.name}.ruff.toml"

    @property
    def ruff_paths(self) -> list[str]:
        """What ruff is given to check: the root packages under each source root (as ssot scans)."""
        paths = []
        for source_root in self.source_roots:
            for package in self.root_packages:
                path = Path(source_root) / package
                paths.append(path.as_posix())
        return paths


REAL_TREES: dict[str, RealTree] = {
    tree.name: tree
    for tree in (
        RealTree(
            name="homeassistant",
            distribution="homeassistant",
            version="2024.3.3",
            sha256="f62f2c9efa330ca82f70441f93d29361fa87c506c3065baf02b5d85559cdbe70",
            root_packages=("homeassistant",),
            today="2024-06-01",
            edit_target="homeassistant/components/demo/sensor.py",
            summary="Home Assistant core: one package, ~1,000 integrations under homeassistant/components",
        ),
        RealTree(
            name="ansible",
            distribution="ansible",
            version="12.3.0",
            sha256="02721f6fb432ddd47f1044ac49b04b5e9ae08890bd427def8df3db1607aeec51",
            root_packages=("ansible_collections",),
            today="2026-01-15",
            edit_target="ansible_collections/community/general/plugins/modules/ini_file.py",
            summary="the ansible community package: ~100 collections in the namespace package ansible_collections "
            "(no __init__.py at its top)",
        ),
    )
}


def default_cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "ssot-bench" / "real"


def get(name: str) -> RealTree:
    try:
        return REAL_TREES[name]
    except KeyError:
        raise SystemExit(f"unknown real tree {name!r}: choose from {', '.join(REAL_TREES)}") from None


# --------------------------------------------------------------------------------------
# Download and unpack
# --------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _archives(downloads: Path, tree: RealTree) -> list[Path]:
    if not downloads.is_dir():
        return []
    prefixes = {f"{tree.distribution}-{tree.version}", f"{tree.distribution.replace('-', '_')}-{tree.version}"}
    return sorted(
        path
        for path in downloads.iterdir()
        if path.name.endswith((".tar.gz", ".tgz", ".zip")) and any(path.name.startswith(p) for p in prefixes)
    )


def download(tree: RealTree, cache_dir: Path, python: str = sys.executable) -> Path:
    """The source distribution in ``cache_dir/downloads`` (downloaded the first time only)."""
    downloads = cache_dir / "downloads"
    for archive in _archives(downloads, tree):
        if _sha256(archive) == tree.sha256:
            return archive
    downloads.mkdir(parents=True, exist_ok=True)
    command = [python, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", tree.requirement]
    print(f"downloading {tree.requirement}: {' '.join(command[1:])} -d {downloads}", file=sys.stderr, flush=True)
    subprocess.run([*command, "-d", str(downloads)], check=True, stdout=subprocess.DEVNULL)
    for archive in _archives(downloads, tree):
        digest = _sha256(archive)
        if digest == tree.sha256:
            return archive
        raise SystemExit(f"{archive}: sha256 {digest}, expected {tree.sha256} for {tree.requirement}")
    raise SystemExit(f"pip download {tree.requirement} left no source distribution in {downloads}")


def _extract(archive: Path, destination: Path) -> None:
    if archive.name.endswith(".zip"):
        shutil.unpack_archive(archive, destination)
        return
    with tarfile.open(archive) as handle:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4+, 3.10.12+: no absolute paths, no links out
            handle.extractall(destination, filter="data")
        else:  # pragma: no cover - older Pythons
            handle.extractall(destination)  # noqa: S202 - a pinned, checksummed archive


def unpack(tree: RealTree, archive: Path, cache_dir: Path) -> Path:
    """``cache_dir/<name>-<version>/``, unpacked from ``archive`` unless already complete."""
    target = cache_dir / tree.directory_name
    marker = target / MARKER
    if marker.exists():
        try:
            if json.loads(marker.read_text(encoding="utf-8")).get("sha256") == tree.sha256:
                return target
        except (OSError, ValueError):
            pass
    print(f"unpacking {archive.name} into {target}", file=sys.stderr, flush=True)
    if target.exists():
        shutil.rmtree(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{tree.directory_name}-", dir=cache_dir))
    try:
        _extract(archive, staging)
        entries = list(staging.iterdir())
        top = entries[0] if len(entries) == 1 and entries[0].is_dir() else staging
        if top is staging:
            shutil.move(str(staging), str(target))
        else:
            os.replace(top, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    files = python_files(tree, target)
    marker.write_text(
        json.dumps(
            {
                "name": tree.name,
                "requirement": tree.requirement,
                "sha256": tree.sha256,
                "python_files": len(files),
                "total_bytes": sum(path.stat().st_size for path in files),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return target


def python_files(tree: RealTree, root: Path) -> list[Path]:
    """The ``*.py`` files below the root packages (what both tools check; excludes not applied)."""
    return sorted(path for relative in tree.ruff_paths for path in (root / relative).rglob("*.py") if path.is_file())


# --------------------------------------------------------------------------------------
# The configuration files written into a tree
# --------------------------------------------------------------------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml_value(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


def _is_glob(name: str) -> bool:
    return any(character in name for character in "*?[")


def comparable_policy_text(policy_text: str, source: str) -> str:
    """The subset of a policy that ruff's TID251 expresses: what ``contracts/ssot_comparable.toml`` holds.

    Dropped: ``[[duplicates]]``, ``max_import_patterns``, and every ``[[symbol]]`` or
    ``[[module]]`` with ``allow_importers`` or (modules) a glob name.
    """
    document = tomllib.loads(policy_text)
    settings = dict(document["policy"])
    settings["name"] = f"{settings.get('name', 'policy')} (ruff-comparable subset)"
    lines = [
        f"# Derived from {source} by benchmarks/real_trees.py: the subset ruff's TID251 (ruff.toml)",
        "# expresses. No allow_importers, no module globs, no duplicates, no budgets.",
        "",
        "[policy]",
        *(f"{key} = {_toml_value(value)}" for key, value in settings.items()),
    ]
    for symbol in document.get("symbol", []):
        if symbol.get("allow_importers"):
            continue
        lines += ["", "[[symbol]]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in symbol.items() if key != "max_import_patterns"]
    for module in document.get("module", []):
        if module.get("allow_importers") or _is_glob(module["name"]):
            continue
        lines += ["", "[[module]]", *(f"{key} = {_toml_value(value)}" for key, value in module.items())]
    return "\n".join(lines) + "\n"


def pyproject_text(tree: RealTree) -> str:
    return (
        "# Project marker written by benchmarks/real_trees.py (the source distribution has none).\n"
        f'[project]\nname = "{tree.distribution}"\nversion = "{tree.version}"\n'
    )


def write_configs(tree: RealTree, root: Path) -> None:
    """Write (or refresh) the policies, ruff.toml and the project marker into the unpacked tree."""
    policy_text = tree.policy_file.read_text(encoding="utf-8")
    contracts = root / "contracts"
    contracts.mkdir(exist_ok=True)
    (contracts / "ssot.toml").write_text(policy_text, encoding="utf-8")
    (contracts / "ssot_comparable.toml").write_text(
        comparable_policy_text(policy_text, f"benchmarks/real/{tree.policy_file.name}"), encoding="utf-8"
    )
    (root / "ruff.toml").write_text(tree.ruff_file.read_text(encoding="utf-8"), encoding="utf-8")
    if not (root / "pyproject.toml").exists():
        (root / "pyproject.toml").write_text(pyproject_text(tree), encoding="utf-8")


def prepare(name: str, cache_dir: Path | None = None) -> Path:
    """Download (once), unpack (once) and configure the real tree ``name``; its directory."""
    tree = get(name)
    cache_dir = (cache_dir or default_cache_dir()).resolve()
    cache_dir.mkdir(parents=True, exist_ok=True)
    root = unpack(tree, download(tree, cache_dir), cache_dir)
    write_configs(tree, root)
    return root


def manifest(name: str, root: Path) -> dict[str, Any]:
    """What benchmarks/run.py reports about a prepared tree (the counts come from the unpacking)."""
    tree = get(name)
    unpacked = json.loads((root / MARKER).read_text(encoding="utf-8"))
    return {
        "name": tree.name,
        "requirement": tree.requirement,
        "sha256": tree.sha256,
        "summary": tree.summary,
        "root_packages": list(tree.root_packages),
        "source_roots": list(tree.source_roots),
        "exclude": list(tree.exclude),
        "today": tree.today,
        "policy": "contracts/ssot.toml",
        "comparable_policy": "contracts/ssot_comparable.toml",
        "ruff_config": "ruff.toml",
        "ruff_paths": tree.ruff_paths,
        "edit_target": tree.edit_target,
        "python_files": unpacked["python_files"],
        "total_bytes": unpacked["total_bytes"],
        "average_bytes": unpacked["total_bytes"] / max(unpacked["python_files"], 1),
    }


# --------------------------------------------------------------------------------------
# Where governed names are imported from (to keep <name>.ruff.toml's symbol bans complete)
# --------------------------------------------------------------------------------------


def _module_of(path: Path, source_root: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(source_root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str | None:
    if level == 0:
        return module
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    if level - 1 > len(base):
        return None
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([module] if module else [])]) or None


def symbol_sources(tree: RealTree, root: Path, policy: dict[str, Any] | None = None) -> dict[str, dict[str, int]]:
    """Governed name -> {first-party module it is imported from, not canonical: count}."""
    policy = policy or tomllib.loads(tree.policy_file.read_text(encoding="utf-8"))
    governed: dict[str, set[str]] = {}
    for symbol in policy.get("symbol", []):
        canonical = set(symbol.get("canonical", [symbol["defined_in"]]))
        for name in [symbol["name"], *symbol.get("aliases", [])]:
            governed[name] = canonical
    roots = set(tree.root_packages)
    found: dict[str, dict[str, int]] = {name: {} for name in governed}
    for source_root in tree.source_roots:
        base = root / source_root
        for package in tree.root_packages:
            for path in sorted((base / package).rglob("*.py")):
                try:
                    parsed = ast.parse(path.read_bytes())
                except (SyntaxError, ValueError):
                    continue
                importer, is_package = _module_of(path, base)
                for node in ast.walk(parsed):
                    if not isinstance(node, ast.ImportFrom):
                        continue
                    module = _absolute(node.module, node.level, importer, is_package)
                    if module is None or module.split(".")[0] not in roots:
                        continue
                    for alias in node.names:
                        if alias.name in governed and module not in governed[alias.name]:
                            found[alias.name][module] = found[alias.name].get(module, 0) + 1
    return found


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def _names(values: Iterable[str]) -> list[str]:
    names = [name for value in values for name in value.split(",") if name]
    return names or list(REAL_TREES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("list", "prepare", "sources"))
    parser.add_argument("names", nargs="*", help="real trees (default: all)")
    parser.add_argument("--cache", type=Path, default=default_cache_dir(), help="download and unpack here")
    arguments = parser.parse_args(argv)
    if arguments.command == "list":
        for tree in REAL_TREES.values():
            print(f"{tree.name:<16} {tree.requirement:<28} roots {', '.join(tree.root_packages)}: {tree.summary}")
        return 0
    for name in _names(arguments.names):
        root = prepare(name, arguments.cache)
        if arguments.command == "prepare":
            info = manifest(name, root)
            print(f"{name}: {root} ({info['python_files']} files, {info['total_bytes'] / 1e6:.0f} MB of Python)")
        else:
            for governed, modules in symbol_sources(get(name), root).items():
                listed = ", ".join(f"{module} ({count})" for module, count in sorted(modules.items())) or "-"
                print(f"{name}: {governed}: {listed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
