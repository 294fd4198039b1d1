"""`ssot discover`: which classes and functions are defined in more than one first-party module, with no policy.

The project is laid out as `ssot check` lays it out (``application/project.py``): the root
packages are found under the source roots, the files scanned are every ``*.py`` below them
minus the excludes, and each file is the module its path says. Every file is parsed with the
engine's parser (``application/parsing.py``), so a *definition* is what the definition rules
call one (module-level ``class``/``def``/``async def`` and assignments, also inside top-level
``if``/``try``/``with``; ``domain/rules/definition_sites.py``), counted once per definition
site, and an *import pattern* is what SOT030 counts (``from M import n`` with first-party
``M``, relative imports resolved). With no policy, an assignment re-exporting the same name
(``N = m.N``) is no definition, and a name needs a ``class``/``def`` among its sites to be
listed: a name only ever assigned (``logger = ...``) defines no class or function twice.

Layout, when no policy says it: with no PATHS, the project root (the nearest directory with
pyproject.toml, setup.cfg, setup.py or .git) is the source root — or its ``src/`` when that
holds packages — and the root packages are the directories there holding an ``__init__.py``.
A PATH that is a package (it holds ``__init__.py``) counts its outermost enclosing package
as a root package and that package's parent as the source root; any other directory is a
source root itself (or its ``src/``) — unless it holds no package but Python files below it:
then it is a namespace package (``ansible_collections``); only files under the PATHS are scanned.

The starter policy (``propose_policy``) is chosen by a documented heuristic:

- ``defined_in``: the defining module most imported from (``from defined_in import name``),
  ties broken by the shortest module path (fewest dots, then fewest characters, then name);
- ``canonical``: the module most imports of the name already come from, ties broken the
  same way with ``defined_in`` first; ``defined_in`` when nothing imports it;
- ``deprecated``: every other module it is imported from (no ``until``: set one);
- ``max_import_patterns``: today's number of patterns, a ratchet;
- one ``[[duplicates]]`` rule per ``--pattern`` given, else one per discovered name.
"""

from __future__ import annotations

import gc
import posixpath
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from importlinter_ssot.application.parsing import parse_source
from importlinter_ssot.application.ports import FileSystem, TaskRunner
from importlinter_ssot.application.project import find_project_root, scan_project
from importlinter_ssot.domain.globs import GlobError, PathGlob, Wildcard, is_within
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.problems import PolicyError
from importlinter_ssot.domain.rules.definition_sites import place_definitions, same_name, sites
from importlinter_ssot.domain.source import SourceFile, as_python_reads, resolve_from_module


class DiscoverError(Exception):
    """Nothing to discover in: no package found, or a bad option."""


class Layout(NamedTuple):
    """Where the first-party code is: as a policy's ``[policy]`` table would say it."""

    project_root: str  # absolute
    source_roots: tuple[str, ...]  # relative to the project root, as in a policy
    root_packages: tuple[str, ...]
    exclude: tuple[str, ...] = ()  # path globs, relative to the project root


class FoundDefinition(NamedTuple):
    """A module-level definition of a discovered name."""

    path: str
    module: str
    line: int
    column: int
    kind: str  # class | def | assignment: of its site (class or def when the site holds one)


class DiscoveredName(NamedTuple):
    """A name defined in more than one first-party module, and how it is imported today."""

    name: str
    definitions: tuple[FoundDefinition, ...]
    imports: tuple[tuple[str, int], ...]  # (module, uses of `from module import name`), most used first

    @property
    def modules(self) -> tuple[str, ...]:
        """The distinct defining modules, in path order."""
        return tuple(dict.fromkeys(definition.module for definition in self.definitions))


class Discovery(NamedTuple):
    """What ``discover`` found."""

    layout: Layout
    names: tuple[DiscoveredName, ...]  # most defining modules first, then by name
    files_scanned: int
    unparsable: tuple[str, ...]  # paths that could not be read, decoded or parsed
    patterns: tuple[str, ...] = ()  # the --pattern globs the names were limited to


class ProposedSymbol(NamedTuple):
    """A ``[[symbol]]`` of the starter policy."""

    name: str
    defined_in: str
    canonical: str
    deprecated: tuple[str, ...]
    max_import_patterns: int
    discovered: DiscoveredName


class ProposedPolicy(NamedTuple):
    """The starter policy ``--emit-policy`` writes."""

    layout: Layout
    symbols: tuple[ProposedSymbol, ...]
    duplicates: tuple[str, ...]  # one [[duplicates]] pattern each


# -- the layout ----------------------------------------------------------------------------------


def find_layout(file_system: FileSystem, paths: Sequence[str], cwd: str, exclude: Sequence[str] = ()) -> Layout:
    """The source roots and root packages for ``paths`` (absolute directories; none: the current project)."""
    start = paths[0] if paths else cwd
    project_root = find_project_root(file_system, start) or (start if file_system.is_dir(start) else cwd)
    found: dict[str, list[str]] = {}  # source root (absolute) -> root packages
    for path in paths or [project_root]:
        if file_system.is_file(posixpath.join(path, "__init__.py")):
            package = path
            while file_system.is_file(posixpath.join(posixpath.dirname(package), "__init__.py")):
                package = posixpath.dirname(package)
            found.setdefault(posixpath.dirname(package), []).append(posixpath.basename(package))
        else:
            source = _source_root(file_system, path)
            packages = _packages_in(file_system, source)
            if not packages and paths and _holds_python(file_system, path):
                # A namespace package (no __init__.py, as `ansible_collections`): itself.
                found.setdefault(posixpath.dirname(path), []).append(posixpath.basename(path))
            else:
                found.setdefault(source, []).extend(packages)
    found = {root: packages for root, packages in found.items() if packages}
    if not found:
        where = ", ".join(paths) if paths else project_root
        raise DiscoverError(f"no package (a directory holding __init__.py) found in {where}")
    if any(_relative(root, project_root).startswith("..") for root in found):
        project_root = posixpath.commonpath(list(found))
    for glob in exclude:
        try:
            PathGlob(glob)
        except GlobError as error:
            raise DiscoverError(f"--exclude {glob!r}: {error}") from None
    return Layout(
        project_root=project_root,
        source_roots=tuple(_relative(root, project_root) for root in found),
        root_packages=tuple(dict.fromkeys(package for packages in found.values() for package in packages)),
        exclude=tuple(exclude),
    )


def _source_root(file_system: FileSystem, directory: str) -> str:
    """``directory``, or its ``src/`` when that holds packages (the src layout)."""
    src = posixpath.join(directory, "src")
    return src if file_system.is_dir(src) and _packages_in(file_system, src) else directory


def _packages_in(file_system: FileSystem, directory: str) -> list[str]:
    return [
        entry.name
        for entry in file_system.list_dir(directory)
        if entry.is_dir and entry.name.isidentifier() and file_system.is_file(posixpath.join(entry.path, "__init__.py"))
    ]


def _holds_python(file_system: FileSystem, directory: str) -> bool:
    """Whether a ``*.py`` file lies anywhere below ``directory``."""
    pending = [directory]
    while pending:
        for entry in file_system.list_dir(pending.pop()):
            if entry.is_dir:
                pending.append(entry.path)
            elif entry.name.endswith(".py"):
                return True
    return False


def _relative(path: str, root: str) -> str:
    return posixpath.relpath(path, root)


def layout_policy(layout: Layout) -> Policy:
    """The layout as a policy with no rules: what ``scan_project`` walks."""
    return Policy(
        name="discover",
        path=posixpath.join(layout.project_root, "<discover>"),
        project_root=layout.project_root,
        root_packages=layout.root_packages,
        source_roots=layout.source_roots,
        exclude=tuple(PathGlob(glob) for glob in layout.exclude),
    )


# -- discovering ---------------------------------------------------------------------------------

# What a worker sends back per file: its definitions and first-party `from M import n`, or None (unparsable).
_FileFacts = tuple[tuple[tuple[str, int, int, str], ...], tuple[tuple[str, str], ...]] | None


class _Shared(NamedTuple):
    file_system: FileSystem
    root_packages: tuple[str, ...]


def _file_facts(shared: _Shared, source: SourceFile) -> _FileFacts:
    try:
        data = shared.file_system.read_bytes(source.path)
    except OSError:
        return None
    # Discover parses every file, so the parse is its cost: a syntax tree holds no reference
    # cycle, so the cycle collector only slows building it (~13 %) and is paused meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        parsed = parse_source(data, references=False)
    finally:
        if collecting:
            gc.enable()
    if parsed.failure is not None:
        return None
    definitions = tuple(
        (first.name, first.position.line, first.position.column, kind)
        for first, kind in sites(place_definitions(parsed, same_name))
    )
    imports: list[tuple[str, str]] = []
    for statement in parsed.imports:
        if not statement.is_from or statement.is_star:
            continue
        module = resolve_from_module(statement, source)
        if module is not None and any(is_within(module, root) for root in shared.root_packages):
            imports.extend((module, name.name) for name in statement.names)
    return definitions, tuple(imports)


def discover(
    file_system: FileSystem,
    layout: Layout,
    runner: TaskRunner,
    *,
    scope: Iterable[str] | None = None,
    patterns: Sequence[str] = (),
) -> Discovery:
    """Names defined in more than one module of the layout (matching one of ``patterns``, if any).

    ``scope``: absolute directories; only files under them are scanned (None: every file).
    Dunder names (``__getattr__``) are module protocol, not duplicates, and are left out.
    """
    try:
        project = scan_project(file_system, layout_policy(layout))
    except PolicyError as error:
        raise DiscoverError("; ".join(str(problem) for problem in error.problems)) from None
    roots = [posixpath.normpath(path) for path in scope or ()]
    files = [
        source
        for source in project.files
        if not roots or any(source.path == root or source.path.startswith(root + "/") for root in roots)
    ]
    replies = runner.map(_file_facts, _Shared(file_system, layout.root_packages), files)
    by_name: dict[str, list[FoundDefinition]] = {}
    imported: dict[str, Counter[str]] = {}
    unparsable: list[str] = []
    for source, facts in zip(files, replies, strict=True):
        if facts is None:
            unparsable.append(source.path)
            continue
        defined, imports = facts
        for name, line, column, kind in defined:
            by_name.setdefault(name, []).append(FoundDefinition(source.path, source.module, line, column, kind))
        for module, name in imports:
            imported.setdefault(name, Counter())[module] += 1
    names = []
    # fnmatch's, without its regex, on names as Python reads them (the names found are NFKC already).
    wildcards = [Wildcard.of(as_python_reads(pattern)) for pattern in patterns]
    for name, places in by_name.items():
        if len({place.module for place in places}) < 2 or _is_dunder(name):
            continue
        if all(place.kind == "assignment" for place in places):
            continue  # a name only ever assigned (`logger = ...`): no class or function defined twice
        if wildcards and not any(wildcard.matches(name) for wildcard in wildcards):
            continue
        counts = imported.get(name, Counter())
        ranked = tuple(sorted(counts.items(), key=lambda item: (-item[1], _shortness(item[0]))))
        names.append(DiscoveredName(name, tuple(sorted(places)), ranked))
    names.sort(key=lambda found: (-len(found.modules), found.name))
    return Discovery(layout, tuple(names), len(files), tuple(unparsable), tuple(patterns))


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _shortness(module: str) -> tuple[int, int, str]:
    """Ties are broken by the shortest module path: fewest dots, then fewest characters, then by name."""
    return module.count("."), len(module), module


# -- the starter policy ----------------------------------------------------------------------------


def propose_policy(discovery: Discovery) -> ProposedPolicy:
    """A starter policy for the discovered names, by the heuristic in this module's docstring."""
    symbols = []
    for found in discovery.names:
        counts = dict(found.imports)
        defined_in = min(found.modules, key=lambda module: (-counts.get(module, 0), _shortness(module)))
        if counts:
            canonical = min(counts, key=lambda module: (-counts[module], module != defined_in, _shortness(module)))
        else:
            canonical = defined_in
        deprecated = tuple(module for module, _ in found.imports if module != canonical)
        # At least 1 (a policy needs it): the canonical path the name will be imported through.
        budget = max(1, len(found.imports))
        symbols.append(ProposedSymbol(found.name, defined_in, canonical, deprecated, budget, found))
    duplicates = discovery.patterns or tuple(found.name for found in discovery.names)
    return ProposedPolicy(discovery.layout, tuple(symbols), duplicates)
