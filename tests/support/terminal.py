"""Run a command with its stdout and stderr on pseudo-terminals (or pipes), as a person at a terminal would.

Each stream gets a pty of its own, so what a run writes to each can be told apart; the output
is read as it comes (a full pty would block the command) until the command exits and both
streams are drained. On a pty, the line discipline turns "\\n" into "\\r\\n".
"""

from __future__ import annotations

import errno
import os
import select
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TerminalRun:
    """What the command wrote to each stream, as bytes, and its exit status."""

    returncode: int
    stdout: bytes
    stderr: bytes


def run_in_terminal(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    stdout_terminal: bool = True,
    stderr_terminal: bool = True,
    timeout: float = 300,
) -> TerminalRun:
    """``command`` with each of stdout and stderr on a pty (or a pipe, when not a terminal)."""
    readers: dict[str, int] = {}
    writers: dict[str, int] = {}
    for name, terminal in (("stdout", stdout_terminal), ("stderr", stderr_terminal)):
        reader, writer = os.openpty() if terminal else os.pipe()
        readers[name], writers[name] = reader, writer
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=writers["stdout"],
        stderr=writers["stderr"],
    )
    for writer in writers.values():
        os.close(writer)  # the child holds its own copies: reading gives EOF (a pipe) or EIO (a pty) once it exits
    output = {name: bytearray() for name in readers}
    open_readers = dict(readers)
    try:
        while open_readers:
            ready, _, _ = select.select(list(open_readers.values()), [], [], timeout)
            if not ready:
                raise TimeoutError(f"{command!r} wrote nothing for {timeout} s")
            for name, reader in list(open_readers.items()):
                if reader not in ready:
                    continue
                try:
                    chunk = os.read(reader, 65536)
                except OSError as error:
                    if error.errno != errno.EIO:
                        raise
                    chunk = b""
                if chunk:
                    output[name] += chunk
                else:
                    del open_readers[name]
        returncode = process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for reader in readers.values():
            os.close(reader)
    return TerminalRun(returncode, bytes(output["stdout"]), bytes(output["stderr"]))
