"""A real editor: Neovim (headless) runs `ssot server`, shows its diagnostics, applies its quick fix.

Neovim's built-in LSP client (0.7, Debian's package, installed by ``.ci/run``) opens a file of
the docs' example project, waits for the server's diagnostics, puts the cursor on the first
one and runs its own code-action command (``vim.lsp.buf.code_action``: request, menu, workspace
edit), the menu answered with the preferred action; then it saves the buffer. The file it
writes must be what `ssot check --fix` writes, and the fixed finding must have gone from the
editor's diagnostics. The editor's side is tests/editors/neovim_quickfix.lua.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.commands import ssot_command
from support.lsp import server_env

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "project"
SCRIPT = Path(__file__).resolve().parents[1] / "editors" / "neovim_quickfix.lua"
NVIM = shutil.which("nvim")
TODAY = "2026-06-01"


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (.ci/run installs Debian's neovim)")
def test_neovim_shows_the_diagnostics_and_applies_the_quick_fix(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".ssot_cache"))
    shutil.rmtree(root / "broken")
    relative = "chat/routes/admin.py"
    original = (root / relative).read_text()
    expected = tmp_path / "expected"
    shutil.copytree(root, expected)
    ssot_command("check", "--no-cache", "--fix", cwd=expected, today=TODAY)

    report_path = tmp_path / "report.json"
    env = server_env(TODAY)
    env.update(
        SSOT_NVIM_FILE=str(root / relative),
        SSOT_NVIM_ROOT=str(root),
        SSOT_NVIM_PYTHON=sys.executable,
        SSOT_NVIM_REPORT=str(report_path),
        HOME=str(tmp_path),  # no user configuration, no shada in the real home
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    assert NVIM is not None
    run = subprocess.run(
        [NVIM, "--headless", "--clean", "-c", f"luafile {SCRIPT}"],
        cwd=root,
        env={**env, "PATH": os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        timeout=180,
    )
    report = json.loads(report_path.read_text())
    assert "error" not in report, (report, run.stderr)
    assert report["steps"] == ["attached", "diagnostics", "fixed", "written"]
    (before,) = report["before"]
    # chat/routes/admin.py:1:41 SOT001, underlined on the name (0-based columns 40..56).
    assert (before["lnum"], before["col"], before["end_col"], before["code"]) == (0, 40, 56, "SOT001")
    assert before["severity"] == 2 and before["source"] == "ssot"  # vim.diagnostic.severity.WARN
    assert "Fix SOT001: import `WebSocketManager` from `chat.websocket_core.websocket_manager`" in report["offered"]
    assert report["after"] == []
    written = (root / relative).read_text()
    assert written != original
    assert written == (expected / relative).read_text()
