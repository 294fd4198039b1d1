"""The parse floor of a cold ``ssot check`` (issue 25): what any CPython-parser design must do.

Run from a tree's root exactly as ``ssot check`` is, it starts the engine the same way (the
policies, the project walk), then on the same number of worker processes reads every file,
applies the engine's own relevance test and decodes and ``ast.parse``\\ s exactly the files a
cold check parses (the cycle collector paused, as the engine pauses it) — and nothing else:
no walk of the syntax trees, no rules, no results sent back but a count. ``run.py`` times it
side by side with ``ssot check --no-cache`` (the ``floor`` mode: cold / floor)::

    python benchmarks/parse_floor.py --policy contracts/ssot.toml [--jobs N]

Prints the number of files read and parsed (stderr), so a run shows what it measured.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from importlinter_ssot.adapters.runner import make_runner
from importlinter_ssot.application.analysis.parsing import no_cycle_collection, syntax_tree

# The engine's own relevance test, so that the floor parses exactly the files a check parses.
from importlinter_ssot.application.analysis.scheduling import _parse_choice, _Shared, _shared
from importlinter_ssot.application.settings import RawSettings
from importlinter_ssot.composition import Session
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.source import SourceFile


def _read_and_parse(shared: _Shared, task: tuple[str, tuple[tuple[int, SourceFile, bytes | None], ...]]) -> bool:
    """Read one file, and parse it if the check would: whether it was parsed."""
    path, wanted = task
    try:
        data = shared.file_system.read_bytes(path)
    except OSError:
        return False
    if _parse_choice(shared, wanted, data) is None:
        return False
    with no_cycle_collection():  # and the tree freed before it resumes, as the engine does
        syntax_tree(data)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", action="append", default=[], help="as ssot check's --policy")
    parser.add_argument("--jobs", type=int, default=0, help="as ssot check's --jobs (0: one per core)")
    arguments = parser.parse_args(argv)
    session = Session(RawSettings(policies=arguments.policy, cache=False, jobs=arguments.jobs))
    projects = session.load(session.policy_paths())
    contexts = tuple(RuleContext(project.policy, session.today) for project in projects)
    wanted: dict[str, list[tuple[int, SourceFile, bytes | None]]] = {}
    for index, project in enumerate(projects):
        for source in project.files:
            wanted.setdefault(source.path, []).append((index, source, None))
    tasks = [(path, tuple(files)) for path, files in sorted(wanted.items())]
    runner = make_runner(arguments.jobs)
    parsed = sum(runner.map(_read_and_parse, _shared(session.file_system, contexts), tasks))
    print(f"parse floor: {len(tasks)} files read, {parsed} parsed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
