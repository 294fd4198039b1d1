"""Fuzzing the cache file: no bytes crash the tool, and no bytes without the key change an answer.

Mutations of a genuine cache file — bytes flipped, inserted, deleted, duplicated, the file
truncated, ranges spliced in from other genuine sections, and edits of the decoded JSON
tree of its results (a node replaced, dropped or repeated) — are tried two ways:

- as anyone can make them: the file changes, its MAC does not. The store must find every
  one of them not authentic (a clean miss), and a check must give the answer of a run
  without a cache;
- as someone holding the key could: the test recomputes the MAC, so the decoder's shape
  checks alone stand between the bytes and the engine. The decoder must never raise —
  nor crash the interpreter, which a batch run in a child process proves (``marshal.loads``,
  which it replaces, segfaulted on checksum-valid mutations of its own format) — and
  whatever it accepts must be usable: every entry decodes, and a check on it completes.

Counts: 10,000 mutations at the codec level (decode only) and a few hundred full checks in
this process; ``SSOT_FUZZ_EXAMPLES`` raises them (codec: ten times it).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importlinter_ssot.adapters.cache_store import DirectoryCacheStore, sealed, unsealed
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.analysis import cache_section, result_codec
from importlinter_ssot.application.analysis.check import run_check
from importlinter_ssot.application.policy.policy_loading import load_projects

from support.cache_tree import FILES

SCALE = int(os.environ.get("SSOT_FUZZ_EXAMPLES", "0"))
CODEC_EXAMPLES = max(10_000, SCALE * 10)
CHECK_EXAMPLES = max(300, SCALE)
BATCH = max(2_000, SCALE * 2)  # mutated sections decoded in one child process

SECRET = b"fuzzing secret"
ENGINE = "fuzzing engine"
TODAY = datetime.date(2026, 6, 1)
LATER = datetime.date(2027, 6, 1)


class Genuine(NamedTuple):
    """A project, its answer without a cache, and genuine cache files of it."""

    root: Path
    cache_dir: Path
    name: str  # the section's file name
    stored: bytes  # the file as the store wrote it: MAC, newline, section
    section: bytes
    others: tuple[bytes, ...]  # other genuine sections of the project (another date, another content)
    others_stored: tuple[bytes, ...]  # the same, as stored (sealed)
    key: str
    shapes: result_codec.FactShapes
    expected: list[tuple[str, int, int, str, str]]


def check(root: Path, cache_dir: Path | None, today: datetime.date = TODAY) -> list[tuple[str, int, int, str, str]]:
    file_system = LocalFileSystem()
    projects = load_projects(file_system, [(root / "contracts/ssot.toml").as_posix()])
    cache = None if cache_dir is None else DirectoryCacheStore(str(cache_dir), str(root), secret=SECRET, engine=ENGINE)
    result = run_check(file_system, projects, today, runner=SerialRunner(), cache=cache)
    return [(os.path.relpath(f.path, root), f.line, f.column, f.code, f.message) for f in result.findings]


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> Genuine:
    root = tmp_path_factory.mktemp("fuzzed-project")
    (root / ".git").mkdir()
    for relative, text in FILES.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    an_hour_ago = int((time.time() - 3600) * 1e9)  # older than the trust margin: warm runs trust the stat
    for path in root.rglob("*.py"):
        os.utime(path, ns=(an_hour_ago, an_hour_ago))
    others = []
    for today in (LATER, TODAY):  # another date; then another content
        elsewhere = tmp_path_factory.mktemp("other-cache")
        wrong = root / "app/wrong.py"
        original = wrong.read_bytes()
        if today == TODAY:
            wrong.write_text("from app.core.old import Manager\nclass OtherManager:\n    pass\n", encoding="utf-8")
        check(root, elsewhere, today)
        wrong.write_bytes(original)
        (other,) = elsewhere.glob("results-*.bin")
        others.append(other.read_bytes().split(b"\n", 1)[1])
    cache_dir = tmp_path_factory.mktemp("cache")
    expected = check(root, None)
    assert {row[3] for row in expected} >= {"SOT001", "SOT002", "SOT011", "SOT022", "SOT030", "SOT900"}
    assert check(root, cache_dir) == expected
    (section_file,) = cache_dir.glob("results-*.bin")
    stored = section_file.read_bytes()
    section = stored.split(b"\n", 1)[1]
    key = section.split(b"\n", 3)[2].decode()
    policy = load_projects(LocalFileSystem(), [(root / "contracts/ssot.toml").as_posix()])[0].policy
    shapes = result_codec.fact_shapes(policy)
    entries = cache_section.load_section(section, key, shapes)
    assert len(entries) == len([name for name in FILES if name.endswith(".py")])
    assert all(any(entry.plain[1]) for path, entry in entries.items() if path in ("app/users.py", "app/warns.py"))
    others_stored = tuple(sealed(SECRET, ENGINE, section_file.name, other) for other in others)
    return Genuine(
        root, cache_dir, section_file.name, stored, section, tuple(others), others_stored, key, shapes, expected
    )


# -- mutations ----------------------------------------------------------------------------------------

# Tokens that keep a JSON text JSON more often than random bytes do, so the shape checks get work.
JSON_TOKENS = [
    b"[",
    b"]",
    b",",
    b"0",
    b"-1",
    b"1e999",
    b'""',
    b"null",
    b"true",
    b'"SOT002"',
    b"[]",
    b"{}",
    b'"\\ud800"',
]
JSON_VALUES: list[Any] = [0, 1, -1, 2**63, 1.5, True, None, "", "SOT002", "import", [], [[]], {}, ["x", 1, 1]]


# Edits of the results' JSON tree are half of them: byte edits mostly break the layout or the JSON,
# which are rejected before the shape checks see anything.
KINDS = ["flip", "insert", "token", "delete", "truncate", "splice", "duplicate"] + ["tree"] * 7


def mutate(blob: bytes, others: tuple[bytes, ...], rng: random.Random) -> bytes:
    """One to four random edits of ``blob``."""
    data = bytearray(blob)
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(KINDS)
        position = rng.randint(0, len(data))
        if kind == "flip" and data:
            data[min(position, len(data) - 1)] ^= rng.randint(1, 255)
        elif kind == "insert":
            data[position:position] = rng.randbytes(rng.randint(1, 8))
        elif kind == "token":
            data[position:position] = rng.choice(JSON_TOKENS)
        elif kind == "delete":
            del data[position : position + rng.randint(1, 64)]
        elif kind == "truncate":
            del data[position:]
        elif kind == "splice" and others:
            other = rng.choice(others)
            start = rng.randint(0, len(other))
            data[position : position + rng.randint(0, 200)] = other[start : start + rng.randint(1, 400)]
        elif kind == "duplicate" and data:
            start = rng.randint(0, len(data) - 1)
            data[position:position] = data[start : start + rng.randint(1, 200)]
        elif kind == "tree":
            data = bytearray(tree_edit(bytes(data), rng))
    return bytes(data)


def tree_edit(blob: bytes, rng: random.Random) -> bytes:
    """``blob`` with one node of its results' JSON replaced, dropped or repeated (as it is if it is no section).

    ``blob`` is a section, or a stored file (a MAC line, then the section).
    """
    if blob.startswith(cache_section.FORMAT):
        prefix, section = b"", blob
    else:
        mac, newline, section = blob.partition(b"\n")
        prefix = mac + newline
    try:
        parts = cache_section.split_section(section)
        tree = json.loads(parts.results)
    except ValueError:
        return blob
    containers: list[Any] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, list) and node:
            containers.append(node)
            pending.extend(node)
    if not containers:
        return blob
    node = rng.choice(containers)
    index = rng.randrange(len(node))
    action = rng.choice(["replace", "drop", "repeat"])
    if action == "replace":
        node[index] = rng.choice(JSON_VALUES)
    elif action == "drop":
        del node[index]
    else:
        node.insert(index, node[index])
    return prefix + cache_section.join_section(parts._replace(results=json.dumps(tree).encode()))


def seeds(count: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``count`` hypothesis examples, each a seed of the mutation's random choices."""
    return lambda test: settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )(given(seed=st.integers(0, 2**64 - 1))(test))


def assert_usable(entries: dict[str, result_codec.CacheEntry]) -> None:
    """What the decoder accepted, the engine can use: every entry decodes, its facts hash."""
    for path, entry in entries.items():
        assert isinstance(path, str) and isinstance(entry.digest, bytes)
        result_codec.decode_result("/" + path, "policy", entry.plain)
        hash(entry.plain)


# -- the codec, 10,000 mutations -----------------------------------------------------------------------


@seeds(CODEC_EXAMPLES // 2)
def test_a_file_mutated_without_the_key_is_never_authentic(genuine: Genuine, seed: int) -> None:
    mutated = mutate(genuine.stored, genuine.others_stored, random.Random(seed))
    opened = unsealed(SECRET, ENGINE, genuine.name, mutated)
    assert opened is None or mutated == genuine.stored


@seeds(CODEC_EXAMPLES // 2)
def test_a_section_mutated_with_the_key_decodes_to_a_clean_miss_or_usable_entries(genuine: Genuine, seed: int) -> None:
    mutated = mutate(genuine.section, genuine.others, random.Random(seed))
    assert_usable(cache_section.load_section(mutated, genuine.key, genuine.shapes))


DECODE_BATCH = textwrap.dedent(
    """
    import json, struct, sys
    from importlinter_ssot.application.analysis import cache_section, result_codec
    from importlinter_ssot.adapters.filesystem import LocalFileSystem
    from importlinter_ssot.application.policy.policy_loading import load_projects

    policy_path, key, batch = sys.argv[1:]
    policy = load_projects(LocalFileSystem(), [policy_path])[0].policy
    shapes = result_codec.fact_shapes(policy)
    accepted = 0
    with open(batch, "rb") as stream:
        while header := stream.read(4):
            (size,) = struct.unpack(">I", header)
            entries = cache_section.load_section(stream.read(size), key, shapes)
            for path, entry in entries.items():
                result_codec.decode_result("/" + path, "policy", entry.plain)
            accepted += bool(entries)
    print(accepted)
    """
)


def test_a_batch_of_mutated_sections_never_crashes_the_interpreter(genuine: Genuine, tmp_path: Path) -> None:
    """Decoded in a child process: a segfault is a failed test (exit status -11), not a dead pytest."""
    rng = random.Random(20)
    batch = tmp_path / "batch.bin"
    with batch.open("wb") as stream:
        for _ in range(BATCH):
            mutated = mutate(genuine.section, genuine.others, rng)
            stream.write(len(mutated).to_bytes(4, "big") + mutated)
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            DECODE_BATCH,
            (genuine.root / "contracts/ssot.toml").as_posix(),
            genuine.key,
            str(batch),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, f"exit status {run.returncode}: {run.stderr[-2000:]}"
    assert 0 <= int(run.stdout) < BATCH


# -- full checks --------------------------------------------------------------------------------------


@settings(max_examples=CHECK_EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**64 - 1), with_the_key=st.booleans())
def test_a_check_on_a_mutated_cache_file_never_fails_and_without_the_key_never_changes(
    genuine: Genuine, seed: int, with_the_key: bool
) -> None:
    rng = random.Random(seed)
    if with_the_key:
        section = mutate(genuine.section, genuine.others, rng)
        stored = sealed(SECRET, ENGINE, genuine.name, section)
        rejected = cache_section.load_section(section, genuine.key, genuine.shapes) == {}
    else:
        stored = mutate(genuine.stored, genuine.others_stored, rng)
        rejected = True
    (genuine.cache_dir / genuine.name).write_bytes(stored)
    rows = check(genuine.root, genuine.cache_dir)  # never raises
    if rejected or stored == genuine.stored:
        assert rows == genuine.expected
