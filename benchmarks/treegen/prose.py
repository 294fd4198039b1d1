"""Random prose for docstrings and comments."""

from __future__ import annotations

import random

from .vocabulary import WORDS


def sentence(rng: random.Random, low: int = 5, high: int = 12) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, indent: str, sentences: int) -> str:
    """Sentences wrapped at ~88 columns, each line prefixed with ``indent`` (not the first)."""
    words = " ".join(sentence(rng) for _ in range(sentences)).split()
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(indent) + len(current) + len(word) + 1 > 88:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return f"\n{indent}".join(lines)
