"""``python -m tools.new_rule SOTnnn rule-name``: a new rule, working and documented, in every place a rule touches.

Run from the repository root. It writes the rule's module (a per-file rule that flags one
marker name: ``tools/rule_template.py``), its test module and its docs example, registers its
check in ``domain/rules/registry.py``, formats what it wrote with ruff, then runs
``docs/generate.py``, which rewrites every file derived from the registry: docs/rules.md, the
README's rules table and code lists, docs/editors.md's and the other pages' generated
blocks, the recorded examples of ``ssot rule``, the goldens (the SARIF report lists every
rule). It prints each file it created, edited or regenerated, then what is left to do: the
rule's own logic and docs (docs/architecture.md, "Adding a rule").

    python -m tools.new_rule SOT050 star-import-of-governed-module [--severity warning]

It refuses a code or a name the registry already has, and files that already exist.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from tools.rule_template import EXAMPLE_FILE, RULE_MODULE, TEST_MODULE, Names

REPOSITORY = Path(__file__).resolve().parent.parent
RULES_PACKAGE = Path("importlinter_ssot") / "domain" / "rules"
REGISTRY = RULES_PACKAGE / "registry.py"
CODE = re.compile(r"SOT\d{3}")
NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# The registry's list of rule modules, and its tuple of file checks, one entry a line (as ruff formats them).
_MODULES = re.compile(r"(from importlinter_ssot\.domain\.rules import \(\n)((?:    \w+,\n)+)(\))")
_FILE_CHECKS = re.compile(r"(FILE_CHECKS: tuple\[FileCheck, \.\.\.\] = \(\n)((?:    .*\n)+?)(\))")


class ScaffoldError(Exception):
    """A rule that cannot be scaffolded here, and why."""


class Scaffold(NamedTuple):
    """What a new rule adds: new files (path relative to the repository → text) and the registry's new text."""

    names: Names
    created: tuple[tuple[Path, str], ...]
    registry: str


def registered(registry: str, module: str) -> str:
    """The registry's text with ``module`` imported and its ``CHECK`` last of the file checks."""
    modules = _MODULES.search(registry)
    checks = _FILE_CHECKS.search(registry)
    if modules is None or checks is None:
        raise ScaffoldError(
            f"{REGISTRY}: its rule-module imports or FILE_CHECKS are not where expected; add it by hand"
        )
    names = [line.strip().rstrip(",") for line in modules.group(2).splitlines()]
    if module in names:
        raise ScaffoldError(f"{REGISTRY} already imports `{module}`")
    listed = "".join(f"    {name},\n" for name in sorted([*names, module]))
    text = registry[: modules.start(2)] + listed + registry[modules.end(2) :]
    checks = _FILE_CHECKS.search(text)
    assert checks is not None  # the import block before it changed, not this one
    return text[: checks.end(2)] + f"    {module}.CHECK,\n" + text[checks.end(2) :]


def plan(names: Names, root: Path, codes: Sequence[str], rule_names: Sequence[str]) -> Scaffold:
    """The files of a new rule in the repository at ``root``, whose registry has ``codes`` and ``rule_names``."""
    if not CODE.fullmatch(names.code):
        raise ScaffoldError(f"`{names.code}` is not a code: SOT and three digits, e.g. SOT050")
    if not NAME.fullmatch(names.name):
        raise ScaffoldError(f"`{names.name}` is not a rule name: kebab-case, e.g. star-import-of-governed-module")
    if names.code in codes:
        raise ScaffoldError(f"{names.code} is already a rule (`ssot rules` lists them)")
    if names.name in rule_names:
        raise ScaffoldError(f"`{names.name}` is already a rule's name")
    created = (
        (RULES_PACKAGE / f"{names.module}.py", names.fill(RULE_MODULE)),
        (Path("tests") / "rules" / f"test_rules_{names.module}.py", names.fill(TEST_MODULE)),
        (Path("docs") / "examples" / "project" / names.example, names.fill(EXAMPLE_FILE)),
    )
    existing = [str(path) for path, _ in created if (root / path).exists()]
    if existing:
        raise ScaffoldError(f"already there: {', '.join(existing)}")
    return Scaffold(names, created, registered((root / REGISTRY).read_text(encoding="utf-8"), names.module))


def _run(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """A command of this repository's tools, with this repository's package first on the path."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), environment.get("PYTHONPATH")]))
    return subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, check=False)


def apply(scaffold: Scaffold, root: Path) -> list[str]:
    """Write the scaffold, format it, regenerate the docs and goldens; the lines of what was done."""
    done = []
    for path, text in scaffold.created:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
        done.append(f"created {path.as_posix()}")
    (root / REGISTRY).write_text(scaffold.registry, encoding="utf-8")
    done.append(f"edited {REGISTRY.as_posix()}")
    python = [str(root / path) for path, _ in scaffold.created if path.suffix == ".py" and path.parts[0] != "docs"]
    if importlib.util.find_spec("ruff") is not None:
        # Imports sorted and lines wrapped as the project's ruff wants them, whatever the rule's name.
        for command in (["check", "--fix", "--select", "I", "--quiet"], ["format", "--quiet"]):
            result = _run(root, sys.executable, "-m", "ruff", *command, *python, str(root / REGISTRY))
            if result.returncode != 0:
                raise ScaffoldError(f"ruff {command[0]} failed:\n{result.stdout}{result.stderr}")
    else:
        done.append("note: ruff is not installed here; run `ruff check --fix . && ruff format .`")
    generated = _run(root, sys.executable, str(root / "docs" / "generate.py"))
    if generated.returncode != 0:
        raise ScaffoldError(f"docs/generate.py failed:\n{generated.stdout}{generated.stderr}")
    done += [f"generated {line.removesuffix(' written')}" for line in generated.stderr.splitlines() if line]
    return done


def next_steps(names: Names) -> str:
    """What the scaffold leaves to its author."""
    module = (RULES_PACKAGE / f"{names.module}.py").as_posix()
    return f"""\
{names.code} {names.name} works and is documented: it flags the marker name `{names.marker}`.
Now make it the rule you mean (docs/architecture.md, "Adding a rule"):
  - its logic, needles and messages, and its docs (what, why, example, instead): {module}
  - its docs example: docs/examples/project/{names.example} (and the policy there, if it needs keys)
  - its cases: tests/rules/test_rules_{names.module}.py
then `python docs/generate.py` and the whole suite. If the bundled example (examples/chat) should show
it, add it there and derive its findings by hand in tests/expected/example_findings.txt."""


def main(argv: Sequence[str] | None = None) -> int:
    """Scaffold the rule the command line names; exit 1 with the reason when it cannot be."""
    parser = argparse.ArgumentParser(prog="python -m tools.new_rule", description=__doc__.splitlines()[0])
    parser.add_argument("code", help="the new rule's code, e.g. SOT050")
    parser.add_argument("name", help="its name, kebab-case, e.g. star-import-of-governed-module")
    parser.add_argument("--severity", choices=("error", "warning"), default="error")
    arguments = parser.parse_args(argv)
    from importlinter_ssot.domain.rules.registry import RULES

    names = Names(arguments.code, arguments.name, arguments.severity)
    try:
        scaffold = plan(names, REPOSITORY, [rule.code for rule in RULES], [rule.name for rule in RULES])
        done = apply(scaffold, REPOSITORY)
    except ScaffoldError as error:
        print(f"new_rule: {error}", file=sys.stderr)
        return 1
    print("\n".join([*done, "", next_steps(names)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
