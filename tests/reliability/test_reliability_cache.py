"""Fault tolerance of the cache: whatever state it is in, the answer is the right one.

Damaged cache files (truncated anywhere, bytes flipped anywhere, another version's or
another tool's file, edits without the key), sections sealed for another engine, secret
or file, forgeries of the wrong shape under a leaked key, an unusable cache directory, a
cache written for another policy, and several ``ssot check`` runs at once on one cache
directory (also with different dates, so that they write conflicting entries): every
run reports exactly what a run without a cache reports, and never a traceback.

The engine runs in process; ``ssot check`` too, except for the concurrent runs, which
are real ``python -m importlinter_ssot`` processes racing for the same files.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import marshal
import os
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from importlinter_ssot.adapters.cache_secret import cache_secret
from importlinter_ssot.adapters.cache_store import DirectoryCacheStore, sealed
from importlinter_ssot.adapters.engine_identity import engine_identity
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.formats import FORMATS
from importlinter_ssot.adapters.runner import SerialRunner
from importlinter_ssot.application.analysis import cache_section, result_codec
from importlinter_ssot.application.analysis.check import run_check
from importlinter_ssot.application.policy.policy_loading import load_projects
from importlinter_ssot.cli.main import cli
from importlinter_ssot.cli.report import FORMATS as REPORT_FORMATS
from importlinter_ssot.domain.rules import duplicates, inventory, runtime_warnings
from importlinter_ssot.domain.rules.registry import PROJECT_CHECKS

from support.front_ends import (
    PYTHON_M_SSOT,
    Run,
    process_environment,
    run_variables,
    ssot_in_process,
    working_directory,
)

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

# The in-process checks seal their cache with these, so that a test can forge as one holding the key.
SECRET = b"the suite's cache secret"
ENGINE = "the suite's engine"


def store(root: Path, cache_dir: Path) -> DirectoryCacheStore:
    return DirectoryCacheStore(str(cache_dir), str(root), secret=SECRET, engine=ENGINE)


def check(root: Path, today: datetime.date = BEFORE, cache_dir: Path | None = None) -> list[Row]:
    """The engine in process, as `ssot check` runs it (with a cache directory, or none)."""
    file_system = LocalFileSystem()
    projects = load_projects(file_system, [(root / "contracts/ssot.toml").as_posix()])
    cache = store(root, cache_dir) if cache_dir is not None else None
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


# -- damaged and forged cache files ----------------------------------------------------------------
#
# A cache file holds the MAC of its section (64 hex digits), a newline, then the section: magic,
# version, key and counts, each on a line, then the columns (application/analysis/cache_section.py). DAMAGE is what
# anyone can do to the file (the MAC stays as it was: they have no key). RESEALED is a genuine
# section sealed with one thing wrong. FORGED is what someone holding the key could write (the
# test recomputes the MAC): only the decoder's shape checks stand between that and the engine.


def document_of(section: bytes) -> dict:
    """The section's parts, its paths and results decoded (what a forgery edits)."""
    parts = cache_section.split_section(section)
    return {
        "parts": parts,
        "paths": parts.paths.decode("utf-8", "surrogateescape").split("\0"),
        "results": json.loads(parts.results),
    }


def section_from(document: dict) -> bytes:
    """The section of an edited document (its counts as they were: a path too few stays one too few)."""
    paths = "\0".join(document["paths"]).encode("utf-8", "surrogateescape")
    results = json.dumps(document["results"]).encode()
    return cache_section.join_section(document["parts"]._replace(paths=paths, results=results))


def section_of(stored: bytes) -> bytes:
    return stored.split(b"\n", 1)[1]


def flip(blob: bytes, position: int) -> bytes:
    position = min(max(position, 0), len(blob) - 1)
    return blob[:position] + bytes([blob[position] ^ 0xFF]) + blob[position + 1 :]


def line_start(stored: bytes, line: int) -> int:
    """Where line ``line`` (0: the MAC, 1: the magic, 2: version, 3: key, 4: counts, 5: the columns) starts."""
    return len(b"\n".join(stored.split(b"\n", line)[:line])) + 1


def with_document(edit):  # type: ignore[no-untyped-def]
    """A forgery: ``edit(document)`` applied to the section's decoded paths and results."""

    def forge(section: bytes) -> bytes:
        document = document_of(section)
        edit(document)
        return section_from(document)

    return forge


def with_parts(**changes):  # type: ignore[no-untyped-def]
    """A forgery: parts of the section replaced, each by ``change(part)``."""

    def forge(section: bytes) -> bytes:
        parts = cache_section.split_section(section)
        return cache_section.join_section(
            parts._replace(**{name: change(getattr(parts, name)) for name, change in changes.items()})
        )

    return forge


def with_results(payload: bytes):  # type: ignore[no-untyped-def]
    """A forgery: the section's results replaced by ``payload``."""
    return with_parts(results=lambda results: payload)


def result_of(document: dict, path: str) -> list:
    result = document["results"][document["paths"].index(path)]
    assert result != 0, f"{path} has a result"
    return result


def first_finding(document: dict) -> list:
    return result_of(document, "app/users.py")[0][0]


def fact_of(document: dict, path: str, check: object) -> list:
    fact = result_of(document, path)[1][PROJECT_CHECKS.index(check)]
    assert fact, f"{path} has a fact for {check}"
    return fact


def put(container: list, index: int, value: object) -> None:
    container[index] = value


def with_big_integer(section: bytes) -> bytes:
    """The first finding's line a 5 000-digit integer (more digits than Python converts by default)."""
    document = document_of(section)
    put(first_finding(document), 0, "BIG")
    forged = section_from(document)
    return forged.replace(b'"BIG"', b"9" * 5000, 1)


def with_header_counts(counts: bytes):  # type: ignore[no-untyped-def]
    """A forgery: the header's counts line replaced."""

    def forge(section: bytes) -> bytes:
        magic, version, key, _, rest = section.split(b"\n", 4)
        return b"\n".join([magic, version, key, counts, rest])

    return forge


DAMAGE = {
    "empty": lambda stored: b"",
    "truncated to one byte": lambda stored: stored[:1],
    "truncated in the MAC": lambda stored: stored[:30],
    "truncated after the MAC": lambda stored: stored[:65],
    "truncated in the header": lambda stored: stored[:90],
    "truncated after the header": lambda stored: stored[: line_start(stored, 5)],
    "truncated in the middle": lambda stored: stored[: len(stored) // 2],
    "last byte missing": lambda stored: stored[:-1],
    "MAC flipped": lambda stored: flip(stored, 3),
    "MAC's newline flipped": lambda stored: flip(stored, 64),
    "magic flipped": lambda stored: flip(stored, 65),
    "key flipped": lambda stored: flip(stored, line_start(stored, 3) + 5),
    "counts flipped": lambda stored: flip(stored, line_start(stored, 4)),
    "payload flipped at its start": lambda stored: flip(stored, line_start(stored, 5)),
    "payload flipped in the middle": lambda stored: flip(stored, len(stored) * 3 // 4),
    "payload flipped at its end": lambda stored: flip(stored, len(stored) - 1),
    "zeros over the payload's end": lambda stored: stored[:-40] + bytes(40),
    "a message edited (well-formed: only the MAC tells)": lambda stored: stored.replace(
        b"non-canonical", b"NON-canonical"
    ),
    "a finding removed (well-formed: only the MAC tells)": lambda stored: (
        stored[:65] + with_document(lambda document: result_of(document, "app/users.py")[0].clear())(section_of(stored))
    ),
    "the old attack: an edit, and its SHA-256 where the MAC goes": lambda stored: (
        lambda section: hashlib.sha256(section).hexdigest().encode() + b"\n" + section
    )(section_of(stored).replace(b"non-canonical", b"fine")),
    "appended garbage": lambda stored: stored + b"\x00garbage",
    "another tool's file": lambda stored: b"\x80\x04\x95\x0b\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\x01a\x94K\x01s.",
    "text": lambda stored: "kein Cache – ☃\n".encode(),
}

RESEALED = {
    "another engine's section": lambda stored, name: sealed(SECRET, "another engine", name, section_of(stored)),
    "sealed under another secret": lambda stored, name: sealed(b"another secret", ENGINE, name, section_of(stored)),
    "another file's section": lambda stored, name: sealed(SECRET, ENGINE, "results-other.bin", section_of(stored)),
}

FORGED = {
    "another format's magic": lambda section: section.replace(cache_section.FORMAT, b"importlinter-ssot cache 7", 1),
    "another version": lambda section: b"\n".join([section.split(b"\n")[0], b"0.0.0-other", *section.split(b"\n")[2:]]),
    "another policy's key": lambda section: flip(section, len(b"\n".join(section.split(b"\n")[:3])) - 2),
    "a count that is no number": with_header_counts(b"many 10"),
    "a negative count": with_header_counts(b"-1 10"),
    "a count beyond the file's end": with_header_counts(b"999999999999 10"),
    "a count of 13 digits": with_header_counts(b"0000000000001 0"),
    "no paths size": with_header_counts(b"14"),
    "results that are not JSON": with_results(b"\xff\xfe not json"),
    "results that are marshal data": with_results(marshal.dumps([1, (2, 3)])),
    "results that are an object": with_results(b'{"app/users.py": 1}'),
    "results nested 100 000 deep": with_results(b"[" * 100_000 + b"]" * 100_000),
    "the numbers a byte short": with_parts(unsigned=lambda data: data[:-1]),
    "the numbers a byte long": with_parts(signed=lambda data: data + b"\0"),
    "a digest short": with_parts(digests=lambda data: data[:-16]),
    "a path fewer than results": with_document(lambda document: document["paths"].pop()),
    "a path with a NUL (one path more)": with_document(lambda document: put(document["paths"], 0, "a\0b")),
    "a result too many": with_document(lambda document: document["results"].append(0)),
    "a result that is a string": with_document(lambda document: put(document["results"], 0, "none")),
    "a result that is true": with_document(lambda document: put(document["results"], 0, True)),
    "an unknown finding code": with_document(lambda document: put(first_finding(document), 2, "SOT999")),
    "a project rule's code among a file's findings": with_document(
        lambda document: put(first_finding(document), 2, "SOT030")
    ),
    "a finding at line 0": with_document(lambda document: put(first_finding(document), 0, 0)),
    "a finding at column -1": with_document(lambda document: put(first_finding(document), 1, -1)),
    "a finding at line 1.5": with_document(lambda document: put(first_finding(document), 0, 1.5)),
    "a finding at line NaN": with_document(lambda document: put(first_finding(document), 0, float("nan"))),
    "a finding at a 5 000-digit line": with_big_integer,
    "a finding short of a field": with_document(lambda document: first_finding(document).pop()),
    "a message that is a list": with_document(lambda document: put(first_finding(document), 3, ["a"])),
    "an unknown reference kind": with_document(lambda document: put(first_finding(document), 7, "telepathy")),
    "facts for another set of checks": with_document(lambda document: result_of(document, "app/users.py")[1].pop()),
    "a duplicates fact for another number of rules": with_document(
        lambda document: fact_of(document, "app/dup_a.py", duplicates.CHECK).append([])
    ),
    "a string where a line is, in a fact": with_document(
        lambda document: put(fact_of(document, "app/dup_a.py", duplicates.CHECK)[0][0], 1, "1")
    ),
    "a symbol the policy does not govern, in a fact": with_document(
        lambda document: put(fact_of(document, "app/users.py", inventory.CHECK)[1][0], 0, "Unknown")
    ),
    "a [[module]] rule the policy does not have, in a fact": with_document(
        lambda document: put(fact_of(document, "app/users.py", inventory.CHECK)[2][0], 0, 7)
    ),
    "a deprecated module's fact of the wrong shape": with_document(
        lambda document: fact_of(document, "app/core/old.py", runtime_warnings.CHECK).append([])
    ),
}


def assert_ignored_and_rebuilt(project: Path, cache_dir: Path, expected: list[Row], stored: bytes) -> None:
    """With ``stored`` in place of the section: the right answer, the section rewritten, then trusted."""
    (section,) = section_files(cache_dir)
    section.write_bytes(stored)
    assert check(project, cache_dir=cache_dir) == expected  # a clean miss
    healthy = section.read_bytes()
    assert healthy != stored
    assert check(project, cache_dir=cache_dir) == expected  # rebuilt: trusted again
    assert section.read_bytes() == healthy


def cold_section(project: Path, cache_dir: Path) -> tuple[list[Row], Path]:
    expected = check(project)
    assert check(project, cache_dir=cache_dir) == expected  # cold: writes the cache
    (section,) = section_files(cache_dir)
    return expected, section


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_file_gives_the_right_answer_and_is_rebuilt(project: Path, tmp_path: Path, damage) -> None:
    expected, section = cold_section(project, tmp_path / "cache")
    assert_ignored_and_rebuilt(project, tmp_path / "cache", expected, DAMAGE[damage](section.read_bytes()))


@pytest.mark.parametrize("reseal", list(RESEALED))
def test_a_section_sealed_for_another_engine_secret_or_file_is_a_clean_miss(
    project: Path, tmp_path: Path, reseal
) -> None:
    expected, section = cold_section(project, tmp_path / "cache")
    stored = RESEALED[reseal](section.read_bytes(), section.name)
    assert_ignored_and_rebuilt(project, tmp_path / "cache", expected, stored)


@pytest.mark.parametrize("forgery", list(FORGED))
def test_a_forgery_under_a_leaked_key_with_the_wrong_shape_is_a_clean_miss(
    project: Path, tmp_path: Path, forgery
) -> None:
    expected, section = cold_section(project, tmp_path / "cache")
    genuine = section_of(section.read_bytes())
    forged = FORGED[forgery](genuine)
    assert forged != genuine
    # The decoder alone, as if the key had leaked: nothing of it is accepted.
    key = genuine.split(b"\n", 3)[2].decode()
    policy = load_projects(LocalFileSystem(), [(project / "contracts/ssot.toml").as_posix()])[0].policy
    assert cache_section.load_section(genuine, key, result_codec.fact_shapes(policy))
    assert cache_section.load_section(forged, key, result_codec.fact_shapes(policy)) == {}
    assert_ignored_and_rebuilt(project, tmp_path / "cache", expected, sealed(SECRET, ENGINE, section.name, forged))


def test_a_well_formed_forgery_under_a_leaked_key_can_lie_but_not_crash(project: Path, tmp_path: Path) -> None:
    """The limit of the decoder: with the key, a well-formed entry is believed — but nothing fails on it.

    Every output format of ``ssot check`` and ``ssot report`` is rendered from the lie.
    """
    cache_dir = tmp_path / "cache"
    assert ssot(project, "--cache-dir", str(cache_dir)).returncode == 1  # cold, under the user's own key
    (section,) = section_files(cache_dir)

    def lie(document: dict) -> None:
        put(first_finding(document), 0, 10**12)  # far beyond the end of the file
        put(first_finding(document), 3, "<script>alert(1)</script> \u2603 \x00")
        no_facts = [None for _ in PROJECT_CHECKS]  # no fact (null) for each project check of the registry
        invented = [[[1, 1, "SOT900", "invented", None, None, None, None]], no_facts, []]
        put(document["results"], document["paths"].index("app/legacy.py"), invented)

    secret = cache_secret()
    assert secret is not None
    forged = with_document(lie)(section_of(section.read_bytes()))
    section.write_bytes(sealed(secret, engine_identity(), section.name, forged))
    lied = ssot(project, "--cache-dir", str(cache_dir))
    assert "app/legacy.py:1:1: SOT900 invented" in lied.stdout, lied.stdout
    for output_format in FORMATS:
        run = ssot(project, "--cache-dir", str(cache_dir), "--format", output_format)
        assert run.returncode == 1 and "Traceback" not in run.stderr, (output_format, run.stderr)
    for output_format in REPORT_FORMATS:
        with working_directory(project):
            run = CliRunner().invoke(
                cli,
                ["report", "--today", BEFORE.isoformat(), "--cache-dir", str(cache_dir), "--format", output_format],
                env=run_variables(today=None),
                catch_exceptions=False,
            )
        assert run.exit_code == 0 and run.stdout, (output_format, run.stdout)


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
        patch.setattr(cache_section, "__version__", "0.0.0-other")
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


# -- planted links in the cache directory ----------------------------------------------------------

PLANTS = ["cache dir -> the project root", "cache dir -> outside", "tag -> outside, dangling", "gitignore -> outside"]


@pytest.mark.parametrize("plant", PLANTS)
def test_a_planted_symlink_never_steers_a_write_into_the_root_or_outside(
    project: Path, tmp_path: Path, plant: str
) -> None:
    """A restored `.ssot_cache` is anyone's: its links are never followed for a write."""
    outside = tmp_path / "outside"
    outside.mkdir()
    cache = project / ".ssot_cache"
    if plant == "cache dir -> the project root":
        cache.symlink_to(".")
    elif plant == "cache dir -> outside":
        cache.symlink_to(outside)
    else:
        cache.mkdir()
        name = "CACHEDIR.TAG" if plant.startswith("tag") else ".gitignore"
        (cache / name).symlink_to(outside / "planted")
    in_root = sorted(os.listdir(project))
    expected = sorted(check(project))
    for _ in range(2):
        result = ssot(project)
        assert result.returncode == 1 and cli_rows(result.stdout) == expected, result.stderr
    assert list(outside.iterdir()) == [], "nothing is written outside the project"
    assert sorted(os.listdir(project)) == in_root, "nothing is written into the project root"
    if plant.startswith("cache dir"):
        assert cache.is_symlink()  # left as it was: the runs went without a cache
    else:
        assert section_files(cache), "the cache itself still works"


def test_a_fifo_planted_as_a_section_is_not_read(project: Path) -> None:
    """Reading a FIFO would wait for a writer forever: a section is read only from a regular file."""
    expected = sorted(check(project))
    assert cli_rows(ssot(project).stdout) == expected
    (section,) = section_files(project / ".ssot_cache")
    section.unlink()
    os.mkfifo(section)
    # A real process: were it to block, the timeout fails the test instead of hanging the suite.
    run = subprocess.run(
        [*PYTHON_M_SSOT, "check", "--today", BEFORE.isoformat()],
        cwd=project,
        env=process_environment(run_variables(today=None)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1 and cli_rows(run.stdout) == expected, run.stderr


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
