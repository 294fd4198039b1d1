"""What the policy says a compatibility module must serve: the data of a generated shim.

A module gets a shim when it is a governed symbol's deprecated path (it serves exactly the
symbol's names, from its first canonical module) or a deprecated ``[[module]]`` with a
literal name and a ``replacement`` (it forwards every other name to the replacement).
Each served name carries both warnings, in the lint messages' own words: the one before
``until`` (SOT001/SOT010) and the one after it (SOT003/SOT012). ``ssot shim`` writes this
data into the module; SOT041 compares a module's data with it.
"""

from __future__ import annotations

from importlinter_ssot.domain.policy import ModuleStatus, Policy
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rules.module_imports import module_rule_message
from importlinter_ssot.domain.rules.symbol_paths import deprecated_path_message
from importlinter_ssot.domain.runtime_terms import EVERY_OTHER_NAME


class ShimExport(NamedTuple):
    """One name a shim serves: where it comes from and what it warns (the runtime helper's data)."""

    name: str  # EVERY_OTHER_NAME: every other public name of ``module``
    module: str
    attribute: str | None  # None: the same name
    until: str | None  # YYYY-MM-DD
    message: str
    expired: str | None  # the message after ``until``; None when there is no ``until``

    @property
    def data(self) -> tuple[str | None, ...]:
        """The value written into the shim for this name."""
        return (self.module, self.attribute, self.until, self.message, self.expired)


class ShimSpec(NamedTuple):
    """A compatibility module and the names it serves, in a stable order."""

    module: str
    exports: tuple[ShimExport, ...]

    def export(self, name: str) -> ShimExport | None:
        """The export of ``name``, if the shim serves it."""
        return next((export for export in self.exports if export.name == name), None)


def shim_specs(policy: Policy) -> dict[str, ShimSpec]:
    """Every module the policy gives a shim, by module name."""
    exports: dict[str, list[ShimExport]] = {}
    for symbol in policy.symbols:
        for path in symbol.deprecated:
            until = path.until.isoformat() if path.until else None
            for name in symbol.names:
                _, message = deprecated_path_message(symbol, path, name, expired=False)
                expired = deprecated_path_message(symbol, path, name, expired=True)[1] if until else None
                attribute = None if name == symbol.name else symbol.name
                exports.setdefault(path.module, []).append(
                    ShimExport(name, symbol.canonical[0], attribute, until, message, expired)
                )
    for rule in policy.modules:
        if rule.status is not ModuleStatus.DEPRECATED or not rule.name.is_literal or rule.replacement is None:
            continue
        module = rule.name.pattern
        until = rule.until.isoformat() if rule.until else None
        _, message = module_rule_message(rule, module, module, expired=False)
        expired = module_rule_message(rule, module, module, expired=True)[1] if until else None
        exports.setdefault(module, []).append(
            ShimExport(EVERY_OTHER_NAME, rule.replacement, None, until, message, expired)
        )
    return {
        module: ShimSpec(
            module, tuple(sorted(served, key=lambda export: (export.name == EVERY_OTHER_NAME, export.name)))
        )
        for module, served in sorted(exports.items())
    }


def other_roles(policy: Policy, module: str) -> tuple[str, ...]:
    """What else the policy says ``module`` is, besides a deprecated path: the canonical module or
    definition of a symbol, the replacement of a module. Such a module is live: never replaced."""
    roles: list[str] = []
    for symbol in policy.symbols:
        if module in symbol.canonical:
            roles.append(f"the canonical module of `{symbol.name}`")
        elif module == symbol.defined_in:
            roles.append(f"where `{symbol.name}` is defined")
    for rule in policy.modules:
        if rule.replacement == module:
            roles.append(f"the replacement of `{rule.name.pattern}`")
    return tuple(dict.fromkeys(roles))
