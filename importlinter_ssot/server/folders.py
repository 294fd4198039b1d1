"""A workspace folder's check: started through the common start-up, in one of three states.

Each folder of a (multi-root) workspace starts like any front end, through
``composition.start`` — settings, ``[tool.ssot]``, the policies found from the folder (their
trees scanned), the baseline — and then evaluates every file once (``Session.live_check``:
the cache makes that cheap). What comes out is a value: ``Ready`` (a ``LiveCheck`` the
buffers are fed to), ``Broken`` (the ``StartupError``: nothing is checked until the policy is
fixed) or ``Idle`` (no policy here: the folder gets nothing). A policy file, pyproject.toml
or the baseline changing starts the folder again; so does a Python file created, deleted or
changed on disk while no editor holds it (the cache makes the start-up a stat per file).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence

from importlinter_ssot.application.live.live_check import LiveCheck
from importlinter_ssot.application.settings import RawSettings
from importlinter_ssot.application.startup import StartupError
from importlinter_ssot.composition import Policies, Session, start
from importlinter_ssot.domain.records import NamedTuple


class Ready(NamedTuple):
    """The folder's policies apply: its check, buffers included."""

    session: Session
    live: LiveCheck


class Broken(NamedTuple):
    """The folder's policy, ``[tool.ssot]``, baseline or settings cannot be used: nothing is checked."""

    error: StartupError


class Idle(NamedTuple):
    """No policy in the folder (a project that does not use ssot): nothing to check, nothing to say but a log line."""

    reason: str


FolderState = Ready | Broken | Idle


def start_folder(root: str, today: str | None = None, policies: Sequence[str] = ()) -> FolderState:
    """The folder's check, as ``ssot check [--policy P …] [--today D]`` starts in ``root``."""
    try:
        session, projects = start(
            RawSettings(today=today, today_source="the `today` initialization option", policies=policies),
            policies=Policies.SCAN,
            # The baseline is applied as `ssot check` applies it (a covered finding is shown lower):
            # one that cannot be used stops the folder like a broken policy.
            baseline=True,
            # A language server runs in every project an editor opens, most without a policy.
            policy_required=False,
            discover_from=[root],
            cwd=root,
            project=root,
        )
    except StartupError as error:
        return Broken(error)
    if not projects:
        return Idle(f"no policy found in {root} ([tool.ssot] in pyproject.toml, or contracts/*.toml)")
    return Ready(session, session.live_check(projects))


def restarts_for(state: FolderState | None, root: str, path: str) -> bool:
    """Whether a change on disk of ``path`` (not open in the editor) can change what the folder's start-up gives."""
    if path.endswith(".py"):
        return isinstance(state, Ready) and state.live.governs(path)  # a file of the tree: its facts may change
    return path in _start_inputs(state, root) or path.endswith(".toml") and _near_policies(path, root)


def _start_inputs(state: FolderState | None, root: str) -> frozenset[str]:
    """The files the start-up read (or failed on): policies, pyproject.toml, the baseline."""
    paths = {posixpath.join(root, "pyproject.toml")}
    if isinstance(state, Ready):
        paths.add(posixpath.join(state.session.project_root(), "pyproject.toml"))
        paths.update(policy.path for policy in state.live.policies)
        baseline = state.session.baseline_path()
        if baseline is not None:
            paths.add(baseline)
    elif isinstance(state, Broken):
        paths.update(problem.path for problem in state.error.problems if problem.path is not None)
    return frozenset(paths)


def _near_policies(path: str, root: str) -> bool:
    """A TOML file discovery reads: ``contracts/*.toml`` or a pyproject.toml, inside the folder."""
    inside = path.startswith(root.rstrip("/") + "/")
    return inside and (
        posixpath.basename(path) == "pyproject.toml" or posixpath.basename(posixpath.dirname(path)) == "contracts"
    )


def folder_of(roots: Iterable[str], path: str) -> str | None:
    """The innermost of ``roots`` holding ``path``."""
    holding = [root for root in roots if path == root or path.startswith(root.rstrip("/") + "/")]
    return max(holding, key=len) if holding else None
