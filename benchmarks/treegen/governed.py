"""What the generated policy governs, and the fixed modules of the tree that implement it.

Everything here is fixed (no randomness): the governed symbols and module rules, the
``[[duplicates]]`` patterns, the excluded directory, and the "fixture" modules at the
governed paths. ``plan.py`` decides which generated files import them and how,
``configs.py`` turns the same rules into the SSOT policies and the ruff configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

# The date the benchmark judges deprecations on (run.py sets SSOT_TODAY to it): one
# deprecation of each kind is expired on it, the others are not.
TODAY = "2026-06-15"

# A tuple, not a set: root packages are listed in this order in the policy and manifest.
ROOTS = ("mono", "toolkit")
EXCLUDE = ("**/vendored/**",)


@dataclass(frozen=True)
class DeprecatedPath:
    """A module a governed symbol may still be imported from, with a warning."""

    module: str
    until: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class GovernedSymbol:
    """A ``[[symbol]]`` rule of the policy."""

    name: str
    defined_in: str
    canonical: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    deprecated: tuple[DeprecatedPath, ...] = ()
    allow_importers: tuple[str, ...] = ()
    max_import_patterns: int | None = None
    # False: ruff cannot express the rule, so it is left out of ssot_comparable.toml/ruff.toml.
    comparable: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def deprecated_modules(self) -> tuple[str, ...]:
        return tuple(path.module for path in self.deprecated)

    @property
    def plumbing(self) -> tuple[str, ...]:
        """The modules SSOT lets import the symbol from ``defined_in``: they re-export it."""
        return (self.defined_in, *self.canonical, *self.deprecated_modules)


@dataclass(frozen=True)
class ModuleRule:
    """A ``[[module]]`` rule of the policy (``name`` may be a glob)."""

    name: str
    status: str  # forbidden | deprecated
    until: str | None = None
    replacement: str | None = None
    message: str | None = None
    allow_importers: tuple[str, ...] = ()
    comparable: bool = True


WS = "WebSocketManager"
WS_ALIAS = "UnifiedWebSocketManager"
EB = "EventBus"
RP = "RetryPolicy"
CL = "ConfigLoader"

# In policy order: the policies list them in this order.
SYMBOLS: dict[str, GovernedSymbol] = {
    WS: GovernedSymbol(
        WS,
        aliases=(WS_ALIAS,),
        defined_in="mono.platform.realtime.unified_manager",
        canonical=("mono.platform.realtime.websocket_manager",),
        deprecated=(
            DeprecatedPath("mono.platform.realtime", "2099-12-31", "the package re-export is going away"),
            DeprecatedPath("mono.platform.realtime.manager", None, "compatibility shim"),
        ),
        max_import_patterns=6,
    ),
    EB: GovernedSymbol(
        EB,
        defined_in="mono.libs.events.bus",
        canonical=("mono.libs.events",),
        deprecated=(DeprecatedPath("mono.libs.messaging.compat", "2020-01-01", "messaging was merged into events"),),
    ),
    RP: GovernedSymbol(
        RP,
        defined_in="toolkit.resilience.retry",
        canonical=("toolkit.resilience",),
        deprecated=(DeprecatedPath("toolkit.compat"),),
        max_import_patterns=3,
    ),
    CL: GovernedSymbol(
        CL,
        defined_in="mono.libs.config.loader",
        canonical=("mono.libs.config.loader",),
        allow_importers=("mono.tools.**",),
        comparable=False,  # allow_importers
    ),
}

# Governed names appear in imports only where the plan puts them (imports.governed_statement):
# the rest of the generated code never imports them by chance.
GOVERNED_NAMES = frozenset(name for symbol in SYMBOLS.values() for name in symbol.names)

# In policy order; plan.py refers to them by position.
MODULE_RULES: tuple[ModuleRule, ...] = (
    ModuleRule(
        "mono.platform.realtime.canonical_import_patterns",
        "forbidden",
        replacement="mono.platform.realtime.websocket_manager",
        message="removed in phase 2C",
    ),
    ModuleRule("mono.libs.legacy.http_client", "deprecated", until="2099-12-31", replacement="mono.libs.http"),
    ModuleRule(
        "mono.libs.legacy.serializers",
        "deprecated",
        until="2021-06-30",
        replacement="mono.libs.serialization",
        message="the legacy serializers are past their removal date",
    ),
    ModuleRule("six", "forbidden", message="Python 2 compatibility is gone"),
    ModuleRule("simplejson", "deprecated", replacement="json"),
    ModuleRule(
        "mono.platform.db.raw",
        "forbidden",
        replacement="mono.platform.db.session",
        message="use the session API",
        allow_importers=("mono.platform.db.**", "mono.jobs.**"),
        comparable=False,
    ),
    ModuleRule(
        "mono.*.internal_compat", "forbidden", message="internal compatibility layers are private", comparable=False
    ),
)

# (pattern, within) of the [[duplicates]] rules.
DUPLICATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("*WebSocketManager*", ("mono.**",)),
    ("*ConnectionPool", ("mono.**",)),
)

# The modules at the governed paths (and their packages): module name -> public names.
# Insertion order is file order in the plan.
FIXTURES: dict[str, tuple[str, ...]] = {
    "mono": (),
    "mono.platform": (),
    "mono.platform.realtime": (WS, WS_ALIAS),
    "mono.platform.realtime.unified_manager": (WS, WS_ALIAS, "WebSocketManagerMode"),
    "mono.platform.realtime.websocket_manager": (WS, WS_ALIAS),
    "mono.platform.realtime.manager": (WS, WS_ALIAS),
    "mono.platform.realtime.canonical_import_patterns": ("get_manager", "MANAGER_IMPORT_PATH"),
    "mono.platform.db": (),
    "mono.platform.db.raw": ("execute_raw", "RawCursor"),
    "mono.platform.db.session": ("SessionFactory", "open_session"),
    "mono.libs": (),
    "mono.libs.events": (EB,),
    "mono.libs.events.bus": (EB, "EventEnvelope"),
    "mono.libs.messaging": (),
    "mono.libs.messaging.compat": (EB,),
    "mono.libs.legacy": (),
    "mono.libs.legacy.http_client": ("get", "post", "LegacySession"),
    "mono.libs.legacy.serializers": ("dump", "load", "LegacyEncoder"),
    "mono.libs.config": (CL,),
    "mono.libs.config.loader": (CL, "load_settings"),
    "mono.libs.internal_compat": ("patch_all",),
    "mono.services": (),
    "mono.services.internal_compat": ("legacy_entrypoint",),
    "toolkit": (),
    "toolkit.resilience": (RP,),
    "toolkit.resilience.retry": (RP, "Backoff"),
    "toolkit.compat": (RP,),
}
# The fixtures that have fixtures below them are packages (``__init__.py``).
# A tuple, not a set: iteration order must not depend on string hashing (determinism).
FIXTURE_PACKAGES = tuple(name for name in FIXTURES if any(other.startswith(name + ".") for other in FIXTURES))
