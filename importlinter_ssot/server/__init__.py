"""`ssot server`: the language server front end (LSP 3.17 over stdio), built on pygls and lsprotocol.

Beside the command line, the import-linter contract and the flake8 plugin, it is one more
way in to the same engine: each workspace folder starts through ``composition.start``, its
files are evaluated once and kept (``LiveCheck``), and every open buffer is checked as it is
typed — per-file and whole-project rules alike, noqa comments and the baseline applied as
``ssot check`` applies them. Quick fixes are ``--fix``'s own edits, computed from the buffer.

pygls and lsprotocol are an optional extra (``pip install 'importlinter-ssot[server]'``):
this package imports them only when the server runs (``serve``), so that a missing one is
said in words, not as a traceback.
"""

from __future__ import annotations

# Imports inside functions here are deferred because pygls and lsprotocol are an optional extra:
# without them, `serve` says how to install them instead of failing at import.
MISSING = "ssot server needs pygls and lsprotocol, which are not installed: pip install 'importlinter-ssot[server]'"


class ServerUnavailable(Exception):
    """The language server's libraries are missing."""


def serve() -> None:
    """Serve one editor over stdin/stdout until it exits; ServerUnavailable when pygls or lsprotocol is missing."""
    try:
        from importlinter_ssot.server.protocol import run
    except ImportError as error:
        if (error.name or "").partition(".")[0] in ("pygls", "lsprotocol"):
            raise ServerUnavailable(MISSING) from None
        raise
    run()
