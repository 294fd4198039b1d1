"""Does ``ssot check --fix`` change what real code does? A trial on pinned libraries, not a unit test.

    python benchmarks/fix_trial.py [--only pydantic,sqlalchemy,attrs] [--work DIR] [--json FILE]

For each library: download its pinned source distribution (``pip download --no-deps
--no-binary :all:``), unpack it twice, run ``ssot check --fix`` with the policy of
``benchmarks/trials/<name>.toml`` on one copy, then install each copy into a fresh virtual
environment (without build isolation; build tools and dependencies come from the package
index, wheels are fine) and show

(a) for every import the fix rewrote, that the old and the new statement bind the very
    same object (``is``), by importing the library in the fixed tree's environment — the
    trial imports the library, the tool never does;
(b) that the library's own tests touching the changed files (and those of the imports the
    policy flags) give the same outcome per test before and after.

It prints a summary (and ``--json``) and exits 1 when any identity check or test outcome
differs: "zero behaviour changes" is the expected result. docs/fix.md records the figures.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRIALS = HERE / "trials"
SSOT = Path(sys.executable).with_name("ssot")


@dataclass(frozen=True)
class Trial:
    """One library: what to download, how its tree is laid out, what to install and which tests to run."""

    name: str
    requirement: str  # name==version, as pip downloads it
    sources: tuple[str, ...]  # directories holding the packages (source_roots)
    build: tuple[str, ...]  # build tools, installed before the tree (no build isolation)
    dependencies: tuple[str, ...]  # runtime and test dependencies, from the index
    tests: tuple[str, ...]  # tests always run (relative to the tree), besides the changed test files
    test_args: tuple[str, ...] = ()
    environment: tuple[tuple[str, str], ...] = ()
    max_changed_tests: int = 12  # changed test files run (a subset: the first ones, sorted)


TRIAL_LIST = (
    Trial(
        "pydantic",
        "pydantic==2.13.5",
        (".",),
        ("hatchling", "hatch-fancy-pypi-readme>=22.5.0"),
        (
            "pydantic-core==2.46.5",
            "typing-extensions>=4.14.1",
            "annotated-types>=0.6.0",
            "typing-inspection>=0.4.2",
            "pytest",
            "jsonschema",
            "dirty-equals",
            "pytest-mock",
            "pytest-run-parallel",
        ),
        ("tests/test_v1.py", "tests/test_main.py"),
        ("-o", "addopts=", "-p", "no:cacheprovider"),
    ),
    Trial(
        "sqlalchemy",
        "SQLAlchemy==2.0.36",
        ("lib", "."),
        ("setuptools>=61", "wheel"),
        ("typing-extensions>=4.6.0", "greenlet", "pytest"),
        ("test/ext/declarative/test_deprecations.py", "test/ext/declarative/test_inheritance.py"),
        ("-p", "no:cacheprovider", "--maxfail=10000"),
        (("DISABLE_SQLALCHEMY_CEXT", "1"),),
    ),
    Trial(
        "attrs",
        "attrs==24.2.0",
        ("src", "."),
        ("hatchling", "hatch-vcs", "hatch-fancy-pypi-readme>=23.2.0"),
        ("pytest", "hypothesis", "pympler", "cloudpickle"),
        ("tests/test_next_gen.py", "tests/test_funcs.py"),
        ("-p", "no:cacheprovider"),
    ),
)


@dataclass
class Outcome:
    """What one trial found."""

    name: str
    requirement: str
    fixed: int = 0
    files: int = 0
    not_fixable: dict[str, int] = field(default_factory=dict)
    rewritten: list[dict[str, object]] = field(default_factory=list)  # each rewritten import and its check
    tests: list[str] = field(default_factory=list)
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    changed_outcomes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def identical(self) -> int:
        return sum(1 for item in self.rewritten if item["same"] is True)

    @property
    def behaviour_changes(self) -> int:
        return sum(1 for item in self.rewritten if item["same"] is False) + len(self.changed_outcomes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--only", default=",".join(trial.name for trial in TRIAL_LIST))
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ssot-fix-trial")
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    chosen = [trial for trial in TRIAL_LIST if trial.name in arguments.only.split(",")]
    outcomes = [run_trial(trial, arguments.work) for trial in chosen]
    for outcome in outcomes:
        print(summary(outcome))
    if arguments.json:
        arguments.json.write_text(
            json.dumps(
                [
                    {**vars(item), "identical": item.identical, "behaviour_changes": item.behaviour_changes}
                    for item in outcomes
                ],
                indent=2,
            )
            + "\n"
        )
    return 1 if any(item.behaviour_changes or item.problems for item in outcomes) else 0


def run_trial(trial: Trial, work: Path) -> Outcome:
    outcome = Outcome(trial.name, trial.requirement)
    base = work / trial.name
    sdist = download(trial, work / "downloads")
    original, fixed = unpack(sdist, base / "original"), unpack(sdist, base / "fixed")
    policy = fixed / "contracts" / "fix_trial.toml"
    policy.parent.mkdir(exist_ok=True)
    text = (TRIALS / f"{trial.name}.toml").read_text()
    policy.write_text(text)
    report = run(
        [str(SSOT), "check", "--policy", str(policy), "--fix", "--no-cache", "--format", "json"], cwd=fixed, check=False
    )
    fix = json.loads(report.stdout)["fix"]
    outcome.fixed, outcome.files = fix["summary"]["fixed"], fix["summary"]["files"]
    outcome.not_fixable = fix["summary"]["reasons"]
    changed = [str(item["path"]) for item in fix["files"]]
    pairs = [pair for path in changed for pair in rewritten_imports(trial, original, fixed, path)]
    before_env, after_env = (
        environment(trial, base / "venv-before", original),
        environment(trial, base / "venv-after", fixed),
    )
    outcome.rewritten = identity_checks(after_env, fixed, pairs)
    changed_tests = sorted(path for path in changed if is_test(path))[: trial.max_changed_tests]
    outcome.tests = sorted({*trial.tests, *changed_tests})
    before = run_tests(trial, before_env, original, outcome.tests, base / "before.xml")
    after = run_tests(trial, after_env, fixed, outcome.tests, base / "after.xml")
    outcome.before, outcome.after = dict(Counter(before.values())), dict(Counter(after.values()))
    outcome.changed_outcomes = sorted(
        f"{test}: {before.get(test, 'absent')} → {after.get(test, 'absent')}"
        for test in set(before) | set(after)
        if before.get(test) != after.get(test)
    )
    if not before:
        outcome.problems.append("no test ran before the fix")
    return outcome


def download(trial: Trial, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    name, version = trial.requirement.split("==")
    found = [path for path in directory.glob("*.tar.gz") if path.name.lower().startswith(f"{name.lower()}-{version}")]
    if not found:
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-binary",
                ":all:",
                "-d",
                str(directory),
                trial.requirement,
            ]
        )
        found = [
            path for path in directory.glob("*.tar.gz") if path.name.lower().startswith(f"{name.lower()}-{version}")
        ]
    return found[0]


def unpack(sdist: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tarfile.open(sdist) as archive:
        archive.extractall(target, filter="data")
    (inner,) = target.iterdir()
    return inner


def environment(trial: Trial, venv: Path, tree: Path) -> Path:
    """A fresh virtual environment with ``tree`` installed; its python."""
    if venv.exists():
        shutil.rmtree(venv)
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", *trial.build, *trial.dependencies])
    run(
        [str(python), "-m", "pip", "install", "-q", "--no-build-isolation", "--no-deps", str(tree)],
        env={**os.environ, **dict(trial.environment)},
    )
    return python


def module_of(trial: Trial, path: str) -> tuple[str, bool]:
    """The module a file of the tree is, and whether it is a package."""
    relative = Path(path)
    for root in trial.sources:
        if root != "." and relative.parts[: len(Path(root).parts)] == Path(root).parts:
            relative = relative.relative_to(root)
            break
    parts = list(relative.with_suffix("").parts)
    package = parts[-1] == "__init__"
    if package:
        parts.pop()
    return ".".join(parts), package


def bindings(trial: Trial, tree: Path, path: str) -> tuple[Counter[tuple[str, str, str]], set[str]]:
    """Every ``from M import N [as B]`` of a file as (B, absolute M, N); and the bound names under TYPE_CHECKING."""
    syntax = ast.parse((tree / path).read_bytes())
    module, package = module_of(trial, path)
    base = module.split(".") if package else module.split(".")[:-1]
    found: Counter[tuple[str, str, str]] = Counter()
    checking: set[str] = set()
    pending: list[tuple[ast.AST, bool]] = [(syntax, False)]
    while pending:
        node, under = pending.pop()
        for child in ast.iter_child_nodes(node):
            inside = under or (
                isinstance(node, ast.If)
                and child in node.body
                and "TYPE_CHECKING" in ast.unparse(node.test)
                and not ast.unparse(node.test).startswith("not")
            )
            if isinstance(child, ast.ImportFrom) and child.names[0].name != "*":
                level = child.level or 0
                source = ".".join(
                    [*(base[: len(base) - (level - 1)] if level else []), *([child.module] if child.module else [])]
                )
                for alias in child.names:
                    bound = alias.asname or alias.name
                    found[(bound, source, alias.name)] += 1
                    if inside:
                        checking.add(bound)
            pending.append((child, inside))
    return found, checking


def rewritten_imports(trial: Trial, original: Path, fixed: Path, path: str) -> list[dict[str, object]]:
    """The names whose import the fix changed in one file: the old and the new (module, name) of each."""
    old, _ = bindings(trial, original, path)
    new, checking = bindings(trial, fixed, path)
    gone, came = old - new, new - old
    pairs: list[dict[str, object]] = []
    for bound, module, name in sorted(gone.elements()):
        match = next((key for key in came.elements() if key[0] == bound), None)
        if match is None:
            pairs.append({"path": path, "bound": bound, "old": f"{module}:{name}", "new": None, "same": None})
            continue
        came[match] -= 1
        pairs.append(
            {
                "path": path,
                "bound": bound,
                "old": f"{module}:{name}",
                "new": f"{match[1]}:{match[2]}",
                "type_checking": bound in checking,
            }
        )
    return pairs


_CHECK = """
import json, sys, warnings
warnings.simplefilter("ignore")
results = []
for old, new in json.load(sys.stdin):
    try:
        namespace = {}
        exec(f"from {old[0]} import {old[1]} as first", namespace)
        exec(f"from {new[0]} import {new[1]} as second", namespace)
        results.append(namespace["first"] is namespace["second"])
    except Exception as error:
        results.append(f"{type(error).__name__}: {error}")
print(json.dumps(results))
"""


def identity_checks(python: Path, tree: Path, pairs: list[dict[str, object]]) -> list[dict[str, object]]:
    """Each rewritten import's old and new statement, run in the fixed tree's environment: the same object?"""
    asked = [pair for pair in pairs if pair.get("new")]
    question = [[str(pair["old"]).split(":"), str(pair["new"]).split(":")] for pair in asked]
    with tempfile.TemporaryDirectory() as elsewhere:  # not the tree: the installed library is imported
        answer = run([str(python), "-c", _CHECK], cwd=Path(elsewhere), stdin=json.dumps(question))
    for pair, result in zip(asked, json.loads(answer.stdout), strict=True):
        if result is True or result is False:
            pair["same"] = result
        elif pair.get("type_checking"):
            pair["same"], pair["note"] = None, f"under TYPE_CHECKING, not importable at run time ({result})"
        else:
            pair["same"], pair["note"] = False, str(result)
    return pairs


def is_test(path: str) -> bool:
    name = Path(path).name
    return name.startswith("test_") and name.endswith(".py")


def run_tests(trial: Trial, python: Path, tree: Path, tests: list[str], report: Path) -> dict[str, str]:
    """Each test's outcome (passed, failed, error, skipped) by its id."""
    present = [test for test in tests if (tree / test).exists()]
    run(
        [str(python), "-m", "pytest", "-q", *trial.test_args, f"--junitxml={report}", *present],
        cwd=tree,
        check=False,
    )
    outcomes: dict[str, str] = {}
    for case in ElementTree.parse(report).iter("testcase"):
        kinds = {child.tag for child in case}
        status = next((kind for kind in ("failure", "error", "skipped") if kind in kinds), "passed")
        outcomes[f"{case.get('classname')}::{case.get('name')}"] = {"failure": "failed"}.get(status, status)
    return outcomes


def run(
    command: list[str],
    *,
    cwd: Path | None = None,
    check: bool = True,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, text=True, check=False, env=env)
    if check and result.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result


def summary(outcome: Outcome) -> str:
    lines = [
        f"{outcome.requirement}: {outcome.fixed} fixed in {outcome.files} files; not fixable: "
        + ", ".join(
            f"{count} {reason}" for reason, count in sorted(outcome.not_fixable.items(), key=lambda item: -item[1])
        ),
        f"  rewritten imports: {len(outcome.rewritten)}, the same object (is): {outcome.identical}",
    ]
    for item in outcome.rewritten:
        if item.get("same") is not True:
            lines.append(
                f"    {item['path']}: {item['old']} → {item['new']}: {item.get('same')} {item.get('note', '')}"
            )
    lines.append(f"  tests ({len(outcome.tests)} files): before {outcome.before}, after {outcome.after}")
    lines.extend(f"    changed: {line}" for line in outcome.changed_outcomes[:20])
    lines.extend(f"  problem: {line}" for line in outcome.problems)
    lines.append(f"  behaviour changes: {outcome.behaviour_changes}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
