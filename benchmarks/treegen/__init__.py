"""The synthetic monorepo generator behind ``benchmarks/generate.py``, one job per module.

vocabulary   the words the code is made of
governed     the governed symbols and module rules, and the fixed modules at their paths
plan         what the tree contains (directories, modules, sizes, governed imports): seeded
prose        random sentences for docstrings and comments
bodies       function bodies, drawn once per tree
definitions  constants, functions and classes; redefinitions and syntax errors
imports      first-party and governed import statements, and the tally of them
render       plan → the source text of each file
configs      plan → SSOT policies, ruff.toml, .flake8, pyproject.toml
write        writes the tree and its manifest
"""

# Part of the output (policy headers, manifest): bump it when the output changes, so that
# run.py regenerates the trees it keeps between runs.
GENERATOR_VERSION = 3
