"""Run the three front ends from tests: in this process (fast), or as real processes (end to end).

In process, each returns a ``Run`` (returncode, stdout, stderr), read like the
``subprocess.CompletedProcess`` the real-process runners return:

- ``ssot_in_process``: the click command ``importlinter_ssot.cli.main.cli`` through click's
  ``CliRunner`` (exceptions propagate: a crash fails the test with its traceback);
- ``flake8_in_process``: ``flake8.main.cli.main``, the plugin's per-process state reset first,
  as if each run were a new flake8 process;
- ``lint_imports_in_process``: ``importlinter.cli.lint_imports`` with its own console, in debug
  mode (exceptions propagate), ``sys.path`` and the logging configuration restored after.

As real processes: ``ssot_process`` (``python -m importlinter_ssot`` or the console script),
``flake8_process`` and ``lint_imports_process`` (the console scripts next to the interpreter).

The environment is always explicit: ``SSOT_TODAY`` is ``today`` (None: unset), and
``SSOT_CACHE_DIR``, ``FORCE_COLOR`` and ``NO_COLOR`` are unset unless ``env`` says otherwise
(``{name: None}`` unsets).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

Variables = Mapping[str, "str | None"]

PYTHON_M_SSOT = (sys.executable, "-m", "importlinter_ssot")
SOURCE_DATE_EPOCH = "1800005400"


@dataclass(frozen=True)
class Run:
    """What a front end run in this process returned and printed."""

    returncode: int
    stdout: str
    stderr: str


# -- environment and working directory ---------------------------------------------------------


def run_variables(today: str | None, env: Variables | None = None) -> dict[str, str | None]:
    """The variables a run sees: SSOT_TODAY = ``today``; SSOT_CACHE_DIR, FORCE_COLOR, NO_COLOR unset; then ``env``."""
    # FORCE_COLOR in the developer's environment would colour every text report the tests read.
    variables: dict[str, str | None] = {
        "SSOT_TODAY": today,
        "SSOT_CACHE_DIR": None,
        "FORCE_COLOR": None,
        "NO_COLOR": None,
        # `ssot report` says when it was written: a fixed moment (2027-01-15 09:30 UTC) keeps goldens stable.
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
    }
    variables.update(env or {})
    return variables


def process_environment(variables: Variables, remove: tuple[str, ...] = ()) -> dict[str, str]:
    """This process's environment without ``remove``, with ``variables`` applied (None: removed)."""
    environment = {key: value for key, value in os.environ.items() if key not in remove}
    for key, value in variables.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return environment


@contextlib.contextmanager
def patched_environment(variables: Variables) -> Iterator[None]:
    """``os.environ`` with ``variables`` applied (None: removed), restored afterwards."""
    saved = {key: os.environ.get(key) for key in variables}
    try:
        for key, value in variables.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def working_directory(path: str | Path) -> Iterator[None]:
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


@contextlib.contextmanager
def standard_streams(stdin: bytes = b"") -> Iterator[tuple[io.TextIOWrapper, io.TextIOWrapper]]:
    """sys.stdin/stdout/stderr replaced by in-memory UTF-8 streams (with ``.buffer``, as flake8 needs)."""
    saved = sys.stdin, sys.stdout, sys.stderr
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout, sys.stderr = stdout, stderr
    try:
        yield stdout, stderr
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        stdout.flush()
        stderr.flush()


def written(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8")


def console_script(name: str) -> str:
    """The command installed next to this interpreter (else on PATH); the test fails if there is none."""
    script = Path(sys.executable).with_name(name)
    if script.exists():
        return str(script)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"the `{name}` command is not installed (pip install -e '.[test]')")
    return found


# -- ssot check ----------------------------------------------------------------------------------


def ssot_in_process(*args: str, cwd: str | Path, today: str | None, env: Variables | None = None) -> Run:
    """``ssot check ARGS`` run from ``cwd`` by click's test runner."""
    from click.testing import CliRunner

    from importlinter_ssot.cli.main import cli

    with working_directory(cwd):
        result = CliRunner().invoke(
            cli, ["check", *args], env=run_variables(today, env), catch_exceptions=False, prog_name="ssot"
        )
    return Run(result.exit_code, result.stdout, result.stderr)


def ssot_process(
    *args: str,
    cwd: str | Path,
    today: str | None,
    env: Variables | None = None,
    command: tuple[str, ...] | list[str] = PYTHON_M_SSOT,
    timeout: float = 120,
    **options,
) -> subprocess.CompletedProcess:
    """``ssot check ARGS`` as a real process (default: ``python -m importlinter_ssot``); text output by default."""
    options.setdefault("text", True)
    return subprocess.run(
        [*command, "check", *args],
        cwd=str(cwd),
        env=process_environment(run_variables(today, env)),
        capture_output=True,
        timeout=timeout,
        **options,
    )


# -- flake8 ----------------------------------------------------------------------------------------


def reset_flake8_plugin_state() -> None:
    """Forget what the plugin keeps per process: the loaded projects and the checker's class state."""
    from importlinter_ssot import flake8_plugin

    flake8_plugin.SSOTChecker.reset()


def flake8_in_process(
    *args: str, cwd: str | Path, today: str | None, stdin: str | None = None, env: Variables | None = None
) -> Run:
    """``flake8 ARGS`` run from ``cwd`` in this process, as a fresh flake8 process would run it."""
    from flake8 import utils
    from flake8.main import cli

    reset_flake8_plugin_state()
    utils.stdin_get_value.cache_clear()  # flake8 reads stdin once per process
    try:
        with (
            patched_environment(run_variables(today, env)),
            working_directory(cwd),
            standard_streams((stdin or "").encode("utf-8")) as (stdout, stderr),
        ):
            try:
                returncode = cli.main(list(args))
            except SystemExit as stop:  # the plugin stops the run on a broken policy
                returncode = stop.code if isinstance(stop.code, int) else 1
            output, errors = written(stdout), written(stderr)
    finally:
        reset_flake8_plugin_state()
        utils.stdin_get_value.cache_clear()
    return Run(returncode, output, errors)


def flake8_process(
    *args: str,
    cwd: str | Path,
    today: str | None,
    stdin: str | None = None,
    env: Variables | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``flake8 ARGS`` as a real process."""
    return subprocess.run(
        [console_script("flake8"), *args],
        cwd=str(cwd),
        input=stdin,
        env=process_environment(run_variables(today, env)),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# -- lint-imports ------------------------------------------------------------------------------------

# What the real-process runs set, so that import-linter's rich console neither colours nor folds lines.
LINT_IMPORTS_TERMINAL = {"TERM": "dumb", "NO_COLOR": "1"}


@contextlib.contextmanager
def preserved_logging_configuration() -> Iterator[None]:
    """lint-imports calls logging.config.dictConfig, which disables every other logger: undo it afterwards."""
    manager = logging.Logger.manager
    saved = {
        name: (logger.disabled, logger.level, list(logger.handlers), logger.propagate)
        for name, logger in manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    try:
        yield
    finally:
        for name, logger in list(manager.loggerDict.items()):
            if not isinstance(logger, logging.Logger):
                continue
            disabled, level, handlers, propagate = saved.get(name, (False, logging.NOTSET, [], True))
            logger.disabled, logger.propagate = disabled, propagate
            logger.setLevel(level)
            logger.handlers[:] = handlers


def lint_imports_in_process(
    *config_files: str,
    cwd: str | Path,
    today: str | None,
    env: Variables | None = None,
    pythonpath: str | Path | None = None,
    columns: int = 10000,
) -> Run:
    """``lint-imports --no-cache --no-logo [CONFIG_FILES]`` run from ``cwd`` in this process.

    Only for projects whose root packages are not imported in this process: import-linter
    finds a root package through the import system, which answers from ``sys.modules``.
    """
    import importlib

    from importlinter import cli
    from importlinter.application import output
    from rich.console import Console

    saved_path, saved_console = list(sys.path), output.console
    stdout, stderr = io.StringIO(), io.StringIO()
    output.console = Console(file=stdout, width=columns, highlight=False, _environ=dict(LINT_IMPORTS_TERMINAL))
    try:
        if pythonpath is not None:
            sys.path.insert(0, str(pythonpath))
        importlib.invalidate_caches()
        with (
            patched_environment(run_variables(today, env)),
            working_directory(cwd),
            preserved_logging_configuration(),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            returncode = cli.lint_imports(
                config_filenames=config_files, no_cache=True, no_logo=True, is_debug_mode=True
            )
    finally:
        sys.path[:] = saved_path
        output.console = saved_console
        importlib.invalidate_caches()
    return Run(returncode, stdout.getvalue(), stderr.getvalue())


def lint_imports_process(
    *args: str,
    cwd: str | Path,
    today: str | None,
    env: Variables | None = None,
    pythonpath: str | Path | None = None,
    columns: int = 10000,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``lint-imports --no-cache --no-logo ARGS`` as a real process, its console ``columns`` wide."""
    variables: dict[str, str | None] = {**LINT_IMPORTS_TERMINAL, "COLUMNS": str(columns), "PYTHONPATH": None}
    if pythonpath is not None:
        variables["PYTHONPATH"] = str(pythonpath)
    variables.update(run_variables(today, env))
    return subprocess.run(
        [console_script("lint-imports"), "--no-cache", "--no-logo", *args],
        cwd=str(cwd),
        env=process_environment(variables, remove=("FORCE_COLOR", "LINES")),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
