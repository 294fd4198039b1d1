"""The secret that authenticates the cache: ``SSOT_CACHE_SECRET``, else a private per-user key file.

The key lives in ``$XDG_CACHE_HOME/importlinter-ssot/cache-key``: created once (random, 0600,
never through a planted name), used only from a directory that really is the user's. No key
to be had means no cache — the answer is the same, only slower. (The suite's own
``XDG_CACHE_HOME`` is a temporary directory: tests/conftest.py.)
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from importlinter_ssot.adapters.cache_secret import KEY_FILE, KEY_SIZE, SECRET_VARIABLE, cache_secret
from importlinter_ssot.application.analysis import scheduling

from support.commands import ssot_command

POLICY = """
[policy]
name = "secret"
root_packages = ["app"]

[[symbol]]
name = "Manager"
defined_in = "app.core"
deprecated = [{ module = "app.old" }]
"""

FILES = {
    "app/__init__.py": "",
    "app/core.py": "class Manager:\n    pass\n",
    "app/old.py": "from app.core import Manager\n",
    "app/user.py": "from app.old import Manager\n",
}


@pytest.fixture
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh XDG_CACHE_HOME for this test alone, no SSOT_CACHE_SECRET."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(SECRET_VARIABLE, raising=False)
    return home


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The files the engine parses from now on (a cache hit parses none)."""
    seen: list[bytes] = []
    real_parse = scheduling.parse_source
    monkeypatch.setattr(scheduling, "parse_source", lambda data, *rest: seen.append(data) or real_parse(data, *rest))
    return seen


def check(root: Path) -> str:
    run = ssot_command("check", cwd=root, today="2026-06-01")
    assert run.returncode == 0 and "SOT001" in run.stdout, run.stderr
    return run.stdout


def test_the_key_is_created_once_private_and_then_reused(user_home: Path) -> None:
    key = cache_secret()
    assert key is not None and len(key) == KEY_SIZE
    path = user_home / "importlinter-ssot" / KEY_FILE
    status = path.lstat()
    assert stat.S_ISREG(status.st_mode) and stat.S_IMODE(status.st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    assert path.read_bytes() == key
    assert cache_secret() == key
    assert not [name for name in os.listdir(path.parent) if name.endswith(".ssot-tmp")]


def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The XDG spec: a relative path is invalid; ~/.cache it is."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.delenv(SECRET_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    assert cache_secret() is not None
    assert (tmp_path / "home/.cache/importlinter-ssot" / KEY_FILE).is_file()
    assert not (tmp_path / "relative").exists()


@pytest.mark.parametrize("damage", ["readable by others", "a symlink to a key", "the wrong size"])
def test_a_key_file_that_is_not_private_and_ours_is_not_used(user_home: Path, tmp_path: Path, damage: str) -> None:
    key = cache_secret()
    assert key is not None
    path = user_home / "importlinter-ssot" / KEY_FILE
    if damage == "readable by others":
        path.chmod(0o644)
    elif damage == "a symlink to a key":
        elsewhere = tmp_path / "planted-key"
        elsewhere.write_bytes(b"k" * KEY_SIZE)
        elsewhere.chmod(0o600)
        path.unlink()
        path.symlink_to(elsewhere)
    else:
        path.write_bytes(key + b"\n")
    assert cache_secret() is None
    assert cache_secret() is None, "nor is it replaced by another: the user decides"


def test_a_symlinked_user_directory_gives_no_key_and_the_check_runs_without_a_cache(
    user_home: Path, tmp_path: Path, make_project
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    user_home.mkdir()
    (user_home / "importlinter-ssot").symlink_to(elsewhere)
    assert cache_secret() is None
    assert list(elsewhere.iterdir()) == [], "nothing is created through the link"
    project = make_project(FILES, POLICY)
    expected = ssot_command("check", "--no-cache", cwd=project.root, today="2026-06-01").stdout
    assert check(project.root) == expected
    assert not (project.root / ".ssot_cache").exists()


def test_the_variable_wins_and_a_cache_sealed_under_another_secret_is_a_clean_miss(
    user_home: Path, make_project, monkeypatch: pytest.MonkeyPatch, parsed: list[bytes]
) -> None:
    project = make_project(FILES, POLICY)
    an_hour_ago = int((time.time() - 3600) * 1e9)
    for path in project.root.rglob("*.py"):
        os.utime(path, ns=(an_hour_ago, an_hour_ago))
    monkeypatch.setenv(SECRET_VARIABLE, "the CI secret")
    expected = check(project.root)
    parsed.clear()
    assert check(project.root) == expected and parsed == [], "a hit under the same secret"
    assert not (user_home / "importlinter-ssot" / KEY_FILE).exists(), "the variable wins: no key file made"

    monkeypatch.setenv(SECRET_VARIABLE, "another secret")
    assert check(project.root) == expected
    assert parsed, "another secret: a clean miss, everything checked again"
    parsed.clear()
    assert check(project.root) == expected and parsed == [], "rewritten under the new secret"

    monkeypatch.delenv(SECRET_VARIABLE)
    assert check(project.root) == expected
    assert parsed, "the user's own key is another secret again"
