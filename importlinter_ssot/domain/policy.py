"""The policy: what is canonical, deprecated and forbidden. Pure values."""

import datetime
import enum
from collections.abc import Iterable, Iterator, Mapping

from importlinter_ssot.domain.globs import ModuleGlob, PathGlob, ancestors_and_self, is_within
from importlinter_ssot.domain.records import NamedTuple


class Location(NamedTuple):
    """Where something was written in a policy file (1-based)."""

    path: str
    line: int
    column: int = 1


class KeyLocations(Mapping[str, Location]):
    """Where each key of a policy file was written (``symbol[0].canonical[1]`` → Location); immutable.

    A lookup table built once per policy: a warning on each of 10 000 symbols used to
    rebuild it from a list for every location asked (150 s).
    """

    __slots__ = ("_by_key",)

    def __init__(self, items: Iterable[tuple[str, Location]] = ()) -> None:
        self._by_key: dict[str, Location] = dict(items)

    def __getitem__(self, key: str) -> Location:
        return self._by_key[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def __hash__(self) -> int:  # a Policy (a NamedTuple) stays hashable
        return hash(frozenset(self._by_key.items()))

    def __reduce__(self) -> tuple[type["KeyLocations"], tuple[tuple[tuple[str, Location], ...]]]:
        return (type(self), (tuple(self._by_key.items()),))

    def __repr__(self) -> str:
        return f"KeyLocations({len(self._by_key)} keys)"


class DeprecatedPath(NamedTuple):
    """A path a symbol may still be imported from, with a warning, until ``until`` (if set)."""

    module: str
    until: datetime.date | None = None
    message: str | None = None

    def has_expired(self, today: datetime.date) -> bool:
        """True from the day after ``until``: on the date itself the path is still allowed."""
        return self.until is not None and today > self.until


class SymbolRule(NamedTuple):
    """A governed class or function (``[[symbol]]``): where it is defined and where to import it from."""

    name: str
    defined_in: str
    canonical: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    deprecated: tuple[DeprecatedPath, ...] = ()
    allow_importers: tuple[ModuleGlob, ...] = ()
    max_import_patterns: int | None = None
    location: Location | None = None  # of its ``name =`` line
    key: str = ""  # e.g. ``symbol[0]``, to locate its other keys through Policy.locate

    @property
    def names(self) -> tuple[str, ...]:
        """The name and its aliases: every name the rules govern for this symbol."""
        return (self.name, *self.aliases)

    def deprecated_path(self, module: str) -> DeprecatedPath | None:
        """The deprecated entry for ``module``, if it is one."""
        for path in self.deprecated:
            if path.module == module:
                return path
        return None

    def is_exempt_importer(self, importer: str) -> bool:
        """Whether ``importer`` may import the symbol from any path (plumbing or allowed)."""
        # The plumbing modules re-export the symbol; they are exempt exactly, not their subtree.
        if importer == self.defined_in or importer in self.canonical:
            return True
        if any(path.module == importer for path in self.deprecated):
            return True
        return any(glob.matches(importer) for glob in self.allow_importers)


class ModuleStatus(str, enum.Enum):
    """A ``[[module]]``'s status: still allowed with a warning, or not at all."""

    DEPRECATED = "deprecated"
    FORBIDDEN = "forbidden"


class ModuleRule(NamedTuple):
    """A deprecated or forbidden module (``[[module]]``): its name or glob covers its submodules too."""

    name: ModuleGlob
    status: ModuleStatus
    replacement: str | None = None
    message: str | None = None
    until: datetime.date | None = None
    allow_importers: tuple[ModuleGlob, ...] = ()
    location: Location | None = None

    def target_of(self, module: str) -> str | None:
        """The covered target that ``module`` is (or is inside of), or None."""
        if self.name.is_literal:
            return self.name.pattern if is_within(module, self.name.pattern) else None
        for prefix in ancestors_and_self(module):
            if self.name.matches(prefix):
                return prefix
        return None

    def allows_importer(self, importer: str) -> bool:
        """Whether ``importer`` matches one of the rule's ``allow_importers`` globs."""
        return any(glob.matches(importer) for glob in self.allow_importers)

    def has_expired(self, today: datetime.date) -> bool:
        """A deprecated module whose ``until`` has passed (never a forbidden one)."""
        return self.status is ModuleStatus.DEPRECATED and self.until is not None and today > self.until


class DuplicatesRule(NamedTuple):
    """Names (an fnmatch pattern) that may be defined in one module only (``[[duplicates]]``)."""

    pattern: str  # fnmatch on the bare class/def name
    within: tuple[ModuleGlob, ...] = ()
    location: Location | None = None

    def applies_to_module(self, module: str) -> bool:
        """Whether definitions in ``module`` are grouped by this rule (``within``; every module if unset)."""
        return not self.within or any(glob.matches(module) for glob in self.within)


class Policy(NamedTuple):
    """One policy file: its settings and its rules, with where each key was written."""

    name: str
    path: str  # absolute path of the policy file
    project_root: str  # absolute directory that relative paths in the policy refer to
    root_packages: tuple[str, ...]
    source_roots: tuple[str, ...] = (".",)
    exclude: tuple[PathGlob, ...] = ()
    symbols: tuple[SymbolRule, ...] = ()
    modules: tuple[ModuleRule, ...] = ()
    duplicates: tuple[DuplicatesRule, ...] = ()
    # The policy file's text: what the policy says, wherever the checkout lies (the cache key).
    text: str = ""
    # Where each key was written (``symbol[0].canonical[1]`` → Location), for located messages.
    key_locations: KeyLocations = KeyLocations()
    # Where the policy's tables sit in its file: "" for a policy file, "tool.ssot." inside pyproject.toml.
    key_prefix: str = ""

    def locate(self, key: str) -> Location:
        """The location of ``key`` or of its nearest written ancestor."""
        written = self.key_locations
        while key:
            location = written.get(key)
            if location is not None:
                return location
            cut = max(key.rfind("."), key.rfind("["))
            key = key[:cut] if cut > 0 else ""
        return Location(self.path, 1, 1)

    def is_first_party(self, module: str) -> bool:
        """Whether ``module`` is a root package or inside one."""
        return any(is_within(module, root) for root in self.root_packages)

    def symbol_by_name(self) -> dict[str, SymbolRule]:
        """Each governed name (and alias) → its rule. Names are unique within a policy."""
        return {name: symbol for symbol in self.symbols for name in symbol.names}


class DeprecatedModules(NamedTuple):
    """The modules a policy names as deprecated: symbols' deprecated paths and deprecated ``[[module]]`` names.

    Only the modules named, not their submodules (importing one runs its package first).
    """

    literal: frozenset[str]
    globs: tuple[ModuleGlob, ...]

    @classmethod
    def of(cls, policy: Policy) -> "DeprecatedModules":
        """The deprecated modules of ``policy``."""
        literal = {path.module for symbol in policy.symbols for path in symbol.deprecated}
        globs: list[ModuleGlob] = []
        for rule in policy.modules:
            if rule.status is ModuleStatus.DEPRECATED:
                if rule.name.is_literal:
                    literal.add(rule.name.pattern)
                else:
                    globs.append(rule.name)
        return cls(frozenset(literal), tuple(globs))

    @property
    def is_empty(self) -> bool:
        """Whether the policy deprecates no module at all."""
        return not self.literal and not self.globs

    def names(self, module: str) -> bool:
        """Whether ``module`` is one of them."""
        return module in self.literal or any(glob.matches(module) for glob in self.globs)
