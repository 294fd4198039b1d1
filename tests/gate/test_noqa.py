"""noqa comments: ``ssot check``, ``lint-imports`` and flake8 suppress exactly the same findings.

The comment is read as flake8 reads it (application/gate/suppression.py follows flake8's own
rules), so the parity test runs the three front ends on the same files and compares what
each reports. flake8 and lint-imports run in this process (support/front_ends.py).
"""

from __future__ import annotations

import re

import pytest

from importlinter_ssot import flake8_plugin
from importlinter_ssot.application.gate.suppression import read_noqa

from support.front_ends import flake8_in_process, lint_imports_in_process

POLICY = """
[policy]
name = "Managers"
root_packages = ["app"]

[[symbol]]
name = "Manager"
defined_in = "app.core"
deprecated = [{ module = "app.old", until = 2027-03-31 }]

[[module]]
name = "app.legacy"
status = "forbidden"

[[duplicates]]
pattern = "*Helper"
"""

USE = '''\
"""Every way of writing the comment that flake8 understands, and some it does not."""
from app.old import Manager  # noqa: SOT001
from app.old import Manager  # noqa: E501
from app.old import Manager  # noqa
from app.old import Manager  # noqa: SOT
from app.old import Manager  # NOQA:SOT00
from app.old import (
    Manager,  # noqa: SOT001
)
from app.old import (  # noqa: SOT001
    Manager,
)
from app.old import (
    Manager,
)
import app.legacy  # noqa: SOT001
import app.legacy  # noqa:SOT011,E501
import app.legacy  # noqa : SOT011
import app.legacy  # noqa: sot011
import app.legacy  # noqa:E501 SOT011
import app.legacy  # a comment, then # noqa: SOT011
text = "# noqa: SOT011"; import app.legacy
import app.legacy  # noqa: SOT01X
from app.old import Manager as M1, Manager as M2  # noqa: SOT001
import app.legacy as joined, \\
    app.legacy as again  # noqa: SOT011
print(Manager, M1, M2, text, joined, again)


class Manager:  # noqa: SOT020
    pass


class Manager:  # noqa: SOT021
    pass


class CartHelper:  # noqa: SOT022
    pass
'''

FILES = {
    "app/__init__.py": "",
    "app/core.py": "class Manager:\n    pass\n",
    "app/old.py": "from app.core import Manager\n\n__all__ = ['Manager']\n",
    "app/legacy.py": "VALUE = 1\n",
    "app/use.py": USE,
    "app/quiet.py": "# flake8: noqa\nimport app.legacy\nfrom app.old import Manager\n",
    # As in ansible's podman_volume.py: flake8 exempts the whole file, codes or not (ruff would
    # read it as E501 only; ssot follows flake8, whose comments these are).
    "app/quiet_codes.py": "# flake8: noqa: E501\nimport app.legacy\n",
    "app/other.py": "class CartHelper:\n    pass\n",
}

LINE = re.compile(r"^(?:- )?(?P<path>[^\s:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>SOT\d{3}) ")


def rows(output: str, codes: frozenset[str] | None = None) -> set[tuple[str, int, int, str]]:
    found = set()
    for line in output.splitlines():
        match = LINE.match(line)
        if match and (codes is None or match["code"] in codes):
            found.add((match["path"], int(match["line"]), int(match["column"]), match["code"]))
    return found


@pytest.fixture
def project(make_project):
    return make_project(FILES, POLICY)


def test_ssot_check_suppresses_what_flake8_suppresses(project) -> None:
    result = project.cli()
    reported = rows(result.stdout)
    in_use = {row for row in reported if row[0] == "app/use.py"}
    # What flake8 decides line by line (the parity test below asks flake8 itself).
    assert in_use == {
        ("app/use.py", 3, 21, "SOT001"),  # `# noqa: E501` names another code
        # A comment on the line of `from … import (` covers that line only: inside brackets each
        # line ends with a token of its own (NL), so flake8 keeps the lines apart.
        ("app/use.py", 11, 5, "SOT001"),
        ("app/use.py", 14, 5, "SOT001"),  # no comment
        ("app/use.py", 16, 8, "SOT011"),  # `# noqa: SOT001` names another code
        ("app/use.py", 19, 8, "SOT011"),  # codes are compared as written: `sot011` is not SOT011
        ("app/use.py", 34, 1, "SOT020"),  # the comment on line 30 names SOT020, this one SOT021
    }
    # Suppressed, among others: `# noqa : SOT011` (a blanket noqa: the colon must follow at once),
    # `# noqa: SOT01X` (codes end at `SOT01`, a prefix of SOT011), the comment inside a string
    # (flake8 reads the raw line), and line 25 through the comment on line 26 (a backslash
    # joins them into one line for flake8).
    assert not any(row[0] == "app/quiet.py" for row in reported)  # `# flake8: noqa` exempts the file
    assert not any(row[0] == "app/quiet_codes.py" for row in reported)  # so does `# flake8: noqa: E501`
    assert ("app/other.py", 1, 1, "SOT022") in reported  # its twin in use.py is suppressed, it is not


def test_no_noqa_reports_everything(project) -> None:
    suppressed = rows(project.cli().stdout)
    everything = rows(project.cli("--no-noqa").stdout)
    assert suppressed < everything
    assert ("app/use.py", 2, 21, "SOT001") in everything and ("app/quiet.py", 2, 8, "SOT011") in everything
    assert ("app/quiet_codes.py", 2, 8, "SOT011") in everything


def test_the_three_front_ends_agree_on_the_same_files(project) -> None:
    per_file = frozenset(rule.code for rule in flake8_plugin.reported_rules())
    ssot = rows(project.cli().stdout)
    flake8 = flake8_in_process(
        "--isolated", "--select", "SOT", "--ssot-policy", "contracts/ssot.toml", "app", cwd=project.root, today=None
    )
    assert flake8.stderr == ""
    assert rows(flake8.stdout) == {row for row in ssot if row[3] in per_file}
    project.write(
        {
            ".importlinter": "[importlinter]\nroot_packages =\n    app\ncontract_types =\n"
            "    ssot: importlinter_ssot.contracts.SsotContract\n\n"
            "[importlinter:contract:ssot]\nname = SSOT\ntype = ssot\npolicy = contracts/ssot.toml\n"
        }
    )
    linted = lint_imports_in_process(cwd=project.root, today="2026-06-15")
    assert rows(linted.stdout) == ssot


def test_findings_in_policy_files_have_no_noqa(make_project) -> None:
    files = {"app/__init__.py": "", "app/a.py": "from app.core import Manager\n", "app/core.py": "class Manager: ...\n"}
    policy = '[policy]\nroot_packages = ["app"]\n\n[[symbol]]  # noqa\nname = "Manager"  # noqa: SOT030\n'
    project = make_project(files, policy + 'defined_in = "app.core"\ncanonical = ["app"]\nmax_import_patterns = 1\n')
    project.write({"app/b.py": "from app import Manager\n", "app/__init__.py": "from app.core import Manager\n"})
    assert ("contracts/ssot.toml", 5, 1, "SOT030") in rows(project.cli().stdout)


def test_reading_stops_early_when_no_comment_is_there() -> None:
    assert read_noqa(b"import app.legacy\n").noqa_lines == {}
    assert read_noqa(b"import app.legacy  # NoQa\n").suppresses("SOT011", 1)
    # A file that does not tokenize: each line stands alone (as in flake8).
    broken = read_noqa(b"x = (  # noqa: SOT011\nimport app.legacy\n")
    assert broken.suppresses("SOT011", 1) and not broken.suppresses("SOT011", 2)
    # Another encoding: decoded as Python does.
    latin = read_noqa("# -*- coding: latin-1 -*-\nname = 'é'  # noqa: SOT900\n".encode("latin-1"))
    assert latin.suppresses("SOT900", 2)


def test_reading_up_to_a_line_groups_lines_as_a_full_pass_does() -> None:
    # The comments are read only up to the last finding of a file: that must change nothing.
    from pathlib import Path

    from importlinter_ssot.application.gate.suppression import _decode_lines, _noqa_line_mapping

    repository = Path(__file__).resolve().parents[2]
    sources = sorted((repository / "importlinter_ssot").rglob("*.py")) + sorted((repository / "tests").glob("*.py"))
    for source in sources:
        lines = _decode_lines(source.read_bytes())
        full = _noqa_line_mapping(lines)
        for until in {1, len(lines) // 3, len(lines) // 2, len(lines) - 1} - {0}:
            partial = _noqa_line_mapping(lines, until)
            assert {line: text for line, text in partial.items() if line <= until} == {
                line: text for line, text in full.items() if line <= until
            }, (source, until)


def test_an_unreadable_file_follows_the_same_rule(make_project) -> None:
    files = {
        "app/__init__.py": "",
        "app/core.py": "class Manager:\n    pass\n",
        "app/broken.py": "from app.core import Manager\ndef f(:  # noqa: SOT900\n",
        "app/other.py": "from app.core import Manager\ndef f(:  # noqa: SOT001\n",
    }
    project = make_project(files, POLICY)
    assert {row[0] for row in rows(project.cli().stdout)} == {"app/other.py"}
    assert {row[0] for row in rows(project.cli("--no-noqa").stdout)} == {"app/broken.py", "app/other.py"}
