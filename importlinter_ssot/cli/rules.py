"""`ssot rule CODE`, `ssot rule --all` and `ssot rules`: the rules' documentation, as docs/rules.md has it.

Both render from the rule definitions and the recorded example runs through
``adapters/rule_docs.py``, the renderer docs/rules.md is generated with, so they cannot drift.
"""

from __future__ import annotations

import difflib
import sys

import click

from importlinter_ssot.adapters.rule_docs import load_example_runs, rule_section
from importlinter_ssot.application.settings import ExitCode
from importlinter_ssot.domain.rules.registry import RULES


def rules_listing() -> str:
    """One line per rule: code, name, severity, what it flags."""
    width = max(len(rule.name) for rule in RULES)
    return "".join(f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}\n" for rule in RULES)


def _find(code: str) -> str:
    """The rule's documentation; exit 2 naming the known codes when there is no such rule."""
    wanted = code.strip().upper()
    for rule in RULES:
        if wanted in (rule.code, rule.name.upper()):
            return rule_section(rule, load_example_runs().get(rule.code))
    codes = [rule.code for rule in RULES]
    close = difflib.get_close_matches(wanted, codes, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    click.echo(f"ssot: no rule {code!r}{hint}; the rules are {', '.join(codes)}", err=True)
    sys.exit(int(ExitCode.USAGE))


@click.command()
@click.argument("code", required=False)
@click.option("--all", "list_all", is_flag=True, help="List every rule: code, name, severity.")
def rule(code: str | None, list_all: bool) -> None:
    """Show the documentation of rule CODE (e.g. SOT001, or its name), as in docs/rules.md."""
    if list_all or code is None:
        if code is not None:
            raise click.UsageError("give a CODE or --all, not both")
        click.echo(rules_listing(), nl=False)
        return
    click.echo(_find(code), nl=False)


@click.command()
def rules() -> None:
    """List every rule: code, name, severity and what it flags (as `ssot rule --all`)."""
    click.echo(rules_listing(), nl=False)
