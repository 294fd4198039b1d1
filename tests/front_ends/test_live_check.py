"""The editor's check (application/live/live_check.py) reports what `ssot check` reports once the buffers are saved.

The language server keeps one ``LiveCheck`` per workspace folder and feeds it every buffer as
it changes. Each test edits buffers of the docs' example project (every rule fires there:
SOT022 across files, SOT030 in the policy file, SOT040, SOT041, SOT900) and compares the live
answer with a fresh `ssot check` — no cache — of a copy of the project in which those buffers
were saved: per file, the same findings, noqa comments and baseline applied; and a fix of a
buffer is the very text `ssot check --fix` writes.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from importlinter_ssot.application.live.live_check import LiveCheck
from importlinter_ssot.application.settings import RawSettings
from importlinter_ssot.composition import start
from importlinter_ssot.domain.findings import Finding

from support.commands import ssot_command

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "project"
TODAY = "2026-06-01"

Row = tuple[str, int, int, str, str]


def _copy(directory: Path) -> Path:
    root = directory / "project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".ssot_cache"))
    shutil.rmtree(root / "broken")  # a policy with errors, for SOT901's example: not discovered, never read
    return root


def _live(root: Path, **settings: object) -> LiveCheck:
    session, projects = start(RawSettings(today=TODAY, cache=False, jobs=1, **settings), cwd=str(root), baseline=True)  # type: ignore[arg-type]
    return session.live_check(projects)


def _rows(root: Path, findings: tuple[Finding, ...] | list[Finding]) -> list[Row]:
    return [
        (Path(finding.path).relative_to(root).as_posix(), finding.line, finding.column, finding.code, finding.message)
        for finding in findings
    ]


def _saved_check(tmp_path: Path, root: Path, buffers: Mapping[str, str], **settings: object) -> dict[str, list[Row]]:
    """`ssot check`'s findings per file, in a copy of ``root`` where ``buffers`` were saved."""
    copy = tmp_path / "saved"
    shutil.copytree(root, copy)
    for relative, text in buffers.items():
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        (copy / relative).write_text(text, encoding="utf-8")
    session, projects = start(RawSettings(today=TODAY, cache=False, jobs=1, **settings), cwd=str(copy), baseline=True)  # type: ignore[arg-type]
    result = session.apply_baseline(session.check(projects))
    by_file: dict[str, list[Row]] = {}
    for row in _rows(copy, result.findings):
        by_file.setdefault(row[0], []).append(row)
    return by_file


def _live_rows(live: LiveCheck, root: Path) -> dict[str, list[Row]]:
    paths = [path for path in root.rglob("*.py")] + [root / "contracts" / "ssot.toml"]
    paths += [Path(path) for path in live.buffers]
    by_file: dict[str, list[Row]] = {}
    for path in sorted(set(paths)):
        rows = _rows(root, live.findings(path.as_posix()).new)
        if rows:
            by_file[rows[0][0]] = rows
    return by_file


def _edited(live: LiveCheck, root: Path, buffers: Mapping[str, str]) -> LiveCheck:
    for relative, text in buffers.items():
        live = live.with_buffer((root / relative).as_posix(), text.encode("utf-8"))
    return live


def test_with_every_buffer_as_on_disk_it_reports_what_ssot_check_reports(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    live = _live(root)
    expected = _saved_check(tmp_path, root, {})
    assert {code for rows in expected.values() for *_, code, _ in rows} >= {"SOT022", "SOT030", "SOT040", "SOT041"}
    assert _live_rows(live, root) == expected
    opened = _edited(live, root, {"chat/services/messages.py": (root / "chat/services/messages.py").read_text()})
    assert _live_rows(opened, root) == expected


EDITS = {
    # A second definition of a duplicated name: SOT022 in this file and in the other one.
    "a duplicate appears": {
        "chat/services/status.py": "class StatusType:\n    pass\n",
        "chat/agents/status.py": "import enum\n\n\nclass StatusType(enum.Enum):\n    ON = 1\n",
    },
    "a duplicate goes": {"chat/services/messages.py": "import enum\n"},
    # One more import pattern of the budgeted symbol: SOT030's message in the policy file changes.
    "a new import pattern": {
        "chat/agents/runner.py": "from chat.routes.admin import WebSocketManager\n",
    },
    "a deprecated import fixed by hand": {
        "chat/routes/admin.py": "from chat.websocket_core.websocket_manager import WebSocketManager\n",
    },
    "a syntax error typed": {"chat/routes/admin.py": "from chat.websocket_core.manager import (\n"},
    "a noqa comment typed": {
        "chat/routes/admin.py": "from chat.websocket_core.manager import WebSocketManager  # noqa: SOT001\n"
    },
    "a new module not saved yet": {
        "chat/routes/fresh.py": "from chat.websocket_core.manager import WebSocketManager\n"
    },
}


@pytest.mark.parametrize("buffers", list(EDITS.values()), ids=list(EDITS))
def test_an_edited_buffer_reports_what_ssot_check_reports_once_it_is_saved(
    tmp_path: Path, buffers: dict[str, str]
) -> None:
    root = _copy(tmp_path)
    unedited = _live(root)
    live = _edited(unedited, root, buffers)
    assert _live_rows(live, root) != _live_rows(unedited, root)  # the edit matters
    assert _live_rows(live, root) == {
        path: [(path, *row[1:]) for row in rows] for path, rows in _saved_check(tmp_path, root, buffers).items()
    }


def test_closing_a_buffer_gives_the_file_on_disk_back_and_forgets_one_never_saved(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    live = _live(root)
    before = _live_rows(live, root)
    edited = _edited(live, root, {**EDITS["a duplicate goes"], **EDITS["a new module not saved yet"]})
    assert _live_rows(edited, root) != before
    closed = edited
    for path in list(edited.buffers):
        closed = closed.without_buffer(path)
    assert closed.buffers == {}
    assert _live_rows(closed, root) == before


def test_the_baseline_covers_what_it_recorded_and_shows_what_is_new(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    recorded = ssot_command("check", "--no-cache", "--write-baseline", "baseline.json", cwd=root, today=TODAY)
    assert recorded.returncode == 0, recorded
    baseline = {"baseline": "baseline.json"}
    buffers = {"chat/routes/admin.py": "import chat.legacy\nfrom chat.websocket_core.manager import WebSocketManager\n"}
    live = _edited(_live(root, **baseline), root, buffers)
    admin = (root / "chat/routes/admin.py").as_posix()
    found = live.findings(admin)
    # The recorded SOT001 is covered (a line moved is still the same line); the new import is new.
    assert [(finding.line, finding.code) for finding in found.baselined] == [(2, "SOT001")]
    assert [(finding.line, finding.code) for finding in found.new] == [(1, "SOT010")]
    assert _live_rows(live, root) == {
        path: [(path, *row[1:]) for row in rows]
        for path, rows in _saved_check(tmp_path, root, buffers, **baseline).items()
    }


@pytest.mark.parametrize(
    "text",
    [
        # Two flagged names of one statement, an attribute use the fix leaves alone, a noqa'd one.
        "from chat.websocket_core import WebSocketManager, MessageType\n"
        "from chat.websocket_core.manager import WebSocketManager as Old  # noqa: SOT001\n"
        "import chat.websocket_core.manager as shim\n\n\nprint(shim.WebSocketManager, WebSocketManager, Old)\n",
        "from chat.websocket_core.unified_manager import (\n    WebSocketManager,\n    UnifiedWebSocketManager,\n)\n",
    ],
)
def test_a_buffer_is_fixed_exactly_as_ssot_check_fix_fixes_the_saved_file(tmp_path: Path, text: str) -> None:
    root = _copy(tmp_path)
    relative = "chat/routes/admin.py"
    path = (root / relative).as_posix()
    live = _edited(_live(root), root, {relative: text})
    outcome = live.fix(path)
    assert outcome.fixed and outcome.texts is not None and outcome.texts[0] == text
    assert (root / relative).read_text() != text  # the disk was neither read for the fix nor written
    copy = tmp_path / "fixed"
    shutil.copytree(root, copy)
    (copy / relative).write_text(text, encoding="utf-8")
    ssot_command("check", "--no-cache", "--fix", cwd=copy, today=TODAY)
    assert outcome.texts[1] == (copy / relative).read_text()


def test_a_fix_of_one_finding_moves_only_its_name(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    relative = "chat/routes/admin.py"
    path = (root / relative).as_posix()
    text = "from chat.websocket_core.unified_manager import WebSocketManager, UnifiedWebSocketManager\n"
    live = _edited(_live(root), root, {relative: text})
    first, second = live.findings(path).new
    outcome = live.fix(path, only=[second.identity()])
    assert [finding.identity() for finding in outcome.fixed] == [second.identity()]
    assert outcome.texts is not None
    assert outcome.texts[1] == (
        "from chat.websocket_core.unified_manager import WebSocketManager\n"
        "from chat.websocket_core.websocket_manager import UnifiedWebSocketManager\n"
    )
    assert first.code == "SOT002"
