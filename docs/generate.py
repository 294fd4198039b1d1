"""Generate docs/rules.md, docs/output.md and the README's rules table from the rule definitions.

Each rule's example is produced by running the real ``ssot check`` on the files of
docs/examples/project, so the documented output is what the tool prints. The runs are
also kept in ``importlinter_ssot/adapters/rule_examples.json``, which ``ssot rule``
renders with the same code. ``tests/test_rule_docs.py`` fails when a committed file
differs from what this script generates.

    python docs/generate.py          # write the files
    python docs/generate.py --check  # exit 1 (and name them) if any file is stale
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
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
from importlinter_ssot.domain.rules.registry import RULES

REPOSITORY = Path(__file__).resolve().parent.parent
EXAMPLE_PROJECT = REPOSITORY / "docs" / "examples" / "project"
TEMPLATES = REPOSITORY / "docs" / "templates"
README = REPOSITORY / "README.md"
EXAMPLES_JSON = REPOSITORY / "importlinter_ssot" / "adapters" / EXAMPLES_RESOURCE

README_TABLE = re.compile(r"(<!-- rules-table:start -->\n)(.*?)(<!-- rules-table:end -->)", re.DOTALL)
README_FIRST_RUN = re.compile(r"(<!-- first-run:start -->\n)(.*?)(<!-- first-run:end -->)", re.DOTALL)
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

    return DIRECTIVE.sub(replace, template.read_text(encoding="utf-8"))


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
    """The README with its rules table and its first command's output (between their markers) regenerated."""
    table = rules_table(RULES, link_prefix="docs/rules.md")
    updated, count = README_TABLE.subn(lambda match: match.group(1) + table + match.group(3), current)
    if count != 1:
        raise ValueError("README.md must hold exactly one <!-- rules-table:start/end --> pair")
    excerpt = first_run_excerpt(current)
    updated, count = README_FIRST_RUN.subn(lambda match: match.group(1) + excerpt + match.group(3), updated)
    if count != 1:
        raise ValueError("README.md must hold exactly one <!-- first-run:start/end --> pair")
    return updated


def generated_files() -> dict[Path, str]:
    """Every generated file and its content."""
    runs = example_runs()
    pages = {
        REPOSITORY / "docs" / template.name: render_page(template, runs) for template in sorted(TEMPLATES.glob("*.md"))
    }
    return {
        **pages,
        EXAMPLES_JSON: runs_to_json(runs),
        README: render_readme(README.read_text(encoding="utf-8")),
    }


def main(argv: list[str] | None = None) -> int:
    """Write the generated files, or with ``--check`` report the stale ones (exit 1)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Do not write; exit 1 if a file is stale.")
    arguments = parser.parse_args(argv)
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
