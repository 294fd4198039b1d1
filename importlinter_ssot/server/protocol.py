"""The language server's protocol handling: pygls on stdio, LSP 3.17; what to show is decided elsewhere.

The event loop's thread owns the state — each workspace folder's ``FolderState`` (an
immutable value, replaced whole) and which documents are open — and answers every request
and notification from it: an edit feeds the buffer to the folder's ``LiveCheck`` and
publishes the document's diagnostics at once (no debounce: edits queued while one is
checked are checked together, from the newest text), then the other open documents' and
the policy files' when the project-wide findings changed. Starting a folder (and starting
it again when its policy, pyproject.toml, baseline or tree changes on disk) runs on one
background thread, so a cold cache never blocks the editor; the result comes back to the
loop's thread, where the open buffers are fed to it before it replaces the old state.
"""

from __future__ import annotations

import asyncio
import logging
import os
import posixpath
import sys
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from importlinter_ssot import __version__
from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.adapters.presentation import absolute_path, problem_place
from importlinter_ssot.application.analysis.text_lines import TextLines
from importlinter_ssot.application.policy.project import find_project_root
from importlinter_ssot.application.startup import Stage
from importlinter_ssot.domain.findings import Finding
from importlinter_ssot.domain.rules.budget import IMPORT_PATTERN_BUDGET
from importlinter_ssot.server.actions import KINDS, Document, code_actions, findings_in_range, fixability
from importlinter_ssot.server.diagnostics import (
    BASELINED_SEVERITIES,
    finding_diagnostic,
    lsp_range,
    problem_diagnostic,
    unusable_diagnostic,
    warning_diagnostic,
)
from importlinter_ssot.server.documents import buffer_bytes
from importlinter_ssot.server.folders import Broken, FolderState, Idle, Ready, folder_of, restarts_for, start_folder
from importlinter_ssot.server.hover import hover_markdown
from importlinter_ssot.server.positions import UTF16, finding_span

LOG = logging.getLogger(__name__)

# What the client is asked to watch: Python files (the tree), TOML (policies, pyproject.toml),
# JSON (baselines). Only changes that can alter a folder's start-up start it again (folders.py).
WATCHED = ("**/*.py", "**/*.toml", "**/*.json")

# Seconds between an edit that changed project-wide findings and the other files' diagnostics.
OTHERS_DELAY = 0.1


@dataclass
class Options:
    """What the client may set in ``initializationOptions``."""

    baselined: types.DiagnosticSeverity = types.DiagnosticSeverity.Information  # "information" or "hint"
    today: str | None = None  # the date deprecations are judged on (default: SSOT_TODAY, else today)
    # Policy files (relative to each workspace folder), as `ssot check --policy`; () means: discover them.
    policies: tuple[str, ...] = ()

    @classmethod
    def of(cls, given: Any) -> Options:
        """The options the client sent (anything else, or nothing: the defaults)."""
        options = given if isinstance(given, dict) else {}
        baselined = BASELINED_SEVERITIES.get(str(options.get("baselined", "information")).lower())
        today = options.get("today")
        policies = options.get("policies")
        return cls(
            baselined or types.DiagnosticSeverity.Information,
            str(today) if today else None,
            tuple(str(path) for path in policies) if isinstance(policies, list) else (),
        )


@dataclass
class Folder:
    """A workspace folder: its state, and the bookkeeping of starting it (the loop's thread only)."""

    root: str
    state: FolderState | None = None  # None: starting for the first time
    starting: bool = False
    again: bool = False  # a change arrived while starting: start once more when done
    published: set[str] = field(default_factory=set)  # URIs of files not open that have diagnostics from it
    told: str | None = None  # the last window/showMessage about it: said once, not per edit
    others_scheduled: bool = False  # its other files' diagnostics are due (schedule_others)


class SsotLanguageServer(LanguageServer):
    """The pygls server, with the state of every workspace folder."""

    def __init__(self) -> None:
        super().__init__("ssot", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.options = Options()
        self.folders: dict[str, Folder] = {}
        self.open: dict[str, str] = {}  # path → URI of every open document
        self.pending: set[str] = set()  # URIs whose buffers changed and are not checked yet
        self.outside_logged: set[str] = set()
        self.starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ssot-start")

    # -- documents ------------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        """How the client counts a line's characters (negotiated at initialize; UTF-16 by default)."""
        negotiated = self.workspace.position_encoding
        return str(getattr(negotiated, "value", negotiated) or UTF16)

    def document(self, uri: str) -> Document:
        """The open document at ``uri``, as the editor has it now."""
        text_document = self.workspace.get_text_document(uri)
        return Document(uri, _path(uri), text_document.version, text_document.source, self.encoding)

    def folder_for(self, path: str) -> Folder:
        """The workspace folder holding ``path``; a file outside them all gets its project's own folder."""
        root = folder_of(self.folders, path)
        if root is None:
            directory = posixpath.dirname(path)
            root = find_project_root(LocalFileSystem(), directory) or directory
            self.add_folder(root)
        return self.folders[root]

    def add_folder(self, root: str) -> None:
        """A folder to check (a workspace folder, or the project of a file outside them), started now."""
        if root not in self.folders:
            self.folders[root] = Folder(root)
            self.restart(self.folders[root])

    # -- starting a folder ------------------------------------------------------------------------

    def restart(self, folder: Folder) -> None:
        """Start ``folder`` (again) on the background thread; a start asked meanwhile runs after it."""
        if folder.starting:
            folder.again = True
            return
        folder.starting = True
        loop = asyncio.get_running_loop()
        future = self.starter.submit(start_folder, folder.root, self.options.today, self.options.policies)
        future.add_done_callback(lambda done: loop.call_soon_threadsafe(self.started, folder, done))

    def started(self, folder: Folder, done: Future[FolderState]) -> None:
        """A start-up finished (the loop's thread): the open buffers fed to it, it replaces the folder's state."""
        folder.starting = False
        if self.folders.get(folder.root) is not folder:
            return  # removed from the workspace meanwhile
        try:
            state = done.result()
        except Exception as error:  # noqa: BLE001 - a bug must be said, not kill the server
            LOG.exception("starting %s failed", folder.root)
            state = Idle(f"internal error: {error!r}")
            self.tell(folder, types.MessageType.Error, f"ssot: could not start in {folder.root}: {error!r}")
        if isinstance(state, Ready):
            live = state.live
            for path, uri in self.open.items():
                if folder_of(self.folders, path) == folder.root and live.governs(path):
                    live = live.with_buffer(path, buffer_bytes(self.workspace.get_text_document(uri).source))
            state = state._replace(live=live)
        self.announce(folder, state)
        folder.state = state
        self.outside_logged.clear()
        self.publish_folder(folder)
        if folder.again:
            folder.again = False
            self.restart(folder)

    def announce(self, folder: Folder, state: FolderState) -> None:
        """One window/showMessage when a folder breaks (or loses its policy); log lines otherwise."""
        if isinstance(state, Broken):
            first = state.error.problems[0]
            what = "the policy has errors" if state.error.stage is Stage.POLICY else f"{state.error.stage.value} error"
            self.tell(
                folder,
                types.MessageType.Error,
                f"ssot: {what}; nothing is checked in {folder.root} until it is fixed: "
                f"{problem_place(first, folder.root)}: {first}",
            )
        elif isinstance(state, Idle):
            self.log(f"ssot: {state.reason}; nothing is checked there")
            if isinstance(folder.state, Ready | Broken):
                self.tell(folder, types.MessageType.Warning, f"ssot: {state.reason}; nothing is checked any more")
        else:
            if isinstance(folder.state, Broken):
                self.log(f"ssot: the policy of {folder.root} is usable again")
            folder.told = None
            names = ", ".join(policy.name for policy in state.live.policies)
            files = sum(len(live.sources) for live in state.live.projects)
            self.log(f"ssot: checking {folder.root} ({names}: {files} files)")

    def tell(self, folder: Folder, kind: types.MessageType, message: str) -> None:
        """window/showMessage, unless the same was the folder's last one; always a log line."""
        if folder.told != message:
            folder.told = message
            self.window_show_message(types.ShowMessageParams(type=kind, message=message))
        self.log(message)

    def log(self, message: str) -> None:
        """A line in the editor's log of the server (window/logMessage)."""
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Log, message=message))

    # -- publishing -------------------------------------------------------------------------------

    def publish_folder(self, folder: Folder) -> None:
        """Every open document of the folder, and the files not open it has something to say about."""
        for path, uri in self.open.items():
            if folder_of(self.folders, path) == folder.root:
                self.publish(uri)
        self.publish_extra(folder)

    def publish_extra(self, folder: Folder) -> None:
        """The files not open the folder has something to say about; what it said before and not now, cleared."""
        extra = self.extra_diagnostics(folder)
        for uri in folder.published - extra.keys():
            self.send(uri, [], None)
        for uri, diagnostics in extra.items():
            if _path(uri) not in self.open:
                self.send(uri, diagnostics, None)
        folder.published = set(extra)

    def extra_diagnostics(self, folder: Folder) -> dict[str, list[types.Diagnostic]]:
        """Policy files (SOT030, warnings) of a working folder; the problems' files of a broken one."""
        state = folder.state
        found: dict[str, list[types.Diagnostic]] = {}
        if isinstance(state, Ready):
            for policy in state.live.policies:
                diagnostics = self.policy_diagnostics(state, policy.path)
                if diagnostics:
                    found[from_fs_path(policy.path) or policy.path] = diagnostics
        elif isinstance(state, Broken):
            for problem in state.error.problems:
                if problem.path is not None and not os.path.isdir(problem.path):
                    uri = from_fs_path(problem.path) or problem.path
                    lines = TextLines(self.text_of(problem.path))
                    found.setdefault(uri, []).append(problem_diagnostic(problem, lines, self.encoding))
        return found

    def policy_diagnostics(self, state: Ready, path: str) -> list[types.Diagnostic]:
        """A policy file's: its findings (SOT030, with the open buffers' imports as related locations), its warnings."""
        lines = TextLines(self.text_of(path))
        findings = state.live.findings(path)
        shown: list[tuple[Finding, types.DiagnosticSeverity | None]] = [(finding, None) for finding in findings.new]
        shown += [(finding, self.options.baselined) for finding in findings.baselined]
        return [
            *(
                finding_diagnostic(
                    finding, lines, self.encoding, baselined=lower, related=self.budget_sites(state, finding)
                )
                for finding, lower in shown
            ),
            *(warning_diagnostic(warning, lines, self.encoding) for warning in state.live.warnings(path)),
        ]

    def budget_sites(self, state: Ready, finding: Finding) -> list[types.DiagnosticRelatedInformation]:
        """Where the open buffers use the patterns a SOT030 finding counts."""
        if finding.rule is not IMPORT_PATTERN_BUDGET:
            return []
        related = []
        for path, position, pattern in state.live.budget_sites(finding):
            lines = TextLines(self.text_of(path))
            where = lsp_range(lines, finding_span(lines, position.line, position.column), self.encoding)
            related.append(types.DiagnosticRelatedInformation(types.Location(self.open[path], where), f"`{pattern}`"))
        return related

    def text_of(self, path: str) -> str:
        """A file's text: the editor's buffer when it is open, else the disk's ("" when unreadable)."""
        uri = self.open.get(path)
        if uri is not None:
            return self.workspace.get_text_document(uri).source
        try:
            with open(path, encoding="utf-8", errors="replace", newline="") as file:
                return file.read()
        except OSError:
            return ""

    def publish(self, uri: str) -> None:
        """The diagnostics of an open document, from its folder's current state."""
        document = self.document(uri)
        folder = self.folder_for(document.path)
        state = folder.state
        diagnostics: list[types.Diagnostic] = []
        if isinstance(state, Ready):
            diagnostics = self.document_diagnostics(state, document, folder)
        elif isinstance(state, Broken) and document.path.endswith(".py"):
            diagnostics = [unusable_diagnostic(state.error, folder.root, lambda path: from_fs_path(path) or path)]
            if any(problem.path == document.path for problem in state.error.problems):
                diagnostics = self.extra_diagnostics(folder).get(uri, [])
        elif isinstance(state, Broken):
            diagnostics = self.extra_diagnostics(folder).get(uri, [])
        self.send(uri, diagnostics, document.version)

    def document_diagnostics(self, state: Ready, document: Document, folder: Folder) -> list[types.Diagnostic]:
        """An open document's diagnostics in a working folder (nothing, and a log line, outside the root packages)."""
        if any(policy.path == document.path for policy in state.live.policies):
            return self.policy_diagnostics(state, document.path)
        if not state.live.governs(document.path):
            if document.path.endswith(".py") and document.path not in self.outside_logged:
                self.outside_logged.add(document.path)
                roots = ", ".join(f"{policy.name}: {', '.join(policy.root_packages)}" for policy in state.live.policies)
                self.log(f"ssot: {document.path} is outside every policy's root packages ({roots}): nothing to check")
            return []
        lines = TextLines(document.text)
        findings = state.live.findings(document.path)
        return [
            *(finding_diagnostic(finding, lines, document.encoding) for finding in findings.new),
            *(
                finding_diagnostic(finding, lines, document.encoding, baselined=self.options.baselined)
                for finding in findings.baselined
            ),
        ]

    def send(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        """textDocument/publishDiagnostics."""
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    # -- buffers ------------------------------------------------------------------------------------

    def changed(self, uri: str) -> None:
        """Check the buffer soon: every buffer changed by then is checked once, from its newest text."""
        if not self.pending:
            asyncio.get_running_loop().call_soon(self.check_pending)
        self.pending.add(uri)

    def check_pending(self) -> None:
        """Check every changed buffer and publish it; what the project-wide findings changed elsewhere, soon after."""
        uris, self.pending = self.pending, set()
        for uri in uris:
            if _path(uri) not in self.open:
                continue  # closed meanwhile
            document = self.document(uri)
            folder = self.folder_for(document.path)
            if self.feed(folder, document.path, buffer_bytes(document.text)):
                self.schedule_others(folder)
            self.publish(uri)

    def schedule_others(self, folder: Folder) -> None:
        """The folder's other files, published once a burst of edits has had its own diagnostics.

        The edited buffer's diagnostics go at once; the other open files and the policy files
        (their project-wide findings changed) wait ``OTHERS_DELAY``, so that typing is not
        checked behind a round of files the user is not looking at.
        """
        if folder.others_scheduled:
            return
        folder.others_scheduled = True

        def publish() -> None:
            folder.others_scheduled = False
            if self.folders.get(folder.root) is folder:
                self.publish_others(folder, ())

        asyncio.get_running_loop().call_later(OTHERS_DELAY, publish)

    def feed(self, folder: Folder, path: str, data: bytes | None) -> bool:
        """Give the folder's check the buffer of ``path`` (None: closed); whether the project-wide findings changed."""
        state = folder.state
        if not isinstance(state, Ready) or not state.live.governs(path):
            return False
        before = state.live
        after = before.without_buffer(path) if data is None else before.with_buffer(path, data)
        folder.state = state._replace(live=after)
        return any(old.decided is not new.decided for old, new in zip(before.projects, after.projects, strict=True))

    def publish_others(self, folder: Folder, done: Iterable[str]) -> None:
        """The project-wide findings changed: every other open document of the folder, and its policy files."""
        done = set(done)
        for path, uri in self.open.items():
            if uri not in done and folder_of(self.folders, path) == folder.root:
                self.publish(uri)
        self.publish_extra(folder)


def _path(uri: str) -> str:
    return absolute_path(to_fs_path(uri) or uri)


def _on_disk(uri: str) -> bool:
    """Whether a document is a file (``file:``), which has a path, hence a module; not ``untitled:``, ``git:``…"""
    return uri.startswith("file:")


def build_server() -> SsotLanguageServer:
    """A server with every handler registered (one per process; tests build their own)."""
    server = SsotLanguageServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: SsotLanguageServer, params: types.InitializeParams) -> None:
        ls.options = Options.of(params.initialization_options)
        folders = [folder.uri for folder in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [params.root_uri]
        for uri in folders:
            # Started now, not at `initialized`: the round trip of the handshake is time the start-up may use.
            ls.add_folder(_path(uri))

    @server.feature(types.INITIALIZED)
    def initialized(ls: SsotLanguageServer, params: types.InitializedParams) -> None:
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
            registration = types.Registration(
                id="ssot-watched-files",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            ls.client_register_capability(types.RegistrationParams(registrations=[registration]))
        else:
            ls.log("ssot: the client cannot watch files for the server: save a policy file to apply it")

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SsotLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        if not _on_disk(uri):
            return  # an untitled buffer, a diff view: no path, so no module to check
        path = _path(uri)
        ls.open[path] = uri
        folder = ls.folder_for(path)
        if ls.feed(folder, path, buffer_bytes(params.text_document.text)):
            ls.publish_others(folder, [uri])
        ls.publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SsotLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        if _on_disk(params.text_document.uri):
            ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SsotLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if not _on_disk(uri):
            return
        path = _path(uri)
        ls.open.pop(path, None)
        ls.pending.discard(uri)
        folder = ls.folder_for(path)
        changed = ls.feed(folder, path, None)
        ls.send(uri, [], None)
        if changed:
            ls.publish_others(folder, [uri])
        if uri in folder.published or isinstance(folder.state, Broken):
            ls.publish_folder(folder)  # a policy file closed: what it has is published as for any file not open

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: SsotLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        if not _on_disk(params.text_document.uri):
            return
        path = _path(params.text_document.uri)
        folder = ls.folder_for(path)
        if not path.endswith(".py") and restarts_for(folder.state, folder.root, path):
            ls.restart(folder)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: SsotLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            if not _on_disk(change.uri):
                continue
            path = _path(change.uri)
            root = folder_of(ls.folders, path)
            if root is None:
                continue
            folder = ls.folders[root]
            if path in ls.open and change.type == types.FileChangeType.Changed and path.endswith(".py"):
                continue  # the buffer is what counts (its save), not the disk
            if restarts_for(folder.state, root, path):
                ls.restart(folder)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_workspace_folders(ls: SsotLanguageServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        for removed in params.event.removed:
            folder = ls.folders.pop(_path(removed.uri), None)
            if folder is not None:
                for uri in folder.published:
                    ls.send(uri, [], None)
        for added in params.event.added:
            ls.add_folder(_path(added.uri))
        for uri in list(ls.open.values()):
            ls.publish(uri)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=list(KINDS)))
    def code_action(ls: SsotLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        if not _on_disk(params.text_document.uri):
            return None
        document = ls.document(params.text_document.uri)
        state = ls.folder_for(document.path).state
        if not isinstance(state, Ready) or not state.live.governs(document.path):
            return None
        capabilities = ls.client_capabilities
        text_document = capabilities.text_document
        workspace_edit = capabilities.workspace and capabilities.workspace.workspace_edit
        return code_actions(
            state.live,
            document,
            params.range,
            params.context.only,
            disabled_support=bool(
                text_document and text_document.code_action and text_document.code_action.disabled_support
            ),
            versioned_edits=bool(workspace_edit and workspace_edit.document_changes),
            baselined_severity=ls.options.baselined,
        )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: SsotLanguageServer, params: types.HoverParams) -> types.Hover | None:
        if not _on_disk(params.text_document.uri):
            return None
        document = ls.document(params.text_document.uri)
        state = ls.folder_for(document.path).state
        if not isinstance(state, Ready):
            return None
        point = types.Range(params.position, params.position)
        touching = findings_in_range(state.live, document, point)
        if not touching:
            return None
        policies = {policy.name: policy for policy in state.live.policies}
        parts = []
        for finding, baselined in touching:
            text = hover_markdown(finding, policies.get(finding.policy), state.live.today, baselined=baselined)
            fix = fixability(state.live, document, finding)
            text += (
                "\n\nQuick fix: as `ssot check --fix`." if fix.replacement else f"\n\nNo automatic fix: {fix.reason}."
            )
            parts.append(text)
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(parts)))

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: SsotLanguageServer, params: None) -> None:
        ls.starter.shutdown(wait=False, cancel_futures=True)

    return server


def run() -> None:
    """Serve one client on stdin/stdout until it says exit."""
    logging.basicConfig(level=logging.WARNING, format="ssot server: %(message)s")  # stderr: the editor's log
    # The LSP channel gets file objects of its own. A cold start-up evaluates the tree in forked
    # worker processes, and a forked child closes `sys.stdin` as it starts: were that the object
    # pygls's reading thread holds locked in `readline`, the child would wait for that lock forever.
    # And a stray print to `sys.stdout` would corrupt the channel: it goes to stderr instead.
    channel_in = os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    channel_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the whole process's life
    sys.stdout = sys.stderr
    build_server().start_io(channel_in, channel_out)
