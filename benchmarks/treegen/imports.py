"""First-party import statements: ordinary ones between generated modules, and the governed ones.

``ImportWriter`` also keeps the ``Tally`` of what it wrote: the manifest reports the counts,
and ``ruff.toml`` bans every non-canonical module a governed name was imported from.
"""

from __future__ import annotations

import ast
import random
from dataclasses import dataclass, field

from .governed import GOVERNED_NAMES, SYMBOLS
from .plan import GovernedImport, Module, Plan, SymbolImport


@dataclass
class Tally:
    """What the rendered files contain, counted while rendering them."""

    # Import statements written in generated modules and __init__.py files, governed ones
    # included; not counted: fixtures, `from __future__` and a lone `TYPE_CHECKING` import.
    statements: int = 0
    # Governed import statements (each counted in ``statements`` too).
    governed_statements: int = 0
    # Absolute first-party ``from M import <governed name>`` actually written: (M, name).
    symbol_imports: set[tuple[str, str]] = field(default_factory=set)


def bindings(statement: str) -> list[str]:
    """Names bound by import statements (``*`` imports bind nothing we can list)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(statement)):
        if isinstance(node, ast.Import):
            names += [alias.asname or alias.name.partition(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names += [alias.asname or alias.name for alias in node.names if alias.name != "*"]
    return list(dict.fromkeys(names))


def relative_form(importer: Module, target: str) -> str | None:
    """A relative form (``..pkg.mod``) of ``target`` from ``importer``, if it stays close."""
    package = importer.package.split(".")
    parts = target.split(".")
    common = 0
    for left, right in zip(package, parts, strict=False):
        if left != right:
            break
        common += 1
    if common < 2:
        return None
    level = len(package) - common + 1
    if level > 3:
        return None
    return "." * level + ".".join(parts[common:])


def from_statement(rng: random.Random, source: str, names: list[str], force_multiline: bool = False) -> str:
    """``from source import names``, parenthesised over several lines when long or by chance."""
    single = f"from {source} import {', '.join(names)}"
    if force_multiline or len(single) > 100 or (len(names) > 1 and rng.random() < 0.4):
        inner = "".join(f"    {name},\n" for name in names)
        return f"from {source} import (\n{inner})"
    return single


class ImportWriter:
    def __init__(self, plan: Plan, tally: Tally) -> None:
        self.tally = tally
        self.by_name = {m.name: m for m in plan.modules.values()}
        # What ordinary first-party imports may target: not the fixtures (only the governed
        # statements import those, where the plan says), the vendored or data files, nor the
        # root and group packages.
        importable = [
            m
            for m in plan.modules.values()
            if m.kind in ("normal", "huge_code", "init", "syntax") and m.name.count(".") >= 2
        ]
        self.importable = sorted(importable, key=lambda m: m.path)
        self.by_group: dict[str, list[Module]] = {}  # "mono.services" -> the importable modules below it
        self.children: dict[str, list[Module]] = {}  # package -> its importable non-package modules
        for module in self.importable:
            self.by_group.setdefault(".".join(module.name.split(".")[:2]), []).append(module)
            if not module.is_init:
                self.children.setdefault(module.name.rpartition(".")[0], []).append(module)

    def first_party(self, rng: random.Random, module: Module) -> str:
        """An import of another generated module, mostly of the same group, in any form."""
        group = ".".join(module.name.split(".")[:2])
        pool = self.by_group.get(group) if rng.random() < 0.6 else None
        target = rng.choice(pool or self.importable)
        if target.name == module.name:
            target = rng.choice(self.importable)
        names = [n for n in target.publics if n not in GOVERNED_NAMES] or ["__version__"]
        chosen = rng.sample(names, min(len(names), rng.randint(1, 3)))
        roll = rng.random()
        relative = relative_form(module, target.name) if rng.random() < 0.35 else None
        parent, _, leaf = target.name.rpartition(".")
        if relative is not None:
            if roll < 0.25 and not relative.endswith("."):
                parent_relative = relative_form(module, parent)
                if parent_relative is not None:
                    return f"from {parent_relative} import {leaf}"
            return from_statement(rng, relative, chosen)
        if roll < 0.18:
            return f"import {target.name}"
        if roll < 0.30:
            return f"import {target.name} as {leaf}_mod"
        if roll < 0.45:
            return f"from {parent} import {leaf}"
        return from_statement(rng, target.name, chosen)

    def governed(self, rng: random.Random, module: Module, kind: GovernedImport) -> str:
        """One import statement for a governed kind (without indentation)."""
        self.tally.governed_statements += 1
        if isinstance(kind, SymbolImport):
            return self._symbol(rng, module, kind)
        target = kind.rule.name
        if target == "mono.*.internal_compat":
            target = rng.choice(["mono.libs.internal_compat", "mono.services.internal_compat"])
        # Third-party modules: no generated module to take names from.
        if target == "six":
            return rng.choice(["import six", "from six.moves import urllib", "from six import PY3, string_types"])
        if target == "simplejson":
            return rng.choice(["import simplejson", "import simplejson as json", "from simplejson import dumps"])
        target_module = self.by_name[target]
        parent, _, leaf = target.rpartition(".")
        relative = relative_form(module, target) if rng.random() < 0.3 else None
        roll = rng.random()
        if relative is not None:
            parent_relative = relative_form(module, parent)
            if roll < 0.5 and parent_relative is not None:
                return f"from {parent_relative} import {leaf}"
            return f"from {relative} import {rng.choice(target_module.publics)}"
        if roll < 0.22:
            return f"import {target}"
        if roll < 0.36:
            return f"import {target} as {leaf}_legacy"
        if roll < 0.60:
            return from_statement(rng, target, rng.sample(target_module.publics, min(2, len(target_module.publics))))
        if roll < 0.76:
            return f"from {parent} import {leaf}"
        if roll < 0.88:
            return f"from {parent} import (\n    {leaf},\n)"
        return f"from {target} import *"

    def _symbol(self, rng: random.Random, module: Module, kind: SymbolImport) -> str:
        symbol = SYMBOLS[kind.symbol]
        if kind.variant == "canonical":
            source = symbol.canonical[0]
        elif kind.variant == "deprecated":
            source = symbol.deprecated[kind.deprecated_index].module
        elif kind.variant == "defined_in":
            source = symbol.defined_in
        elif kind.variant == "package":
            source = symbol.defined_in.rpartition(".")[0]
        else:
            assert kind.source is not None, kind
            source = kind.source
        names = [symbol.name]
        # Only the plumbing modules export the aliases (the "other" sources define the name only).
        if symbol.aliases and source in symbol.plumbing and rng.random() < 0.3:
            names = [symbol.aliases[0]] if rng.random() < 0.6 else [symbol.aliases[0], symbol.name]
        relative = relative_form(module, source) if rng.random() < 0.3 else None
        if relative is None:
            self.tally.symbol_imports.update((source, name) for name in names)
        text_source = relative or source
        if len(names) == 1 and rng.random() < 0.15:
            return f"from {text_source} import {names[0]} as {names[0]}Impl"
        return from_statement(rng, text_source, names, force_multiline=rng.random() < 0.25)
