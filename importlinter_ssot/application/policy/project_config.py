"""``[tool.ssot]`` in pyproject.toml: which policies, the baseline, the codes selected — and the policy itself.

```toml
[tool.ssot]
policies = ["contracts/ssot.toml"]   # policy files, relative to pyproject.toml
baseline = "ssot-baseline.json"      # findings recorded there are not reported (any other fails)
strict = true                        # without a baseline, warnings fail too (--strict)
select = ["SOT"]                     # code prefixes, ruff's semantics (domain/selection.py)
ignore = ["SOT010"]
extend-select = []

[tool.ssot.policy]                   # a policy kept here instead of in a file of its own:
root_packages = ["chat"]             # the same tables as a policy file, under tool.ssot
[[tool.ssot.symbol]]
...
```

Every problem is located in pyproject.toml (line, column, the whole key) and reported
together, as for a policy file. A project whose pyproject.toml has no ``[tool.ssot]`` (or
that has no pyproject.toml) has the empty configuration.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from importlinter_ssot.application.policy.policy_parsing import TOP_LEVEL_KEYS
from importlinter_ssot.application.policy.toml_document import load_toml
from importlinter_ssot.application.policy.toml_reader import Invalid, KeyPath, TomlReader
from importlinter_ssot.domain.problems import PolicyError, PolicyProblem
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.registry import RULES
from importlinter_ssot.domain.selection import Selection, SelectorError, check_selector

if TYPE_CHECKING:
    from importlinter_ssot.application.ports import FileSystem

PYPROJECT = "pyproject.toml"
TABLE: KeyPath = ("tool", "ssot")
# The settings; the policy's own tables (TOP_LEVEL_KEYS) may sit beside them.
CONFIG_KEYS = ("policies", "baseline", "strict", "select", "ignore", "extend-select")


class ProjectConfig(NamedTuple):
    """What ``[tool.ssot]`` says (paths absolute)."""

    pyproject: str | None = None  # the file read, None when there is no [tool.ssot]
    policies: tuple[str, ...] = ()  # pyproject.toml itself first when it holds the policy tables
    baseline: str | None = None
    selection: Selection = Selection()
    strict: bool = False


EMPTY = ProjectConfig()


def is_pyproject(path: str) -> bool:
    """Whether a policy path names a pyproject.toml: its policy is the ``[tool.ssot]`` table."""
    return posixpath.basename(path) == PYPROJECT


def read_project_config(file_system: FileSystem, project_root: str) -> ProjectConfig:
    """The ``[tool.ssot]`` of ``project_root``'s pyproject.toml; PolicyError with every located problem."""
    path = posixpath.join(project_root, PYPROJECT)
    if not file_system.is_file(path):
        return EMPTY
    try:
        text = file_system.read_bytes(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = "not valid UTF-8" if isinstance(error, UnicodeDecodeError) else error.strerror or str(error)
        raise PolicyError([PolicyProblem(path, 1, 1, "", f"cannot read {PYPROJECT}: {reason}")]) from None
    document = load_toml(text, path)
    tool = document.get("tool")
    settings = tool.get("ssot") if isinstance(tool, dict) else None
    if settings is None:
        return EMPTY
    reader = TomlReader(text, path, TABLE)
    if not isinstance(settings, dict):
        reader.problem((), "expected a table (`[tool.ssot]`)")
        raise PolicyError(reader.problems)
    return _read(reader, settings, path)


def _read(reader: TomlReader, settings: dict[str, Any], path: str) -> ProjectConfig:
    directory = posixpath.dirname(path)
    reader.check_keys(settings, (), CONFIG_KEYS + TOP_LEVEL_KEYS)
    listed = reader.field(settings, (), "policies", reader.array_of(reader.string))
    if listed is not None and not listed and not reader.problems:
        reader.problem(("policies",), "must list at least one policy file")
    baseline = reader.field(settings, (), "baseline", reader.string)
    strict = reader.field(settings, (), "strict", reader.boolean)
    codes = [rule.code for rule in RULES]

    def selector(value: Any, at: KeyPath) -> str:
        text = reader.string(value, at)
        try:
            return check_selector(text, codes)
        except SelectorError as error:
            reader.problem(at, str(error))
            raise Invalid from None

    selectors = reader.array_of(selector)
    select = reader.field(settings, (), "select", selectors)
    ignore = reader.field(settings, (), "ignore", selectors)
    extend_select = reader.field(settings, (), "extend-select", selectors)
    if reader.problems:
        raise PolicyError(sorted(reader.problems, key=lambda problem: (problem.line, problem.column)))
    embedded = (path,) if any(key in settings for key in TOP_LEVEL_KEYS) else ()
    return ProjectConfig(
        pyproject=path,
        policies=(*embedded, *(_absolute(directory, item) for item in listed or ())),
        baseline=_absolute(directory, baseline) if baseline else None,
        selection=Selection(select, ignore or (), extend_select or ()),
        strict=bool(strict),
    )


def _absolute(directory: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(directory, path.strip()))
