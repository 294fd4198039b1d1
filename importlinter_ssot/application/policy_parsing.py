"""TOML text → Policy, with every problem located at its file, line and key.

All problems of a document are collected before anything is returned, so a broken
policy is never half-applied.
"""

from __future__ import annotations

import datetime
import difflib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

from importlinter_ssot.application.toml_locator import KeyPath, TomlLocator
from importlinter_ssot.domain.dates import parse_date
from importlinter_ssot.domain.globs import GlobError, ModuleGlob, PathGlob, is_within
from importlinter_ssot.domain.policy import (
    DeprecatedPath,
    DuplicatesRule,
    Location,
    ModuleRule,
    ModuleStatus,
    Policy,
    SymbolRule,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

T = TypeVar("T")

_MODULE_NAME = re.compile(r"\A[^\s./]+(?:\.[^\s./]+)*\Z")
_TOML_ERROR_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")

TOP_LEVEL_KEYS = ("policy", "symbol", "module", "duplicates")
POLICY_KEYS = ("name", "root_packages", "exclude", "source_roots")
SYMBOL_KEYS = (
    "name",
    "aliases",
    "defined_in",
    "canonical",
    "deprecated",
    "allow_importers",
    "max_import_patterns",
)
DEPRECATED_PATH_KEYS = ("module", "until", "message")
MODULE_KEYS = ("name", "status", "replacement", "message", "until", "allow_importers")
DUPLICATES_KEYS = ("pattern", "within")


@dataclass(frozen=True)
class PolicyProblem:
    """One thing wrong with a policy file (or, as a warning, suspicious about it)."""

    path: str
    line: int
    column: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.key}: " if self.key else ""
        return f"{where}{self.message}"


class PolicyError(Exception):
    """A policy that cannot be applied. Carries every problem found, each located."""

    def __init__(self, problems: list[PolicyProblem], partial: Policy | None = None) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems
        # What could be read despite the problems: enough to also look for problems in its tree.
        self.partial = partial


class _Invalid(Exception):
    """Internal: one field is unusable; the reader records it and moves on."""


def describe_key(path: KeyPath) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class _Reader:
    def __init__(self, text: str, file_path: str) -> None:
        self.file_path = file_path
        self.locator = TomlLocator(text)
        self.problems: list[PolicyProblem] = []

    def problem(self, path: KeyPath, message: str) -> None:
        line, column = self.locator.position(path)
        self.problems.append(PolicyProblem(self.file_path, line, column, describe_key(path), message))

    def location(self, path: KeyPath) -> Location:
        line, column = self.locator.position(path)
        return Location(self.file_path, line, column)

    def check_keys(self, table: dict[str, Any], path: KeyPath, allowed: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean `{close[0]}`?" if close else f"; expected one of: {', '.join(allowed)}"
                self.problem((*path, key), f"unknown key `{key}`{hint}")

    def field(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        convert: Callable[[Any, KeyPath], T],
        required: bool = False,
    ) -> T | None:
        """The converted value, or None when absent or invalid (the problem is recorded)."""
        if key not in table:
            if required:
                self.problem(path, f"missing required key `{key}`")
            return None
        try:
            return convert(table[key], (*path, key))
        except _Invalid:
            return None

    # -- converters: each raises _Invalid after recording a located problem -------------------

    def string(self, value: Any, path: KeyPath) -> str:
        if not isinstance(value, str):
            self._wrong_type(value, path, "a string")
        if not value.strip():
            self.problem(path, "must not be empty")
            raise _Invalid
        return str(value)

    def identifier(self, value: Any, path: KeyPath) -> str:
        text = self.string(value, path)
        if not text.isidentifier():
            self.problem(path, f"`{text}` is not a Python identifier")
            raise _Invalid
        return text

    def module_name(self, value: Any, path: KeyPath) -> str:
        text = self.string(value, path)
        if not _MODULE_NAME.match(text):
            self.problem(path, f"`{text}` is not a dotted module name")
            raise _Invalid
        return text

    def module_glob(self, value: Any, path: KeyPath) -> ModuleGlob:
        text = self.string(value, path)
        try:
            return ModuleGlob(text)
        except GlobError as error:
            self.problem(path, str(error))
            raise _Invalid from None

    def path_glob(self, value: Any, path: KeyPath) -> PathGlob:
        text = self.string(value, path)
        while text.startswith("./"):  # `./chat/legacy` means `chat/legacy`: both are relative to the root
            text = text[2:]
        glob = PathGlob(text)
        try:
            glob.validate()
        except GlobError as error:
            self.problem(path, str(error))
            raise _Invalid from None
        return glob

    def date(self, value: Any, path: KeyPath) -> datetime.date:
        if isinstance(value, datetime.datetime):
            self.problem(path, "expected a date (YYYY-MM-DD), got a date-time")
            raise _Invalid
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            parsed = parse_date(value)
            if parsed is None:
                self.problem(path, f"`{value}` is not a valid date (YYYY-MM-DD)")
                raise _Invalid
            return parsed
        self._wrong_type(value, path, "a date (YYYY-MM-DD)")

    def positive_int(self, value: Any, path: KeyPath) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong_type(value, path, "an integer")
        if value < 1:
            self.problem(path, f"must be at least 1, got {value}")
            raise _Invalid
        return int(value)

    def table(self, value: Any, path: KeyPath) -> dict[str, Any]:
        if not isinstance(value, dict):
            self._wrong_type(value, path, "a table")
        return dict(value)

    def array_of(self, convert: Callable[[Any, KeyPath], T]) -> Callable[[Any, KeyPath], tuple[T, ...]]:
        def convert_array(value: Any, path: KeyPath) -> tuple[T, ...]:
            if not isinstance(value, list):
                self._wrong_type(value, path, "an array")
            items: list[T] = []
            for index, item in enumerate(value):
                try:
                    items.append(convert(item, (*path, index)))
                except _Invalid:
                    pass
            return tuple(items)

        return convert_array

    def _wrong_type(self, value: Any, path: KeyPath, expected: str) -> NoReturn:
        self.problem(path, f"expected {expected}, got {_type_name(value)} {value!r}")
        raise _Invalid


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, datetime.datetime):
        return "date-time"
    if isinstance(value, datetime.date):
        return "date"
    return {int: "integer", float: "float", str: "string", list: "array", dict: "table"}.get(
        type(value), type(value).__name__
    )


def parse_policy(
    text: str,
    file_path: str,
    project_root: str,
    root_packages: tuple[str, ...] | None = None,
) -> Policy:
    """Build a Policy from TOML ``text``; raise PolicyError with every problem found.

    ``root_packages``, when given (import-linter's own configuration), replaces the
    policy's; the policy's own value then becomes optional but must agree.
    """
    too_deep = _too_deep(text)
    if too_deep is not None:
        raise PolicyError([PolicyProblem(file_path, *too_deep, "", "invalid TOML: arrays or tables nested too deeply")])
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_ERROR_POSITION.search(message)
        if match:
            line, column = int(match.group(1)), int(match.group(2))
        elif message.endswith("(at end of document)"):
            line, column = text.count("\n") + 1, len(text) - text.rfind("\n")
            message = message.removesuffix(" (at end of document)")
        else:
            line, column = 1, 1
        message = _TOML_ERROR_POSITION.sub("", message)
        raise PolicyError([PolicyProblem(file_path, line, column, "", f"invalid TOML: {message}")]) from None
    reader = _Reader(text, file_path)
    reader.check_keys(document, (), TOP_LEVEL_KEYS)
    settings = reader.field(document, (), "policy", reader.table, required=True) or {}
    reader.check_keys(settings, ("policy",), POLICY_KEYS)
    name = reader.field(settings, ("policy",), "name", reader.string) or _default_name(file_path)
    own_roots = reader.field(settings, ("policy",), "root_packages", reader.array_of(reader.identifier))
    roots = _choose_root_packages(reader, settings, own_roots, root_packages)
    source_roots = reader.field(settings, ("policy",), "source_roots", reader.array_of(reader.string))
    exclude = reader.field(settings, ("policy",), "exclude", reader.array_of(reader.path_glob))
    symbols = _symbols(reader, document, frozenset(roots))
    modules = _modules(reader, document, frozenset(roots))
    duplicates = _duplicates(reader, document, frozenset(roots))
    policy = Policy(
        name=name,
        path=file_path,
        project_root=project_root,
        root_packages=roots,
        source_roots=source_roots or (".",),
        exclude=exclude or (),
        symbols=symbols,
        modules=modules,
        duplicates=duplicates,
        key_locations={
            describe_key(path): Location(file_path, line, column) for path, (line, column) in reader.locator.items()
        },
    )
    if reader.problems:
        raise PolicyError(sorted(reader.problems, key=lambda problem: (problem.line, problem.column)), policy)
    return policy


_MAX_NESTING = 100


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where arrays/inline tables nest deeper than any policy needs (tomllib would recurse away)."""
    depth, line, column, index, quote = 0, 1, 1, 0, ""
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            while index < len(text) and text[index] != "\n":
                index += 1
            continue
        elif char in "[{":
            depth += 1
            if depth > _MAX_NESTING:
                return line, column
        elif char in "]}":
            depth = max(depth - 1, 0)
        if index < len(text) and text[index] == "\n":
            line, column = line + 1, 1
        else:
            column += 1
        index += 1
    return None


def _default_name(file_path: str) -> str:
    return file_path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".toml")


def _choose_root_packages(
    reader: _Reader,
    settings: dict[str, Any],
    own: tuple[str, ...] | None,
    given: tuple[str, ...] | None,
) -> tuple[str, ...]:
    path = ("policy", "root_packages")
    if given is not None:
        if own and set(own) != set(given):
            reader.problem(
                path,
                f"root_packages {list(own)} disagree with the configured root packages {list(given)}; "
                "remove `root_packages` from the policy or make them match",
            )
        return given
    if own is None:
        if "root_packages" not in settings:
            reader.problem(("policy",), "missing required key `root_packages`")
        return ()
    if not own:
        reader.problem(path, "must list at least one root package")
    return own


def _array_of_tables(reader: _Reader, document: dict[str, Any], key: str) -> list[tuple[KeyPath, dict[str, Any]]]:
    value = document.get(key, [])
    if not isinstance(value, list):
        reader.problem((key,), f"expected an array of tables (`[[{key}]]`), got {_type_name(value)}")
        return []
    tables: list[tuple[KeyPath, dict[str, Any]]] = []
    for index, table in enumerate(value):
        if not isinstance(table, dict):
            reader.problem((key, index), f"expected a table, got {_type_name(table)}")
            continue
        tables.append(((key, index), table))
    return tables


def _first_party(reader: _Reader, path: KeyPath, module: str | None, roots: frozenset[str]) -> None:
    if module is not None and roots and not any(is_within(module, root) for root in roots):
        reader.problem(
            path,
            f"`{module}` is not inside the root packages ({', '.join(sorted(roots))}), so this can never match",
        )


def _reachable_glob(reader: _Reader, roots: frozenset[str]) -> Callable[[Any, KeyPath], ModuleGlob]:
    """An importer glob: it only ever sees first-party modules, so it must reach into a root package."""

    def convert(value: Any, path: KeyPath) -> ModuleGlob:
        glob = reader.module_glob(value, path)
        if roots and not glob.can_match_under(roots):
            reader.problem(
                path,
                f"`{glob.pattern}` can never match: it is not inside the root packages ({', '.join(sorted(roots))})",
            )
            raise _Invalid
        return glob

    return convert


def _symbols(reader: _Reader, document: dict[str, Any], roots: frozenset[str]) -> tuple[SymbolRule, ...]:
    symbols: list[SymbolRule] = []
    owner_of_name: dict[str, KeyPath] = {}
    for path, table in _array_of_tables(reader, document, "symbol"):
        reader.check_keys(table, path, SYMBOL_KEYS)
        name = reader.field(table, path, "name", reader.identifier, required=True)
        aliases = reader.field(table, path, "aliases", reader.array_of(reader.identifier))
        defined_in = reader.field(table, path, "defined_in", reader.module_name, required=True)
        canonical = reader.field(table, path, "canonical", reader.array_of(reader.module_name))
        deprecated = reader.field(table, path, "deprecated", reader.array_of(_deprecated_path(reader)))
        allow = reader.field(table, path, "allow_importers", reader.array_of(_reachable_glob(reader, roots)))
        budget = reader.field(table, path, "max_import_patterns", reader.positive_int)
        _first_party(reader, (*path, "defined_in"), defined_in, roots)
        for index, module in enumerate(canonical or ()):
            _first_party(reader, (*path, "canonical", index), module, roots)
        for index, deprecated_path in enumerate(deprecated or ()):
            _first_party(reader, (*path, "deprecated", index), deprecated_path.module, roots)
            if deprecated_path.module in (canonical or ()):
                reader.problem(
                    (*path, "deprecated", index),
                    f"`{deprecated_path.module}` is listed as both canonical and deprecated",
                )
        for index, governed in enumerate((name, *(aliases or ()))):
            if governed is None:
                continue
            key_path = (*path, "name") if index == 0 else (*path, "aliases", index - 1)
            if governed in owner_of_name:
                reader.problem(
                    key_path,
                    f"`{governed}` is already governed by {describe_key(owner_of_name[governed])}; "
                    "a name may belong to one symbol only",
                )
            else:
                owner_of_name[governed] = path
        if name is None or defined_in is None:
            continue
        symbols.append(
            SymbolRule(
                name=name,
                aliases=aliases or (),
                defined_in=defined_in,
                # Without a canonical list, the defining module is where to import from.
                canonical=canonical if canonical else (defined_in,),
                deprecated=deprecated or (),
                allow_importers=allow or (),
                max_import_patterns=budget,
                location=reader.location((*path, "name")),
                key=describe_key(path),
            )
        )
    return tuple(symbols)


def _deprecated_path(reader: _Reader) -> Callable[[Any, KeyPath], DeprecatedPath]:
    def convert(value: Any, path: KeyPath) -> DeprecatedPath:
        if isinstance(value, str):  # shorthand: a bare module name, never expiring
            return DeprecatedPath(reader.module_name(value, path))
        if not isinstance(value, dict):
            reader.problem(path, f"expected a module name or a table, got {_type_name(value)} {value!r}")
            raise _Invalid
        table = reader.table(value, path)
        reader.check_keys(table, path, DEPRECATED_PATH_KEYS)
        module = reader.field(table, path, "module", reader.module_name, required=True)
        until = reader.field(table, path, "until", reader.date)
        message = reader.field(table, path, "message", reader.string)
        if module is None:
            raise _Invalid
        return DeprecatedPath(module, until, message)

    return convert


def _modules(reader: _Reader, document: dict[str, Any], roots: frozenset[str]) -> tuple[ModuleRule, ...]:
    rules: list[ModuleRule] = []
    for path, table in _array_of_tables(reader, document, "module"):
        reader.check_keys(table, path, MODULE_KEYS)
        name = reader.field(table, path, "name", reader.module_glob, required=True)
        status = reader.field(table, path, "status", _status(reader), required=True)
        replacement = reader.field(table, path, "replacement", reader.module_name)
        message = reader.field(table, path, "message", reader.string)
        until = reader.field(table, path, "until", reader.date)
        allow = reader.field(table, path, "allow_importers", reader.array_of(_reachable_glob(reader, roots)))
        if until is not None and status is ModuleStatus.FORBIDDEN:
            reader.problem((*path, "until"), '`until` only applies to `status = "deprecated"`')
        if name is None or status is None:
            continue
        rules.append(
            ModuleRule(
                name=name,
                status=status,
                replacement=replacement,
                message=message,
                until=until,
                allow_importers=allow or (),
                location=reader.location((*path, "name")),
            )
        )
    return tuple(rules)


def _status(reader: _Reader) -> Callable[[Any, KeyPath], ModuleStatus]:
    def convert(value: Any, path: KeyPath) -> ModuleStatus:
        text = reader.string(value, path)
        try:
            return ModuleStatus(text)
        except ValueError:
            choices = [status.value for status in ModuleStatus]
            close = difflib.get_close_matches(text, choices, n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            reader.problem(path, f'`{text}` is not a status: use "deprecated" or "forbidden"{hint}')
            raise _Invalid from None

    return convert


def _duplicates(reader: _Reader, document: dict[str, Any], roots: frozenset[str]) -> tuple[DuplicatesRule, ...]:
    rules: list[DuplicatesRule] = []
    for path, table in _array_of_tables(reader, document, "duplicates"):
        reader.check_keys(table, path, DUPLICATES_KEYS)
        pattern = reader.field(table, path, "pattern", reader.string, required=True)
        within = reader.field(table, path, "within", reader.array_of(_reachable_glob(reader, roots)))
        if pattern is None:
            continue
        rules.append(DuplicatesRule(pattern=pattern, within=within or (), location=reader.location((*path, "pattern"))))
    return tuple(rules)
