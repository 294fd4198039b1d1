"""docs/rules.md, the README's rules table and the recorded examples are generated from the rule definitions.

The generator (docs/generate.py) runs the real ``ssot check`` on docs/examples/project for
every rule's example; a committed file that differs from what it generates fails here,
and so does an example that no longer shows the rule it documents.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from importlinter_ssot.adapters.rule_docs import load_example_runs, rule_section
from importlinter_ssot.domain.rules.registry import RULES

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("_docs_generate", REPOSITORY / "docs" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(generator):  # type: ignore[no-untyped-def]
    return generator.generated_files()


def test_committed_docs_are_what_the_generator_writes(generated) -> None:  # type: ignore[no-untyped-def]
    stale = [
        str(path.relative_to(REPOSITORY))
        for path, content in generated.items()
        if path.read_text(encoding="utf-8") != content
    ]
    assert not stale, f"run `python docs/generate.py`: {stale} differ from the rule definitions"


def test_the_generator_lists_the_files_it_writes(generator, generated) -> None:  # type: ignore[no-untyped-def]
    # `generate.py --list` is what may change when the registry does (tools.new_rule's test relies on it).
    assert generator.generated_paths() == list(generated)


def test_every_rule_is_documented_with_an_example_that_shows_it(generator) -> None:  # type: ignore[no-untyped-def]
    runs = generator.example_runs()
    for rule in RULES:
        assert rule.doc.what and rule.doc.why and rule.doc.instead, rule.code
        assert rule.doc.example is not None, f"{rule.code} has no example"
        reported = [line for line in runs[rule.code].output.splitlines() if f": {rule.code} " in line]
        assert reported, f"the example of {rule.code} does not report {rule.code}:\n{runs[rule.code].output}"


def test_rule_names_are_unique_kebab_case_and_codes_sorted() -> None:
    names = [rule.name for rule in RULES]
    assert len(set(names)) == len(names)
    assert all(name == name.lower() and " " not in name and "_" not in name for name in names)
    assert [rule.code for rule in RULES] == sorted(rule.code for rule in RULES)


def test_the_shipped_examples_render_the_same_sections_as_the_docs() -> None:
    runs = load_example_runs()
    page = (REPOSITORY / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert rule_section(rule, runs.get(rule.code)) in page, rule.code


def test_the_shared_policy_excerpts_are_in_the_example_policy() -> None:
    # Rule docs quote them as the policy of docs/examples/project, whose runs they show.
    from importlinter_ssot.domain.rules import doc_excerpts

    policy = (REPOSITORY / "docs" / "examples" / "project" / "contracts" / "ssot.toml").read_text(encoding="utf-8")
    toml = doc_excerpts.LEGACY_MODULE.removeprefix("```toml\n").removesuffix("```")
    assert toml in policy
