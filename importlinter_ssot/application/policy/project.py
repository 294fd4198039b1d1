"""Which files a policy governs, and what modules they are."""

import functools
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING

from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.problems import PolicyError, PolicyProblem, problem_at
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.source import SourceFile

if TYPE_CHECKING:
    from importlinter_ssot.application.ports import FileSystem

PROJECT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", ".git")


def find_project_root(file_system: "FileSystem", start: str) -> str | None:
    """The nearest directory at or above ``start`` holding a project marker."""
    directory = start
    while True:
        if any(file_system.exists(posixpath.join(directory, marker)) for marker in PROJECT_MARKERS):
            return directory
        parent = posixpath.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def policy_project_root(file_system: "FileSystem", policy_path: str) -> str:
    """The project a policy file belongs to: the nearest project root above it, else its directory."""
    directory = posixpath.dirname(policy_path)
    return find_project_root(file_system, directory) or directory


class ProjectIndex(NamedTuple):
    """Every module of the scanned tree: files, and directories holding scanned files."""

    modules: frozenset[str]

    @classmethod
    def from_file_modules(cls, file_modules: list[str] | tuple[str, ...] | frozenset[str]) -> "ProjectIndex":
        """The index of a tree holding files of these modules."""
        modules: set[str] = set()
        for module in file_modules:
            # Walk up the ancestors; siblings share them, so stop at the first one already known.
            while module and module not in modules:
                modules.add(module)
                module = module[: max(module.rfind("."), 0)]
        return cls(frozenset(modules))


class Project(NamedTuple):
    """A policy and the files it governs (none when only located, for per-file front ends)."""

    policy: Policy
    files: tuple[SourceFile, ...]
    module_index: ProjectIndex
    # (source root, root package path without .py) pairs that exist, to place files not scanned yet.
    package_roots: tuple[tuple[str, str], ...] = ()
    # Indexes of ``policy.exclude`` globs that matched nothing the scan met (a policy warning).
    unmatched_excludes: tuple[int, ...] = ()

    def module_on_disk(self, file_system: "FileSystem") -> Callable[[str], bool]:
        """Whether a module exists, asked of the disk: for per-file front ends, which scan no tree."""

        def exists(module: str) -> bool:
            if module in self.module_index.modules:
                return True
            relative = module.replace(".", "/")
            for base, package in self.package_roots:
                root = package.rsplit("/", 1)[-1]
                if module == root or module.startswith(root + "."):
                    path = f"{base}/{relative}"
                    if file_system.is_file(path + ".py") or file_system.is_dir(path):
                        return True
            return False

        return exists

    def source_file_for(self, path: str) -> SourceFile | None:
        """The checked file at ``path`` (also one created after the scan, as in an editor), or None."""
        source = _files_by_path(self.files).get(path)
        if source is not None:
            return source
        if not path.endswith(".py"):
            return None
        for base, package in self.package_roots:
            if path == package + ".py" or path.startswith(package + "/"):
                if not _is_excluded(self.policy, path):
                    return _source_file(base, path)
        return None


@functools.lru_cache(maxsize=4)
def _files_by_path(files: tuple[SourceFile, ...]) -> dict[str, SourceFile]:
    # An editor asks for one file at a time; a dict keeps that O(1) in a large tree. Keyed by
    # the (hashable) file tuple, so each project's index is built once.
    return {source.path: source for source in files}


def scan_project(file_system: "FileSystem", policy: Policy) -> Project:
    """Every ``*.py`` below the root packages, with or without ``__init__.py``, minus excludes."""
    scanner = _Scanner(file_system, policy)
    files = scanner.scan()
    if scanner.problems:
        raise PolicyError(scanner.problems)
    return Project(
        policy,
        tuple(files),
        ProjectIndex.from_file_modules([file.module for file in files]),
        tuple(scanner.package_roots),
        tuple(index for index in range(len(policy.exclude)) if index not in scanner.matched_excludes),
    )


def locate_project(file_system: "FileSystem", policy: Policy) -> Project:
    """The project without its file list: each file is placed by its path (``source_file_for``)."""
    scanner = _Scanner(file_system, policy)
    scanner.locate_packages()
    if scanner.problems:
        raise PolicyError(scanner.problems)
    return Project(policy, (), ProjectIndex(frozenset()), tuple(scanner.package_roots))


def layout_problems(file_system: "FileSystem", policy: Policy) -> list[PolicyProblem]:
    """Missing source roots and root packages, without walking the tree."""
    scanner = _Scanner(file_system, policy)
    scanner.locate_packages()
    return scanner.problems


def _relative_to(path: str, directory: str) -> str:
    """``path`` relative to ``directory``; a plain slice when it is inside (the common, hot case)."""
    prefix = directory.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else posixpath.relpath(path, directory)


def _within(path: str, directory: str) -> bool:
    """Whether the normalised absolute ``path`` is ``directory`` or below it."""
    directory = posixpath.normpath(directory)
    return path == directory or path.startswith(directory.rstrip("/") + "/")


def _is_excluded(policy: Policy, path: str) -> bool:
    """``path`` or one of its ancestor directories (below the project root) matches an exclude glob."""
    relative = _relative_to(path, policy.project_root)
    if relative.startswith(".."):
        return False  # outside the project root: no exclude glob can describe it
    segments = relative.split("/")
    return any(
        glob.matches("/".join(segments[: index + 1])) for glob in policy.exclude for index in range(len(segments))
    )


class _Scanner:
    def __init__(self, file_system: "FileSystem", policy: Policy) -> None:
        self.file_system = file_system
        self.policy = policy
        self.problems: list[PolicyProblem] = []
        self.package_roots: list[tuple[str, str]] = []
        self.matched_excludes: set[int] = set()

    def _problem(self, key: str, message: str) -> None:
        self.problems.append(problem_at(self.policy, key, message))

    def _excluded(self, path: str) -> bool:
        # Ancestors were tested while walking down to ``path``; only ``path`` itself is new.
        if not self.policy.exclude:
            return False
        relative = _relative_to(path, self.policy.project_root)
        matched = [index for index, glob in enumerate(self.policy.exclude) if glob.matches(relative)]
        self.matched_excludes.update(matched)
        return bool(matched)

    def _excluded_with_ancestors(self, path: str) -> bool:
        excluded = _is_excluded(self.policy, path)
        if excluded:
            relative = _relative_to(path, self.policy.project_root).split("/")
            for index, glob in enumerate(self.policy.exclude):
                if any(glob.matches("/".join(relative[: end + 1])) for end in range(len(relative))):
                    self.matched_excludes.add(index)
        return excluded

    def locate_packages(self) -> None:
        """Find each root package under the source roots; record a problem for each one missing."""
        bases = []
        real_root = self.file_system.real_path(self.policy.project_root)
        for index, source_root in enumerate(self.policy.source_roots):
            key = f"policy.source_roots[{index}]"
            base = posixpath.normpath(posixpath.join(self.policy.project_root, source_root))
            if not _within(base, self.policy.project_root):
                # Absolute, or climbing out with `..`: a policy governs (and --fix writes) its own project only.
                self._problem(
                    key, f"source root `{source_root}` is outside the project root ({self.policy.project_root})"
                )
            elif not self.file_system.is_dir(base):
                self._problem(key, f"source root `{source_root}` is not a directory ({base})")
            elif not _within(real := self.file_system.real_path(base), real_root):
                self._problem(
                    key,
                    f"source root `{source_root}` is outside the project root ({real_root}): a symlink leads to {real}",
                )
            else:
                bases.append(base)
        for index, package in enumerate(self.policy.root_packages):
            found = False
            for base in bases:
                directory = f"{base}/{package}"
                if self.file_system.is_dir(directory) or self.file_system.is_file(directory + ".py"):
                    found = True
                    self.package_roots.append((base, directory))
            if not found and bases:
                roots = ", ".join(f"`{base}`" for base in bases)
                self._problem(
                    f"policy.root_packages[{index}]",
                    f"root package `{package}` not found under {roots}{self._elsewhere(package)}",
                )

    def _elsewhere(self, package: str) -> str:
        """A hint when the package sits one directory down (a src layout): the source root to add."""
        for entry in self.file_system.list_dir(self.policy.project_root):
            if not entry.is_dir or entry.name.startswith("."):
                continue
            candidate = f"{entry.path}/{package}"
            if self.file_system.is_dir(candidate) or self.file_system.is_file(candidate + ".py"):
                roots = [*self.policy.source_roots, entry.name] if self.policy.source_roots != (".",) else [entry.name]
                listed = ", ".join(f'"{root}"' for root in roots)
                return (
                    f"; it is in `{entry.name}/`: set `source_roots = [{listed}]` in [{self.policy.key_prefix}policy]"
                )
        return ""

    def scan(self) -> list[SourceFile]:
        self.locate_packages()
        files: list[SourceFile] = []
        for base, directory in self.package_roots:
            if self.file_system.is_dir(directory):
                if not self._excluded_with_ancestors(directory):
                    self._walk(base, directory, files)
            elif not self._excluded_with_ancestors(directory + ".py"):
                files.append(_source_file(base, directory + ".py"))
        files.sort(key=lambda file: file.path)
        return files

    def _walk(self, base: str, directory: str, files: list[SourceFile]) -> None:
        pending = [directory]
        while pending:
            current = pending.pop()
            for entry in self.file_system.list_dir(current):
                if entry.is_dir:
                    if not self._excluded(entry.path):
                        pending.append(entry.path)
                elif entry.name.endswith(".py") and not (entry.is_symlink and self.file_system.is_dir(entry.path)):
                    if not self._excluded(entry.path):
                        files.append(_source_file(base, entry.path))


def _source_file(base: str, path: str) -> SourceFile:
    relative = _relative_to(path, base)[: -len(".py")]
    segments = relative.split("/")
    is_package = segments[-1] == "__init__"
    if is_package:
        segments = segments[:-1]
    return SourceFile(path=path, module=".".join(segments), is_package=is_package)
