"""The goldens that are pure functions of the bundled example: produced one way, for the tests and the docs generator.

``python docs/generate.py`` rewrites them (``--check`` says which are stale) and the tests
compare them, both through ``produce``: one definition of how each is made. They are
*mechanical*: each one's findings are proven elsewhere — the text output's positions against
the hand-derived ``example_findings.txt`` (test_example.py), every other format parsed back
into the same findings as the JSON one (front_ends/test_formats.py) — so what a regenerated golden adds
is presentation, reviewed in its diff. The SARIF one also lists every rule of the registry,
so adding a rule changes it.

The other files of ``tests/expected/`` are *hand-checked* and never regenerated: the findings
derived rule by rule from the specification (``example_findings.txt`` and its reasoning), the
report (``example_report.*``: exempt and removable are judgements checked by hand) and the
``--fix`` diff (``example_fix.diff``: every edit reviewed). A change there is made by hand.
"""

from __future__ import annotations

from pathlib import Path

from support.front_ends import ssot_in_process

REPO = Path(__file__).resolve().parent.parent.parent
EXPECTED = REPO / "tests" / "expected"
# ``ssot check`` on the bundled example, from the repository root, as the README runs it.
EXAMPLE_ARGS = ("--policy", "contracts/example.toml", "--today", "2027-01-15", "--no-cache")
# Each format's golden; the text one is the example's golden output (test_example.py).
GOLDENS = {
    "text": EXPECTED / "example_output.txt",
    "json": EXPECTED / "formats" / "example.json",
    "github": EXPECTED / "formats" / "example.github.txt",
    "sarif": EXPECTED / "formats" / "example.sarif",
    "gitlab": EXPECTED / "formats" / "example.gitlab.json",
    "junit": EXPECTED / "formats" / "example.junit.xml",
    "markdown": EXPECTED / "formats" / "example.md",
}


def produce(format_name: str) -> str:
    """What ``ssot check --format FORMAT_NAME`` prints on the bundled example (it has errors: exit 1, no stderr)."""
    result = ssot_in_process(*EXAMPLE_ARGS, "--format", format_name, cwd=REPO, today=None)
    if result.returncode != 1 or result.stderr:
        raise AssertionError(f"--format {format_name}: exit {result.returncode}\n{result.stderr}")
    return result.stdout


def goldens() -> dict[Path, str]:
    """Every mechanical golden and what it should hold."""
    return {path: produce(name) for name, path in GOLDENS.items()}
