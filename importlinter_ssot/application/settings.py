"""Run settings from every source (option, environment, defaults), resolved by one set of rules.

Every front end (`ssot check`, the import-linter contract, the flake8 plugin) hands its
raw values to ``resolve_settings``, so the same inputs give the same settings — and the
same errors — whichever tool runs. Pure: the environment and the clock come in as values.
"""

import datetime
import enum
import posixpath
from collections.abc import Mapping, Sequence

from importlinter_ssot.domain.dates import parse_date
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.registry import RULES
from importlinter_ssot.domain.selection import Selection, SelectorError, check_selector, split_selectors

TODAY_VARIABLE = "SSOT_TODAY"
CACHE_DIR_VARIABLE = "SSOT_CACHE_DIR"
DEFAULT_CACHE_DIRECTORY = ".ssot_cache"


class ExitCode(enum.IntEnum):
    """Exit status of a run, the same for every front end that chooses its own."""

    OK = 0  # no errors (warnings allowed)
    FINDINGS = 1  # errors, or warnings under --strict; with a baseline, any finding it does not cover
    USAGE = 2  # bad settings, no policy, or a broken policy (nothing was checked); a file that could not be written


class SettingError(ValueError):
    """A setting whose value cannot be used; ``source`` names where it came from."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class RawSettings(NamedTuple):
    """What a front end was given, before any default or environment variable applies."""

    today: str | datetime.date | None = None  # an option's text (or a TOML date)
    today_source: str = "--today"  # how the front end names that option, for errors
    policies: Sequence[str] = ()  # as written; relative to ``base``
    cache: bool = True
    cache_dir: str | None = None  # relative to ``base``
    jobs: int = 0  # 0: one worker per available core
    root_packages: tuple[str, ...] | None = None  # the host's (import-linter's) root packages
    # Code selectors, ruff's semantics (domain/selection.py); None: not given.
    select: Sequence[str] | None = None
    ignore: Sequence[str] = ()
    extend_select: Sequence[str] = ()
    noqa: bool = True  # whether `# noqa` comments suppress findings
    baseline: str | None = None  # relative to ``base``; None: [tool.ssot] baseline, if any
    baseline_source: str = "--baseline"  # how the front end names that option, for errors
    no_baseline: bool = False  # ignore [tool.ssot] baseline
    strict: bool = False  # warnings fail too ([tool.ssot] strict may also say so)


class Settings(NamedTuple):
    """Resolved settings: what the engine runs with."""

    today: datetime.date
    policies: tuple[str, ...]  # absolute; () means: discover them
    cache: bool
    cache_dir: str | None  # absolute; None: the default, in the project root
    jobs: int
    root_packages: tuple[str, ...] | None
    selection: Selection = Selection()  # the front end's own; [tool.ssot]'s applies before it
    noqa: bool = True
    baseline: str | None = None  # absolute
    no_baseline: bool = False
    strict: bool = False

    def cache_directory(self, project_root: str) -> str | None:
        """Where the cache lives for a project rooted at ``project_root`` (None: no cache)."""
        if not self.cache:
            return None
        return self.lock_directory(project_root)

    def lock_directory(self, project_root: str) -> str:
        """Where ``--fix`` keeps its lock: the cache directory, also when the cache is off (``--no-cache``)."""
        return self.cache_dir or posixpath.join(project_root, DEFAULT_CACHE_DIRECTORY)


def parse_today(value: str | datetime.date, source: str) -> datetime.date:
    """The one parser of a date setting: YYYY-MM-DD, surrounding whitespace ignored (CI files add some)."""
    if isinstance(value, datetime.datetime):
        raise SettingError(source, "expected a date (YYYY-MM-DD), got a date-time")
    if isinstance(value, datetime.date):
        return value
    parsed = parse_date(value.strip())
    if parsed is None:
        raise SettingError(source, f"`{value}` is not a date (YYYY-MM-DD)")
    return parsed


def resolve_settings(raw: RawSettings, environ: Mapping[str, str], system_date: datetime.date, base: str) -> Settings:
    """Option, else environment variable, else default; ``base`` is the absolute directory paths are relative to.

    A blank value counts as unset. Raises SettingError for a value that cannot be used.
    """
    return Settings(
        today=_today(raw, environ, system_date),
        policies=tuple(_absolute(base, path) for path in raw.policies if path.strip()),
        cache=raw.cache,
        cache_dir=_cache_dir(raw, environ, base),
        jobs=raw.jobs,
        root_packages=raw.root_packages,
        selection=Selection(
            None if raw.select is None else _selectors(raw.select, "--select"),
            _selectors(raw.ignore, "--ignore"),
            _selectors(raw.extend_select, "--extend-select"),
        ),
        noqa=raw.noqa,
        baseline=_baseline(raw, base),
        no_baseline=raw.no_baseline,
        strict=raw.strict,
    )


def _baseline(raw: RawSettings, base: str) -> str | None:
    if raw.baseline is None:
        return None
    if not raw.baseline.strip():
        # Not "unset": falling back to [tool.ssot] baseline would use the very file an empty value
        # seems to turn off.
        raise SettingError(raw.baseline_source, "an empty path: name a baseline file")
    return _absolute(base, raw.baseline.strip())


def _selectors(values: Sequence[str], source: str) -> tuple[str, ...]:
    """Comma-separated or repeated code selectors, each one checked against the registry."""
    selectors = split_selectors(values)
    if not selectors:
        return ()
    codes = [rule.code for rule in RULES]
    try:
        return tuple(check_selector(selector, codes) for selector in selectors)
    except SelectorError as error:
        raise SettingError(source, str(error)) from None


def _today(raw: RawSettings, environ: Mapping[str, str], system_date: datetime.date) -> datetime.date:
    if raw.today is not None and (not isinstance(raw.today, str) or raw.today.strip()):
        return parse_today(raw.today, raw.today_source)
    configured = environ.get(TODAY_VARIABLE, "")
    if configured.strip():
        return parse_today(configured, f"the {TODAY_VARIABLE} environment variable")
    return system_date


def _cache_dir(raw: RawSettings, environ: Mapping[str, str], base: str) -> str | None:
    if raw.cache_dir and raw.cache_dir.strip():
        return _absolute(base, raw.cache_dir.strip())
    configured = environ.get(CACHE_DIR_VARIABLE, "").strip()
    return _absolute(base, configured) if configured else None


def _absolute(base: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(base, path))
