"""The jobs behind ``benchmarks/run.py``, one module per job (``run.py`` is the command line).

Each module's docstring names the table of ``docs/performance.md`` it produces and the
command that produces it; none of them is a script of its own.

processes    run one command and measure it: wall time, peak RSS, the process tree's RSS and PSS
tools        the two commands compared: ``ssot check`` and ``ruff check --select TID251``
comparison   ssot vs ruff in A/B pairs per mode, and peak memory, on one tree
relocated    the ``relocated`` mode: a warm cache restored into a fresh clone
agreement    ssot and ruff report the same (path, line) set on what both can express
adapters     the lint-imports and flake8 rows (``bench_importlinter.py``, ``bench_flake8.py``)
generated    the generated tree: generate or reuse it, then the rows above
real         the same rows on real codebases (``--real``, ``real_trees.py``)
scale        ssot alone at N and 10×N files (``--scale``)
targets      the issue's targets, as ``run.py`` reports them
printing     the console tables of a comparison
"""

from typing import Any, TypeAlias

# What each job returns: JSON-ready data (``run.py --json`` writes it as is), read back by keys.
Results: TypeAlias = dict[str, Any]
