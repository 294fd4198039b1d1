"""The cache and worker processes change speed, never answers.

Each run is a fresh ``ssot check`` (in this process; ``--jobs 2`` forks its workers from
it), so a run knows of earlier ones only through the cache directory they left behind.
"""

from __future__ import annotations

import os
import time

import pytest

from importlinter_ssot.application.analysis import cache_section

POLICY = """
[policy]
name = "cache"
root_packages = ["app"]

[[symbol]]
name = "Manager"
defined_in = "app.core.impl"
canonical = ["app.core"]
deprecated = [{ module = "app.core.old", until = 2027-01-01 }]
max_import_patterns = 2

[[module]]
name = "app.legacy"
status = "forbidden"

[[duplicates]]
pattern = "*Manager"
"""


@pytest.fixture()
def project(make_project):
    files = {
        "app/__init__.py": "",
        "app/core/__init__.py": "from .impl import Manager\n",
        "app/core/impl.py": "class Manager:\n    pass\n",
        "app/core/old.py": "from app.core.impl import Manager\n",
        "app/users.py": "from app.core.old import Manager\nfrom app import legacy\n",
    }
    # Enough files for the process pool to really be used.
    for index in range(120):
        files[f"app/gen/m{index}.py"] = (
            f"from app.core import Manager\nimport os\n\ndef f{index}():\n    return Manager\n"
        )
    project = make_project(files, POLICY)
    # Files older than the cache's trust margin, so warm runs really take the stat fast path.
    an_hour_ago = int((time.time() - 3600) * 1e9)
    for path in project.root.rglob("*.py"):
        os.utime(path, ns=(an_hour_ago, an_hour_ago))
    return project


def ssot(project, *args: str, today: str = "2026-06-01") -> str:
    """The output of one ``ssot check --today TODAY ARGS`` in the project, which must not fail."""
    result = project.cli("--today", today, *args)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def reference(project, today: str = "2026-06-01") -> str:
    return ssot(project, "--no-cache", "--jobs", "1", today=today)


def test_cache_directory_is_tagged_and_ignored_by_git(project) -> None:
    ssot(project)
    cache = project.root / ".ssot_cache"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text().strip().endswith("*")


def test_cold_warm_and_parallel_runs_agree(project) -> None:
    expected = reference(project)
    assert "SOT001" in expected and "SOT011" in expected and "SOT030" in expected
    assert ssot(project) == expected  # cold, parallel, writes the cache
    assert ssot(project) == expected  # warm
    assert ssot(project, "--jobs", "2") == expected
    assert ssot(project, "--jobs", "1") == expected


def test_an_edit_between_runs_is_seen(project) -> None:
    ssot(project)
    users = project.root / "app/users.py"
    users.write_text("from app.core import Manager\n")
    assert ssot(project) == reference(project)
    assert "app/users.py" not in ssot(project)


def test_a_policy_change_between_runs_is_seen(project) -> None:
    ssot(project)
    policy = project.root / "contracts/ssot.toml"
    policy.write_text(policy.read_text().replace('status = "forbidden"', 'status = "deprecated"'))
    changed = ssot(project)
    assert changed == reference(project)
    assert "SOT010" in changed and "SOT011" not in changed


def test_a_passed_deadline_between_runs_is_seen(project) -> None:
    assert "SOT001" in ssot(project, today="2026-06-01")
    later = ssot(project, today="2027-06-01")
    assert later == reference(project, today="2027-06-01")
    assert "SOT003" in later


def test_added_and_removed_files_are_seen(project) -> None:
    ssot(project)
    project.write({"app/extra.py": "class ExtraManager:\n    pass\nfrom app.core.old import Manager\n"})
    project.write({"app/more.py": "class ExtraManager:\n    pass\n"})
    added = ssot(project)
    assert added == reference(project)
    assert "app/extra.py:1:1: SOT022" in added and "app/more.py:1:1: SOT022" in added
    (project.root / "app/more.py").unlink()
    removed = ssot(project)
    assert removed == reference(project)
    assert "SOT022" not in removed and "app/extra.py:3" in removed


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob[:-40] + bytes(40),  # corrupted payload
        lambda blob: blob.replace(b"non-canonical", b"NON-canonical"),  # still well-formed: only the MAC tells
        lambda blob: blob.replace(cache_section.FORMAT, b"importlinter-ssot cache 0", 1),  # foreign format
        lambda blob: b"\x00\xff garbage",
        lambda blob: b"",
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(project, damage) -> None:  # type: ignore[no-untyped-def]
    users = project.root / "app/users.py"
    users.write_text("from app.core.impl import Manager\n")
    an_hour_ago = int((time.time() - 3600) * 1e9)
    os.utime(users, ns=(an_hour_ago, an_hour_ago))
    expected = reference(project)
    assert "non-canonical" in expected
    assert ssot(project) == expected  # the cache now holds every verdict, trusted by stat
    for blob_path in (project.root / ".ssot_cache").glob("results-*.bin"):
        blob_path.write_bytes(damage(blob_path.read_bytes()))
    assert ssot(project) == expected
    assert ssot(project) == expected


def test_no_cache_writes_nothing_and_cache_dir_is_honoured(project, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    ssot(project, "--no-cache")
    assert not (project.root / ".ssot_cache").exists()
    elsewhere = tmp_path_factory.mktemp("cache")
    ssot(project, "--cache-dir", str(elsewhere))
    assert list(elsewhere.glob("results-*.bin"))
    assert not (project.root / ".ssot_cache").exists()
