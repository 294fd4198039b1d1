"""`ssot server`: starts the language server front end (importlinter_ssot.server) on stdio."""

from __future__ import annotations

import click

from importlinter_ssot.application.settings import ExitCode

# The command line only launches the server front end: the one import between two front ends
# (.importlinter says so); this module is imported only when `ssot server` runs.
from importlinter_ssot.server import ServerUnavailable, serve


@click.command()
@click.option("--stdio", is_flag=True, help="Talk LSP over stdin/stdout (the default and only transport).")
def server(stdio: bool) -> None:
    """Run the language server (LSP 3.17 over stdio) for editors.

    Diagnostics for every code as you type, quick fixes (`--fix`'s edits), hover. Needs the
    `server` extra: pip install 'importlinter-ssot[server]'. See docs/editors.md.
    """
    try:
        serve()
    except ServerUnavailable as error:
        click.echo(f"ssot: {error}", err=True)
        raise SystemExit(int(ExitCode.USAGE)) from None
