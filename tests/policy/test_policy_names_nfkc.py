"""Names in a policy are NFKC-normalised, as Python normalises identifiers.

Python reads `Ｍanager` (a fullwidth M) or `proﬁle` (an ﬁ ligature) in source as the
identifiers `Manager` and `profile`; the engine sees the normalised names. A policy naming
`Ｍanager` or the module `acme.proﬁle` used to match nothing, silently (and a root package
spelled so was not found). Every name a policy gives is now read the same way, so the odd
and the plain spellings, in the policy or in the source, give the same findings.
"""

from __future__ import annotations

import itertools
import re

from support.commands import ssot_command

TREE = {
    "acme/__init__.py": "",
    "acme/core.py": "class Manager: ...\n\n\nUnified = Manager\n",
    "acme/legacy.py": "from acme.core import Manager, Unified\n",
    "acme/app.py": (
        "from acme.legacy import Manager\nfrom acme.profile import Unified\n"
        "import acme.old\nimport acme.tests.fixtures\n"
    ),
    "acme/old.py": "",
    "acme/profile.py": "class Manager: ...\n\n\nclass FileType: ...\n",
    "acme/other.py": "class FileType: ...\n",
    "acme/tests/__init__.py": "",
    "acme/tests/fixtures.py": "from acme.legacy import Manager\nimport acme.old\n",
}

POLICY = """
[policy]
root_packages = ["acme"]

[[symbol]]
name = "Manager"
aliases = ["Unified"]
defined_in = "acme.core"
canonical = ["acme.core"]
deprecated = [{ module = "acme.legacy" }]
allow_importers = ["acme.tests.**"]

[[module]]
name = "acme.old"
status = "forbidden"
replacement = "acme.core"
allow_importers = ["acme.tests.*"]

[[module]]
name = "acme.*tests"
status = "deprecated"

[[duplicates]]
pattern = "*Type"
within = ["acme.**"]
"""

# Plain names in the policy and the source: every TOML string below `[policy]`, and the identifiers
# of the tree (file names stay plain: Python looks a module up by its normalised name).
NAMES = re.compile(r"\b(acme|core|legacy|profile|old|tests|fixtures|Manager|Unified|FileType|Type)\b")


def odd(text: str) -> str:
    """Each name respelled as Python would normalise back: a fullwidth first letter, `fi` as a ligature."""

    def respell(match: re.Match[str]) -> str:
        name = match.group(0)
        return chr(ord(name[0]) - 0x21 + 0xFF01) + name[1:].replace("fi", "\ufb01")

    return NAMES.sub(respell, text)


def test_odd_spellings_in_the_policy_or_the_source_give_the_same_findings(make_project) -> None:  # type: ignore[no-untyped-def]
    assert odd("acme.profile.Manager fixtures") == "ａcme.ｐro\ufb01le.Ｍanager ｆixtures"
    results = {}
    for odd_policy, odd_source in itertools.product((False, True), repeat=2):
        tree = {path: odd(text) if odd_source else text for path, text in TREE.items()}
        project = make_project(tree, odd(POLICY) if odd_policy else POLICY)
        result = project.result()
        results[odd_policy, odd_source] = (
            [(project.rel(finding.path), finding.line, finding.code, finding.message) for finding in result.findings],
            [(warning.key, warning.message) for warning in result.warnings],
        )
    findings, warnings = results[False, False]
    assert [(path, code) for path, _, code, _ in findings] == [
        ("acme/app.py", "SOT001"),  # Manager through the deprecated acme.legacy
        ("acme/app.py", "SOT002"),  # Unified through acme.profile
        ("acme/app.py", "SOT011"),  # the forbidden acme.old
        ("acme/app.py", "SOT010"),  # acme.tests.fixtures, inside the deprecated `acme.*tests`
        ("acme/legacy.py", "SOT040"),  # deprecated, but does not warn
        ("acme/other.py", "SOT022"),  # FileType, also in acme.profile
        ("acme/profile.py", "SOT020"),  # Manager outside acme.core
        ("acme/profile.py", "SOT022"),
        ("acme/tests/__init__.py", "SOT040"),
    ]
    assert warnings == []
    # The messages name the normalised names, wherever the odd spelling was.
    assert results[True, False] == results[False, True] == results[True, True] == (findings, warnings)


def test_two_spellings_of_one_name_are_one_name(make_project) -> None:  # type: ignore[no-untyped-def]
    policy = POLICY.replace('aliases = ["Unified"]', 'aliases = ["Unified", "Ｍanager"]')
    result = make_project(TREE, policy).cli()
    assert result.returncode == 2
    assert "symbol[0].aliases[1]: `Manager` is already governed by symbol[0]" in result.stderr


def test_a_discover_pattern_is_read_as_python_reads_names(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    run = ssot_command("discover", "--pattern", "*Ｔype", cwd=project.root)
    assert run.returncode == 0 and "\nFileType: 2 objects, 2 definition sites in 2 modules\n" in run.stdout
