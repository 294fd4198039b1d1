"""A policy's TOML text → Policy: what each table and key means, every problem located.

All problems of a document are collected before anything is returned, so a broken
policy is never half-applied. Every name the policy gives — symbols, aliases, modules,
module globs, duplicates patterns, root packages — is NFKC-normalised, as Python
normalises identifiers: ``Ｍanager`` in a policy is the ``Manager`` the source defines.
Reading typed values is toml_reader's job; this module knows the policy's keys and how
they relate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from importlinter_ssot.application.policy.toml_document import load_toml
from importlinter_ssot.application.policy.toml_locator import KeyPath
from importlinter_ssot.application.policy.toml_reader import Invalid, TomlReader, describe_key, type_name
from importlinter_ssot.domain.globs import ModuleGlob, is_within
from importlinter_ssot.domain.policy import (
    DeprecatedPath,
    DuplicatesRule,
    ModuleRule,
    ModuleStatus,
    Policy,
    SymbolRule,
)
from importlinter_ssot.domain.problems import PolicyError, PolicyProblem

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


def parse_policy(
    text: str,
    file_path: str,
    project_root: str,
    root_packages: tuple[str, ...] | None = None,
    *,
    table: KeyPath = (),
    other_keys: tuple[str, ...] = (),
) -> Policy:
    """Build a Policy from TOML ``text``; raise PolicyError with every problem found.

    ``root_packages``, when given (import-linter's own configuration), replaces the
    policy's; the policy's own value then becomes optional but must agree. ``table`` is
    where the policy's tables are in the document (``("tool", "ssot")`` in pyproject.toml,
    whose ``other_keys`` are settings beside them); problems name and locate the whole key.
    """
    document = _table_at(load_toml(text, file_path), table, file_path)
    reader = TomlReader(text, file_path, table)
    reader.check_keys(document, (), TOP_LEVEL_KEYS + other_keys)
    settings = reader.field(document, (), "policy", reader.table, required=True) or {}
    reader.check_keys(settings, ("policy",), POLICY_KEYS)
    name = reader.field(settings, ("policy",), "name", reader.string) or _default_name(file_path)
    own_roots = reader.field(settings, ("policy",), "root_packages", reader.array_of(reader.identifier))
    roots = _choose_root_packages(reader, settings, own_roots, root_packages)
    source_roots = reader.field(settings, ("policy",), "source_roots", reader.array_of(reader.string))
    exclude = reader.field(settings, ("policy",), "exclude", reader.array_of(reader.path_glob))
    policy = Policy(
        name=name,
        path=file_path,
        project_root=project_root,
        root_packages=roots,
        source_roots=source_roots or (".",),
        exclude=exclude or (),
        symbols=_symbols(reader, document, frozenset(roots)),
        modules=_modules(reader, document, frozenset(roots)),
        duplicates=_duplicates(reader, document, frozenset(roots)),
        text=text,
        key_locations=reader.key_locations(),
        key_prefix=describe_key(table) + "." if table else "",
    )
    if reader.problems:
        raise PolicyError(sorted(reader.problems, key=lambda problem: (problem.line, problem.column)), policy)
    return policy


def _table_at(document: dict[str, Any], table: KeyPath, file_path: str) -> dict[str, Any]:
    """The table at key path ``table`` of ``document``; PolicyError when there is none."""
    for depth, key in enumerate(table):
        value = document.get(str(key))
        if not isinstance(value, dict):
            where = describe_key(table[: depth + 1])
            raise PolicyError([PolicyProblem(file_path, 1, 1, "", f"no [{where}] table to read a policy from")])
        document = value
    return document


def _default_name(file_path: str) -> str:
    return file_path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".toml")


def _choose_root_packages(
    reader: TomlReader,
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


def _first_party(reader: TomlReader, path: KeyPath, module: str | None, roots: frozenset[str]) -> None:
    if module is not None and roots and not any(is_within(module, root) for root in roots):
        reader.problem(
            path,
            f"`{module}` is not inside the root packages ({', '.join(sorted(roots))}), so this can never match",
        )


def _reachable_glob(reader: TomlReader, roots: frozenset[str]) -> Callable[[Any, KeyPath], ModuleGlob]:
    """An importer glob: it only ever sees first-party modules, so it must reach into a root package."""

    def convert(value: Any, path: KeyPath) -> ModuleGlob:
        glob = reader.module_glob(value, path)
        if roots and not glob.can_match_under(roots):
            reader.problem(
                path,
                f"`{glob.pattern}` can never match: it is not inside the root packages ({', '.join(sorted(roots))})",
            )
            raise Invalid
        return glob

    return convert


def _symbols(reader: TomlReader, document: dict[str, Any], roots: frozenset[str]) -> tuple[SymbolRule, ...]:
    symbols: list[SymbolRule] = []
    owner_of_name: dict[str, KeyPath] = {}
    for path, table in reader.array_of_tables(document, "symbol"):
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


def _deprecated_path(reader: TomlReader) -> Callable[[Any, KeyPath], DeprecatedPath]:
    def convert(value: Any, path: KeyPath) -> DeprecatedPath:
        if isinstance(value, str):  # shorthand: a bare module name, never expiring
            return DeprecatedPath(reader.module_name(value, path))
        if not isinstance(value, dict):
            reader.problem(path, f"expected a module name or a table, got {type_name(value)} {value!r}")
            raise Invalid
        table = reader.table(value, path)
        reader.check_keys(table, path, DEPRECATED_PATH_KEYS)
        module = reader.field(table, path, "module", reader.module_name, required=True)
        until = reader.field(table, path, "until", reader.date)
        message = reader.field(table, path, "message", reader.string)
        if module is None:
            raise Invalid
        return DeprecatedPath(module, until, message)

    return convert


def _modules(reader: TomlReader, document: dict[str, Any], roots: frozenset[str]) -> tuple[ModuleRule, ...]:
    rules: list[ModuleRule] = []
    replaced: dict[str, tuple[str, KeyPath]] = {}  # literal module name → (its replacement, the rule's key)
    statuses = tuple(status.value for status in ModuleStatus)
    for path, table in reader.array_of_tables(document, "module"):
        reader.check_keys(table, path, MODULE_KEYS)
        name = reader.field(table, path, "name", reader.module_glob, required=True)
        status_text = reader.field(
            table, path, "status", lambda value, at: reader.choice(value, at, statuses, "status"), required=True
        )
        status = ModuleStatus(status_text) if status_text is not None else None
        replacement = reader.field(table, path, "replacement", reader.module_name)
        message = reader.field(table, path, "message", reader.string)
        until = reader.field(table, path, "until", reader.date)
        allow = reader.field(table, path, "allow_importers", reader.array_of(_reachable_glob(reader, roots)))
        if until is not None and status is ModuleStatus.FORBIDDEN:
            reader.problem((*path, "until"), '`until` only applies to `status = "deprecated"`')
        if name is None or status is None:
            continue
        if name.is_literal and replacement is not None:
            replaced.setdefault(name.pattern, (replacement, path))
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
    _replacement_cycles(reader, replaced)
    return tuple(rules)


def _replacement_cycles(reader: TomlReader, replaced: dict[str, tuple[str, KeyPath]]) -> None:
    """A ``replacement`` that leads back to its own module, directly or through other rules.

    A shim of such a module forwards every name it lacks around the circle forever
    (RecursionError on ``hasattr``, ``dir``, ``import *``), and a fix would move imports
    round it: it is never what was meant.
    """
    for start, (replacement, path) in replaced.items():
        if replacement == start:
            reader.problem(
                (*path, "replacement"), f"names `{start}` itself: a module's replacement must be another module"
            )
            continue
        chain = [start, replacement]
        while chain[-1] in replaced and chain[-1] != start and chain.count(chain[-1]) == 1:
            chain.append(replaced[chain[-1]][0])
        if chain[-1] == start:
            reader.problem(
                (*path, "replacement"),
                f"leads back to `{start}` ({' → '.join(chain)}): a module's replacement must lead away from it",
            )


def _duplicates(reader: TomlReader, document: dict[str, Any], roots: frozenset[str]) -> tuple[DuplicatesRule, ...]:
    rules: list[DuplicatesRule] = []
    for path, table in reader.array_of_tables(document, "duplicates"):
        reader.check_keys(table, path, DUPLICATES_KEYS)
        pattern = reader.field(table, path, "pattern", reader.python_string, required=True)
        within = reader.field(table, path, "within", reader.array_of(_reachable_glob(reader, roots)))
        if pattern is None:
            continue
        rules.append(DuplicatesRule(pattern=pattern, within=within or (), location=reader.location((*path, "pattern"))))
    return tuple(rules)
