"""Every kind of project-check fact survives the cache's codec as the typed value it was collected as.

A file's facts go to the cache as JSON (tuples become arrays) and come back through each
check's shape (domain/rules/fact_shape.py), which rebuilds its NamedTuples. The tree below
makes every project check contribute, every optional part present once; each file's facts
are encoded, stored as JSON, decoded, and compared to what the checks collected: equal, and
of the same types at every level (a NamedTuple rebuilt as a plain tuple would still compare
equal, and ``fact.symbol`` would fail only later, in a report).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.application.analysis import result_codec
from importlinter_ssot.application.analysis.parsing import parse_source
from importlinter_ssot.application.policy.policy_loading import load_projects
from importlinter_ssot.application.policy.project import Project
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.evaluation import evaluate_file
from importlinter_ssot.domain.rules.inventory import InventoryFact
from importlinter_ssot.domain.rules.registry import CheckFacts
from importlinter_ssot.domain.rules.runtime_warnings import RuntimeFact

from support.cache_tree import FILES as CACHE_TREE

TODAY = datetime.date(2026, 6, 1)

# The cache fuzzer's tree, with the optional parts of the facts present: a deprecated path whose
# name warns through a decorator (SOT040's module entry, names, bindings, wrappers), a warning class
# of the tree, and a governed name bound by an assignment (the inventory's ``bound``).
FILES = {
    **CACHE_TREE,
    "app/core/old.py": (
        "from warnings import deprecated\n"
        "from app.core import impl\n\n"
        "@deprecated('use app.core')\n"
        "class Manager(impl.Manager):\n"
        "    pass\n"
    ),
    "app/warns.py": (
        "import warnings\n\n"
        "class MovedWarning(DeprecationWarning):\n    pass\n\n"
        "def moved():\n    warnings.warn('moved', MovedWarning)\n"
    ),
    "app/bound.py": "Manager = object()\n",
}


def _types(value: object) -> object:
    """The type of ``value`` and, for a tuple, of each of its items, all the way down."""
    if isinstance(value, tuple):
        return type(value), tuple(_types(item) for item in value)
    return type(value)


def _project(root: Path) -> Project:
    (root / ".git").mkdir()
    for relative, text in FILES.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    (project,) = load_projects(LocalFileSystem(), [(root / "contracts/ssot.toml").as_posix()])
    return project


def test_a_fact_of_each_kind_round_trips_through_the_codec_to_an_equal_typed_value(tmp_path: Path) -> None:
    project = _project(tmp_path)
    context = RuleContext(project.policy, TODAY)
    shapes = result_codec.fact_shapes(project.policy)
    names = frozenset(context.symbols_by_name)
    contributed: set[str] = set()
    module_entries = 0
    inventory_parts: set[str] = set()
    for source in project.files:
        deprecated = bool(context.deprecated_modules.names(source.module))
        parsed = parse_source(Path(source.path).read_bytes(), names, runtime=True if deprecated else None)
        plain = result_codec.encode_result(evaluate_file(context, source, parsed))
        stored = json.loads(json.dumps(result_codec.storable(plain)))
        decoded = result_codec.stored_result(stored, shapes)
        assert decoded == plain, source.path
        assert _types(decoded[1]) == _types(plain[1]), source.path
        facts = decoded[1]
        assert type(facts) is CheckFacts
        contributed.update(name for name, fact in zip(CheckFacts._fields, facts, strict=True) if fact is not None)
        runtime = facts.runtime_warnings
        if runtime is not None:
            assert type(runtime) is RuntimeFact
            module_entries += runtime.module is not None and bool(runtime.module.names[0].bindings[0])
        if facts.inventory is not None:
            inventory_parts.update(name for name, part in facts.inventory._asdict().items() if part)
    assert contributed == set(CheckFacts._fields), "every project check contributes in this tree"
    assert module_entries == 1, "the deprecated module's entry is among them, its name's wrappers too"
    assert inventory_parts == set(InventoryFact._fields), "each part of the inventory fact is in some file's"


def test_a_stored_fact_of_another_shape_is_rejected_not_half_rebuilt(tmp_path: Path) -> None:
    """A stored fact is rebuilt only whole: a wrong part anywhere is a ValueError (a cache miss)."""
    shapes = result_codec.fact_shapes(_project(tmp_path).policy)
    nothing = [None] * len(CheckFacts._fields)
    budget = CheckFacts._fields.index("budget")
    good = [*nothing]
    good[budget] = [["Manager", "app.core.old", "Manager"]]  # what ``from app.core.old import Manager`` gives
    assert result_codec.stored_result([[], good, []], shapes)[1].budget == (("Manager", "app.core.old", "Manager"),)
    for wrong in ([["Manager", "app.core.old"]], [["Manager", "app.core.old", 1]], {"symbol": "Manager"}, "x"):
        bad = [*nothing]
        bad[budget] = wrong
        try:
            result_codec.stored_result([[], bad, []], shapes)
        except ValueError:
            continue
        raise AssertionError(f"accepted {wrong!r}")
    for count in (len(nothing) - 1, len(nothing) + 1):
        try:
            result_codec.stored_result([[], [None] * count, []], shapes)
        except ValueError:
            continue
        raise AssertionError(f"accepted {count} facts")
