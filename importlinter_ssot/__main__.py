"""`python -m importlinter_ssot`: the `ssot` command, safe from a checked project's modules."""

import os
import sys

# `python -m` puts the current directory first on sys.path: a checked project's `ast.py`
# or `json.py` would shadow the standard library the tool imports. Never look there.
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == os.getcwd():
    del sys.path[0]

from importlinter_ssot.cli.main import main  # noqa: E402

main()
