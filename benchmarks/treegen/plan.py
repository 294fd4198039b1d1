"""What the tree contains: directories, modules, their sizes, and which files import what governed.

A pure function of ``(files, seed)``: one seeded ``random.Random``, drawn from in a fixed
order, and only insertion-ordered containers iterated (never a set), so the plan does not
depend on string hashing. Nothing here writes text; ``render.py`` does, from the plan.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from typing import Literal

from .governed import CL, EB, FIXTURE_PACKAGES, FIXTURES, MODULE_RULES, RP, WS, ModuleRule
from .vocabulary import (
    CLASS_PREFIXES,
    CLASS_SUFFIXES,
    DOMAIN_WORDS,
    LAYER_WORDS,
    MODULE_WORDS,
    NAMESPACE_WORDS,
    NOUNS,
    VERBS,
)

MIN_FILES = 50

# root package -> (top-level group, has __init__.py, relative share of the tree's directories).
ROOT_GROUPS: dict[str, tuple[tuple[str, bool, float], ...]] = {
    "mono": (
        ("services", True, 5),
        ("libs", True, 3),
        ("apps", True, 2),
        ("platform", True, 2),
        ("integrations", True, 1.5),
        ("jobs", True, 1.2),
        ("tools", False, 1.2),
        ("scripts", False, 0.8),
    ),
    "toolkit": (("resilience", True, 0.3), ("io", True, 0.3), ("text", True, 0.3), ("testing", False, 0.3)),
}
# The excluded directory: a fixed size, never grown into.
VENDORED = ("mono", "libs", "vendored")

ModuleKind = Literal["normal", "init", "fixture", "huge_code", "huge_data", "syntax", "vendored"]
SymbolVariant = Literal["canonical", "deprecated", "defined_in", "package", "other"]


@dataclass(frozen=True)
class SymbolImport:
    """Import a governed symbol from one of its paths.

    ``variant`` says which: its canonical module, its ``deprecated_index``-th deprecated
    module, ``defined_in``, the package of ``defined_in``, or ``other``: ``source``, a
    first-party module that re-exports or redefines it (SOT002).
    """

    symbol: str
    variant: SymbolVariant
    deprecated_index: int = 0
    source: str | None = None


@dataclass(frozen=True)
class ModuleImport:
    """Import the module a ``[[module]]`` rule governs (one match of it, for a glob)."""

    rule: ModuleRule


GovernedImport = SymbolImport | ModuleImport


@dataclass
class Directory:
    segments: tuple[str, ...]
    has_init: bool
    capacity: int = 0  # modules to put in it (besides its __init__.py)
    children: set[str] = field(default_factory=set)  # subdirectory names

    @property
    def depth(self) -> int:
        return len(self.segments) - 1

    @property
    def name(self) -> str:
        return ".".join(self.segments)


@dataclass
class Module:
    name: str
    path: str
    is_init: bool
    in_package_dir: bool  # its directory has an __init__.py
    publics: list[str]
    kind: ModuleKind = "normal"
    size: int = 0  # the size to pad the rendered text to (roughly)
    governed: list[GovernedImport] = field(default_factory=list)
    # A syntax-error file that names a governed class (so it may matter, and draws SOT900).
    broken_mentions_governed: bool = False
    extra_defs: list[str] = field(default_factory=list)  # class redefinitions; "Name*2": defined twice
    reexports_ws: bool = False
    doc_imports: bool = False  # mentions imports in docstrings, comments and strings

    @property
    def package(self) -> str:
        return self.name if self.is_init else self.name.rpartition(".")[0]


def module_path(name: str, is_init: bool) -> str:
    return name.replace(".", "/") + ("/__init__.py" if is_init else ".py")


class Plan:
    """The whole tree, as data: ``modules`` (by path, in creation order) and ``directories``."""

    def __init__(self, files: int, seed: int) -> None:
        if files < MIN_FILES:
            raise ValueError(f"--files must be at least {MIN_FILES}")
        self.files = files
        self.seed = seed
        self.rng = random.Random(f"ssot-bench:{seed}:plan")
        self.modules: dict[str, Module] = {}
        self.directories: dict[tuple[str, ...], Directory] = {}
        self.leaves: dict[str, set[str]] = {}  # package name -> module leaf names in it
        self._add_fixtures()
        weights = self._add_root_groups()
        overshoot = self._grow(weights)
        self._materialise(overshoot)
        assert len(self.modules) == self.files, (len(self.modules), self.files)
        self._plan_special_files()
        self._plan_governed()

    # -- names --------------------------------------------------------------------------------

    def class_name(self) -> str:
        return self.rng.choice(CLASS_PREFIXES) + self.rng.choice(CLASS_SUFFIXES)

    def function_name(self) -> str:
        return f"{self.rng.choice(VERBS)}_{self.rng.choice(NOUNS)}"

    def publics(self) -> list[str]:
        names = [self.class_name() for _ in range(self.rng.randint(1, 4))]
        names += [self.function_name() for _ in range(self.rng.randint(1, 4))]
        if self.rng.random() < 0.3:
            names.append(f"DEFAULT_{self.rng.choice(NOUNS).upper()}")
        return list(dict.fromkeys(names))

    def add_module(
        self, name: str, is_init: bool, in_package_dir: bool, kind: ModuleKind, publics: list[str]
    ) -> Module:
        module = Module(name, module_path(name, is_init), is_init, in_package_dir, publics, kind)
        self.modules[module.path] = module
        if not is_init:
            parent, _, leaf = name.rpartition(".")
            self.leaves.setdefault(parent, set()).add(leaf)
        return module

    # -- directories and modules ----------------------------------------------------------------

    def _add_fixtures(self) -> None:
        """The governed modules and their packages, and the excluded vendored directory."""
        for name, publics in FIXTURES.items():
            is_init = name in FIXTURE_PACKAGES
            self.add_module(name, is_init, True, "fixture", list(publics))
        for name in FIXTURE_PACKAGES:
            segments = tuple(name.split("."))
            self.directories[segments] = Directory(segments, True)
        self.directories[VENDORED] = Directory(VENDORED, True)
        self.directories[VENDORED[:2]].children.add(VENDORED[2])
        self.add_module(".".join(VENDORED), True, True, "vendored", [])
        for word in ("websockets_compat", "eventlib", "retrying"):
            self.add_module(f"{'.'.join(VENDORED)}.{word}", False, True, "vendored", self.publics())

    def _add_root_groups(self) -> dict[tuple[str, ...], float]:
        """The top-level groups of each root package; returns their weights for growing the tree."""
        weights: dict[tuple[str, ...], float] = {}
        for root, groups in ROOT_GROUPS.items():
            for group, has_init, weight in groups:
                segments = (root, group)
                directory = self.directories.setdefault(segments, Directory(segments, has_init))
                self.directories[(root,)].children.add(group)
                weights[segments] = weight
                if has_init and f"{root}.{group}" not in FIXTURES:
                    self.add_module(f"{root}.{group}", True, True, "init", [])
                directory.capacity = self.rng.randint(0, 4)
        return weights

    def _grow(self, weights: dict[tuple[str, ...], float]) -> int:
        """Add directories until their capacities hold enough files; returns how many too many."""
        rng = self.rng
        budget = self.files - len(self.modules)
        planned = sum(d.capacity for d in self.directories.values())
        namespace_files = sum(d.capacity for d in self.directories.values() if not d.has_init)
        parents: list[Directory] = []
        cumulative: list[float] = []

        def add_parent(directory: Directory) -> None:
            if 1 <= directory.depth <= 3 and directory.segments != VENDORED:
                weight = weights.get(directory.segments[:2], 1.0)
                weight *= 1.6 if directory.depth == 1 else 1.0 if directory.depth == 2 else 0.55
                parents.append(directory)
                cumulative.append((cumulative[-1] if cumulative else 0.0) + weight)

        for directory in list(self.directories.values()):
            add_parent(directory)
        while planned < budget:
            parent = rng.choices(parents, cum_weights=cumulative)[0]
            fraction = namespace_files / planned if planned else 0.0
            if not parent.has_init:  # mostly namespace subtrees, steered towards ~25% of the files
                has_init = rng.random() >= min(0.9, max(0.1, 0.5 + 3.0 * (0.25 - fraction)))
                word = self._child_word(parent, NAMESPACE_WORDS + LAYER_WORDS)
            elif rng.random() < 0.06:
                has_init = False
                word = self._child_word(parent, NAMESPACE_WORDS)
            else:
                p_namespace = min(0.6, max(0.0, 0.12 + 3.0 * (0.25 - fraction)))
                has_init = rng.random() >= p_namespace
                pool = DOMAIN_WORDS if parent.depth == 1 else LAYER_WORDS + DOMAIN_WORDS[:20]
                word = self._child_word(parent, pool)
            segments = (*parent.segments, word)
            capacity = max(0, int(rng.lognormvariate(math.log(8), 0.7)))
            directory = Directory(segments, has_init, capacity)
            self.directories[segments] = directory
            parent.children.add(word)
            add_parent(directory)
            planned += capacity + (1 if has_init else 0)
            if not has_init:
                namespace_files += capacity
        return planned - budget

    def _materialise(self, overshoot: int) -> None:
        """Trim the overshoot from the last directories' capacities, then create their modules."""
        ordered = [d for d in self.directories.values() if d.segments != VENDORED]
        for directory in reversed(ordered):
            if overshoot <= 0:
                break
            cut = min(overshoot, directory.capacity)
            directory.capacity -= cut
            overshoot -= cut
        for directory in ordered:
            if directory.has_init and len(directory.segments) > 2 and directory.name not in FIXTURES:
                self.add_module(directory.name, True, True, "init", [])
            used: set[str] = set(directory.children) | self.leaves.get(directory.name, set())
            for _ in range(directory.capacity):
                word = self.rng.choice(MODULE_WORDS)
                if word in used:
                    word = f"{word}_{len(used)}"
                used.add(word)
                self.add_module(f"{directory.name}.{word}", False, directory.has_init, "normal", self.publics())

    def _child_word(self, parent: Directory, pool: list[str]) -> str:
        taken = parent.children | self.leaves.get(parent.name, set())
        choices = [word for word in pool if word not in taken]
        if choices:
            return self.rng.choice(choices)
        return f"{self.rng.choice(pool)}_{len(parent.children)}"

    def normal_modules(self) -> list[Module]:
        return [m for m in self.modules.values() if m.kind == "normal"]

    def _plan_special_files(self) -> None:
        """Syntax errors, huge files, and the size of every file."""
        rng = self.rng
        normal = self.normal_modules()
        # In directories without __init__.py: grimp aborts on a syntax error in a package it reads.
        namespace = [m for m in normal if not m.in_package_dir]
        count = max(1, round(self.files * 0.001))
        for index, module in enumerate(rng.sample(namespace or normal, min(count, len(namespace or normal)))):
            module.kind = "syntax"
            # Half of them (the first always) break in code that uses a governed class; the others
            # may name nothing a policy governs, and then cannot hide a finding (no SOT900).
            module.broken_mentions_governed = index % 2 == 0
        normal = self.normal_modules()
        huge = max(1, round(self.files * 0.0015))
        for index, module in enumerate(rng.sample(normal, min(huge, len(normal)))):
            module.kind = "huge_data" if index % 2 else "huge_code"
            module.size = rng.randint(200_000, 500_000)
        # File sizes: log-normal, mean ~19.5 KB for modules (so that ~18 KB overall with the
        # small __init__.py files and the huge files), clipped.
        for module in self.modules.values():
            if module.size:
                continue
            if module.kind == "init":
                module.size = 0 if rng.random() < 0.55 else int(rng.lognormvariate(math.log(600), 0.8))
            elif module.kind == "fixture" or module.kind == "vendored":
                module.size = int(rng.lognormvariate(math.log(3000), 0.6))
            else:
                module.size = min(160_000, max(400, int(rng.lognormvariate(math.log(8_300), 1.0))))

    # -- governed imports -----------------------------------------------------------------------

    def _plan_governed(self) -> None:
        """Which files re-export, redefine, duplicate or import the governed names and modules."""
        rng = self.rng
        normal = [m for m in self.modules.values() if m.kind in ("normal", "huge_code", "syntax")]
        in_packages = [m for m in normal if m.in_package_dir and m.kind == "normal"]
        # Rogue re-exporters of WebSocketManager (SOT002 there and at their importers).
        rogues = rng.sample(in_packages, min(len(in_packages), 1 + self.files // 2500))
        for module in rogues:
            module.reexports_ws = True
            module.publics = [*module.publics, WS]
        # Redefinitions of governed names (SOT020; one file defines WS twice: SOT021).
        rest = [m for m in in_packages if not m.reexports_ws]
        redefinitions = rng.sample(rest, min(len(rest), 2 + self.files // 4000))
        for index, module in enumerate(redefinitions):
            name = [WS, EB, WS][index % 3]
            module.extra_defs.append(name + ("*2" if index == 0 else ""))
            module.publics = [*module.publics, name]
        rest = [m for m in rest if not m.extra_defs]
        # Duplicates matched by [[duplicates]] patterns (SOT022).
        duplicates = rng.sample(rest, min(len(rest), 4 + self.files // 3000))
        for index, module in enumerate(duplicates):
            module.extra_defs.append("LegacyWebSocketManager" if index < 2 else "ConnectionPool")
        # The first-party modules that define a governed name besides defined_in ("other" sources).
        ws_sources = sorted(m.name for m in rogues) + sorted(
            m.name for m in redefinitions if any(d.startswith(WS) for d in m.extra_defs)
        )
        eb_sources = sorted(m.name for m in redefinitions if any(d.startswith(EB) for d in m.extra_defs))
        # ~20% of all files touch the governed symbols/modules.
        touching_count = min(len(normal), round(self.files * 0.2)) - len(rogues)
        touching = rng.sample(normal, max(0, touching_count))
        kinds: list[tuple[GovernedImport, float]] = [
            (SymbolImport(WS, "canonical"), 14),
            (SymbolImport(WS, "deprecated", 0), 6),
            (SymbolImport(WS, "deprecated", 1), 5),
            (SymbolImport(WS, "defined_in"), 4),
            (SymbolImport(WS, "other"), 4),
            (SymbolImport(EB, "canonical"), 8),
            (SymbolImport(EB, "deprecated", 0), 4),
            (SymbolImport(EB, "defined_in"), 3),
            (SymbolImport(EB, "other"), 1),
            (SymbolImport(RP, "canonical"), 5),
            (SymbolImport(RP, "deprecated", 0), 2),
            (SymbolImport(RP, "defined_in"), 1),
            (SymbolImport(CL, "canonical"), 4),
            (SymbolImport(CL, "package"), 4),
            *((ModuleImport(rule), weight) for rule, weight in zip(MODULE_RULES, (5, 6, 4, 3, 3, 5, 3), strict=True)),
        ]
        population = [kind for kind, _ in kinds]
        kind_weights = [weight for _, weight in kinds]
        for module in touching:
            count = 1 + (rng.random() < 0.4) + (rng.random() < 0.15)
            for kind in rng.choices(population, kind_weights, k=count):
                if isinstance(kind, SymbolImport) and kind.variant == "other":
                    sources = ws_sources if kind.symbol == WS else eb_sources
                    sources = [s for s in sources if s != module.name]
                    if not sources:
                        continue
                    module.governed.append(replace(kind, source=rng.choice(sources)))
                else:
                    module.governed.append(kind)
        # Vendored code breaks the rules: a finding there means the exclusion failed.
        for module in self.modules.values():
            if module.kind == "vendored" and not module.is_init:
                module.governed += [
                    SymbolImport(WS, "defined_in"),
                    ModuleImport(MODULE_RULES[0]),
                    ModuleImport(MODULE_RULES[3]),
                ]
        # Imports written in docstrings/comments/strings (not imports).
        for module in rng.sample(normal, max(1, len(normal) // 8)):
            module.doc_imports = True

    # -- for the manifest -------------------------------------------------------------------------

    def edit_target(self) -> Module:
        """A mid-size package file that touches governed names: the file run.py edits."""
        candidates = [
            m
            for m in self.modules.values()
            if m.kind == "normal" and m.in_package_dir and m.governed and 8_000 <= m.size <= 30_000
        ] or [m for m in self.modules.values() if m.kind == "normal"]
        return sorted(candidates, key=lambda m: m.path)[len(candidates) // 2]
