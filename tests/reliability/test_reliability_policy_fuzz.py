"""Hostile policy files: a valid policy or a *located* PolicyError — never anything else.

Two halves:

- a catalogue of malformed TOML and schema violations, each loaded through the engine
  (``load_projects``: one located problem), and a sample of them through ``ssot check``
  (in process): exit status 2, a ``path:line:col: error: …`` line pointing into the
  policy file, no traceback, no findings (nothing half-applied);
- a property-based test: hypothesis builds random TOML documents — random tables,
  keys, values of every TOML type, and random values in every known field of the
  format — serializes them with the small writer below, and feeds them to
  ``parse_policy``. The only allowed outcomes are a Policy, or a PolicyError whose
  every problem has a line inside the document, a column >= 1, and a key or message.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re
import string
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importlinter_ssot.adapters.filesystem import LocalFileSystem
from importlinter_ssot.application.policy.policy_loading import load_projects
from importlinter_ssot.application.policy.policy_parsing import (
    DEPRECATED_PATH_KEYS,
    DUPLICATES_KEYS,
    MODULE_KEYS,
    POLICY_KEYS,
    SYMBOL_KEYS,
    TOP_LEVEL_KEYS,
    parse_policy,
)
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.problems import PolicyError, PolicyProblem

POLICY_PATH = "contracts/ssot.toml"  # where make_project writes the policy

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TREE = {
    "chat/__init__.py": "",
    "chat/core/__init__.py": "",
    "chat/core/impl.py": "class Manager:\n    pass\n",
    "chat/app.py": "from chat.core.impl import Manager\n",  # an SOT002 if the policy were applied
}

GOOD = """\
[policy]
name = "fuzz"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
defined_in = "chat.core.impl"
canonical = ["chat.core"]
"""

# A located policy error, as `ssot check` prints it on stderr.
LOCATED = re.compile(r"^contracts/ssot\.toml:(\d+):(\d+): error: (.+)$", re.MULTILINE)


# -- the catalogue: each malformed document, and the line its error must point at -------------
# ("At end of document" is the line after the last newline, where an editor puts the cursor.)

MALFORMED_TOML = {
    "unclosed table header": ("[policy\nname = 'x'\n", 1),
    "unclosed array-of-tables header": ('[policy]\nname = "x"\nroot_packages = ["chat"]\n[[symbol]\n', 4),
    "missing value": ('[policy]\nname =\nroot_packages = ["chat"]\n', 2),
    "missing equals": ('[policy]\nname "x"\n', 2),
    "unterminated string": ('[policy]\nname = "x\nroot_packages = ["chat"]\n', 2),
    # tomllib says "at end of document" for these: the error is at the document's last line.
    "unterminated multi-line string": ('[policy]\nroot_packages = ["chat"]\nname = """x\n\n', 5),
    "unterminated array": ('[policy]\nname = "x"\nroot_packages = ["chat"\n', 4),
    "unterminated inline table": ('[policy]\nroot_packages = ["chat"]\n[[symbol]]\ndeprecated = [{ module = "a"\n', 4),
    "duplicate key": ('[policy]\nname = "x"\nname = "y"\n', 3),
    "duplicate table": ('[policy]\nname = "x"\n[policy]\nroot_packages = ["chat"]\n', 3),
    "table redefines array of tables": ('[policy]\nroot_packages = ["chat"]\n[[symbol]]\nname = "A"\n[symbol]\n', 5),
    "bad escape": ('[policy]\nname = "a\\qb"\n', 2),
    "bare word value": ("[policy]\nname = chat\n", 2),
    "invalid date": ("[policy]\nroot_packages = ['chat']\n[[module]]\nname = 'chat.x'\nuntil = 2027-02-30\n", 5),
    "trailing garbage": ('[policy]\nname = "x" garbage\n', 2),
    "control character": ('[policy]\nname = "a\x01b"\n', 2),
    "newline in single-line string": ('[policy]\nname = "a\nb"\n', 2),
    "leading zero integer": ("[policy]\nroot_packages = ['chat']\n[[symbol]]\nmax_import_patterns = 04\n", 4),
    "inline table with newline": (
        "[policy]\nroot_packages = ['chat']\n[[symbol]]\ndeprecated = [{ module = 'a',\n until = 2027-01-01 }]\n",
        4,
    ),
    "key without value at end of file": ("[policy]\nname", 2),
    "empty bare key": ("[policy]\n = 1\n", 2),
    "stray closing bracket": ("]\n[policy]\n", 1),
}

# Valid TOML, invalid policy: (document, expected line, a fragment of the key, a fragment of the message).
SCHEMA_VIOLATIONS = {
    "no [policy] table": ('name = "x"\n', None, "", "policy"),
    "policy is not a table": ('policy = "x"\n', 1, "policy", "table"),
    "unknown top-level key": (GOOD + "[symbols]\nname = 'A'\n", 9, "symbols", "symbol"),
    "unknown policy key": (GOOD.replace('name = "fuzz"', 'nmae = "fuzz"'), 2, "policy.nmae", "name"),
    "root_packages is a string": (GOOD.replace('["chat"]', '"chat"'), 3, "root_packages", "array"),
    "root_packages element is a number": (GOOD.replace('["chat"]', '["chat", 3]'), 3, "root_packages[1]", "string"),
    "root package is no identifier": (
        GOOD.replace('["chat"]', '["chat", "my-pkg"]'),
        3,
        "root_packages[1]",
        "identifier",
    ),
    "symbol is a plain value": ('symbol = 3\n[policy]\nroot_packages = ["chat"]\n', 1, "symbol", "array of tables"),
    "symbol name missing": (GOOD.replace('name = "Manager"\n', ""), 5, "symbol[0]", "name"),
    "symbol name not an identifier": (GOOD.replace('"Manager"', '"Man ager"'), 6, "symbol[0].name", "identifier"),
    "symbol name empty": (GOOD.replace('"Manager"', '""'), 6, "symbol[0].name", "empty"),
    "defined_in not dotted": (GOOD.replace('"chat.core.impl"', '"chat/core/impl"'), 7, "defined_in", "module"),
    "defined_in outside the root packages": (GOOD.replace('"chat.core.impl"', '"other.impl"'), 7, "defined_in", "root"),
    "canonical is a table": (GOOD.replace('["chat.core"]', "{ a = 1 }"), 8, "canonical", "array"),
    "budget is zero": (GOOD + "max_import_patterns = 0\n", 9, "max_import_patterns", "at least 1"),
    "budget is a boolean": (GOOD + "max_import_patterns = true\n", 9, "max_import_patterns", "integer"),
    "budget is a float": (GOOD + "max_import_patterns = 2.5\n", 9, "max_import_patterns", "integer"),
    "deprecated entry is a number": (GOOD + "deprecated = [1]\n", 9, "deprecated[0]", "table"),
    "deprecated until is a date-time": (
        GOOD + 'deprecated = [{ module = "chat.old", until = 2027-01-01T10:00:00 }]\n',
        9,
        "until",
        "date-time",
    ),
    "deprecated until is a bad date string": (
        GOOD + 'deprecated = [{ module = "chat.old", until = "31/01/2027" }]\n',
        9,
        "until",
        "date",
    ),
    "deprecated unknown key": (GOOD + 'deprecated = [{ modul = "chat.old" }]\n', 9, "modul", "module"),
    "both canonical and deprecated": (GOOD + 'deprecated = ["chat.core"]\n', 9, "deprecated[0]", "both"),
    "status misspelt": (
        '[policy]\nroot_packages = ["chat"]\n[[module]]\nname = "chat.x"\nstatus = "forbiden"\n',
        5,
        "status",
        "forbidden",
    ),
    "until on a forbidden module": (
        '[policy]\nroot_packages = ["chat"]\n[[module]]\nname = "chat.x"\nstatus = "forbidden"\nuntil = 2027-01-01\n',
        6,
        "until",
        "deprecated",
    ),
    "module glob with an empty segment": (
        '[policy]\nroot_packages = ["chat"]\n[[module]]\nname = "chat..x"\nstatus = "forbidden"\n',
        4,
        "name",
        "segment",
    ),
    "allow_importers can never match": (GOOD + 'allow_importers = ["other.**"]\n', 9, "allow_importers[0]", "never"),
    "exclude with ..": (
        GOOD.replace('root_packages = ["chat"]', 'root_packages = ["chat"]\nexclude = ["../x"]'),
        4,
        "exclude[0]",
        "..",
    ),
    "duplicates without pattern": (GOOD + '[[duplicates]]\nwithin = ["chat.**"]\n', 9, "duplicates[0]", "pattern"),
    "same name governed twice": (
        GOOD + '[[symbol]]\nname = "Other"\naliases = ["Manager"]\ndefined_in = "chat.core.impl"\n',
        11,
        "aliases[0]",
        "already governed",
    ),
}


def load(project) -> list[PolicyProblem]:
    """The problems the engine's own loader reports for the project's policy (in process)."""
    with pytest.raises(PolicyError) as caught:
        load_projects(LocalFileSystem(), [project.abs(POLICY_PATH)])
    problems = caught.value.problems
    assert problems
    assert all(problem.line >= 1 and problem.column >= 1 and problem.message for problem in problems), problems
    assert all(problem.path == project.abs(POLICY_PATH) for problem in problems), problems
    return problems


@pytest.mark.parametrize("case", sorted(MALFORMED_TOML))
def test_malformed_toml_is_a_located_error(make_project, case):
    text, line = MALFORMED_TOML[case]
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)  # the case really is malformed TOML
    problems = load(make_project(TREE, text))
    assert [(problem.line, problem.message.startswith("invalid TOML")) for problem in problems] == [(line, True)]


@pytest.mark.parametrize("case", sorted(SCHEMA_VIOLATIONS))
def test_schema_violation_is_a_located_error(make_project, case):
    text, line, key, fragment = SCHEMA_VIOLATIONS[case]
    tomllib.loads(text)  # valid TOML
    problems = load(make_project(TREE, text))
    matching = [p for p in problems if key in p.key and fragment.lower() in p.message.lower()]
    assert matching, problems
    if line is not None:
        assert matching[0].line == line, problems


# The command's side of it, for a sample of both kinds (the exit status and the output do
# not depend on which problem it is): exit 2, the located line on stderr, nothing checked.
CLI_SAMPLE = [
    pytest.param("text", *MALFORMED_TOML["duplicate key"], id="malformed-toml"),
    pytest.param("text", *SCHEMA_VIOLATIONS["status misspelt"][:2], id="schema-violation"),
    pytest.param("json", *SCHEMA_VIOLATIONS["deprecated until is a bad date string"][:2], id="schema-violation-json"),
]


@pytest.mark.parametrize("output_format, text, line", CLI_SAMPLE)
def test_bad_policy_exits_2_with_a_located_error_and_checks_nothing(make_project, output_format, text, line):
    result = make_project(TREE, text).cli("--policy", POLICY_PATH, "--format", output_format)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "SOT002" not in result.stdout, "nothing may be checked with a broken policy"
    assert [int(found) for found, _, _ in LOCATED.findall(result.stderr)] == [line], result.stderr
    if output_format == "json":
        (error,) = json.loads(result.stdout)["policy_errors"]
        assert (error["path"], error["line"]) == (POLICY_PATH, line)


def test_policy_that_is_not_utf8_is_a_located_error(make_project):
    project = make_project(TREE, None, policies={})
    (project.root / "contracts").mkdir()
    (project.root / "contracts/ssot.toml").write_bytes(GOOD.encode() + b"# caf\xe9\n")
    project.policy_paths = ["contracts/ssot.toml"]
    result = project.cli("--policy", "contracts/ssot.toml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert [int(line) for line, _, _ in LOCATED.findall(result.stderr)] == [9]


def test_policy_that_is_a_directory_is_an_error_not_a_traceback(make_project):
    project = make_project(TREE, None)
    (project.root / "contracts/ssot.toml").mkdir(parents=True)
    result = project.cli("--policy", "contracts/ssot.toml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert LOCATED.search(result.stderr), result.stderr


# -- the property-based half: random documents -------------------------------------------------

# A small TOML writer (the standard library reads TOML but does not write it).

_BARE_KEY = re.compile(r"\A[A-Za-z0-9_-]+\Z")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_string(text: str, literal: bool = False) -> str:
    if literal and "'" not in text and not any(ord(char) < 32 or ord(char) == 127 for char in text if char != "\t"):
        return f"'{text}'"
    escaped = []
    for char in text:
        if char == '"':
            escaped.append('\\"')
        elif char == "\\":
            escaped.append("\\\\")
        elif char == "\n":
            escaped.append("\\n")
        elif ord(char) < 32 or ord(char) == 127:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def toml_value(value: object, literal: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value, literal)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item, literal) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v, literal)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def toml_document(document: dict[str, object], layout: st.DataObject) -> str:
    """Top-level plain values first, then tables as ``[name]`` and arrays of tables as ``[[name]]``."""
    head: list[str] = []
    tail: list[str] = []
    literal = layout.draw(st.booleans(), label="literal strings")
    for key, value in document.items():
        block = layout.draw(st.booleans(), label=f"{key} as a header")
        if block and isinstance(value, dict) and value:
            tail.append(f"[{toml_key(key)}]")
            tail.extend(f"{toml_key(k)} = {toml_value(v, literal)}" for k, v in value.items())
            tail.append("")
        elif block and isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            for item in value:
                tail.append(f"[[{toml_key(key)}]]")
                tail.extend(f"{toml_key(k)} = {toml_value(v, literal)}" for k, v in item.items())
                tail.append("")
        else:
            head.append(f"{toml_key(key)} = {toml_value(value, literal)}")
    separator = layout.draw(st.sampled_from(["\n", "\r\n"]), label="line ending")
    return separator.join([*head, "", *tail]) + separator


# Values of every TOML type (random), and values of the kind each field expects (mostly
# valid, sometimes subtly wrong), so that documents range from valid policies to every
# kind of broken one.
dates = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
scalars = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=string.printable, max_size=12),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    dates,
    st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31)),
    st.times(),
)
# Keys with escapes (`"\\u0041"`) are covered by test_escaped_quoted_keys_are_located_at_their_line.
random_keys = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters='"\\'), min_size=1, max_size=8
)
any_value = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(random_keys, children, max_size=3),
    ),
    max_leaves=8,
)


def chance(times: int, out_of: int) -> st.SearchStrategy[bool]:
    return st.sampled_from([True] * times + [False] * (out_of - times))


def mostly(valid: st.SearchStrategy, *odd: st.SearchStrategy) -> st.SearchStrategy:
    """``valid`` three times in four; else a value of the field's kind that may be wrong, or anything."""
    return chance(3, 4).flatmap(lambda usual: valid if usual else st.one_of(*odd, any_value))


segments = st.sampled_from(["chat", "core", "impl", "x", "*", "**", "my-pkg", "", " ", "é", "other"])
module_names = mostly(
    st.sampled_from(["chat", "chat.core", "chat.core.impl", "chat.old", "chat.x.y"]),
    st.lists(segments, min_size=1, max_size=4).map(".".join),
)
module_globs = mostly(
    st.sampled_from(["chat.**", "chat.*", "chat.core", "chat.*.impl", "chat.core*"]),
    st.lists(segments, min_size=1, max_size=4).map(".".join),
)
path_globs = mostly(
    st.sampled_from(["**/backups/**", "chat/legacy", "./chat/x.py", "**/*_pb2.py"]),
    st.lists(st.sampled_from(["chat", "**", "*", "backups", "..", ".", "a*b", "", "/"]), min_size=1, max_size=4).map(
        "/".join
    ),
)
identifiers = mostly(
    st.sampled_from(["Manager", "Other", "Thing", "make_manager"]),
    st.sampled_from(["chat", "my-pkg", "1x", "", "class", "Ünïcode", "a b", "Manager\n"]),
    st.text(max_size=6),
)
date_values = mostly(
    dates,
    dates.map(datetime.date.isoformat),
    st.sampled_from(["2027-02-30", "20270131", "2027-1-1", "tomorrow", "２０２７-01-01"]),
)
texts = mostly(st.sampled_from(["going away", "use the new one"]), st.text(max_size=10))
budgets = mostly(st.integers(min_value=1, max_value=10), st.integers(min_value=-3, max_value=0), st.booleans())


def arrays(of: st.SearchStrategy, min_size: int = 0) -> st.SearchStrategy:
    return mostly(st.lists(of, min_size=min_size, max_size=3), of)


@st.composite
def tables(draw, fields: dict[str, st.SearchStrategy], required: tuple[str, ...] = ()) -> dict[str, object]:
    """A table: required keys almost always, the others half the time, now and then an unknown key."""
    table: dict[str, object] = {}
    for key, strategy in fields.items():
        if draw(chance(19 if key in required else 10, 20)):
            table[key] = draw(strategy)
    if draw(chance(1, 10)):
        table[draw(st.one_of(st.sampled_from(["nmae", "unknown", "Name", "defined-in", "a.b", "é"]), random_keys))] = (
            draw(any_value)
        )
    return table


policy_tables = tables(
    {
        "name": texts,
        "root_packages": mostly(
            st.lists(st.sampled_from(["chat"]), min_size=1, max_size=1), st.lists(identifiers, max_size=3)
        ),
        "exclude": arrays(path_globs),
        "source_roots": arrays(mostly(st.just("."), st.sampled_from(["src", "", "..", "/abs", "chat"]))),
    },
    required=("root_packages",),
)
deprecated_entries = mostly(
    tables({"module": module_names, "until": date_values, "message": texts}, required=("module",)),
    module_names,
)
symbol_tables = tables(
    {
        "name": identifiers,
        "aliases": arrays(identifiers),
        "defined_in": module_names,
        "canonical": arrays(module_names),
        "deprecated": arrays(deprecated_entries),
        "allow_importers": arrays(module_globs),
        "max_import_patterns": budgets,
    },
    required=("name", "defined_in"),
)
module_tables = tables(
    {
        "name": module_globs,
        "status": mostly(st.sampled_from(["deprecated", "forbidden"]), st.sampled_from(["forbiden", "", "Deprecated"])),
        "replacement": module_names,
        "message": texts,
        "until": date_values,
        "allow_importers": arrays(module_globs),
    },
    required=("name", "status"),
)
duplicates_tables = tables(
    {
        "pattern": mostly(st.sampled_from(["*Manager*", "Manager", "[!a]x*"]), st.sampled_from(["*", "", "[", "?"])),
        "within": arrays(module_globs),
    },
    required=("pattern",),
)
documents = tables(
    {
        "policy": mostly(policy_tables),
        "symbol": mostly(st.lists(symbol_tables, max_size=3)),
        "module": mostly(st.lists(module_tables, max_size=3)),
        "duplicates": mostly(st.lists(duplicates_tables, max_size=2)),
    },
    required=("policy",),
)


# Every known field name, so the strategies above are known to cover the whole format.
KNOWN = {*TOP_LEVEL_KEYS, *POLICY_KEYS, *SYMBOL_KEYS, *MODULE_KEYS, *DUPLICATES_KEYS, *DEPRECATED_PATH_KEYS}


def test_the_generators_cover_every_known_field():
    generated = {"policy", "symbol", "module", "duplicates"}
    generated |= {"name", "root_packages", "exclude", "source_roots"}
    generated |= {"aliases", "defined_in", "canonical", "deprecated", "allow_importers", "max_import_patterns"}
    generated |= {"status", "replacement", "message", "until", "module", "pattern", "within"}
    assert KNOWN <= generated, KNOWN - generated


# The last named part of a problem's key: `until` in `symbol[0].deprecated[1].until`.
LAST_KEY = re.compile(r"(?:^|\.)([^.\[\]]+)(?:\[\d+\])*$")


def is_written(document: object, key: str) -> bool:
    """Whether ``symbol[0].deprecated[1].until`` names a value present in the document."""
    value = document
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", key):
        if name:
            if not isinstance(value, dict) or name not in value:
                return False
            value = value[name]
        else:
            if not isinstance(value, list) or int(index) >= len(value):
                return False
            value = value[int(index)]
    return True


def same_toml(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left):
        return math.isnan(right)
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same_toml(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same_toml(a, b) for a, b in zip(left, right, strict=True))
    return type(left) is type(right) and left == right


@settings(
    max_examples=int(os.environ.get("SSOT_FUZZ_EXAMPLES", 150)),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(document=documents, layout=st.data())
def test_random_documents_give_a_policy_or_a_located_policy_error(document, layout):
    text = toml_document(document, layout)
    assert same_toml(tomllib.loads(text), document), text  # the writer wrote what was drawn
    lines = re.split(r"\r\n|\n", text)
    try:
        policy = parse_policy(text, "/project/contracts/ssot.toml", "/project")
    except PolicyError as error:
        assert error.problems, "a PolicyError must say what is wrong"
        for problem in error.problems:
            assert problem.path == "/project/contracts/ssot.toml"
            assert 1 <= problem.line <= len(lines), (problem, text)
            assert problem.column >= 1, (problem, text)
            assert problem.message, problem
            # Located at the key itself: the named key is written on the line reported.
            last = LAST_KEY.search(problem.key)
            if last and is_written(document, problem.key):
                assert toml_key(last.group(1)) in lines[problem.line - 1], (problem, text)
    else:
        assert isinstance(policy, Policy)
        assert policy.root_packages, "a valid policy has root packages"


@settings(max_examples=int(os.environ.get("SSOT_FUZZ_EXAMPLES", 100)), deadline=None, database=None)
@given(text=st.text(alphabet=st.sampled_from(list("[]{}=\"'#.,\n\r\t abc123-_:TZ")), max_size=60))
def test_random_text_gives_a_policy_or_a_located_policy_error(text):
    lines = len(re.split(r"\r\n|\n|\r", text))
    try:
        parse_policy(text, "/p/ssot.toml", "/p")
    except PolicyError as error:
        for problem in error.problems:
            assert 1 <= problem.line <= lines + 1, (problem, text)
            assert problem.column >= 1, (problem, text)
            assert problem.message, problem


@pytest.mark.parametrize(
    "written",
    [
        '"nmae\\u0021"',  # an escape sequence in a quoted key
        '"n\\"me"',  # an escaped quote
        "'n\\me'",  # a literal string key: the backslash is a character
        '"a.b"',  # a dot inside a quoted key is no separator
    ],
)
def test_quoted_keys_are_located_at_their_line(written):
    text = f'[policy]\nroot_packages = ["chat"]\n\n{written} = 1\n'
    key = next(iter(set(tomllib.loads(text)["policy"]) - {"root_packages"}))
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "/p/ssot.toml", "/p")
    (problem,) = caught.value.problems
    assert (problem.key, problem.line) == (f"policy.{key}", 4)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("[" * 1000 + "]" * 1000, id="1000 nested arrays"),
        pytest.param("{ a = " * 1000 + "1" + " }" * 1000, id="1000 nested inline tables"),
        pytest.param("[" * 100_000 + "]" * 100_000, id="100k nested arrays"),
    ],
)
def test_deeply_nested_toml_values_are_a_located_error_not_a_crash(make_project, value):
    text = f'[policy]\nroot_packages = ["chat"]\nname = "deep"\nnested = {value}\n'
    project = make_project(TREE, text)
    problems = load(project)
    assert [problem.line for problem in problems] == [4], problems
    result = project.cli("--policy", POLICY_PATH)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 2
    assert [int(line) for line, _, _ in LOCATED.findall(result.stderr)] == [4]
