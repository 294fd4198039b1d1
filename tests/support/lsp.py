"""A real LSP client (pytest-lsp) talking to `ssot server` over stdio, as an editor does.

``start_server(workspace, ...)`` starts ``python -m importlinter_ssot server`` in a subprocess
and initializes it with a client's recorded capabilities (VS Code's by default: disabled code
actions, versioned edits, dynamic registration of watched files). The helpers wait for the
diagnostics an editor would show and apply the edits it would apply.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

TIMEOUT = 60.0  # seconds: a start-up with a cold cache on a busy machine, with room to spare


def server_env(today: str = "2026-06-01", **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SSOT_")}
    env.update({"SSOT_TODAY": today, **extra})
    return env


async def start_server(
    folders: Sequence[Path],
    *,
    env: dict[str, str] | None = None,
    capabilities: str = "visual-studio-code",
    options: dict[str, Any] | None = None,
) -> LanguageClient:
    config = ClientServerConfig(
        server_command=[sys.executable, "-m", "importlinter_ssot", "server"], server_env=env or server_env()
    )
    client: LanguageClient = await config.start()  # type: ignore[assignment]
    client.registrations = []  # type: ignore[attr-defined]

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(ls: LanguageClient, params: types.RegistrationParams) -> None:
        ls.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(capabilities),
            root_uri=folders[0].as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name=folder.name) for folder in folders],
            initialization_options=options,
        )
    )
    return client


async def wait_until(client: LanguageClient, condition: Callable[[], bool], what: str) -> None:
    """Let the client take the server's messages until ``condition()`` holds (diagnostics, log lines, …)."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; diagnostics: {client.diagnostics}")
        await asyncio.sleep(0.02)


async def diagnostics_of(
    client: LanguageClient, uri: str, condition: Callable[[Sequence[types.Diagnostic]], bool] = bool
) -> Sequence[types.Diagnostic]:
    """The diagnostics published for ``uri`` once they satisfy ``condition`` (default: there are some)."""
    await wait_until(client, lambda: uri in client.diagnostics and condition(client.diagnostics[uri]), uri)
    return client.diagnostics[uri]


def open_document(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(
                uri=uri, language_id="python", version=version, text=path.read_text() if text is None else text
            )
        )
    )
    return uri


def change_document(client: LanguageClient, uri: str, text: str, version: int) -> None:
    """The whole text replaced, as some clients send every change."""
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def offset(text: str, position: types.Position) -> int:
    """A UTF-16 LSP position in ``text`` (the tests' texts are ASCII)."""
    lines = text.splitlines(keepends=True)
    return sum(len(line) for line in lines[: position.line]) + position.character


def apply_edit(text: str, uri: str, edit: types.WorkspaceEdit) -> str:
    """What an editor's buffer holds once the workspace edit is applied."""
    edits: list[types.TextEdit] = []
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri
        edits.extend(item for item in change.edits if isinstance(item, types.TextEdit))
    edits.extend((edit.changes or {}).get(uri, []))
    for item in sorted(edits, key=lambda item: (item.range.start.line, item.range.start.character), reverse=True):
        text = text[: offset(text, item.range.start)] + item.new_text + text[offset(text, item.range.end) :]
    return text
