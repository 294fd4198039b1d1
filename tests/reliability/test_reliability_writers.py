"""Every file the tool writes is written whole, where it was asked, and replaces nothing else.

Issue 20, items 1 and 2: ``--output`` turned ``/dev/null`` into a regular file and replaced
a FIFO; ``--output /dev/stdout`` lost the report; an existing file's mode became 0644;
``ssot shim --write`` wrote through a symlink planted at its pid-named temporary; ``ssot
report --output`` on a full disk left a fragment instead of the old report. Each test here
runs the real command (in process, or as a real process where the process's own
descriptors or resource limits matter) and looks at the disk afterwards.
"""

from __future__ import annotations

import ast
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from importlinter_ssot.adapters import safe_files

from support.example import example_copy
from support.front_ends import PYTHON_M_SSOT, process_environment, run_variables, ssot_in_process, ssot_process

TODAY = "2027-01-15"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PACKAGE = Path(__file__).resolve().parents[2] / "importlinter_ssot"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return example_copy(tmp_path)


def check(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return ssot_in_process("--policy", "contracts/example.toml", "--no-cache", *args, cwd=root, today=TODAY)


def expected_report(root: Path, *args: str) -> str:
    result = check(root, *args)
    assert result.returncode == 1, result.stderr
    return result.stdout


def leftovers(directory: Path) -> list[str]:
    return sorted(name for name in os.listdir(directory) if safe_files.is_temporary_name(name) or ".tmp" in name)


# -- item 1: a path is written as what it is -----------------------------------------------------------------


def test_output_to_a_character_device_writes_through_it_and_leaves_it_a_device(example: Path) -> None:
    if IS_ROOT:
        # A private null device (as root the real /dev/null could be turned into a file, as it once was).
        device = example / "null"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    else:
        device = Path("/dev/null")
    result = check(example, "--output", str(device))
    assert result.returncode == 1, result.stderr
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert leftovers(device.parent) == [] if IS_ROOT else True


def test_output_to_a_fifo_reaches_its_reader_and_the_fifo_stays(example: Path) -> None:
    fifo = example / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as stream:  # blocks until the writer opens it
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = check(example, "--output", str(fifo))
    reader.join(timeout=60)
    assert result.returncode == 1, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received == [expected_report(example).encode("utf-8")]


@pytest.mark.parametrize("target", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "-"])
def test_output_to_the_process_own_stdout_delivers_the_report(example: Path, target: str) -> None:
    if target.startswith("/proc") and not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc on this system")
    run = ssot_process("--policy", "contracts/example.toml", "--no-cache", "--output", target, cwd=example, today=TODAY)
    assert run.returncode == 1, run.stderr
    assert run.stdout == expected_report(example)


def test_output_to_dev_stdout_redirected_to_a_file_appends_nothing_twice(example: Path, tmp_path: Path) -> None:
    # /dev/stdout is the process's descriptor 1: writing to it must not truncate what the shell opened.
    captured = tmp_path / "captured.txt"
    with open(captured, "wb") as stream:
        run = subprocess.run(
            [*PYTHON_M_SSOT, "check", "--policy", "contracts/example.toml", "--no-cache", "--output", "/dev/stdout"],
            cwd=example,
            env=process_environment(run_variables(TODAY)),
            stdout=stream,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert run.returncode == 1
    assert captured.read_text(encoding="utf-8") == expected_report(example)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o6755, 0o444])
def test_an_existing_report_keeps_its_mode(example: Path, mode: int) -> None:
    report = example / "report.txt"
    report.write_text("old\n", encoding="utf-8")
    report.chmod(mode)
    result = check(example, "--output", "report.txt")
    if mode == 0o444 and not IS_ROOT:
        pytest.skip("a read-only file cannot be replaced by its owner's umask rules either; root only")
    assert result.returncode == 1, result.stderr
    assert report.read_text(encoding="utf-8") == expected_report(example)
    assert stat.S_IMODE(report.stat().st_mode) == mode
    assert leftovers(example) == []


@pytest.mark.skipif(not IS_ROOT, reason="only root may give a file to another owner")
def test_an_existing_report_keeps_its_owner(example: Path) -> None:
    report = example / "report.txt"
    report.write_text("old\n", encoding="utf-8")
    os.chown(report, 4321, 4322)
    assert check(example, "--output", "report.txt").returncode == 1
    status = report.stat()
    assert (status.st_uid, status.st_gid) == (4321, 4322)


def test_a_symlink_to_a_file_outside_the_project_is_not_followed(example: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n", encoding="utf-8")
    (example / "report.txt").symlink_to(outside)
    # The outside file even holds a baseline: --write-baseline would replace it if it followed the link.
    outside.write_text('{"schema_version": 2, "tool": "importlinter-ssot", "findings": []}\n', encoding="utf-8")
    precious = outside.read_text(encoding="utf-8")
    for args in (("--output", "report.txt"), ("--write-baseline", "report.txt")):
        result = check(example, *args)
        assert result.returncode == 2, result.stdout
        assert "ssot: cannot write report.txt: a symlink to" in result.stderr
        assert "outside the project: not followed" in result.stderr
        assert outside.read_text(encoding="utf-8") == precious
    outside.write_text("precious\n", encoding="utf-8")
    assert outside.read_text(encoding="utf-8") == "precious\n"
    assert (example / "report.txt").is_symlink()


def test_a_symlinked_directory_leading_out_of_the_project_is_not_followed(example: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (example / "reports").symlink_to(outside)
    result = check(example, "--output", "reports/ssot.txt")
    assert result.returncode == 2
    assert list(outside.iterdir()) == []


def test_a_symlink_to_a_file_inside_the_project_writes_the_target_and_keeps_the_link(example: Path) -> None:
    (example / "reports").mkdir()
    target = example / "reports" / "ssot.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    (example / "latest.txt").symlink_to("reports/ssot.txt")
    assert check(example, "--output", "latest.txt").returncode == 1
    assert (example / "latest.txt").is_symlink()
    assert target.read_text(encoding="utf-8") == expected_report(example)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_path_outside_the_project_named_by_the_user_is_written(example: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link.txt").symlink_to(tmp_path / "out" / "real.txt")
    assert check(example, "--output", str(tmp_path / "out" / "link.txt")).returncode == 1
    assert (tmp_path / "out" / "real.txt").read_text(encoding="utf-8") == expected_report(example)


def test_a_directory_or_a_block_device_is_refused(example: Path) -> None:
    (example / "folder").mkdir()
    result = check(example, "--output", "folder")
    assert result.returncode == 2 and "'folder' is a directory" in result.stderr
    if IS_ROOT:
        disk = example / "disk"
        os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(7, 200))
        refused = check(example, "--output", "disk")
        assert refused.returncode == 2
        assert "a block device: not written" in refused.stderr
        assert stat.S_ISBLK(os.stat(disk).st_mode)


# -- item 2: one atomic writer ----------------------------------------------------------------------------------


SHIM_POLICY = """
[policy]
name = "shims"
root_packages = ["app"]

[[symbol]]
name = "Client"
defined_in = "app.core"
deprecated = [{ module = "app.compat", until = 2027-03-31 }]
"""


def test_planted_symlinks_at_guessable_temporary_names_catch_no_write(tmp_path: Path) -> None:
    # `ssot shim --write` opened MODULE.py.ssot-<pid>.tmp: a few thousand links planted for the
    # coming pids overwrote a file outside the project at the first try.
    project = tmp_path / "project"
    (project / "app").mkdir(parents=True)
    (project / ".git").mkdir()
    (project / "contracts").mkdir()
    (project / "contracts" / "ssot.toml").write_text(SHIM_POLICY, encoding="utf-8")
    (project / "app" / "__init__.py").write_text("", encoding="utf-8")
    (project / "app" / "core.py").write_text("class Client:\n    pass\n", encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    start = _next_pid()
    for pid in range(start, start + 3000):
        (project / "app" / f"compat.py.ssot-{pid}.tmp").symlink_to(victim)
    run = subprocess.run(
        [*PYTHON_M_SSOT, "shim", "--write", "app.compat"],
        cwd=project,
        env=process_environment(run_variables(None)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert "class Client" not in victim.read_text(encoding="utf-8")
    assert "# ssot-shim: begin" in (project / "app" / "compat.py").read_text(encoding="utf-8")
    assert [name for name in os.listdir(project / "app") if name.endswith(".ssot-tmp")] == []


def _next_pid() -> int:
    probe = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(probe.stdout)


def test_shim_write_onto_a_directory_or_into_an_unwritable_directory_is_a_clear_error(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "app" / "compat.py").mkdir(parents=True)  # a directory where the shim would go
    (project / ".git").mkdir()
    (project / "contracts").mkdir()
    (project / "contracts" / "ssot.toml").write_text(SHIM_POLICY, encoding="utf-8")
    (project / "app" / "__init__.py").write_text("", encoding="utf-8")
    (project / "app" / "core.py").write_text("class Client:\n    pass\n", encoding="utf-8")
    run = subprocess.run(
        [*PYTHON_M_SSOT, "shim", "--write", "app.compat"],
        cwd=project,
        env=process_environment(run_variables(None)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in run.stderr
    assert run.returncode != 0
    assert "app.compat" in run.stderr


def _limited_file_size(limit: int):  # type: ignore[no-untyped-def]
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_report_output_that_cannot_be_written_whole_keeps_the_old_report(example: Path) -> None:
    old = "an old report that must survive\n" * 400  # 12.8 kB
    report = example / "report.html"
    report.write_text(old, encoding="utf-8")
    run = subprocess.run(
        [*PYTHON_M_SSOT, "report", "--policy", "contracts/example.toml", "--no-cache", "--format", "html"]
        + ["--output", "report.html"],
        cwd=example,
        env=process_environment(run_variables(TODAY)),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited_file_size(4096),
    )
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert report.read_text(encoding="utf-8") == old
    assert leftovers(example) == []


@pytest.mark.skipif(not IS_ROOT, reason="mounting a small file system needs root")
def test_a_full_disk_keeps_the_old_report(example: Path, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        old = "an old report that must survive\n" * 1000  # 32 kB of the 64 kB
        (disk / "report.html").write_text(old, encoding="utf-8")
        filler = disk / "filler"
        with open(filler, "wb") as stream:  # leave a few kB free: less than the new report needs
            try:
                stream.write(b"\0" * (64 * 1024))
            except OSError:
                pass
        filler.write_bytes(b"\0" * (filler.stat().st_size - 8192))
        run = subprocess.run(
            [*PYTHON_M_SSOT, "report", "--policy", "contracts/example.toml", "--no-cache", "--format", "html"]
            + ["--output", str(disk / "report.html")],
            cwd=example,
            env=process_environment(run_variables(TODAY)),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode != 0, "the report fitted: make the disk fuller"
        assert "No space left on device" in run.stderr
        assert (disk / "report.html").read_text(encoding="utf-8") == old
        assert leftovers(disk) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.skipif(not IS_ROOT, reason="only root may give a file to another owner")
def test_fix_keeps_the_owner_and_the_special_mode_bits_of_the_files_it_rewrites(example: Path) -> None:
    module = example / "examples" / "chat" / "agents" / "supervisor.py"
    os.chown(module, 4321, 4322)
    module.chmod(0o6755)
    before = module.read_bytes()
    result = check(example, "--fix")
    assert module.read_bytes() != before, result.stdout
    status = module.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (4321, 4322, 0o6755)


def test_replace_file_leaves_the_old_content_and_no_temporary_when_the_write_fails(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("old\n", encoding="utf-8")

    def fail() -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        safe_files.replace_file(str(target), b"new\n", before_rename=fail)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["file.txt"]


def test_replace_file_refuses_to_replace_a_changed_file(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("old\n", encoding="utf-8")

    def someone_appends() -> None:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write("appended by another process\n")

    with pytest.raises(safe_files.ContentChanged):
        safe_files.replace_file(str(target), b"new\n", expected=b"old\n", before_rename=someone_appends)
    assert target.read_text(encoding="utf-8") == "old\nappended by another process\n"
    assert os.listdir(tmp_path) == ["file.txt"]


# -- every writer goes through the one helper ------------------------------------------------------------


_ALWAYS_WRITING = {"mkstemp", "NamedTemporaryFile", "TemporaryFile", "write_text", "write_bytes", "copyfile", "copy2"}
_OS_WRITING = {"replace", "rename", "renames", "link", "symlink", "truncate", "ftruncate"}
_WRITE_FLAGS = {"O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND"}


def test_no_module_but_safe_files_opens_a_file_for_writing_or_renames_one() -> None:
    offenders: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "safe_files.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _writes(node):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert offenders == []


def _writes(node: ast.Call) -> bool:
    function = node.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    receiver = function.value if isinstance(function, ast.Attribute) else None
    on_os = isinstance(receiver, ast.Name) and receiver.id in {"os", "shutil"}
    if name in _ALWAYS_WRITING or (name in _OS_WRITING and on_os):
        return True
    if name == "open" and on_os:  # os.open(path, flags): writing when a write flag is named
        return any(isinstance(item, ast.Attribute) and item.attr in _WRITE_FLAGS for item in ast.walk(node))
    if name == "open" and receiver is None:  # the builtin: writing when its mode says so (or cannot be read)
        modes = node.args[1:2] + [keyword.value for keyword in node.keywords if keyword.arg == "mode"]
        return any(
            not (isinstance(mode, ast.Constant) and isinstance(mode.value, str)) or bool(set(mode.value) & set("wax+"))
            for mode in modes
        )
    return False
