"""Generate docs/rules.md, docs/output.md and the README's rules table from the rule definitions.

Each rule's example is produced by running the real ``ssot check`` on the files of
docs/examples/project, so the documented output is what the tool prints. The runs are
also kept in ``importlinter_ssot/adapters/rule_examples.json``, which ``ssot rule``
renders with the same code. ``tests/rules/test_rule_docs.py`` fails when a committed file
differs from what this script generates.

It also rewrites the goldens that are pure functions of the bundled example (the text
output and every report format of ``ssot check`` on it: ``tests/support/goldens.py``, which
the tests compare them with, says which and why those only).

Hand-written pages hold generated blocks where they list codes: ``<!-- NAME:start -->`` …
``<!-- NAME:end -->`` (``BLOCKS``: the codes the flake8 plugin reports, the whole-project
rules, the errors and warnings), so that a rule added or changed is listed everywhere.

    python docs/generate.py          # write the files
    python docs/generate.py --check  # exit 1 (and name them) if any file is stale
    python docs/generate.py --list   # the files it writes
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from importlinter_ssot.adapters.formats import FORMATS
from importlinter_ssot.adapters.rule_docs import (
    EXAMPLES_RESOURCE,
    ExampleRun,
    all_rule_sections,
    console_block,
    python_block,
    rules_table,
    runs_to_json,
)
from importlinter_ssot.cli.main import cli
from importlinter_ssot.domain.findings import Severity
from importlinter_ssot.domain.rule_definition import Rule, Scope
from importlinter_ssot.domain.rules.registry import FRONT_END_RULES, RULES, rules_of_scope
from importlinter_ssot.flake8_plugin import reported_rules

REPOSITORY = Path(__file__).resolve().parent.parent
# The tests' helpers (importable as `support`, as pytest makes them): the goldens are produced there, once.
sys.path.insert(0, str(REPOSITORY / "tests"))
from support.goldens import GOLDENS, goldens  # noqa: E402

EXAMPLE_PROJECT = REPOSITORY / "docs" / "examples" / "project"
TEMPLATES = REPOSITORY / "docs" / "templates"
README = REPOSITORY / "README.md"
EXAMPLES_JSON = REPOSITORY / "importlinter_ssot" / "adapters" / EXAMPLES_RESOURCE

# Hand-written pages with generated blocks (the README's are filled by render_readme).
PAGES_WITH_BLOCKS = (REPOSITORY / "docs" / "editors.md", REPOSITORY / "docs" / "import-linter.md")
BLOCK = re.compile(r"<!-- (?P<name>[\w-]+):start -->(?P<newline>\n?)(?P<body>.*?)<!-- (?P=name):end -->", re.DOTALL)
README_FIRST_COMMAND = re.compile(r"```sh\n.*?ssot check (?P<arguments>[^\n]*)\n", re.DOTALL)
FIRST_RUN_LINES = 3  # the README shows the first lines of its first command's output, then the last
DIRECTIVE = re.compile(r"^\{\{(\w+)(?::\s*(.*?))?\}\}\n", re.MULTILINE)


@contextmanager
def _inside(directory: Path) -> Iterator[None]:
    previous = os.getcwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(previous)


def run_ssot(arguments: list[str], *, stdout_only: bool = False, command: str = "check") -> str:
    """What ``ssot COMMAND ARGUMENTS`` prints in the example project (stdout and stderr, as a terminal shows)."""
    environment = {"SSOT_TODAY": "", "SSOT_CACHE_DIR": "", "COLUMNS": "200"}
    with _inside(EXAMPLE_PROJECT):
        result = CliRunner().invoke(cli, [command, "--no-cache", *arguments], env=environment)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.stdout if stdout_only else result.output


def command_line(arguments: list[str]) -> str:
    """How the example's command is shown (the cache flag is an artefact of generating, not shown)."""
    return "ssot check " + shlex.join(arguments)


def run_flake8(arguments: list[str]) -> str:
    """What ``flake8 ARGUMENTS`` prints in the example project (stdout, then stderr), as a real process."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SSOT_")}
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", *arguments],
        cwd=EXAMPLE_PROJECT,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    return result.stdout + result.stderr


def example_runs() -> dict[str, ExampleRun]:
    """Every rule's example, run."""
    runs: dict[str, ExampleRun] = {}
    for rule in RULES:
        example = rule.doc.example
        if example is None:
            continue
        files = tuple((path, (EXAMPLE_PROJECT / path).read_text(encoding="utf-8")) for path in example.files)
        if example.tool == "flake8":
            arguments = ["--ssot-today", example.today, *(example.args or example.files)]
            runs[rule.code] = ExampleRun(files, "flake8 " + shlex.join(arguments), run_flake8(arguments))
            continue
        arguments = ["--today", example.today, *(example.args or example.files)]
        runs[rule.code] = ExampleRun(files, command_line(arguments), run_ssot(arguments))
    return runs


def example_project_listing() -> str:
    """The example project's files and its policy."""
    paths = sorted(
        path.relative_to(EXAMPLE_PROJECT).as_posix()
        for path in EXAMPLE_PROJECT.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and ".ssot_cache" not in path.parts
    )
    policy = (EXAMPLE_PROJECT / "contracts" / "ssot.toml").read_text(encoding="utf-8")
    return (
        "```text\n"
        + "\n".join(paths)
        + "\n```\n\nwith this policy, `contracts/ssot.toml`:\n\n```toml\n"
        + policy.rstrip()
        + "\n```\n"
    )


def codes_phrase(rules: Sequence[Rule], *, ticks: bool = False, names: bool = False, ranges: bool = False) -> str:
    """``SOT022, SOT030 and SOT040``: codes in words; ``ranges``: three or more in a row of the registry as ``A–B``."""

    def shown(rule: Rule) -> str:
        code = f"`{rule.code}`" if ticks else rule.code
        return f"{code} ({rule.name})" if names else code

    chosen = set(rules)
    runs: list[list[Rule]] = []
    previous = None
    for rule in RULES:  # runs of consecutive registered codes
        if rule in chosen:
            if ranges and runs and previous in chosen:
                runs[-1].append(rule)
            else:
                runs.append([rule])
        previous = rule
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{shown(run[0])}–{shown(run[-1])}")
        else:
            parts.extend(shown(rule) for rule in run)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _engine_rules(severity: Severity) -> list[Rule]:
    """The rules ``ssot check`` and ``lint-imports`` report with this severity (not the front ends' own)."""
    return [rule for rule in RULES if rule.severity is severity and rule not in FRONT_END_RULES]


# Generated blocks of hand-written pages, by name: each lists codes from the registry.
BLOCKS: dict[str, Callable[[], str]] = {
    "flake8-codes": lambda: codes_phrase(reported_rules(), ticks=True, ranges=True),
    "flake8-rules": lambda: rules_table(reported_rules(), link_prefix="rules.md"),
    "whole-project-codes": lambda: codes_phrase(rules_of_scope(Scope.PROJECT)),
    "whole-project-rules": lambda: codes_phrase(rules_of_scope(Scope.PROJECT), names=True),
    "error-codes": lambda: codes_phrase(_engine_rules(Severity.ERROR)),
    "warning-codes": lambda: codes_phrase(_engine_rules(Severity.WARNING)),
}


def fill_blocks(text: str, blocks: Mapping[str, Callable[[], str]], where: str) -> str:
    """``text`` with the body of every generated block replaced; an unknown block name is an error."""

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in blocks:
            raise ValueError(f"{where}: unknown generated block <!-- {name}:start -->")
        return f"<!-- {name}:start -->{match['newline']}{blocks[name]()}<!-- {name}:end -->"

    return BLOCK.sub(replace, text)


def render_page(template: Path, runs: dict[str, ExampleRun]) -> str:
    """A docs page: its template with the directives replaced.

    ``{{run: ARGS}}`` / ``{{stdout: ARGS}}``: ``ssot check ARGS`` and what it prints (all, or stdout
    only); ``{{report: ARGS}}``, ``{{discover: ARGS}}``: ``ssot report ARGS``, ``ssot discover ARGS``
    and what it prints; ``{{file: PATH}}``: a file
    of the example project; ``{{rules}}``, ``{{rules_table}}``, ``{{example_project}}``: the rule
    sections, their table, the example project's files and policy; ``{{formats_table}}``: the
    report formats.
    """

    def replace(match: re.Match[str]) -> str:
        name, argument = match.group(1), match.group(2)
        if name == "rules_table":
            return rules_table(RULES)
        if name == "formats_table":
            rows = [f"| `{name}` | {format_.summary} |" for name, format_ in FORMATS.items()]
            return "\n".join(["| Format | |", "|---|---|", *rows]) + "\n"
        if name == "example_project":
            return example_project_listing()
        if name == "rules":
            return all_rule_sections(RULES, runs)
        if name == "file":
            return python_block([(argument, (EXAMPLE_PROJECT / argument).read_text(encoding="utf-8"))])
        if name == "run":
            arguments = shlex.split(argument)
            return console_block(command_line(arguments), run_ssot(arguments))
        if name == "report":
            arguments = shlex.split(argument)
            return console_block("ssot report " + shlex.join(arguments), run_ssot(arguments, command="report"))
        if name == "discover":
            arguments = shlex.split(argument)
            return console_block("ssot discover " + shlex.join(arguments), run_ssot(arguments, command="discover"))
        if name == "stdout":
            arguments = shlex.split(argument)
            return console_block(command_line(arguments) + " 2>/dev/null", run_ssot(arguments, stdout_only=True))
        raise ValueError(f"unknown directive {{{{{name}}}}} in {template}")

    rendered = DIRECTIVE.sub(replace, template.read_text(encoding="utf-8"))
    return fill_blocks(rendered, BLOCKS, str(template.relative_to(REPOSITORY)))


def first_run_excerpt(current: str) -> str:
    """What the README's first ``ssot check`` prints, run from the repository root: first lines, ``...``, last line."""
    match = README_FIRST_COMMAND.search(current)
    if match is None:
        raise ValueError("README.md must start with a ```sh block running `ssot check`")
    environment = {"SSOT_TODAY": "", "SSOT_CACHE_DIR": "", "COLUMNS": "200"}
    with _inside(REPOSITORY):
        result = CliRunner().invoke(cli, ["check", *shlex.split(match["arguments"]), "--no-cache"], env=environment)
    lines = result.stdout.splitlines()
    return "```text\n" + "\n".join([*lines[:FIRST_RUN_LINES], "...", lines[-1]]) + "\n```\n"


def render_readme(current: str) -> str:
    """The README with its generated blocks (the rules table, its first command's output, code lists) regenerated."""
    for name in ("rules-table", "first-run"):
        if current.count(f"<!-- {name}:start -->") != 1:
            raise ValueError(f"README.md must hold exactly one <!-- {name}:start/end --> pair")
    blocks = {
        **BLOCKS,
        "rules-table": lambda: rules_table(RULES, link_prefix="docs/rules.md"),
        "first-run": lambda: first_run_excerpt(current),
    }
    return fill_blocks(current, blocks, "README.md")


def generated_files() -> dict[Path, str]:
    """Every generated file and its content."""
    runs = example_runs()
    pages = {
        REPOSITORY / "docs" / template.name: render_page(template, runs) for template in sorted(TEMPLATES.glob("*.md"))
    }
    hand_written = {
        page: fill_blocks(page.read_text(encoding="utf-8"), BLOCKS, page.name) for page in PAGES_WITH_BLOCKS
    }
    return {
        **pages,
        **hand_written,
        EXAMPLES_JSON: runs_to_json(runs),
        README: render_readme(README.read_text(encoding="utf-8")),
        **goldens(),
    }


def generated_paths() -> list[Path]:
    """The files ``generated_files`` writes, without generating them (what a change may rewrite)."""
    pages = [REPOSITORY / "docs" / template.name for template in sorted(TEMPLATES.glob("*.md"))]
    return [*pages, *PAGES_WITH_BLOCKS, EXAMPLES_JSON, README, *GOLDENS.values()]


def main(argv: list[str] | None = None) -> int:
    """Write the generated files, or with ``--check`` report the stale ones (exit 1)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Do not write; exit 1 if a file is stale.")
    parser.add_argument("--list", action="store_true", help="Only list the generated files, one a line.")
    arguments = parser.parse_args(argv)
    if arguments.list:
        print("\n".join(path.relative_to(REPOSITORY).as_posix() for path in generated_paths()))
        return 0
    stale = []
    for path, content in generated_files().items():
        if path.exists() and path.read_text(encoding="utf-8") == content:
            continue
        stale.append(path)
        if not arguments.check:
            path.write_text(content, encoding="utf-8")
    for path in stale:
        verb = "is stale" if arguments.check else "written"
        print(f"{path.relative_to(REPOSITORY)} {verb}", file=sys.stderr)
    return 1 if arguments.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
