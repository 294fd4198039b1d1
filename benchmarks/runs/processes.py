"""Run one command and measure it: wall time, peak RSS, and the RSS and PSS of its process tree.

Produces no table of its own: every timing and memory figure of ``docs/performance.md`` that
``python benchmarks/run.py`` (and ``benchmarks/bench_fix.py``) reports is a :func:`run_command`.
Also the environment every benchmarked process gets (:func:`base_env`) and the machine
description printed first and recorded in the JSON (:func:`machine`).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The repository: put first on PYTHONPATH, so the benchmarked ssot is this checkout's.
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    seconds: float
    max_rss_kb: int  # largest RSS of any single process of the run (rusage)
    returncode: int
    tree_rss_kb: int | None = None  # largest sampled sum over the process tree
    # The same for PSS (proportional set size): a page shared by n processes counts 1/n.
    # Forked workers share the parent's pages, which an RSS sum counts once per worker.
    tree_pss_kb: int | None = None


def _pss_kb(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants_memory_kb(root_pid: int) -> tuple[int, int]:
    """Sums of VmRSS and of PSS of ``root_pid`` and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read().decode("ascii", "replace")
            parent = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(parent, []).append(int(entry))
            with open(f"/proc/{entry}/statm", "rb") as handle:
                rss[int(entry)] = int(handle.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, ValueError, IndexError):
            continue
    total, pss, stack = 0, 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        pss += _pss_kb(str(pid)) if pid in rss else 0
        stack.extend(children.get(pid, []))
    return total, pss


def run_command(
    command: list[str], cwd: Path, env: dict[str, str], *, sample_tree: bool = False, ok: tuple[int, ...] = (0, 1)
) -> Run:
    """Run ``command`` with its output discarded; an exit status not in ``ok`` stops the benchmark.

    The peak RSS of its largest process comes from ``wait4``'s rusage; with ``sample_tree`` the
    RSS and PSS of the whole process tree are also sampled every 50 ms (``--jobs`` workers count).
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        peak = [0, 0]
        stop = threading.Event()
        sampler = None
        if sample_tree and os.path.isdir("/proc"):

            def sample() -> None:
                while not stop.is_set():
                    rss, pss = _descendants_memory_kb(process.pid)
                    peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                    stop.wait(0.05)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        stop.set()
        if sampler is not None:
            sampler.join()
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code
        if code not in ok:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} exited {code}:\n{errors.read().decode(errors='replace')[-3000:]}")
    if not sample_tree:
        return Run(elapsed, int(usage.ru_maxrss), code)
    return Run(elapsed, int(usage.ru_maxrss), code, peak[0], peak[1])


def capture(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``command`` untimed, for its output."""
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def version_of(command: list[str], env: dict[str, str]) -> str:
    """The first line ``command`` (``tool --version``) prints, or ``?``."""
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def base_env(today: str) -> dict[str, str]:
    """This environment, with ``SSOT_TODAY`` pinned, no colour, and this checkout first on ``PYTHONPATH``."""
    env = {k: v for k, v in os.environ.items() if k not in ("SSOT_TODAY", "FORCE_COLOR", "PYTHONDONTWRITEBYTECODE")}
    env["SSOT_TODAY"] = today
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


def machine() -> dict[str, Any]:
    """The platform, Python, CPUs (all and usable), CPU model and memory, as far as known."""
    info: dict[str, Any] = {"platform": platform.platform(), "python": sys.version.split()[0], "cpus": os.cpu_count()}
    try:
        info["usable_cpus"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    try:
        with open("/proc/cpuinfo") as handle:
            info["cpu"] = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
        with open("/proc/meminfo") as handle:
            info["memory_gb"] = round(int(handle.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    return info
