"""SOT010/SOT011/SOT012: a deprecated or forbidden module imported."""

from collections.abc import Iterator

from importlinter_ssot.domain.findings import Finding, Reference, Severity
from importlinter_ssot.domain.globs import is_within, required_literal
from importlinter_ssot.domain.policy import ModuleRule, ModuleStatus, Policy
from importlinter_ssot.domain.records import NamedTuple
from importlinter_ssot.domain.rule_definition import Example, Rule, RuleDoc, RuleFamily, Scope
from importlinter_ssot.domain.rules.checks import FileCheck, Needles
from importlinter_ssot.domain.rules.context import RuleContext, optional
from importlinter_ssot.domain.rules.doc_excerpts import LEGACY_MODULE
from importlinter_ssot.domain.rules.symbol_paths import patch_target_finding, symbol_import_finding
from importlinter_ssot.domain.source import ImportStatement, ParsedSource, Position, SourceFile, resolve_from_module

FAMILY = RuleFamily(
    title="Module rules",
    intro="""\
A `[[module]]` rule on target `T` covers `T` and all its submodules (`name` may also be a
module glob; then every module it matches is a target). A statement imports `T` when it
imports `T` or a submodule of it through:

- `import X` — each name in the statement;
- the `M` of `from M import …`, star imports included;
- `M.n` for each name `n` in `from M import n` when `M.n` is a module of the scanned tree (a
  file `M/n.py` or a directory `M/n/` holding scanned files) or matches a `[[module]]` name.

At most one finding per statement and rule: the first part that hits the rule, in the order
`M`, then the names left to right. Exempt importers: `T`, its submodules, and modules matching
the rule's `allow_importers`.

No double reporting with the symbol rules: the `M` of `from M import a, b` is not reported
when every name in the statement already got a symbol finding, and a submodule `M.n` is not
reported when `n` got one.

Module rules are not limited to first-party modules: a rule on `requests` flags `import
requests.adapters` too.

They also judge references that are not import statements, each as one statement:

- **Dynamic imports**: `importlib.import_module("M")` (callee written `importlib.import_module`
  or `import_module`, or under a name the file's imports give it: `from importlib import
  import_module as load`, `import importlib as il`) and `__import__("M")`, where the first
  positional argument is a string literal not starting with `.`, are judged as `import M`,
  reported at the string literal.
- **`sys.modules` entries**: `sys.modules["M"]` (load, store or del; `sys` as written or as
  the file's imports name it; the key spelled as it is, without escapes or concatenation) is
  judged as `import M`, reported at the string literal.
- **Patch targets** (see [Symbol rules](#symbol-rules-sot001-sot002-sot003)): `"P.A"` whose `P`
  is covered is judged as `import P`, reported at the string literal, unless the target
  already drew a symbol finding.""",
)

_SEE = "Exemptions and positions: see [Module rules](#module-rules-sot010-sot011-sot012) and [Positions](#positions)."

DEPRECATED_MODULE = Rule(
    code="SOT010",
    name="deprecated-module",
    severity=Severity.WARNING,
    scope=Scope.FILE,
    summary="an import of a deprecated module (or its submodules) that has not expired",
    messages={
        "import": "import of deprecated module {subject}{until}{note}{instead}",
        "dynamic": "dynamic import of deprecated module {subject}{until}{note}{instead}",
        "patch": "patch target `{target}` is in deprecated module {subject}{until}{note}{instead}",
        "string": "`sys.modules` entry of deprecated module {subject}{until}{note}{instead}",
    },
    family=FAMILY,
    doc=RuleDoc(
        what="""\
Flags an import of a module covered by a `[[module]]` rule with `status = "deprecated"`,
when today is not after its `until` date (or it has no `until`).""",
        why="""\
The module is on its way out. Every new importer extends its life and adds to the work of
removing it.""",
        example=Example(
            before=LEGACY_MODULE,
            files=("chat/services/billing.py", "chat/services/loader.py"),
            today="2026-06-01",
        ),
        instead="""\
```python
from chat.services.sessions import open_session
```

and `importlib.import_module("chat.services.sessions")` for the dynamic import.""",
        notes=(
            "`(inside T)` appears when the imported module is a submodule of the rule's target. The "
            "message adds `until`, `message` and `replacement` when the rule sets them; the JSON "
            "`replacement` is the rule's `replacement` (or `null`).",
            "After `until` the same import is [SOT012](#sot012-expired-module).",
            _SEE,
        ),
        options=(
            "module.name",
            "module.status",
            "module.until",
            "module.replacement",
            "module.message",
            "module.allow_importers",
        ),
    ),
)

FORBIDDEN_MODULE = Rule(
    code="SOT011",
    name="forbidden-module",
    severity=Severity.ERROR,
    scope=Scope.FILE,
    summary="an import of a forbidden module (or its submodules)",
    messages={
        "import": "import of forbidden module {subject}{note}{instead}",
        "dynamic": "dynamic import of forbidden module {subject}{note}{instead}",
        "patch": "patch target `{target}` is in forbidden module {subject}{note}{instead}",
        "string": "`sys.modules` entry of forbidden module {subject}{note}{instead}",
    },
    family=FAMILY,
    doc=RuleDoc(
        what='Flags an import of a module covered by a `[[module]]` rule with `status = "forbidden"`.',
        why="""\
The module must not be used at all: it has been removed, or is kept only for code that is
explicitly allowed to use it. Code importing it breaks now or at the next cleanup.""",
        example=Example(
            before="""\
```toml
[[module]]
name = "chat.websocket_core.canonical_import_patterns"
status = "forbidden"
replacement = "chat.websocket_core.websocket_manager"
message = "removed in phase 2C"
```""",
            files=("chat/services/notify.py", "chat/services/test_notify.py"),
            today="2026-06-01",
        ),
        instead="""\
```python
from chat.websocket_core.websocket_manager import WebSocketManager

manager = WebSocketManager()
```""",
        notes=("A forbidden rule takes no `until` (a policy error).", _SEE),
        options=("module.name", "module.status", "module.replacement", "module.message", "module.allow_importers"),
    ),
)

EXPIRED_MODULE = Rule(
    code="SOT012",
    name="expired-module",
    severity=Severity.ERROR,
    scope=Scope.FILE,
    summary="an import of a deprecated module after its `until` date",
    messages={
        "import": "import of module {subject}, whose deprecation ended on {until}{note}{instead}",
        "dynamic": "dynamic import of module {subject}, whose deprecation ended on {until}{note}{instead}",
        "patch": "patch target `{target}` is in module {subject}, whose deprecation ended on {until}{note}{instead}",
        "string": "`sys.modules` entry of module {subject}, whose deprecation ended on {until}{note}{instead}",
    },
    family=FAMILY,
    doc=RuleDoc(
        what="""\
Flags an import of a module covered by a `status = "deprecated"` rule whose `until` date is
before today.""",
        why="The deprecation period is over; the module is due to be removed and its importers will break.",
        example=Example(
            before="The same files and policy as SOT010, judged after 2027-01-31:",
            files=("chat/services/billing.py", "chat/services/loader.py"),
            today="2027-04-01",
        ),
        instead="""\
```python
from chat.services.sessions import open_session
```""",
        notes=(
            "On the `until` date itself the import is still SOT010; see [Dates](#dates).",
            _SEE,
        ),
        options=("module.until",),
    ),
)


class ImportedModule(NamedTuple):
    """One module a statement imports, and where to report it."""

    module: str
    position: Position


def imported_modules(context: RuleContext, source: SourceFile, statement: ImportStatement) -> list[ImportedModule]:
    """What the module rules see of one statement, in reporting order (see the family's docs)."""
    if not statement.is_from:
        return [ImportedModule(name.name, name.position) for name in statement.names]
    module = resolve_from_module(statement, source)
    if module is None:
        return []  # a relative import that climbs above its root package
    if statement.is_star:
        return [ImportedModule(module, statement.position)]
    # A name that already got a symbol finding says nothing new about its module.
    unreported = [name for name in statement.names if symbol_import_finding(context, source, module, name) is None]
    if not unreported:
        return []
    imported = [ImportedModule(module, statement.position)]
    for name in unreported:
        submodule = f"{module}.{name.name}"
        if _is_module(context, submodule):
            imported.append(ImportedModule(submodule, name.position))
    return imported


def _is_module(context: RuleContext, module: str) -> bool:
    """Whether ``M.n`` counts as an imported module for the module rules.

    The specification also counts modules of the scanned tree, but that never changes a
    verdict: a rule whose target covers ``M.n`` either covers ``M`` too (then ``M`` is
    reported first) or has ``M.n`` itself as its target, i.e. matches it by name. So a
    file's findings depend on the file and the policy only, which is what lets a cache
    keep them per file.
    """
    return context.names_module(module)


class ModuleHit(NamedTuple):
    """A ``[[module]]`` rule hit by a statement (or reference): its first imported module the rule covers.

    ``exempt``: the importer may import it (the rule's ``allow_importers``, or the covered
    target's own modules); only a hit that is not exempt is a finding.
    """

    rule_index: int
    rule: ModuleRule
    covered: str
    imported: ImportedModule
    exempt: bool


def module_hits(context: RuleContext, importer: SourceFile, imported: list[ImportedModule]) -> Iterator[ModuleHit]:
    """At most one hit per rule for one statement (or reference): the first imported module that hits it.

    A target's own modules may import it (a glob rule has one target per matching module,
    so ``chat.old_a`` importing ``chat.old_b`` under ``chat.old_*`` is still reported): an
    exempt candidate is passed over for a later one that is not, and is the hit only when
    none is.
    """
    found = [context.module_targets(candidate.module) for candidate in imported]
    if not any(found):
        return  # most statements: no rule covers any of their modules
    targets = [dict(covering) for covering in found]
    hit_rules = sorted({index for covering in targets for index in covering})
    allowing = context.allowing(importer.module)
    for index in hit_rules:
        rule = context.policy.modules[index]
        allowed = index in allowing
        exempt: ModuleHit | None = None
        for candidate, covering in zip(imported, targets, strict=True):
            covered = covering.get(index)
            if covered is None:
                continue
            if not allowed and not is_within(importer.module, covered):
                yield ModuleHit(index, rule, covered, candidate, False)
                break
            if exempt is None:
                exempt = ModuleHit(index, rule, covered, candidate, True)
        else:
            if exempt is not None:
                yield exempt


def _finding(
    context: RuleContext,
    importer: SourceFile,
    rule: ModuleRule,
    covered: str,
    imported: ImportedModule,
    form: str,
    target: str,
) -> Finding:
    code, message = module_rule_message(
        rule, covered, imported.module, expired=rule.has_expired(context.today), form=form, target=target
    )
    return Finding(
        path=importer.path,
        line=imported.position.line,
        column=imported.position.column,
        rule=code,
        message=message,
        replacement=rule.replacement,
        policy=context.policy.name,
        via=imported.module,
        reference=Reference(form),
    )


def module_rule_message(
    rule: ModuleRule, covered: str, imported: str, *, expired: bool, form: str = "import", target: str = ""
) -> tuple[Rule, str]:
    """The rule and message for ``imported`` (inside ``covered``) under a ``[[module]]`` rule.

    SOT011 for a forbidden module, SOT012 for a deprecated one once ``expired``, else SOT010;
    also the wording of the warning a generated shim of a deprecated module gives at run time.
    """
    values = {
        "target": target,
        "subject": f"`{imported}`" if imported == covered else f"`{imported}` (inside `{covered}`)",
        "note": optional(": ", rule.message),
        "instead": optional("; import from `", rule.replacement, "` instead"),
    }
    if rule.status is ModuleStatus.FORBIDDEN:
        code = FORBIDDEN_MODULE
    elif expired:
        code, values["until"] = EXPIRED_MODULE, str(rule.until)
    else:
        code, values["until"] = DEPRECATED_MODULE, optional(" (until ", rule.until, ")")
    return code, code.message(form, **values)


def file_module_hits(
    context: RuleContext, source: SourceFile, parsed: ParsedSource
) -> tuple[tuple[ModuleHit, str, str], ...]:
    """Every module-rule hit of a file, exempt ones included, with its form and patch target ("" if none).

    Found once per file: the module rules' check and the inventory both ask, one after the other.
    """
    last = context.last_file_hits
    if last is not None and last[0] is source and last[1] is parsed:
        return last[2]
    hits = tuple(_file_module_hits(context, source, parsed))
    context.last_file_hits = (source, parsed, hits)
    return hits


def _file_module_hits(
    context: RuleContext, source: SourceFile, parsed: ParsedSource
) -> Iterator[tuple[ModuleHit, str, str]]:
    if not context.policy.modules:
        return
    for statement in parsed.imports:
        for hit in module_hits(context, source, imported_modules(context, source, statement)):
            yield hit, "import", ""
    for dynamic in parsed.dynamic_imports:
        for hit in module_hits(context, source, [ImportedModule(dynamic.module, dynamic.position)]):
            yield hit, "dynamic", ""
    for named in parsed.module_strings:
        for hit in module_hits(context, source, [ImportedModule(named.module, named.position)]):
            yield hit, "string", ""
    for patch in parsed.patch_targets:
        # As for `from P import A`: a patch target that got a symbol finding says nothing new about P.
        if patch_target_finding(context, source, patch) is None:
            module = patch.target.rpartition(".")[0]
            for hit in module_hits(context, source, [ImportedModule(module, patch.position)]):
                yield hit, "patch", patch.target


def _check(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> Iterator[Finding]:
    for hit, form, target in file_module_hits(context, source, parsed):
        if not hit.exempt:
            yield _finding(context, source, hit.rule, hit.covered, hit.imported, form, target)


def module_name_literals(policy: Policy) -> Needles:
    """The longest literal run of each rule's last segment.

    The reported module is ``base + written text``, where ``base`` is the package a
    relative import starts from. If the target's last segment fell inside ``base``, the
    target would contain the importer's package, and a target's own modules are exempt;
    so a file importing a target spells its last segment (or the literal part of it).
    """
    needles: set[bytes] = set()
    for rule in policy.modules:
        literal = required_literal(rule.name.pattern.rsplit(".", 1)[-1])
        if not literal:
            return None
        needles.add(literal.encode())
    return frozenset(needles)


CHECK = FileCheck(
    rules=(DEPRECATED_MODULE, FORBIDDEN_MODULE, EXPIRED_MODULE),
    needles=module_name_literals,
    check=_check,
)
