"""`ssot discover` keeps each file's facts as the check keeps its results: a warm run parses only what changed.

The same cache directory, store and section layout as the check's (authenticated under the
engine's identity, each stored value shape-checked), in a section of discover's own. A warm run
must print exactly what a cold run prints, having parsed nothing; an edited file is parsed again,
alone. The parses are counted where discover's facts are read (``discover_facts.syntax_tree``),
in this process (``-j 1``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.analysis import cache_section
from importlinter_ssot.application.report import discover_facts
from importlinter_ssot.application.report.discover import Discovery, Layout, discover
from importlinter_ssot.application.report.discover_scan import ScanLayout, scan_facts, section_name
from importlinter_ssot.domain.module_facts import ModuleFacts
from importlinter_ssot.domain.source import ParseFailure, SourceFile

from support.commands import ssot_command
from support.memory_fs import MemoryCache, MemoryFileSystem
from support.seed_layout import SEED_FILES


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The bytes of every file discover parses from now on."""
    seen: list[bytes] = []
    real = discover_facts.syntax_tree
    monkeypatch.setattr(discover_facts, "syntax_tree", lambda data: seen.append(data) or real(data))
    return seen


def ssot_discover(root: Path, *args: str) -> str:
    run = ssot_command("discover", "-j", "1", *args, cwd=root)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_a_warm_run_parses_nothing_and_prints_what_the_cold_run_printed(tmp_path: Path, parses: list[bytes]) -> None:
    _write(tmp_path, SEED_FILES)
    python_files = sum(1 for name in SEED_FILES if name.endswith(".py"))
    cold = ssot_discover(tmp_path, "--pattern", "*WebSocketManager*")
    assert len(parses) == python_files
    assert list((tmp_path / ".ssot_cache").glob("discover-*.bin"))
    parses.clear()
    warm = ssot_discover(tmp_path, "--pattern", "*WebSocketManager*")
    assert parses == []
    assert warm == cold
    # The whole tree, the starter policy: the same facts serve them.
    policy = ssot_discover(tmp_path, "--emit-policy")
    assert parses == []
    assert policy == ssot_discover(tmp_path, "--no-cache", "--emit-policy")


def test_an_edited_file_alone_is_parsed_again(tmp_path: Path, parses: list[bytes]) -> None:
    _write(tmp_path, SEED_FILES)
    ssot_discover(tmp_path)
    edited = tmp_path / "netra_backend/app/services/alias_plain.py"
    edited.write_text("class WebSocketManager: ...\n", encoding="utf-8")
    os.utime(edited, ns=(edited.stat().st_mtime_ns + 10**9,) * 2)
    touched = tmp_path / "netra_backend/app/routes/ws.py"  # a new mtime, the same content: read, not parsed
    os.utime(touched, ns=(touched.stat().st_mtime_ns + 10**9,) * 2)
    parses.clear()
    text = ssot_discover(tmp_path, "--pattern", "WebSocketManager")
    assert parses == [b"class WebSocketManager: ...\n"]
    assert "  class netra_backend.app.services.alias_plain.WebSocketManager  " in text
    assert text == ssot_discover(tmp_path, "--no-cache", "--pattern", "WebSocketManager")


def test_no_cache_reads_and_writes_none(tmp_path: Path, parses: list[bytes]) -> None:
    _write(tmp_path, SEED_FILES)
    ssot_discover(tmp_path, "--no-cache")
    ssot_discover(tmp_path, "--no-cache")
    assert not (tmp_path / ".ssot_cache").exists()
    assert len(parses) == 2 * sum(1 for name in SEED_FILES if name.endswith(".py"))


def test_a_run_over_part_of_the_tree_keeps_the_rest_recorded(tmp_path: Path, parses: list[bytes]) -> None:
    _write(tmp_path, SEED_FILES)
    ssot_discover(tmp_path)
    parses.clear()
    ssot_discover(tmp_path, "netra_backend/app/services")
    ssot_discover(tmp_path)
    assert parses == []


# -- the section: stored facts are untrusted input ------------------------------------------------

ROOT = "/mem"
LAYOUT = ScanLayout(ROOT, (".",), ("app",))
FILES = {
    "/mem/app/__init__.py": b"from .core import *\n__all__ = ['Manager']\n",
    "/mem/app/core.py": b"import enum\n\n\nclass Manager(enum.Enum):\n    A = 1\n\n\nAlias = Manager\n",
    "/mem/app/broken.py": b"def (:\n",
}


def _sources() -> list[SourceFile]:
    return [
        SourceFile("/mem/app/__init__.py", "app", True),
        SourceFile("/mem/app/core.py", "app.core", False),
        SourceFile("/mem/app/broken.py", "app.broken", False),
    ]


def test_stored_facts_round_trip_through_the_section() -> None:
    file_system, cache = MemoryFileSystem(FILES), MemoryCache()
    cold = scan_facts(file_system, LAYOUT, _sources(), SerialRunner(), cache)
    assert cold.parsed == 3 and isinstance(cold.facts[2], ParseFailure)
    warm = scan_facts(file_system, LAYOUT, _sources(), SerialRunner(), cache)
    assert warm == cold._replace(parsed=0)
    facts = warm.facts[0]
    assert isinstance(facts, ModuleFacts) and facts.all_names == ("Manager",)


def test_a_section_holding_anything_malformed_is_a_clean_miss() -> None:
    file_system, cache = MemoryFileSystem(FILES), MemoryCache()
    cold = scan_facts(file_system, LAYOUT, _sources(), SerialRunner(), cache)
    blob = cache.blobs[section_name(LAYOUT)]
    parts = cache_section.split_section(blob)
    stored = json.loads(parts.results)
    stored[1][1][0][0][3] = "module"  # a site of no kind a site has
    cache.blobs[section_name(LAYOUT)] = cache_section.join_section(parts._replace(results=json.dumps(stored).encode()))
    again = scan_facts(file_system, LAYOUT, _sources(), SerialRunner(), cache)
    assert again == cold  # everything parsed again, the same facts


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 3) | st.sampled_from(["", "a", "class", "from", "facts", "failure"]),
    lambda inner: st.lists(inner, max_size=7),
    max_leaves=40,
)


@settings(max_examples=2_000, deadline=None)
@given(_JSON)
def test_stored_facts_accept_only_what_discover_can_use(value: Any) -> None:
    try:
        facts = discover_facts.stored_facts(value)
    except ValueError:
        return
    assert isinstance(facts, (ModuleFacts, ParseFailure))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_mutated_stored_value_is_rejected_or_used_without_failing(data: st.DataObject) -> None:
    # As someone holding the cache key could write it: only the shape checks stand between it and discover.
    file_system, cache = MemoryFileSystem(FILES), MemoryCache()
    cold = discover_in_memory(file_system, cache)
    blob = cache.blobs[section_name(LAYOUT)]
    parts = cache_section.split_section(blob)
    stored = json.loads(parts.results)
    entry = data.draw(st.integers(0, len(stored) - 1))
    path = []
    node = stored[entry]
    while isinstance(node, list) and node and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(node) - 1))
        path.append(index)
        node = node[index]
    stored[entry] = _replaced(stored[entry], path, data.draw(_JSON))
    cache.blobs[section_name(LAYOUT)] = cache_section.join_section(parts._replace(results=json.dumps(stored).encode()))
    warm = discover_in_memory(file_system, cache)  # a clean miss, or facts it can use: it never fails
    assert warm.files_scanned == cold.files_scanned


def discover_in_memory(file_system: MemoryFileSystem, cache: MemoryCache) -> Discovery:
    return discover(file_system, Layout(ROOT, (".",), ("app",)), SerialRunner(), cache=cache)


def _replaced(value: Any, path: list[int], replacement: Any) -> Any:
    if not path:
        return replacement
    copy = list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], replacement)
    return copy
