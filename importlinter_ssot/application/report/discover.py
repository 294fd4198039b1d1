"""`ssot discover`: which classes and functions are defined in more than one first-party module, with no policy.

The project is laid out as `ssot check` lays it out (``application/policy/project.py``): the root
packages are found under the source roots, the files scanned are every ``*.py`` below them
minus the excludes, and each file is the module its path says. Every file is parsed with the
engine's parser (``application/analysis/parsing.py``) — or its facts taken from the cache when it is
unchanged (``application/report/discover_scan.py``) — so a *definition* is what the definition rules
call one (module-level ``class``/``def``/``async def`` and assignments, also inside top-level
``if``/``try``/``with``; ``domain/rules/definition_sites.py``), counted once per definition
site, and an *import pattern* is what SOT030 counts (``from M import n`` with first-party
``M``, relative imports resolved). With no policy, an assignment re-exporting the same name
(``N = m.N``) is no definition.

A name is listed when its definition sites lie in two or more modules and one of the objects
it names is a ``class``/``def`` of the tree: each assignment is followed, through imports and
assignment chains across modules, to what it names (``domain/name_objects.py``), so
``WebSocketManager = UnifiedWebSocketManager`` is an alias of the class that name leads to
and is listed under it, not as a definition of its own; a name only ever assigned to other
things (``logger = ...``) defines no class or function twice. The names are ordered by how
many objects they name, then how many definition sites they have, then by name.

Layout, when no policy says it: with no PATHS, the project root (the nearest directory with
pyproject.toml, setup.cfg, setup.py or .git) is the source root — or its ``src/`` when that
holds packages — and the root packages are the directories there holding an ``__init__.py``.
A PATH that is a package (it holds ``__init__.py``) counts its outermost enclosing package
as a root package and that package's parent as the source root; any other directory is a
source root itself (or its ``src/``) — unless it holds no package but Python files below it:
then it is a namespace package (``ansible_collections``); only files under the PATHS are
scanned (and followed: an alias leading into a module outside them is not followed).

The starter policy: ``application/report/discover_policy.py``.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterable, Sequence

from importlinter_ssot.application.analysis.parsing import no_cycle_collection
from importlinter_ssot.application.policy.project import find_project_root, scan_project
from importlinter_ssot.application.ports import CacheStore, FileSystem, TaskRunner
from importlinter_ssot.application.report.discover_facts import FileFacts
from importlinter_ssot.application.report.discover_scan import ScanLayout, scan_facts
from importlinter_ssot.domain.globs import GlobError, PathGlob, Wildcard, is_within, required_literal
from importlinter_ssot.domain.module_facts import ModuleFacts, SiteFact, module_table
from importlinter_ssot.domain.name_objects import NameSurvey, NameSurveyor, shortness
from importlinter_ssot.domain.name_origins import ModuleBindings, NameOrigins
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.problems import PolicyError
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.relevance import may_matter
from importlinter_ssot.domain.source import ParseFailure, SourceFile, as_python_reads


class DiscoverError(Exception):
    """Nothing to discover in: no package found, or a bad option."""


class Layout(NamedTuple):
    """Where the first-party code is: as a policy's ``[policy]`` table would say it."""

    project_root: str  # absolute
    source_roots: tuple[str, ...]  # relative to the project root, as in a policy
    root_packages: tuple[str, ...]
    exclude: tuple[str, ...] = ()  # path globs, relative to the project root


class FoundDefinition(NamedTuple):
    """A module-level definition site of a discovered name."""

    path: str
    module: str
    line: int
    column: int
    kind: str  # class | def | assignment: of its site (class or def when the site holds one)


class FoundObject(NamedTuple):
    """One object a discovered name is bound to (``domain/name_objects.py``)."""

    key: tuple[str, str]  # equal keys, the same object
    kind: str  # class | def | assignment (an object of its own) | module | outside (the project)
    module: str  # where it is made ("" for a module or an object outside the project)
    name: str  # the name it is made under ("" likewise)
    path: str  # of its file ("" likewise)
    line: int
    column: int
    shown: str  # what it is, for a module or an object outside the project
    definitions: tuple[FoundDefinition, ...]  # the name's definition sites bound to it, in path order
    imports: tuple[tuple[str, int], ...]  # (module, uses of `from module import name` giving it), most used first
    aliases: tuple[str, ...]  # the other names followed to it from the name's assignments
    not_followed: str  # an assignment of its own because it could not be followed: why
    subclass_of: str  # the dotted name of another of the name's objects this class extends ("" if none)

    @property
    def is_definition(self) -> bool:
        """A ``class`` or ``def`` of the tree."""
        return self.kind in ("class", "def")

    @property
    def dotted(self) -> str:
        """``module.name`` of a definition of the tree; what it is otherwise."""
        return f"{self.module}.{self.name}" if self.module and self.name else self.shown


class DiscoveredName(NamedTuple):
    """A name defined in more than one first-party module: the objects it is bound to, and how it is imported."""

    name: str
    objects: tuple[FoundObject, ...]  # the home first (``domain/name_objects.py``)
    not_followed: tuple[tuple[str, int, str], ...] = ()  # import paths not followed: (module, uses, why)

    @property
    def home(self) -> FoundObject:
        """The object ``--emit-policy`` takes for ``defined_in`` (``domain/name_objects.py``)."""
        return self.objects[0]

    @property
    def definitions(self) -> tuple[FoundDefinition, ...]:
        """Every definition site of the name, in path order."""
        return tuple(sorted(site for found in self.objects for site in found.definitions))

    @property
    def modules(self) -> tuple[str, ...]:
        """The distinct defining modules, in path order."""
        return tuple(dict.fromkeys(definition.module for definition in self.definitions))

    @property
    def imports(self) -> tuple[tuple[str, int], ...]:
        """(module, uses of `from module import name`), most used first: followed or not."""
        counts: Counter[str] = Counter()
        for found in self.objects:
            counts.update(dict(found.imports))
        counts.update({module: count for module, count, _ in self.not_followed})
        return tuple(sorted(counts.items(), key=lambda item: (-item[1], shortness(item[0]))))


class Unparsable(NamedTuple):
    """A file that could not be read, decoded or parsed: its definitions and imports are not counted."""

    path: str
    message: str


class Discovery(NamedTuple):
    """What ``discover`` found."""

    layout: Layout
    names: tuple[DiscoveredName, ...]  # most objects first, then most definition sites, then by name
    files_scanned: int
    unparsable: tuple[Unparsable, ...]  # those that may matter to the patterns (all of them without patterns)
    patterns: tuple[str, ...] = ()  # the --pattern globs the names were limited to
    unparsable_total: int = 0  # the files that could not be read or parsed, whether they matter or not
    # The names aliases lead to that are not listed themselves, surveyed the same way (the starter policy governs them).
    aliases: tuple[DiscoveredName, ...] = ()


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


def discover(
    file_system: FileSystem,
    layout: Layout,
    runner: TaskRunner,
    *,
    scope: Iterable[str] | None = None,
    patterns: Sequence[str] = (),
    cache: CacheStore | None = None,
) -> Discovery:
    """Names defined in more than one module of the layout (matching one of ``patterns``, if any).

    ``scope``: absolute directories; only files under them are scanned (None: every file).
    Dunder names (``__getattr__``) are module protocol, not duplicates, and are left out.
    ``cache``: where each file's facts are kept for the next run (None: read every file).
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
    scan = ScanLayout(layout.project_root, layout.source_roots, layout.root_packages)
    # Hundreds of thousands of facts, and the objects surveyed from them, with no reference cycle
    # among them: the cycle collector would only walk them again and again (~40 % of a warm run).
    # The one pause of a discover run: it covers the parses too (file_facts), in this process and
    # in the workers the runner forks meanwhile, which inherit the paused collector.
    with no_cycle_collection():
        scanned = scan_facts(file_system, scan, files, runner, cache, kept=project.files)
        index = _index(files, scanned.facts, layout.root_packages)
        names, aliases = _survey(index, patterns)
    return Discovery(
        layout,
        names,
        len(files),
        tuple(failure for failure in index.failures if _matters(file_system, failure.path, patterns)),
        tuple(patterns),
        unparsable_total=len(index.failures),
        aliases=aliases,
    )


class _Index(NamedTuple):
    """The scanned files' facts by module, their definition sites by name, their imports by name."""

    tree: _Tree
    sites: dict[str, list[tuple[SourceFile, SiteFact]]]
    imported: dict[str, Counter[str]]
    failures: list[Unparsable]


def _index(files: Sequence[SourceFile], facts: Sequence[FileFacts], root_packages: tuple[str, ...]) -> _Index:
    index = _Index(_Tree(root_packages), {}, {}, [])
    for source, found in zip(files, facts, strict=True):
        if isinstance(found, ParseFailure):
            index.failures.append(Unparsable(source.path, found.message))
            continue
        index.tree.add(source, found)
        for site in found.sites:
            index.sites.setdefault(site.name, []).append((source, site))
        for module, name in found.imports:
            index.imported.setdefault(name, Counter())[module] += 1
    return index


def _survey(index: _Index, patterns: Sequence[str]) -> tuple[tuple[DiscoveredName, ...], tuple[DiscoveredName, ...]]:
    """The names listed (in their order), and the names their homes' aliases pass through that are not."""
    # fnmatch's, without its regex, on names as Python reads them (the names found are NFKC already).
    wildcards = [Wildcard.of(as_python_reads(pattern)) for pattern in patterns]
    surveyor = index.tree.surveyor()
    names = []
    for name, places in index.sites.items():
        if len({source.module for source, _ in places}) < 2 or _is_dunder(name):
            continue
        if wildcards and not any(wildcard.matches(name) for wildcard in wildcards):
            continue
        survey = surveyor.survey(name, _sites_of(index, name), index.imported.get(name, {}))
        if not survey.names_a_definition:
            continue  # no class or def among what it names (`logger = ...`): no class or function defined twice
        names.append(index.tree.found(survey))
    names.sort(key=lambda found: (-len(found.objects), -len(found.definitions), found.name))
    listed = {found.name for found in names}
    others = sorted({alias for found in names for item in found.objects[:1] for alias in (*item.aliases, item.name)})
    aliases = tuple(
        index.tree.found(surveyor.survey(alias, _sites_of(index, alias), index.imported.get(alias, {})))
        for alias in others
        if alias not in listed
    )
    return tuple(names), aliases


def _sites_of(index: _Index, name: str) -> list[tuple[str, SiteFact]]:
    return [(source.module, site) for source, site in index.sites.get(name, ())]


def _matters(file_system: FileSystem, path: str, patterns: Sequence[str]) -> bool:
    """Whether a file that cannot be parsed may define a name of the patterns: it spells a pattern's literal text.

    As the check decides which files may matter (``domain/rules/relevance.py``): the bytes,
    or the text as Python reads it, hold the longest literal run of a pattern; a file that
    cannot be read or decoded may hold anything. No patterns: every file matters.
    """
    if not patterns:
        return True
    needles = [required_literal(as_python_reads(pattern)) for pattern in patterns]
    if not all(needles):
        return True  # a pattern of wildcards only (`*`) matches any name
    try:
        data = file_system.read_bytes(path)
    except OSError:
        return True
    return may_matter(data, frozenset(needle.encode("utf-8") for needle in needles))


class _Tree:
    """The scanned modules' facts: the tables ``name_origins`` follows, and where each module's file is."""

    def __init__(self, root_packages: tuple[str, ...]) -> None:
        self._root_packages = frozenset(root_packages)
        self._files: dict[str, tuple[SourceFile, ModuleFacts]] = {}
        self._tables: dict[str, ModuleBindings] = {}

    def add(self, source: SourceFile, facts: ModuleFacts) -> None:
        known = self._files.get(source.module)
        if known is None or (source.is_package and not known[0].is_package):  # a package shadows a module
            self._files[source.module] = (source, facts)

    def facts(self, module: str) -> ModuleFacts | None:
        found = self._files.get(module)
        return None if found is None else found[1]

    def table(self, module: str) -> ModuleBindings | None:
        if module not in self._tables:
            found = self._files.get(module)
            if found is None:
                return None
            self._tables[module] = module_table(module, found[0].is_package, found[1])
        return self._tables[module]

    def has_file(self, module: str) -> bool:
        return module in self._files

    def in_project(self, module: str) -> bool:
        return any(is_within(module, root) for root in self._root_packages)

    def surveyor(self) -> NameSurveyor:
        return NameSurveyor(self.facts, NameOrigins(self.table, self.has_file, self.in_project))

    def path(self, module: str) -> str:
        found = self._files.get(module)
        return "" if found is None else found[0].path

    def found(self, survey: NameSurvey) -> DiscoveredName:
        """The survey of a name, its modules given their files."""
        dotted = {item.key: f"{item.module}.{item.name}" for item in survey.objects if item.module and item.name}
        objects = tuple(
            FoundObject(
                key=item.key,
                kind=item.kind,
                module=item.module,
                name=item.name,
                path=self.path(item.module) if item.module else "",
                line=item.line,
                column=item.column,
                shown=item.shown,
                definitions=tuple(
                    sorted(
                        FoundDefinition(self.path(module), module, site.line, site.column, site.kind)
                        for module, site in item.sites
                    )
                ),
                imports=item.imports,
                aliases=item.aliases,
                not_followed=item.not_followed,
                subclass_of="" if item.derives_from is None else dotted.get(item.derives_from, ""),
            )
            for item in survey.objects
        )
        return DiscoveredName(survey.name, objects, survey.not_followed)


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")
