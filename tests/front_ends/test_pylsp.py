"""Editor proof with a real client: the Python LSP server's flake8 plugin shows SOT diagnostics.

The test speaks LSP (JSON-RPC 2.0 with Content-Length framing) to a real ``pylsp`` over
stdio, the way an editor does: initialize → initialized → workspace/didChangeConfiguration
(flake8 on; pycodestyle, pyflakes and mccabe off) → textDocument/didOpen of an example file
that imports from a deprecated path → wait for textDocument/publishDiagnostics.
pylsp runs ``flake8 - --stdin-display-name <relative path>`` in the workspace root, so the
plugin has to find its policy and the module name from there. A broken policy must show as a
diagnostic too (SOT901): pylsp keeps flake8's stderr to its log, where no one looks.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from support.example import example_copy

TIMEOUT = 60.0  # seconds for the whole conversation; a lint takes well under a second


class LspClient:
    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pylsp"],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self.stderr: list[bytes] = []

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line)

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], deadline: float) -> dict[str, Any]:
        self.next_id += 1
        request_id = self.next_id
        self.send({"id": request_id, "method": method, "params": params})
        return self.wait_for(lambda message: message.get("id") == request_id and "method" not in message, deadline)

    def wait_for(self, wanted: Any, deadline: float) -> dict[str, Any]:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out; pylsp stderr:\n{b''.join(self.stderr).decode(errors='replace')}")
            try:
                message = self.messages.get(timeout=remaining)
            except queue.Empty:
                continue
            if message is None:
                raise AssertionError(f"pylsp exited; stderr:\n{b''.join(self.stderr).decode(errors='replace')}")
            if "method" in message and "id" in message:  # a request from the server: answer it
                self.send({"id": message["id"], "result": None})
            if wanted(message):
                return message

    def close(self, deadline: float) -> None:
        try:
            self.request("shutdown", {}, min(deadline, time.monotonic() + 10))
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except (AssertionError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


def flake8_executable() -> str:
    # The flake8 next to this interpreter (the one that has the plugin's entry point).
    candidate = Path(sys.executable).with_name("flake8")
    return str(candidate) if candidate.exists() else "flake8"


def sot_diagnostics(workspace: Path, env: dict[str, str], flake8: dict[str, Any], document: Path) -> list[Any]:
    """Open ``document`` in a real pylsp with flake8 as its only linter; the diagnostics it publishes with SOT codes."""
    client = LspClient(workspace, env)
    deadline = time.monotonic() + TIMEOUT
    uri = document.as_uri()
    try:
        client.request(
            "initialize",
            {"processId": os.getpid(), "rootUri": workspace.as_uri(), "capabilities": {}, "initializationOptions": {}},
            deadline,
        )
        client.notify("initialized", {})
        client.notify(
            "workspace/didChangeConfiguration",
            {
                "settings": {
                    "pylsp": {
                        "plugins": {
                            "flake8": flake8,
                            "pycodestyle": {"enabled": False},
                            "pyflakes": {"enabled": False},
                            "mccabe": {"enabled": False},
                        }
                    }
                }
            },
        )
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": document.read_text()}},
        )

        def has_sot_diagnostics(message: dict[str, Any]) -> bool:
            return (
                message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri
                and any(str(item.get("code", "")).startswith("SOT") for item in message["params"]["diagnostics"])
            )

        published: list[Any] = client.wait_for(has_sot_diagnostics, deadline)["params"]["diagnostics"]
    finally:
        client.close(deadline)
    return published


@pytest.mark.parametrize("configured_by", ["project .flake8 file", "pylsp flake8.config setting"])
def test_pylsp_publishes_the_sot_diagnostic_of_a_deprecated_import(tmp_path: Path, configured_by: str) -> None:
    workspace = example_copy(tmp_path)
    flake8_settings: dict[str, Any] = {"enabled": True, "executable": flake8_executable()}
    if configured_by == "project .flake8 file":
        (workspace / ".flake8").write_text("[flake8]\nssot-policy = contracts/example.toml\n", encoding="utf-8")
    else:
        config = tmp_path / "editor-flake8.cfg"  # outside the project: paths with a `/` are relative to it
        config.write_text(f"[flake8]\nssot-policy = {workspace.as_posix()}/contracts/example.toml\n", encoding="utf-8")
        flake8_settings["config"] = str(config)

    env = dict(os.environ)
    env["SSOT_TODAY"] = "2027-01-15"
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    document = workspace / "examples" / "chat" / "agents" / "supervisor.py"
    published = sot_diagnostics(workspace, env, flake8_settings, document)

    found = sorted(
        (item["range"]["start"]["line"], item["range"]["start"]["character"], item["code"])
        for item in published
        if item["code"].startswith("SOT")  # flake8's own checks (E501, ...) are reported too
    )
    # supervisor.py:9:33 SOT001, 10:1 SOT012, 10:38 SOT001, 21:57 SOT002 (1-based) — LSP positions are 0-based.
    assert found == [(8, 32, "SOT001"), (9, 0, "SOT012"), (9, 37, "SOT001"), (20, 56, "SOT002")]
    deprecated = next(item for item in published if item["range"]["start"]["line"] == 8)
    assert deprecated["source"] == "flake8"
    assert deprecated["message"].startswith("SOT001 `WebSocketManager` imported from deprecated `chat.websocket_core`")
    assert "import it from `chat.websocket_core.websocket_manager`" in deprecated["message"]


def test_pylsp_shows_a_broken_policy_as_one_diagnostic_instead_of_nothing(tmp_path: Path) -> None:
    workspace = example_copy(tmp_path)
    policy = workspace / "contracts" / "example.toml"
    policy.write_text(policy.read_text().replace('status = "forbidden"', 'statu = "forbidden"', 1), encoding="utf-8")
    (workspace / ".flake8").write_text("[flake8]\nssot-policy = contracts/example.toml\n", encoding="utf-8")
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    document = workspace / "examples" / "chat" / "routes" / "ws.py"
    flake8 = {"enabled": True, "executable": flake8_executable()}
    published = sot_diagnostics(workspace, env, flake8, document)
    (diagnostic,) = [item for item in published if str(item.get("code", "")).startswith("SOT")]
    assert diagnostic["code"] == "SOT901"
    assert diagnostic["range"]["start"] == {"line": 0, "character": 0}
    assert diagnostic["message"] == (
        "SOT901 policy has errors: contracts/example.toml, line 35, column 1: module[0]: missing required key "
        "`status` (and 1 more); nothing checked"
    )


def test_pylsp_reads_sot901_at_1_1_when_the_policy_error_lies_past_the_end_of_the_file(tmp_path: Path) -> None:
    # SOT901's message once held `contracts/example.toml:40:11: invalid TOML …`: pylsp's pattern
    # (`(.*):(\d*):(\d*): (\w*) (.*)`, greedy) took that for the diagnostic's own place and code, and
    # a line past the end of the open file crashed its flake8 plugin, which then published nothing,
    # flake8's other warnings included. Worded without `path:line:col:`, it is SOT901 at 1:1.
    workspace = example_copy(tmp_path)
    policy = workspace / "contracts" / "example.toml"
    lines = policy.read_text().splitlines(keepends=True)
    lines[39] = "name = = 'broken'\n"  # line 40: not TOML at all
    policy.write_text("".join(lines), encoding="utf-8")
    (workspace / ".flake8").write_text("[flake8]\nssot-policy = contracts/example.toml\n", encoding="utf-8")
    document = workspace / "examples" / "chat" / "routes" / "short.py"
    document.write_text("import os\n", encoding="utf-8")  # one line: the policy's line 40 is past its end
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    published = sot_diagnostics(workspace, env, {"enabled": True, "executable": flake8_executable()}, document)
    by_code = {item["code"]: item for item in published}
    assert by_code["SOT901"]["range"]["start"] == {"line": 0, "character": 0}
    assert by_code["SOT901"]["message"] == (
        "SOT901 policy has errors: contracts/example.toml, line 40, column 8: invalid TOML: Invalid value; "
        "nothing checked"
    )
    # flake8's own warnings on the file are published beside it.
    assert by_code["F401"]["message"] == "F401 'os' imported but unused"
    assert all(item["code"] in ("SOT901", "F401") for item in published)
