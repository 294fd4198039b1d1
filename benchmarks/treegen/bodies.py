"""Function and method bodies, drawn once per tree and reused under fresh names in every file."""

from __future__ import annotations

import random

from .prose import sentence
from .vocabulary import ATTRS, EXCEPTIONS, NOUNS, TYPES, VERBS


class BodyPool:
    """Pre-rendered (parameters, body) pairs, combined with fresh names into each file (speed).

    A body only reads its parameters, names it assigned before, ``self`` (methods),
    ``logger`` and builtins, and returns what it computed.
    """

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"ssot-bench:{seed}:pool")
        self.methods = [self._entry(rng, 8, True) for _ in range(1500)]
        self.functions = [self._entry(rng, 4, False) for _ in range(1000)]

    def _entry(self, rng: random.Random, indent: int, method: bool) -> tuple[list[str], str]:
        params = rng.sample(NOUNS, rng.randint(1, 3))
        scope = list(params)
        assigned: list[str] = []
        lines = self._block(rng, indent, 0, rng.randint(3, 12), scope, assigned, method)
        pad = " " * indent
        results = list(dict.fromkeys(assigned))  # returned, so that no assignment is unused
        if not results:
            lines.append(f"{pad}return {self._expr(rng, scope, method)}")
        elif len(results) == 1:
            lines.append(f"{pad}return {results[0]}")
        else:
            lines.append(f"{pad}return {{")
            lines += [f"{pad}    {n!r}: {n}," for n in results]
            lines.append(f"{pad}}}")
        return params, "\n".join(lines)

    def _expr(self, rng: random.Random, scope: list[str], method: bool) -> str:
        a, b = rng.choice(scope), rng.choice(scope)
        attr, other = rng.sample(ATTRS, 2)
        number = rng.randint(0, 100)
        options = [
            f"{a}.get({attr!r}, {number})",
            f"len({a})",
            f"[item for item in {a} if item.{attr}]",
            f"{{{attr!r}: {a}, {other!r}: {b}}}",
            f"{a} is not None and {b} > {number}",
            f"sorted({a}, key=lambda item: item.{attr})",
            f'f"{{{a}}}-{{{b}}}"',
            f"{number}",
            f"{a} or {b}",
            f"sum(entry.{attr} for entry in {a})",
            f"dict({attr}={a}, {other}={b})",
            f"{a}.{rng.choice(VERBS)}_{rng.choice(NOUNS)}(timeout={number})",
        ]
        if method:
            options += [f"self.{attr}", f"self._{rng.choice(VERBS)}_{rng.choice(NOUNS)}({a}, limit={number})"]
        return rng.choice(options)

    def _block(
        self,
        rng: random.Random,
        indent: int,
        depth: int,
        count: int,
        scope: list[str],
        assigned: list[str],
        method: bool,
    ) -> list[str]:
        pad = " " * indent
        lines: list[str] = []
        real = 0
        for _ in range(count):
            roll = rng.random()
            target = rng.choice(NOUNS)
            if roll < 0.08:
                lines.append(f"{pad}# {sentence(rng, 4, 10)}")
                continue
            real += 1
            if depth < 2 and roll < 0.22:
                lines.append(f"{pad}if {self._expr(rng, scope, method)}:")
                lines += self._block(rng, indent + 4, depth + 1, rng.randint(1, 3), scope, assigned, method)
                if rng.random() < 0.4:
                    lines.append(f"{pad}else:")
                    lines += self._block(rng, indent + 4, depth + 1, rng.randint(1, 2), scope, assigned, method)
            elif depth < 2 and roll < 0.32:
                source = self._expr(rng, scope, method)
                scope.append(target)
                lines.append(f"{pad}for {target} in {source}:")
                lines += self._block(rng, indent + 4, depth + 1, rng.randint(1, 3), scope, assigned, method)
            elif depth < 2 and roll < 0.38:
                lines.append(f"{pad}try:")
                lines += self._block(rng, indent + 4, depth + 1, rng.randint(1, 3), scope, assigned, method)
                lines.append(f"{pad}except {rng.choice(EXCEPTIONS)} as exc:")
                lines.append(f'{pad}    logger.warning("{rng.choice(VERBS)} {target} failed: %s", exc)')
                lines.append(f"{pad}    raise")
            elif depth < 2 and roll < 0.41:
                source = rng.choice(scope)
                lines.append(f'{pad}with open({source}, encoding="utf-8") as handle:')
                lines.append(f"{pad}    {target} = handle.read()")
                scope.append(target)
                assigned.append(target)
            elif roll < 0.50:
                lines.append(f'{pad}logger.debug("{rng.choice(VERBS)} %s", {rng.choice(scope)})')
            elif roll < 0.55 and depth > 0:
                name = rng.choice(scope)
                lines.append(f'{pad}raise {rng.choice(EXCEPTIONS)}(f"invalid {name}: {{{name}!r}}")')
                break
            else:
                value = self._expr(rng, scope, method)
                annotation = f": {rng.choice(TYPES)}" if roll < 0.62 and target not in scope else ""
                lines.append(f"{pad}{target}{annotation} = {value}")
                scope.append(target)
                assigned.append(target)
        if real == 0:
            lines.append(f"{pad}pass")
        return lines
