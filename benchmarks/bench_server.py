"""What an editor waits for from `ssot server`: edit → diagnostics latency, start-up, memory.

A benchmark, not a test (timings depend on the machine). The targets (issue 24): for a typical
file, diagnostics within 50 ms of ``didChange`` at the median and 150 ms at the 95th
percentile; start-up with a warm cache within 1 s; at most 300 MB on the 10k-file tree.

The script is the editor: it starts ``python -m importlinter_ssot server`` as a subprocess and
speaks LSP to it over its stdin/stdout (JSON-RPC with Content-Length framing, as every client),
so what is timed includes the pipe, the JSON and pygls — what a user waits for.

1. **Warm cache**: ``ssot check`` runs once in the tree first (the cache the server reads).
2. **Start-up**: from spawning the process to the server's log line "ssot: checking …" (the
   folder's every file evaluated through the cache, ready for buffers), and to the first
   diagnostics of a document opened right after ``initialized``. Repeated ``--startups``
   times (median reported); ``--cold`` also times one start-up without the cache.
3. **Latency**: ``--documents`` files are opened (half with findings, half without, chosen
   with ``--seed``); each gets ``--edits`` full-text ``didChange``s alternating between two
   kinds, and the time from sending each to the ``publishDiagnostics`` of that version is
   recorded:

   - *comment*: a comment line appended — the file's facts for the project rules do not
     change, so only the buffer is checked again;
   - *import*: a line importing a governed name through a deprecated path inserted at the top
     (and removed at the next such edit) — new findings, and the project rules (SOT022,
     SOT030, SOT040) decided again over every file's facts.

   Reported: p50, p95 and max per kind and overall.
4. **Memory**: the server's peak RSS (``VmHWM``) and its PSS at the end, from ``/proc``.

    python benchmarks/bench_server.py --files 10000 --seed 1           # the generated 10k tree
    python benchmarks/bench_server.py --tree /tmp/mono-10k             # a tree generated before
    python benchmarks/bench_server.py --real homeassistant             # a pinned real tree
    python benchmarks/bench_server.py --files 2000 --edits 20 --json out.json

``--policy`` defaults to the tree's ``contracts/ssot.toml`` (the full policy ``run.py`` times).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from importlinter_ssot.application.policy.toml_document import tomllib

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TIMEOUT = 600.0


class Client:
    """A minimal LSP client over a subprocess's stdio: requests, notifications, and every message received, timed."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.spawned = time.perf_counter()
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.messages: queue.Queue[tuple[float, dict[str, Any] | None]] = queue.Queue()
        self.next_id = 0
        self.stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put((time.perf_counter(), None))
                    return
                if not line.strip():
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            body = stream.read(length)
            self.messages.put((time.perf_counter(), json.loads(body)))

    def _drain(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line)

    def send(self, message: dict[str, Any]) -> float:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        sent = time.perf_counter()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return sent

    def notify(self, method: str, params: dict[str, Any]) -> float:
        return self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        identifier = self.next_id
        self.send({"id": identifier, "method": method, "params": params})
        return self.wait(lambda message: message.get("id") == identifier and "method" not in message)[1]

    def wait(self, wanted: Any) -> tuple[float, dict[str, Any]]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                received, message = self.messages.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                stderr = b"".join(self.stderr).decode(errors="replace")
                raise SystemExit(f"timed out; server stderr:\n{stderr}") from None
            if message is None:
                raise SystemExit(f"the server exited; stderr:\n{b''.join(self.stderr).decode(errors='replace')}")
            if "method" in message and "id" in message:  # a request of the server's (registerCapability): accept
                self.send({"id": message["id"], "result": None})
            if wanted(message):
                return received, message

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def _proc_memory(pid: int) -> dict[str, float]:
    """Peak RSS and current RSS (``/proc/PID/status``) and PSS (``smaps_rollup``), in MB."""
    found: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                found[key] = int(value.split()[0]) / 1024
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                found["Pss"] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return found


def _capabilities() -> dict[str, Any]:
    return {
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"workspaceFolders": True, "workspaceEdit": {"documentChanges": True}},
        "textDocument": {"publishDiagnostics": {"versionSupport": True}, "codeAction": {"disabledSupport": True}},
    }


def start(tree: Path, policy: str, env: dict[str, str], first: Path) -> tuple[Client, dict[str, float]]:
    """A server on ``tree``, ready; the start-up times (s) and the document ``first`` opened."""
    client = Client([sys.executable, "-m", "importlinter_ssot", "server"], tree, env)
    client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": tree.as_uri(),
            "workspaceFolders": [{"uri": tree.as_uri(), "name": tree.name}],
            "capabilities": _capabilities(),
            "initializationOptions": {"policies": [policy]},
        },
    )
    initialized = client.notify("initialized", {})
    uri = first.as_uri()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": first.read_text("utf-8")}},
    )
    ready, _ = client.wait(
        lambda message: (
            message.get("method") == "window/logMessage" and message["params"]["message"].startswith("ssot: checking")
        )
    )
    # Messages arrive in order: the document's diagnostics published once the folder is ready.
    shown, _ = client.wait(
        lambda message: (
            message.get("method") == "textDocument/publishDiagnostics"
            and message["params"]["uri"] == uri
            and message["params"].get("version") == 1
        )
    )
    return client, {
        "ready": ready - client.spawned,
        "first_diagnostics": shown - client.spawned,
        "after_initialized": ready - initialized,
    }


def _warm(tree: Path, policy: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "importlinter_ssot", "check", "--policy", policy],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def _documents(tree: Path, policy: str, env: dict[str, str], count: int, seed: int) -> tuple[list[Path], list[Path]]:
    """``count`` files of the policy's tree: half with findings, half without (as many as there are)."""
    run = subprocess.run(
        [sys.executable, "-m", "importlinter_ssot", "check", "--policy", policy, "--format", "json"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(run.stdout)
    with_findings = sorted(
        {
            tree / item["path"]
            for item in report["findings"]
            if item["path"].endswith(".py") and item["code"] != "SOT900"
        }
    )
    everything = sorted(path for path in tree.rglob("*.py") if ".ssot_cache" not in path.parts)
    without = sorted(set(everything) - set(with_findings))
    chooser = random.Random(seed)
    half = count // 2
    picked = chooser.sample(with_findings, min(half, len(with_findings)))
    picked += chooser.sample(without, min(count - len(picked), len(without)))
    return picked, with_findings


def _governed_import(tree: Path, policy: str) -> str:
    """An import line that makes findings: a governed name from one of its deprecated paths (else non-canonical)."""
    document = tomllib.loads((tree / policy).read_text("utf-8"))
    for symbol in document.get("symbol", []):
        for deprecated in symbol.get("deprecated", []):
            module = deprecated["module"] if isinstance(deprecated, dict) else deprecated
            return f"from {module} import {symbol['name']}\n"
    for symbol in document.get("symbol", []):
        return f"from {symbol['defined_in']} import {symbol['name']}\n"
    return "import os\n"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def measure_edits(client: Client, documents: list[Path], edits: int, import_line: str) -> dict[str, list[float]]:
    """Every document opened, then ``edits`` changes each (alternating kinds); the latencies in ms per kind."""
    latencies: dict[str, list[float]] = {"comment": [], "import": []}
    texts: dict[str, str] = {}
    versions: dict[str, int] = {}
    for path in documents:
        uri = path.as_uri()
        texts[uri] = path.read_text("utf-8", errors="surrogateescape")
        versions[uri] = 1
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": texts[uri]}},
        )
        client.wait(
            lambda message, uri=uri: (
                message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri
            )
        )
    for round_ in range(edits):
        for path in documents:
            uri = path.as_uri()
            kind = "comment" if round_ % 2 == 0 else "import"
            text = texts[uri]
            if kind == "comment":
                text = text + f"# edited {round_}\n"
            elif text.startswith(import_line):
                text = text[len(import_line) :]
            else:
                text = import_line + text
            texts[uri] = text
            versions[uri] += 1
            version = versions[uri]
            sent = client.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
            )
            received, _ = client.wait(
                lambda message, uri=uri, version=version: (
                    message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri
                    and message["params"].get("version") == version
                )
            )
            latencies[kind].append((received - sent) * 1000)
    return latencies


def summary(values: list[float]) -> dict[str, float]:
    return {
        "count": len(values),
        "p50": round(statistics.median(values), 1),
        "p95": round(percentile(values, 0.95), 1),
        "max": round(max(values), 1),
    }


def _tree(arguments: argparse.Namespace, workdir: Path) -> tuple[Path, str, dict[str, Any]]:
    if arguments.real:
        import real_trees

        root = real_trees.prepare(arguments.real)
        return root, real_trees.get(arguments.real).today, {"real": arguments.real}
    if arguments.tree:
        root = Path(arguments.tree).resolve()
    else:
        from generate import generate

        root = workdir / f"tree-{arguments.files}-{arguments.seed}"
        generate(root, arguments.files, arguments.seed)
    manifest_path = root / "bench-manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    return root, str(manifest.get("today", "")), {"files": manifest.get("python_files")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--tree", help="a tree benchmarks/generate.py wrote (or any project with --policy)")
    source.add_argument("--real", help="a real tree of benchmarks/real_trees.py (e.g. homeassistant)")
    parser.add_argument("--files", type=int, default=10000, help="generate a tree of this many files")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--policy", default="contracts/ssot.toml", help="relative to the tree")
    parser.add_argument("--documents", type=int, default=10, help="files opened and edited")
    parser.add_argument("--edits", type=int, default=40, help="edits per file (half of each kind)")
    parser.add_argument("--startups", type=int, default=3, help="warm start-ups timed")
    parser.add_argument("--cold", action="store_true", help="also time one start-up without the cache")
    parser.add_argument("--json", help="write the results here")
    arguments = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ssot-bench-server-") as workdir:
        tree, today, about = _tree(arguments, Path(workdir))
        env = dict(os.environ)
        if today and "SSOT_TODAY" not in env:
            env["SSOT_TODAY"] = today
        policy = arguments.policy
        print(f"tree: {tree} {about}, policy {policy}, SSOT_TODAY={env.get('SSOT_TODAY', '')}", flush=True)
        documents, with_findings = _documents(tree, policy, env, arguments.documents, arguments.seed)
        first = documents[0]
        results: dict[str, Any] = {
            "tree": str(tree),
            **about,
            "policy": policy,
            "documents": [str(p) for p in documents],
        }
        if arguments.cold:
            subprocess.run(["rm", "-rf", str(tree / ".ssot_cache")], check=True)
            client, cold = start(tree, policy, env, first)
            client.close()
            results["startup_cold_s"] = {key: round(value, 3) for key, value in cold.items()}
            print(f"start-up, cold cache: ready {cold['ready']:.2f} s", flush=True)
        _warm(tree, policy, env)
        startups = []
        for _ in range(arguments.startups):
            client, timing = start(tree, policy, env, first)
            startups.append(timing)
            client.close()
        results["startup_warm_s"] = {
            key: round(statistics.median(item[key] for item in startups), 3) for key in startups[0]
        }
        print(
            f"start-up, warm cache (median of {len(startups)}): ready {results['startup_warm_s']['ready']:.2f} s, "
            f"first diagnostics {results['startup_warm_s']['first_diagnostics']:.2f} s",
            flush=True,
        )
        client, _ = start(tree, policy, env, first)
        memory_ready = _proc_memory(client.process.pid)
        latencies = measure_edits(client, documents, arguments.edits, _governed_import(tree, policy))
        memory = _proc_memory(client.process.pid)
        client.close()
        results["latency_ms"] = {
            "all": summary(latencies["comment"] + latencies["import"]),
            "comment": summary(latencies["comment"]),
            "import": summary(latencies["import"]),
        }
        results["memory_mb"] = {
            "ready_rss": round(memory_ready.get("VmRSS", 0), 1),
            "peak_rss": round(memory.get("VmHWM", 0), 1),
            "end_pss": round(memory.get("Pss", 0), 1),
        }
        results["with_findings_in_tree"] = len(with_findings)
        for kind, figures in results["latency_ms"].items():
            print(
                f"didChange → publishDiagnostics, {kind}: p50 {figures['p50']} ms, p95 {figures['p95']} ms, "
                f"max {figures['max']} ms ({figures['count']} edits)",
                flush=True,
            )
        print(f"memory: {results['memory_mb']}", flush=True)
        if arguments.json:
            Path(arguments.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
