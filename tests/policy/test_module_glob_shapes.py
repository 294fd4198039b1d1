"""Module globs that name one module or one subtree are matched by comparing strings, not by the general matcher.

The string path must decide exactly what the general matcher decides, for any module name
(empty segments and odd spellings included): the general matcher is the specification
(and tests/policy/test_glob_matching.py compares it with the regexes it replaced).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from importlinter_ssot.domain.globs import ModuleGlob

# A small alphabet, so that patterns and names share prefixes often.
SEGMENTS = st.sampled_from(["a", "b", "a*", "*", "**"])
NAMES = st.lists(st.sampled_from(["a", "b", "ab", ""]), min_size=1, max_size=4).map(".".join)


def by_matcher(glob: ModuleGlob, module: str) -> bool:
    parts = module.split(".")
    return "" not in parts and glob._match(parts)


@settings(max_examples=600, deadline=None, database=None)
@given(pattern=st.lists(SEGMENTS, min_size=1, max_size=4).map(".".join), module=NAMES)
def test_string_shapes_decide_as_the_general_matcher_does(pattern: str, module: str) -> None:
    try:
        glob = ModuleGlob(pattern)
    except ValueError:  # GlobError: malformed patterns are rejected before any matching
        return
    assert glob.matches(module) == by_matcher(glob, module)


def test_the_common_shapes_build_no_matcher() -> None:
    for pattern, module in (("mono.libs.legacy", "mono.libs.legacy"), ("mono.tools.**", "mono.tools.cli.main")):
        glob = ModuleGlob(pattern)
        assert glob.matches(module)
        assert glob._compiled is None  # decided without building the general matcher
    assert not ModuleGlob("mono.tools.**").matches("mono.tools")  # `**` is one or more segments
    assert not ModuleGlob("mono.tools.**").matches("mono.toolsx.a")
    assert not ModuleGlob("mono.tools.**").matches("mono.tools.")  # nor empty ones
    assert not ModuleGlob("mono.tools.**").matches("mono.tools..a")
    assert ModuleGlob("mono.*.compat").matches("mono.libs.compat")  # other shapes: the general matcher
