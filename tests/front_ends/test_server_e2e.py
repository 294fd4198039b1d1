"""`ssot server` end to end: a real LSP client (pytest-lsp) over stdio, as an editor drives it.

Each test starts ``python -m importlinter_ssot server`` on a copy of the docs' example project
(every rule fires there), opens and edits buffers without saving them, and compares what the
server says with what `ssot check` says (and what `ssot check --fix` writes) on a copy where
the buffer was saved: diagnostics (codes, places, messages, ranges on the offending token),
project-wide rules following an edit in another file, code actions applied to the buffer,
hover, a policy broken and fixed on disk, several workspace folders, shutdown.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from support.commands import ssot_command
from support.lsp import (
    apply_edit,
    change_document,
    diagnostics_of,
    open_document,
    server_env,
    start_server,
    wait_until,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "project"
TODAY = "2026-06-01"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".ssot_cache"))
    shutil.rmtree(root / "broken")  # SOT901's example policy, with errors: not discovered, never read
    return root


def _saved(root: Path, tmp: Path, relative: str, text: str) -> Path:
    copy = tmp / f"saved-{len(list(tmp.iterdir()))}"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".ssot_cache"))
    (copy / relative).write_text(text, encoding="utf-8")
    return copy


def _check_rows(root: Path, tmp: Path, relative: str, text: str) -> list[tuple[int, str, str]]:
    """`ssot check`'s findings in ``relative`` once it holds ``text``: 0-based line, code, message.

    (The column is not compared: a finding at `from` is underlined on the module path after it.)
    """
    copy = _saved(root, tmp, relative, text)
    run = ssot_command("check", "--no-cache", "--format", "json", cwd=copy, today=TODAY)
    findings = json.loads(run.stdout)["findings"]
    return [(item["line"] - 1, item["code"], item["message"]) for item in findings if item["path"] == relative]


def _rows(diagnostics: object) -> list[tuple[int, str, str]]:
    return sorted(
        (item.range.start.line, str(item.code), item.message)
        for item in diagnostics  # type: ignore[attr-defined]
    )


def _covered(text: str, diagnostic: types.Diagnostic) -> str:
    """The text a diagnostic's range underlines (one line)."""
    line = text.splitlines()[diagnostic.range.start.line]
    assert diagnostic.range.end.line == diagnostic.range.start.line
    return line[diagnostic.range.start.character : diagnostic.range.end.character]


@pytest.mark.asyncio
async def _stop(client: LanguageClient) -> None:
    await client.shutdown_session()
    await client.stop()


@pytest.mark.asyncio
async def test_an_open_buffer_shows_what_ssot_check_reports_and_follows_every_change(
    project: Path, tmp_path: Path
) -> None:
    client = await start_server([project])
    try:
        relative = "chat/routes/positions.py"
        text = (project / relative).read_text()
        uri = open_document(client, project / relative)
        shown = await diagnostics_of(client, uri)
        assert _rows(shown) == sorted(_check_rows(project, tmp_path, relative, text))
        by_place = {(item.range.start.line, item.range.start.character): item for item in shown}
        # The range is the offending token: the name, the module path after `from`, not the rest of the line.
        assert _covered(text, by_place[(2, 4)]) == "WebSocketManager"
        assert by_place[(2, 4)].severity == types.DiagnosticSeverity.Warning
        assert list(by_place[(2, 4)].tags or ()) == [types.DiagnosticTag.Deprecated]
        assert _covered(text, by_place[(4, 32)]) == "canonical_import_patterns"
        assert _covered(text, by_place[(8, 9)]) == "chat.websocket_core.canonical_import_patterns"
        assert by_place[(8, 9)].severity == types.DiagnosticSeverity.Error
        assert {(item.source, item.code_description) for item in shown} == {("ssot", None)}  # no docs URL yet

        # Unsaved edits: a new import above everything, then a string reference; each as it is typed.
        edited = "import chat.legacy.sessions\n" + text
        change_document(client, uri, edited, version=2)
        shown = await diagnostics_of(client, uri)
        assert _rows(shown) == sorted(_check_rows(project, tmp_path, relative, edited))
        assert _covered(edited, next(item for item in shown if item.code == "SOT010")) == "chat.legacy.sessions"
        edited += 'TARGET = "chat.websocket_core.manager.WebSocketManager"\n'
        change_document(client, uri, edited, version=3)
        shown = await diagnostics_of(
            client, uri, lambda found: len(found) == len(_check_rows(project, tmp_path, relative, edited))
        )
        assert _rows(shown) == sorted(_check_rows(project, tmp_path, relative, edited))
        assert (project / relative).read_text() == text  # nothing was saved
    finally:
        await _stop(client)


@pytest.mark.asyncio
async def test_project_wide_findings_follow_an_edit_in_another_file(project: Path, tmp_path: Path) -> None:
    client = await start_server([project])
    try:
        messages_uri = open_document(client, project / "chat/services/messages.py")
        types_uri = open_document(client, project / "chat/websocket_core/types.py")
        policy_uri = (project / "contracts/ssot.toml").as_uri()
        await diagnostics_of(client, types_uri, lambda found: any(item.code == "SOT022" for item in found))
        # SOT030 belongs to the policy file: published there though it is not open.
        (budget,) = await diagnostics_of(client, policy_uri)
        assert budget.code == "SOT030" and budget.range.start.line == 6

        # The duplicate goes from messages.py (unsaved): SOT022 goes from types.py, which nobody touched.
        change_document(client, messages_uri, "import enum\n", version=2)
        await diagnostics_of(client, types_uri, lambda found: not any(item.code == "SOT022" for item in found))
        # One more import pattern of the budgeted symbol, typed in a new, unsaved module: SOT030 counts it.
        fresh = project / "chat/routes/fresh.py"
        fresh_uri = open_document(client, fresh, "from chat.routes.admin import WebSocketManager\n")
        await diagnostics_of(client, fresh_uri)
        (budget,) = await diagnostics_of(client, policy_uri, lambda found: "6 distinct patterns" in found[0].message)
        saved = _saved(project, tmp_path, "chat/routes/fresh.py", "from chat.routes.admin import WebSocketManager\n")
        (saved / "chat/services/messages.py").write_text("import enum\n")
        run = ssot_command("check", "--no-cache", "--format", "json", cwd=saved, today=TODAY)
        (expected,) = [item for item in json.loads(run.stdout)["findings"] if item["code"] == "SOT030"]
        assert budget.message == expected["message"]
        # Related locations: where the open buffers use the symbol's patterns (the budget counts, it does not place).
        related = {
            (item.location.uri, item.location.range.start.line, item.message)
            for item in budget.related_information or ()
        }
        assert (fresh_uri, 0, "`from chat.routes.admin import WebSocketManager`") in related
    finally:
        await _stop(client)


@pytest.mark.asyncio
async def test_quick_fixes_are_what_ssot_check_fix_writes(project: Path, tmp_path: Path) -> None:
    client = await start_server([project])
    try:
        relative = "chat/routes/admin.py"
        text = (
            "from chat.websocket_core import WebSocketManager, MessageType\n"
            "from chat.websocket_core.unified_manager import UnifiedWebSocketManager\n"
            "import chat.websocket_core.manager as shim\n"
            "\n\nprint(shim.WebSocketManager, WebSocketManager, MessageType, UnifiedWebSocketManager)\n"
        )
        uri = open_document(client, project / relative, text)
        shown = await diagnostics_of(client, uri)
        fixed_copy = _saved(project, tmp_path, relative, text)
        ssot_command("check", "--no-cache", "--fix", cwd=fixed_copy, today=TODAY)
        fixed_by_cli = (fixed_copy / relative).read_text()
        assert fixed_by_cli != text

        # The whole file: source.fixAll.ssot is `--fix`, to the byte.
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri),
                types.Range(types.Position(0, 0), types.Position(0, 0)),
                types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
            )
        )
        assert actions is not None
        (fix_all,) = actions
        assert isinstance(fix_all, types.CodeAction) and fix_all.kind == "source.fixAll.ssot"
        assert fix_all.edit is not None
        assert apply_edit(text, uri, fix_all.edit) == fixed_by_cli

        # One finding: its quick fix (preferred: the only fix there) moves that name alone.
        unified = next(item for item in shown if item.range.start.line == 1)
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri), unified.range, types.CodeActionContext(diagnostics=[unified])
            )
        )
        assert actions is not None
        fixes = [item for item in actions if isinstance(item, types.CodeAction) and item.edit and item.is_preferred]
        (fix,) = fixes
        assert fix.kind == types.CodeActionKind.QuickFix and fix.title.startswith("Fix SOT002")
        assert fix.edit is not None
        one_fixed = apply_edit(text, uri, fix.edit)
        assert one_fixed.splitlines()[1] == "from chat.websocket_core.websocket_manager import UnifiedWebSocketManager"
        assert one_fixed.splitlines()[0] == text.splitlines()[0]
        noqa = next(item for item in actions if isinstance(item, types.CodeAction) and item.title.startswith("Add"))
        assert noqa.edit is not None
        with_comment = apply_edit(text, uri, noqa.edit)
        assert with_comment.splitlines()[1].endswith("UnifiedWebSocketManager  # noqa: SOT002")

        # The buffer once fixed: the finding is gone, as `ssot check` says of that text.
        change_document(client, uri, one_fixed, version=2)
        shown = await diagnostics_of(client, uri, lambda found: not any(item.range.start.line == 1 for item in found))
        assert _rows(shown) == sorted(_check_rows(project, tmp_path, relative, one_fixed))
        change_document(client, uri, with_comment, version=3)
        shown = await diagnostics_of(client, uri, lambda found: not any(item.code == "SOT002" for item in found))

        # An attribute use has no fix: the action says why, disabled.
        attribute = next(item for item in shown if item.range.start.line == 5 and item.code == "SOT001")
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri), attribute.range, types.CodeActionContext(diagnostics=[attribute])
            )
        )
        assert actions is not None
        (disabled,) = [item for item in actions if isinstance(item, types.CodeAction) and item.disabled]
        assert disabled.disabled is not None
        assert disabled.disabled.reason == "an attribute use, not an import statement: rewrite the use where it is"
    finally:
        await _stop(client)


@pytest.mark.asyncio
async def test_hover_tells_the_rule_the_canonical_path_and_the_deadline(project: Path) -> None:
    client = await start_server([project])
    try:
        uri = open_document(client, project / "chat/routes/lobby.py")
        (finding,) = await diagnostics_of(client, uri)
        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), finding.range.start)
        )
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        text = hover.contents.value
        assert text.startswith("**SOT001** `deprecated-symbol-path` (warning): ")
        assert "- Canonical path: `chat.websocket_core.websocket_manager.WebSocketManager`" in text
        assert "- Deprecated path: `chat.websocket_core`, until 2027-03-31 (303 days left)" in text
        assert "Documentation: `ssot rule SOT001`" in text
        assert "Quick fix: as `ssot check --fix`." in text
        nowhere = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(3, 0))
        )
        assert nowhere is None
    finally:
        await _stop(client)


@pytest.mark.asyncio
async def test_a_broken_policy_is_shown_in_the_policy_file_and_fixing_it_brings_the_findings_back(
    project: Path,
) -> None:
    client = await start_server([project])
    try:
        uri = open_document(client, project / "chat/routes/lobby.py")
        found = await diagnostics_of(client, uri)
        assert [item.code for item in found] == ["SOT001"]
        policy = project / "contracts/ssot.toml"
        intact = policy.read_text()
        policy.write_text(intact.replace('name = "WebSocketManager"', 'nmae = "WebSocketManager"'))
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([types.FileEvent(policy.as_uri(), types.FileChangeType.Changed)])
        )
        (sot901,) = await diagnostics_of(client, uri, lambda found: [item.code for item in found] == ["SOT901"])
        assert sot901.range.start == types.Position(0, 0)
        assert sot901.message == (
            "policy has errors: contracts/ssot.toml, line 6, column 1: symbol[0]: missing required key `name` "
            "(and 1 more); nothing checked"
        )
        assert sot901.related_information is not None and len(sot901.related_information) == 2
        # The policy file's own diagnostics may still be those from before the break (its SOT030): wait for the new.
        problems = await diagnostics_of(
            client, policy.as_uri(), lambda found: any("symbol[0]" in item.message for item in found)
        )
        assert sorted((item.range.start.line, item.range.start.character, item.message) for item in problems) == [
            (5, 0, "symbol[0]: missing required key `name`"),
            (6, 0, "symbol[0].nmae: unknown key `nmae`; did you mean `name`?"),
        ]
        assert [message.type for message in client.messages] == [types.MessageType.Error]  # said once
        assert "nothing is checked" in client.messages[0].message

        policy.write_text(intact)
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([types.FileEvent(policy.as_uri(), types.FileChangeType.Changed)])
        )
        await diagnostics_of(client, uri, lambda found: [item.code for item in found] == ["SOT001"])
        await wait_until(
            client,
            lambda: [item.code for item in client.diagnostics.get(policy.as_uri(), [])] == ["SOT030"],
            "the policy file's problems cleared",
        )
        assert len(client.messages) == 1  # no restart, no second message
    finally:
        await _stop(client)


@pytest.mark.asyncio
async def test_folders_without_a_policy_and_files_outside_the_root_packages_get_nothing(
    project: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    (other / "pkg").mkdir(parents=True)
    (other / ".git").mkdir()
    (other / "pkg" / "mod.py").write_text("from chat.websocket_core import WebSocketManager\n")
    (project / "scripts").mkdir()
    (project / "scripts" / "tool.py").write_text("from chat.websocket_core import WebSocketManager\n")
    client = await start_server([project, other])
    try:
        # An untitled buffer has no path, hence no module: ignored, no folder started for it.
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri="untitled:Untitled-1", language_id="python", version=1, text="import os\n")
            )
        )
        in_other = open_document(client, other / "pkg" / "mod.py")
        outside = open_document(client, project / "scripts" / "tool.py")
        inside = open_document(client, project / "chat/routes/lobby.py")
        await diagnostics_of(client, inside)
        await wait_until(client, lambda: in_other in client.diagnostics and outside in client.diagnostics, "both")
        assert list(client.diagnostics[in_other]) == [] and list(client.diagnostics[outside]) == []

        def logged(text: str) -> bool:
            return any(text in message.message for message in client.log_messages)

        await wait_until(client, lambda: logged(f"ssot: no policy found in {other.as_posix()}"), "the log line")
        assert logged("scripts/tool.py is outside every policy's root packages (WebSocket manager SSOT: chat)")
        assert client.messages == []  # a project without ssot is not an error
        assert "untitled:Untitled-1" not in client.diagnostics
    finally:
        await _stop(client)


@pytest.mark.asyncio
async def test_the_baseline_is_applied_and_its_findings_shown_lower(project: Path) -> None:
    recorded = ssot_command("check", "--no-cache", "--write-baseline", "baseline.json", cwd=project, today=TODAY)
    assert recorded.returncode == 0
    (project / "pyproject.toml").write_text(
        (project / "pyproject.toml").read_text() + '\n[tool.ssot]\nbaseline = "baseline.json"\n'
    )
    client = await start_server([project], options={"baselined": "hint"})
    try:
        relative = "chat/routes/lobby.py"
        uri = open_document(client, project / relative)
        (covered,) = await diagnostics_of(client, uri)
        assert covered.severity == types.DiagnosticSeverity.Hint and covered.message.endswith("(in the baseline)")
        text = "import chat.legacy\n" + (project / relative).read_text()
        change_document(client, uri, text, version=2)
        shown = await diagnostics_of(client, uri, lambda found: len(found) == 2)
        assert {(item.code, item.severity) for item in shown} == {
            ("SOT010", types.DiagnosticSeverity.Warning),
            ("SOT001", types.DiagnosticSeverity.Hint),
        }
    finally:
        await _stop(client)


@pytest.mark.asyncio
async def test_shutdown_and_exit_end_the_process(project: Path) -> None:
    client = await start_server([project])
    uri = open_document(client, project / "chat/routes/lobby.py")
    await diagnostics_of(client, uri)
    await client.shutdown_async(None)
    client.exit(None)
    server = client._server
    assert server is not None
    assert await server.wait() == 0
    await client.stop()


def test_without_pygls_ssot_server_says_what_to_install(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    # A pygls that cannot be imported, as in an environment without the `server` extra.
    (blocker / "pygls").mkdir()
    (blocker / "pygls" / "__init__.py").write_text("raise ImportError('not installed', name='pygls')\n")
    import subprocess

    env = server_env(PYTHONPATH=str(blocker))
    run = subprocess.run(
        [sys.executable, "-m", "importlinter_ssot", "server"], env=env, capture_output=True, text=True, timeout=60
    )
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        "ssot: ssot server needs pygls and lsprotocol, which are not installed: "
        "pip install 'importlinter-ssot[server]'\n"
    )


@pytest.mark.asyncio
async def test_a_cold_start_up_in_worker_processes_finishes(tmp_path: Path) -> None:
    # Enough files for the process pool (forked from the server's start-up thread): a forked child
    # closes sys.stdin as it starts, which once waited forever on the lock of pygls's reading thread.
    root = tmp_path / "many"
    (root / "contracts").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "contracts" / "ssot.toml").write_text(
        '[policy]\nroot_packages = ["app"]\n\n[[module]]\nname = "app.old"\nstatus = "deprecated"\n'
    )
    (root / "app").mkdir()
    (root / "app" / "old.py").write_text("")
    for index in range(200):
        (root / "app" / f"m{index}.py").write_text(f"import app.old\n\nVALUE = {index}\n")
    client = await start_server([root])
    try:
        uri = open_document(client, root / "app" / "m7.py")
        (finding,) = await diagnostics_of(client, uri)
        assert finding.code == "SOT010"
    finally:
        await _stop(client)
