"""This repository's developer tools, run from its root (``python -m tools.…``); not part of the package or wheel."""
