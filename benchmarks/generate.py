"""Generate a realistic synthetic monorepo, its SSOT policy and an equivalent ruff configuration.

    python benchmarks/generate.py --files 10000 --seed 1 --out /tmp/mono-10k

This file is the command line and the ``generate()`` function other scripts call; the
generator itself is the package ``benchmarks/treegen/`` (one module per job, listed in its
``__init__.py``).

The output is a pure function of ``(--files, --seed)`` and of ``GENERATOR_VERSION``: the
same arguments write byte-identical trees (whatever the output directory), but for the
manifest's ``generation_seconds``. It holds

    pyproject.toml                 the project marker (no tool configuration)
    mono/ toolkit/                 two root packages, exactly ``--files`` ``*.py`` files in all
    contracts/ssot.toml            the full SSOT policy (every rule kind, dates, globs,
                                   allow_importers, budgets, duplicates)
    contracts/ssot_comparable.toml the subset ruff can express exactly (see below)
    ruff.toml                      ruff ``flake8-tidy-imports.banned-api`` (TID251) equivalent
                                   of ssot_comparable.toml
    .flake8                        ``max-line-length = 120`` (the code is lint-clean at that length)
    bench-manifest.json            generation parameters and statistics of the tree

What the tree looks like (the shape of a real 9.5k-file monorepo):

- nested packages ``mono/{services,libs,apps,platform,integrations,jobs,tools,scripts}/…``
  and ``toolkit/…``, modules 2–5 levels below the root package;
- ~25% of the files in directories without ``__init__.py`` (``tools/``, ``scripts/``,
  ``tests/``, ``migrations/`` subtrees and forgotten ``__init__.py`` files);
- ~18 KB average file size with a long tail (log-normal), plus a few 200–500 KB files
  (generated data tables and very long modules); many ``__init__.py`` files are empty;
- ~10 import statements per file in every form: ``import a.b``, ``import a.b as c``,
  ``from a import b``, parenthesised multi-line ``from a import (b, c)``, relative
  ``from . import x`` / ``from ..pkg.mod import y``, imports inside functions, under
  ``if TYPE_CHECKING:``, in ``try``/``except ImportError``, star imports, stdlib and
  third-party imports;
- ~20% of the files touch the governed symbols and modules (canonical, deprecated and
  non-canonical import paths, deprecated and forbidden modules, forbidden third-party
  modules), a few files redefine governed classes or duplicate names matched by a
  ``[[duplicates]]`` pattern;
- imports written in docstrings, comments and string literals (which are not imports);
- ~0.1% of the files with a syntax error (placed in directories without ``__init__.py``
  so that grimp, which aborts on a syntax error in a package it reads, can still build
  the graph for the lint-imports benchmark);
- an excluded ``mono/libs/vendored/`` directory full of governed imports.

The ruff configuration (``ruff.toml``) and ``contracts/ssot_comparable.toml`` describe the
same rules:

- a ``[[module]]`` rule on ``a.b.c`` (forbidden or deprecated, any ``until``) is the ruff
  ban ``"a.b.c"`` (ruff bans the module, its submodules and ``from a.b import c``);
- a ``[[symbol]]`` is a ruff ban ``"M.Name"`` for the name and each alias, for every
  first-party ``M`` other than the canonical ones that the generated tree imports them
  from (ruff cannot say "any other first-party module", so the generator lists the
  modules it used; ``defined_in`` and the deprecated paths are always listed);
- the symbol plumbing that SSOT exempts (``defined_in``, canonical and deprecated
  modules importing the symbol) is a ruff ``per-file-ignores`` entry for those files,
  which import nothing else that is banned;
- rules with ``allow_importers``, module globs, ``[[duplicates]]`` and budgets are only in
  ``contracts/ssot.toml``: ruff cannot express them. Dates only change a finding's code
  (SOT010 → SOT012, SOT001 → SOT003), not its position, so they are kept.

What the agreement check in ``run.py`` compares is described in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

# The generator is the package next to this file. Put its directory on the path so that
# this file works as a script and when loaded by path (run.py, the tests): `treegen` is
# then importable whatever the current directory.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from treegen import GENERATOR_VERSION  # noqa: E402
from treegen.governed import TODAY  # noqa: E402
from treegen.plan import MIN_FILES  # noqa: E402
from treegen.write import MANIFEST, write_tree  # noqa: E402

__all__ = ["GENERATOR_VERSION", "MANIFEST", "MIN_FILES", "TODAY", "generate", "main"]


def generate(out: Path, files: int, seed: int, *, clean: bool = True) -> dict[str, Any]:
    """Write the tree to ``out`` and return its manifest (also written to ``out/bench-manifest.json``).

    Raises ``ValueError`` for fewer than ``MIN_FILES`` files. With ``clean``, the root packages,
    ``contracts/`` and the linters' caches a previous run left in ``out`` are removed first.
    """
    return write_tree(out, files, seed, clean=clean)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, required=True, help=f"number of *.py files (>= {MIN_FILES})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out", type=Path, required=True, help="output directory (its mono/, toolkit/, contracts/ are replaced)"
    )
    arguments = parser.parse_args(argv)
    try:
        manifest = generate(arguments.out, arguments.files, arguments.seed)
    except ValueError as error:
        parser.error(str(error))
    print(
        f"{arguments.out}: {manifest['python_files']} files, {manifest['total_bytes'] / 1e6:.1f} MB "
        f"(average {manifest['average_bytes'] / 1000:.1f} KB, max {manifest['max_bytes'] / 1000:.0f} KB), "
        f"{manifest['fraction_without_init_dir']:.0%} without __init__.py, "
        f"{manifest['imports_per_file']} imports/file, "
        f"{manifest['governed_touching_files']} files touching governed names, "
        f"{len(manifest['syntax_error_files'])} with syntax errors; {manifest['generation_seconds']} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
