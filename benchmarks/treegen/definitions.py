"""Top-level definitions of a generated module: constants, functions and classes, and the defects.

Each function adds to ``needs`` the helper imports its text uses (``enum``, ``dataclass``,
``sys``): the module header is written after the body and imports exactly those.
"""

from __future__ import annotations

import random

from .bodies import BodyPool
from .prose import paragraph, sentence
from .vocabulary import ATTRS, CLASS_PREFIXES, CLASS_SUFFIXES, NOUNS, TYPES, VERBS


def private_name(rng: random.Random, defined: set[str]) -> str:
    """A class or function name not in ``defined`` (added to it)."""
    while True:
        if rng.random() < 0.5:
            name = rng.choice(CLASS_PREFIXES) + rng.choice(CLASS_SUFFIXES)
        else:
            name = f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}"
        if name not in defined:
            defined.add(name)
            return name
        if len(defined) > 1500:  # the vocabulary runs out in huge files: number the names
            name = f"{name}_{len(defined)}"
            defined.add(name)
            return name


def definition(rng: random.Random, pool: BodyPool, name: str, needs: set[str]) -> str:
    """The definition of ``name``: a constant (UPPER), a function (lower) or a class (Capitalised)."""
    if name.isupper():
        return f"\n\n{name}: int = {rng.randint(1, 1000)}\n"
    if not name[0].isupper():
        params, body = rng.choice(pool.functions)
        signature = ", ".join(f"{p}: {rng.choice(TYPES)}" for p in params)
        prefix = "async def" if rng.random() < 0.15 else "def"
        return (
            f"\n\n{prefix} {name}({signature}) -> {rng.choice(TYPES)}:\n"
            f'    """{sentence(rng)}\n\n    {paragraph(rng, "    ", 1)}\n    """\n{body}\n'
        )
    roll = rng.random()
    if roll < 0.12:
        needs.add("enum")
        members = "".join(f"    {n.upper()} = {i!r}\n" for i, n in enumerate(rng.sample(NOUNS, rng.randint(3, 8))))
        return f'\n\nclass {name}(enum.Enum):\n    """{sentence(rng)}"""\n\n{members}'
    fields = rng.sample(ATTRS, rng.randint(2, 6))
    if roll < 0.3:
        needs.add("dataclass")
        body = "".join(f"    {f}: {rng.choice(TYPES)} = None\n" for f in fields)
        return f'\n\n@dataclass\nclass {name}:\n    """{sentence(rng)}"""\n\n{body}'
    return _class(rng, pool, name, fields)


def _class(rng: random.Random, pool: BodyPool, name: str, fields: list[str]) -> str:
    """A class with annotated attributes, an ``__init__`` and a few methods."""
    base = rng.choice(["", "", "(Exception)", "(dict)"])
    parts = [f'\n\nclass {name}{base}:\n    """{sentence(rng)}\n\n    {paragraph(rng, "    ", 2)}\n    """\n\n']
    for f in fields[:3]:
        parts.append(f"    {f}: {rng.choice(TYPES)}\n")
    params = ", ".join(f"{f}: {rng.choice(TYPES)} = None" for f in fields)
    assigns = "".join(f"        self.{f} = {f}\n" for f in fields)
    if len(params) > 80:  # one parameter a line, as a formatter would write it
        params = "".join(f"        {f}: {rng.choice(TYPES)} = None,\n" for f in fields)
        parts.append(f"\n    def __init__(\n        self,\n{params}    ) -> None:\n{assigns}")
    else:
        parts.append(f"\n    def __init__(self, {params}) -> None:\n{assigns}")
    methods: set[str] = set()
    for _ in range(rng.randint(1, 6)):
        method = f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}"
        if method in methods:
            continue
        methods.add(method)
        arguments, body = rng.choice(pool.methods)
        signature = ", ".join(f"{p}: {rng.choice(TYPES)}" for p in arguments)
        prefix = "async def" if rng.random() < 0.12 else "def"
        returns = rng.choice(TYPES)
        if len(prefix) + len(method) + len(signature) + len(returns) > 90:
            signature = (
                "\n        self,\n" + "".join(f"        {p}: {rng.choice(TYPES)},\n" for p in arguments) + "    "
            )
        else:
            signature = "self, " + signature
        parts.append(f'\n    {prefix} {method}({signature}) -> {returns}:\n        """{sentence(rng)}"""\n{body}\n')
    return "".join(parts)


def redefinition(rng: random.Random, extra_def: str, needs: set[str]) -> str:
    """A local copy of a governed class (SOT020); ``Name*2`` defines it twice in the file (SOT021)."""
    name, twice = extra_def.removesuffix("*2"), extra_def.endswith("*2")
    if twice:
        needs.add("sys")
        return (
            f"\n\nif sys.version_info >= (3, 11):\n\n    class {name}:\n        pass\n\nelse:\n\n"
            f"    class {name}:\n        pass\n"
        )
    return (
        f'\n\nclass {name}:\n    """{sentence(rng, 4, 8)} (a local copy, pending consolidation)"""\n\n'
        '    def send(self, message: str) -> None:\n        logger.info("%s", message)\n'
    )


def syntax_error(rng: random.Random, mention: str | None = None) -> str:
    """Text that makes the file fail to parse, as real trees have; ``mention``: a governed name it uses."""
    prefix = f"\n\n# Migrating to {mention}: resolve the merge below.\n" if mention else ""
    return prefix + rng.choice(
        [
            "\n\n<<<<<<< HEAD\ndef merged() -> int:\n    return 1\n"
            "=======\ndef merged() -> int:\n    return 2\n>>>>>>> feature\n",
            '\n\ndef legacy_report(rows):\n    print "total", len(rows)\n',
            "\n\ndef broken(:\n    pass\n",
            "\n\nRESULT = compute(\n    1,\n    2,\n",
        ]
    )
