"""Fault tolerance of the cache: whatever state it is in, the answer is the right one.

Damaged cache files (truncated anywhere, bytes flipped anywhere, another version's or
another tool's file, forged payloads with a valid checksum but a wrong shape), an
unusable cache directory, a cache written for another policy, and several ``ssot
check`` runs at once on one cache directory (also with different dates, so that they
write conflicting entries): every run reports exactly what a run without a cache
reports, and never a traceback.

The engine runs in process; ``ssot check`` too, except for the concurrent runs, which
are real ``python -m importlinter_ssot`` processes racing for the same files.
"""

from __future__ import annotations

import datetime
import hashlib
import marshal
import os
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importlinter_ssot.adapters.cache_store import DirectoryCacheStore
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application import result_codec
from importlinter_ssot.application.check import run_check
from importlinter_ssot.application.policy_loading import load_projects

from support.front_ends import PYTHON_M_SSOT, Run, process_environment, run_variables, ssot_in_process

BEFORE = datetime.date(2026, 6, 1)
AFTER = datetime.date(2027, 6, 1)  # the deprecation has expired: SOT001 becomes SOT003

POLICY = """
[policy]
name = "cache faults"
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

FILES = {
    "contracts/ssot.toml": POLICY,
    "app/__init__.py": "",
    "app/legacy.py": "",
    "app/core/__init__.py": "from .impl import Manager\n",
    "app/core/impl.py": "class Manager:\n    pass\n",
    "app/core/old.py": "from app.core.impl import Manager\n",
    "app/users.py": "from app.core.old import Manager\nfrom app import legacy\n",
    "app/wrong.py": "from app.core.impl import Manager\n",
    "app/dup_a.py": "class ChatManager:\n    pass\n",
    "app/dup_b.py": "class ChatManager:\n    pass\n",
    "app/broken.py": "from app.core import Manager\ndef broken(:\n",
}


def age(root: Path) -> None:
    """Files older than the cache's trust margin, so that warm runs really trust their stat."""
    an_hour_ago = int((time.time() - 3600) * 1e9)
    for path in root.rglob("*.py"):
        os.utime(path, ns=(an_hour_ago, an_hour_ago))


def aged_project(make_project, generated: int) -> Path:
    """The root of a project holding FILES and ``generated`` more modules, all aged."""
    files = dict(FILES)
    for index in range(generated):
        files[f"app/gen/m{index}.py"] = f"from app.core import Manager\n\ndef f{index}():\n    return Manager\n"
    root = make_project(files).root
    age(root)
    return root


@pytest.fixture
def project(make_project) -> Path:
    return aged_project(make_project, 10)


@pytest.fixture
def big_project(make_project) -> Path:
    return aged_project(make_project, 70)  # enough files for two worker processes


Row = tuple[str, int, int, str, str]


def check(root: Path, today: datetime.date = BEFORE, cache_dir: Path | None = None) -> list[Row]:
    """The engine in process, as `ssot check` runs it (with a cache directory, or none)."""
    file_system = LocalFileSystem()
    projects = load_projects(file_system, [(root / "contracts/ssot.toml").as_posix()])
    cache = DirectoryCacheStore(str(cache_dir)) if cache_dir is not None else None
    result = run_check(file_system, projects, today, runner=SerialRunner(), cache=cache)
    return [(os.path.relpath(f.path, root), f.line, f.column, f.code, f.message) for f in result.findings]


def cli_rows(stdout: str) -> list[Row]:
    rows = []
    for line in stdout.splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and parts[1].isdigit():
            code, _, message = parts[3].strip().partition(" ")
            rows.append((parts[0], int(parts[1]), int(parts[2]), code, message))
    return sorted(rows)


def section_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("results-*.bin"))


def test_the_reference_answer_uses_every_kind_of_per_file_and_project_fact(project: Path) -> None:
    codes = {row[3] for row in check(project)}
    assert {"SOT001", "SOT002", "SOT011", "SOT022", "SOT030", "SOT900"} <= codes
    assert "SOT003" in {row[3] for row in check(project, AFTER)}


# -- damaged cache files ---------------------------------------------------------------------------


def rebuild_header(blob: bytes, payload: bytes) -> bytes:
    """The blob's own header (magic, version, key) over another payload, with a valid checksum."""
    magic, version, key, _, _ = blob.split(b"\n", 4)
    return b"\n".join([magic, version, key, hashlib.sha256(payload).hexdigest().encode(), payload])


def flip(blob: bytes, position: int) -> bytes:
    position = min(max(position, 0), len(blob) - 1)
    return blob[:position] + bytes([blob[position] ^ 0xFF]) + blob[position + 1 :]


DAMAGE = {
    "empty": lambda blob: b"",
    "truncated to one byte": lambda blob: blob[:1],
    "truncated in the header": lambda blob: blob[:30],
    "truncated after the header": lambda blob: blob[: blob.index(b"\n", blob.index(b"\n", blob.index(b"\n") + 1) + 1)],
    "truncated in the middle": lambda blob: blob[: len(blob) // 2],
    "last byte missing": lambda blob: blob[:-1],
    "magic flipped": lambda blob: flip(blob, 0),
    "key flipped": lambda blob: flip(blob, blob.index(b"\n", blob.index(b"\n") + 1) + 3),
    "checksum flipped": lambda blob: flip(blob, len(b"\n".join(blob.split(b"\n", 4)[:3])) + 5),
    "payload flipped at its start": lambda blob: flip(blob, len(blob) - len(blob.split(b"\n", 4)[4])),
    "payload flipped in the middle": lambda blob: flip(blob, len(blob) * 3 // 4),
    "payload flipped at its end": lambda blob: flip(blob, len(blob) - 1),
    "zeros over the payload's end": lambda blob: blob[:-40] + bytes(40),
    "message edited (only the checksum tells)": lambda blob: blob.replace(b"non-canonical", b"NON-canonical"),
    "appended garbage": lambda blob: blob + b"\x00garbage",
    "another format's magic": lambda blob: blob.replace(result_codec.FORMAT, b"importlinter-ssot cache 0", 1),
    "another version": lambda blob: b"\n".join([blob.split(b"\n", 4)[0], b"0.0.0-other", *blob.split(b"\n", 4)[2:]]),
    "another tool's file": lambda blob: b"\x80\x04\x95\x0b\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\x01a\x94K\x01s.",
    "text": lambda blob: "kein Cache – ☃\n".encode(),
    "forged: a list instead of a table": lambda blob: rebuild_header(blob, marshal.dumps([1, 2, 3])),
    "forged: entries of the wrong shape": lambda blob: rebuild_header(
        blob, marshal.dumps({key: (1, 2) for key in marshal.loads(blob.split(b"\n", 4)[4])})
    ),
    "forged: an unknown finding code": lambda blob: rebuild_header(
        blob, blob.split(b"\n", 4)[4].replace(b"SOT002", b"SOT999")
    ),
    "forged: not marshal data": lambda blob: rebuild_header(blob, b"\xff\xfe not marshal"),
    "forged: lists where the encoding writes tuples": lambda blob: rebuild_header(blob, listified(blob)),
}


def listified(blob: bytes) -> bytes:
    """The payload with every entry's facts turned into lists (unhashable: they must never be trusted)."""

    def lists(value):  # type: ignore[no-untyped-def]
        return [lists(item) for item in value] if isinstance(value, tuple) else value

    entries = marshal.loads(blob.split(b"\n", 4)[4])
    return marshal.dumps({path: (*data[:4], lists(data[4]), data[5]) for path, data in entries.items()})


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_file_gives_the_right_answer_and_is_rebuilt(project: Path, tmp_path: Path, damage) -> None:
    expected = check(project)
    cache_dir = tmp_path / "cache"
    assert check(project, cache_dir=cache_dir) == expected  # cold: writes the cache
    (section,) = section_files(cache_dir)
    section.write_bytes(DAMAGE[damage](section.read_bytes()))
    assert check(project, cache_dir=cache_dir) == expected  # damaged: ignored
    healthy = section.read_bytes()
    assert check(project, cache_dir=cache_dir) == expected  # rebuilt: trusted again
    assert section.read_bytes() == healthy


@settings(
    max_examples=int(os.environ.get("SSOT_FUZZ_EXAMPLES", 30)),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_random_damage_to_a_cache_file_never_changes_the_answer(project: Path, tmp_path_factory, data) -> None:
    expected = check(project)
    cache_dir = tmp_path_factory.mktemp("cache")
    check(project, cache_dir=cache_dir)
    (section,) = section_files(cache_dir)
    blob = bytearray(section.read_bytes())
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        position = data.draw(st.integers(0, len(blob)), label="position")
        action = data.draw(st.sampled_from(["flip", "delete", "insert", "truncate"]), label="action")
        if action == "flip" and position < len(blob):
            blob[position] ^= data.draw(st.integers(1, 255), label="mask")
        elif action == "delete":
            del blob[position : position + data.draw(st.integers(1, 64), label="length")]
        elif action == "insert":
            blob[position:position] = data.draw(st.binary(min_size=1, max_size=8), label="bytes")
        else:
            del blob[position:]
    section.write_bytes(bytes(blob))
    assert check(project, cache_dir=cache_dir) == expected
    assert check(project, cache_dir=cache_dir) == expected


def test_a_cache_written_by_another_version_is_ignored(project: Path, tmp_path: Path, monkeypatch) -> None:
    expected = check(project)
    cache_dir = tmp_path / "cache"
    wrong = project / "app/wrong.py"
    stat = wrong.stat()
    # Another version caches a different content of the same size, mtime and inode ...
    other = "from app.core      import Manager\n"
    assert len(other) == len(FILES["app/wrong.py"])
    wrong.write_text(other)
    os.utime(wrong, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with monkeypatch.context() as patch:
        patch.setattr(result_codec, "__version__", "0.0.0-other")
        assert check(project, cache_dir=cache_dir) != expected
    # ... so that only the version in the cache file tells that its entries cannot be trusted.
    wrong.write_text(FILES["app/wrong.py"])
    os.utime(wrong, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert wrong.stat().st_ino == stat.st_ino and wrong.stat().st_size == stat.st_size
    assert check(project, cache_dir=cache_dir) == expected
    assert b"0.0.0-other" not in section_files(cache_dir)[0].read_bytes()


def test_a_cache_of_another_policy_is_ignored(project: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    check(project, cache_dir=cache_dir)
    policy = project / "contracts/ssot.toml"
    policy.write_text(POLICY.replace('status = "forbidden"', 'status = "deprecated"'))
    expected = check(project)
    assert "SOT010" in {row[3] for row in expected}
    assert check(project, cache_dir=cache_dir) == expected


@pytest.mark.parametrize("obstacle", ["cache dir is a file", "section is a directory", "cache dir in a file"])
def test_an_unusable_cache_directory_costs_speed_not_answers(project: Path, tmp_path: Path, obstacle: str) -> None:
    expected = check(project)
    cache_dir = tmp_path / "cache"
    if obstacle == "cache dir is a file":
        cache_dir.write_text("not a directory")
    elif obstacle == "section is a directory":
        check(project, cache_dir=cache_dir)
        (section,) = section_files(cache_dir)
        section.unlink()
        section.mkdir()
    else:
        (tmp_path / "file").write_text("")
        cache_dir = tmp_path / "file" / "cache"
    assert check(project, cache_dir=cache_dir) == expected
    assert check(project, cache_dir=cache_dir) == expected
    arguments = ["--cache-dir", str(cache_dir)]
    if obstacle == "cache dir is a file":
        # An explicit --cache-dir that is a file is a usage error (exit 2); the default
        # .ssot_cache being a file is nobody's explicit choice: the check runs without a cache.
        refused = ssot(project, *arguments)
        assert refused.returncode == 2 and "--cache-dir" in refused.stderr
        assert "Traceback" not in refused.stderr
        (project / ".ssot_cache").write_text("not a directory")
        arguments = []
    result = ssot(project, *arguments)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert cli_rows(result.stdout) == sorted(expected)


def ssot(root: Path, *arguments: str) -> Run:
    """``ssot check --today BEFORE ARGUMENTS`` in ``root`` (in process; SSOT_TODAY and SSOT_CACHE_DIR unset)."""
    return ssot_in_process("--today", BEFORE.isoformat(), *arguments, cwd=root, today=None)


# -- concurrent runs on one cache directory --------------------------------------------------------


def start(root: Path, today: datetime.date, jobs: str) -> subprocess.Popen[str]:
    """A real ``ssot check`` process, started (SSOT_TODAY and SSOT_CACHE_DIR unset)."""
    return subprocess.Popen(
        [*PYTHON_M_SSOT, "check", "--today", today.isoformat(), "--jobs", jobs],
        cwd=root,
        env=process_environment(run_variables(today=None)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_runs_on_one_cache_directory(big_project: Path) -> None:
    """Two (then three) `ssot check` at once, sharing .ssot_cache, round after round.

    Rounds mix the dates (runs that disagree about which deadlines passed write
    different entries into the same cache file), the job counts, and edits between
    rounds; every run must print exactly the answer of a run without a cache.
    """
    project = big_project
    edits = [
        None,
        ("app/wrong.py", "from app.core import Manager\n"),
        ("app/users.py", "from app.core.impl import Manager\nclass ChatManager:\n    pass\n"),
        ("app/new.py", "from app.legacy import x\n"),
    ]
    dates = [(BEFORE, BEFORE), (BEFORE, AFTER), (AFTER, BEFORE, BEFORE), (BEFORE, AFTER)]
    for round_number, (edit, todays) in enumerate(zip(edits, dates, strict=True)):
        if edit is not None:
            (project / edit[0]).write_text(edit[1], encoding="utf-8")
        expected = {today: sorted(check(project, today)) for today in set(todays)}
        runs = [start(project, today, "2" if index % 2 else "1") for index, today in enumerate(todays)]
        for today, run in zip(todays, runs, strict=True):
            stdout, stderr = run.communicate(timeout=120)
            assert "Traceback" not in stderr, stderr
            assert run.returncode == 1, stderr
            assert cli_rows(stdout) == expected[today], f"round {round_number}, {today}"
    # The cache left behind is sound: a warm run still gives the right answer.
    final = start(project, BEFORE, "1")
    stdout, _ = final.communicate(timeout=120)
    assert cli_rows(stdout) == sorted(check(project, BEFORE))
    assert not list((project / ".ssot_cache").glob("*.tmp")), "no temporary files left behind"
