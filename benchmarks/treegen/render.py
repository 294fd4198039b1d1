"""Plan → the Python source text of each file.

The generated code is meant to look like a real, mostly lint-clean code base (flake8
with max-line-length = 120 reports little on it): local names are defined before use,
imports are used (module-level ``_DEPENDENCIES``), lines stay under 120 characters.
That matters for the flake8 benchmark: thousands of reported problems per file would
inflate the baseline and hide the plugin's cost.

Each file draws from its own ``random.Random`` seeded with the tree's seed and its path,
so a file's text does not depend on the order files are rendered in — except through
the ``Tally``, which only counts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .bodies import BodyPool
from .definitions import definition, private_name, redefinition, syntax_error
from .governed import CL, EB, GOVERNED_NAMES, ROOTS, SYMBOLS, WS
from .imports import ImportWriter, Tally, bindings
from .plan import Module, Plan
from .prose import paragraph, sentence
from .vocabulary import DOMAIN_WORDS, NOUNS, OPTIONAL_IMPORTS, STDLIB_IMPORTS, STDLIB_MULTILINE, THIRD_PARTY_IMPORTS

# Import statements written where they are not imports: in docstrings, comments and strings.
IMPORT_MENTIONS = (
    "from mono.platform.realtime.manager import WebSocketManager",
    "from mono.platform.realtime.unified_manager import UnifiedWebSocketManager",
    "import mono.platform.realtime.canonical_import_patterns",
    "from mono.libs.legacy import serializers",
    "import six",
    "from mono.libs.messaging.compat import EventBus",
    "from toolkit.compat import RetryPolicy",
)


@dataclass
class GovernedPlacement:
    """A module's governed import statements, by where in the file they go."""

    top: list[str] = field(default_factory=list)
    in_function: list[str] = field(default_factory=list)
    in_type_checking: list[str] = field(default_factory=list)
    in_try: list[str] = field(default_factory=list)


class Renderer:
    def __init__(self, plan: Plan) -> None:
        self.seed = plan.seed
        self.pool = BodyPool(plan.seed)
        self.tally = Tally()
        self.imports = ImportWriter(plan, self.tally)

    def render(self, module: Module) -> str:
        rng = random.Random(f"ssot-bench:{self.seed}:{module.path}")
        if module.kind == "fixture":
            return self.render_fixture(rng, module)
        if module.kind == "init":
            return self.render_init(rng, module)
        if module.kind == "huge_data":
            return self.render_data(rng, module)
        return self.render_module(rng, module)

    # -- small files ----------------------------------------------------------------------------

    def render_init(self, rng: random.Random, module: Module) -> str:
        """Empty, or a docstring re-exporting a few classes of its modules, padded with comments."""
        if module.size == 0:
            return ""
        lines = [f'"""{sentence(rng, 4, 10)}"""', ""]
        exported: list[str] = []
        for child in self.imports.children.get(module.name, [])[:3]:
            names = [n for n in child.publics if n[0].isupper() and n not in GOVERNED_NAMES][:2]
            if names:
                lines.append(f"from .{child.name.rpartition('.')[2]} import {', '.join(names)}")
                exported += names
                self.tally.statements += 1
        if exported:
            lines += ["", "__all__ = [" + ", ".join(repr(n) for n in dict.fromkeys(exported)) + "]"]
        text = "\n".join(lines) + "\n"
        while len(text) < module.size:
            text += f"\n# {sentence(rng)}\n"
        return text

    def render_data(self, rng: random.Random, module: Module) -> str:
        """A huge generated data table (a translation catalogue)."""
        parts = [
            f'"""Generated translation catalogue ({rng.randint(2, 40)} locales). Do not edit."""\n\n',
            "from __future__ import annotations\n\nfrom typing import Final\n\n",
            "CATALOGUE: Final[dict[str, dict[str, str]]] = {\n",
        ]
        size = sum(len(p) for p in parts)
        index = 0
        while size < module.size:
            key = f"{rng.choice(DOMAIN_WORDS)}.{rng.choice(NOUNS)}.{index}"
            entry = (
                f"    {key!r}: {{\n        'en': {sentence(rng)!r},\n        'de': {sentence(rng)!r},\n"
                f"        'fr': {sentence(rng)!r},\n    }},\n"
            )
            parts.append(entry)
            size += len(entry)
            index += 1
        parts.append("}\n")
        return "".join(parts)

    def render_fixture(self, rng: random.Random, module: Module) -> str:
        """A module at a governed path: defines a governed symbol, or re-exports it (plumbing)."""
        name = module.name
        lines: list[str] = []
        defines: list[str] = []
        for symbol in SYMBOLS.values():
            if name == symbol.defined_in:
                defines.append(symbol.name)
            # The package of ConfigLoader's module re-exports it too: the plan imports it from there.
            elif name in symbol.plumbing or (symbol.name == CL and name == "mono.libs.config"):
                lines.append(f"from {symbol.defined_in} import {', '.join(sorted(symbol.names))}")
        if name == "mono.platform.realtime.canonical_import_patterns":
            lines.append(f"from mono.platform.realtime.websocket_manager import {WS}")
        if module.is_init and not lines:
            return "" if name in ROOTS or rng.random() < 0.5 else f'"""{sentence(rng)}"""\n'
        needs: set[str] = set()
        units = "".join(
            definition(rng, self.pool, public, needs) for public in module.publics if public not in GOVERNED_NAMES
        )
        helpers = (["import enum"] if "enum" in needs else []) + (
            ["from dataclasses import dataclass"] if "dataclass" in needs else []
        )
        text = f'"""{name}: {sentence(rng, 4, 10)}"""\n\nfrom __future__ import annotations\n\n'
        text += "".join(
            f"{line}\n" for line in sorted(["import logging", "from typing import Any, Optional", *helpers])
        )
        if lines:
            text += "\n" + "".join(f"{line}\n" for line in lines)
        text += "\nlogger = logging.getLogger(__name__)\n"
        for defined in defines:
            text += (
                f'\n\nclass {defined}:\n    """The one implementation of {defined} (single source of truth)."""\n\n'
                "    def __init__(self) -> None:\n        self.connections: dict[str, object] = {}\n"
            )
            for alias in SYMBOLS[defined].aliases:
                text += f"\n\n{alias} = {defined}\n"
        exported = [n for line in lines for n in bindings(line)]
        if exported and not defines:
            text += "\n__all__ = [" + ", ".join(repr(n) for n in exported) + "]\n"
        text += units
        text += "\n\n_DEPENDENCIES = (Any, Optional)\n"
        return text

    # -- ordinary modules -------------------------------------------------------------------------

    def render_module(self, rng: random.Random, module: Module) -> str:
        """Docstring, imports, ``logger``, definitions up to the planned size, ``_DEPENDENCIES``."""
        governed = self._place_governed(rng, module)
        governed_bindings = {
            name for s in governed.top + governed.in_type_checking + governed.in_try for name in bindings(s)
        }
        doc, comment, constant = self.doc_block(rng) if module.doc_imports else ("", "", "")
        # The body first: it says which helper imports are needed.
        needs: set[str] = set()
        defined: set[str] = set()
        body = self._body(rng, module, governed.in_function, needs, defined)
        out: list[str] = [f'"""{sentence(rng, 3, 8)}\n\n{paragraph(rng, "", 2)}{doc}"""\n\n']
        import_section, imported = self._import_section(rng, module, governed, needs, defined, comment)
        out.append(import_section)
        out.append("\nlogger = logging.getLogger(__name__)\n")
        if constant:
            out.append(constant)
        out += body
        if module.reexports_ws:
            out.append(f"\n\n__all__ = [{WS!r}]\n")
        # Use the imports (as real code does), except the governed ones.
        used = [
            name
            for s in imported
            for name in bindings(s)
            if name not in governed_bindings and name not in ("annotations", "logging", "TYPE_CHECKING")
        ]
        used = list(dict.fromkeys(used))
        if used:
            listing = "".join(f"    {name},\n" for name in used)
            out.append(
                f"\n\n# Runtime dependencies, registered with the plugin loader.\n_DEPENDENCIES = (\n{listing})\n"
            )
        text = "".join(out)
        if module.kind == "syntax":
            text += syntax_error(rng, mention=WS if module.broken_mentions_governed else None)
        return text

    def _place_governed(self, rng: random.Random, module: Module) -> GovernedPlacement:
        """The module's governed statements, spread over the places an import can be."""
        placement = GovernedPlacement()
        for kind in module.governed:
            statement = self.imports.governed(rng, module, kind)
            roll = rng.random()
            if roll < 0.6:
                placement.top.append(statement)
            elif roll < 0.75:
                placement.in_function.append(statement)
            elif roll < 0.9:
                placement.in_type_checking.append(statement)
            else:
                placement.in_try.append(statement)
        if module.reexports_ws:
            defined_in = SYMBOLS[WS].defined_in
            placement.top.append(f"from {defined_in} import {WS}")
            self.tally.symbol_imports.add((defined_in, WS))
            self.tally.governed_statements += 1
        return placement

    def _body(
        self, rng: random.Random, module: Module, in_function: list[str], needs: set[str], defined: set[str]
    ) -> list[str]:
        """The module's definitions: its public names, lazy imports, then padding up to its size."""
        body: list[str] = []
        for name in module.publics:
            # Governed names among the publics are re-exported or redefined, not defined here.
            if name not in (WS, EB):
                body.append(definition(rng, self.pool, name, needs))
                defined.add(name)
        for extra_def in module.extra_defs:
            body.append(redefinition(rng, extra_def, needs))
        for statement in in_function:
            lines = "\n".join(f"    {line}" for line in statement.split("\n"))
            binding = bindings(statement)
            result = binding[0] if binding else "None"
            body.append(
                f"\n\ndef _lazy_{rng.choice(NOUNS)}_{len(body)}() -> object:\n"
                f'    """Import lazily: a top-level import would create a cycle."""\n{lines}\n    return {result}\n'
            )
            self.tally.statements += 1
        if rng.random() < 0.2:
            statement = self.imports.first_party(rng, module)
            lines = "\n".join(f"    {line}" for line in statement.split("\n"))
            binding = bindings(statement)
            body.append(
                f"\n\ndef _late_import_{len(body)}() -> object:\n{lines}\n"
                f"    return {binding[0] if binding else 'None'}\n"
            )
            self.tally.statements += 1
        size = sum(len(part) for part in body) + 1500  # ~ the header's size
        while size < module.size:
            unit = definition(rng, self.pool, private_name(rng, defined), needs)
            body.append(unit)
            size += len(unit)
        return body

    def _import_section(
        self,
        rng: random.Random,
        module: Module,
        governed: GovernedPlacement,
        needs: set[str],
        defined: set[str],
        comment: str,
    ) -> tuple[str, list[str]]:
        """The module's imports, and the statements among them whose names the module must use."""
        imports: list[str] = []
        if rng.random() < 0.7:
            imports.append("from __future__ import annotations\n")
        stdlib = []
        bound: set[str] = set()
        candidates = rng.sample(STDLIB_IMPORTS, rng.randint(2, 5))
        if rng.random() < 0.2:
            candidates.append(rng.choice(STDLIB_MULTILINE))
        for statement in candidates:  # no name bound twice
            names = set(bindings(statement))
            if not names & bound:
                stdlib.append(statement)
                bound |= names
        stdlib_text = "\n".join(stdlib)
        wanted = ["import logging", "from typing import Any, Optional"]
        if "enum" in needs:
            wanted.append("import enum")
        if "dataclass" in needs and "dataclass," not in stdlib_text:
            wanted.append("from dataclasses import dataclass")
        if "sys" in needs:
            wanted.append("import sys")
        if governed.in_type_checking:
            wanted.append("from typing import TYPE_CHECKING")
        for statement in wanted:
            names = set(bindings(statement))
            if not names <= bound:
                stdlib.append(
                    statement if not names & bound else "from typing import " + ", ".join(sorted(names - bound))
                )
                bound |= names
        imports.append("\n".join(sorted(stdlib)) + "\n")
        third = rng.sample(THIRD_PARTY_IMPORTS, rng.randint(0, 3))
        if third:
            imports.append("\n".join(sorted(third)) + "\n")
        first = []
        for _ in range(rng.randint(1, 5)):  # no name bound twice
            statement = self.imports.first_party(rng, module)
            names = set(bindings(statement))
            if not names & bound and not names & defined:
                first.append(statement)
                bound |= names
        if rng.random() < 0.04:
            first.append(f"from {rng.choice(self.imports.importable).name} import *")
        imports.append("\n".join(first + governed.top) + "\n")
        if comment:
            imports.append(comment)
        optional: list[str] = []
        if governed.in_try or rng.random() < 0.12:
            good, fallback = rng.choice(OPTIONAL_IMPORTS)
            optional = governed.in_try or [good]
            block = "\n".join(f"    {line}" for s in optional for line in s.split("\n"))
            imports.append(
                "try:\n"
                f"{block}\nexcept ImportError:  # pragma: no cover\n    {'pass' if governed.in_try else fallback}\n"
            )
        checking: list[str] = []
        if governed.in_type_checking or rng.random() < 0.2:
            checking = governed.in_type_checking or [self.imports.first_party(rng, module)]
            if not governed.in_type_checking and not any("TYPE_CHECKING" in s for s in stdlib):
                imports.append("from typing import TYPE_CHECKING\n")
            block = "\n".join(f"    {line}" for s in checking for line in s.split("\n"))
            imports.append(f"if TYPE_CHECKING:\n{block}\n")
        self.tally.statements += (
            len(stdlib) + len(third) + len(first) + len(governed.top) + len(optional) + len(checking)
        )
        return "\n".join(imports), [*stdlib, *third, *first, *optional, *checking]

    def doc_block(self, rng: random.Random) -> tuple[str, str, str]:
        """(docstring addition, comment lines, string constant) mentioning imports (not imports)."""
        mentions = list(IMPORT_MENTIONS)
        picked = rng.sample(mentions, 2)
        doc = "\n\nExample::\n\n    " + "\n    ".join(picked) + "\n\n>>> " + rng.choice(mentions) + "\n"
        comment = f"# TODO: drop `{rng.choice(mentions)}` once every caller has migrated\n# {rng.choice(mentions)}\n"
        constant = f"LEGACY_IMPORT_HINT = {rng.choice(mentions)!r}\n"
        return doc, comment, constant
