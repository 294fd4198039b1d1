"""A report on stdout: the very bytes ``--output FILE`` would hold."""

from __future__ import annotations

import click

from importlinter_ssot.adapters.output_files import report_bytes


def write_stdout(text: str) -> None:
    """``text`` on stdout as UTF-8 bytes (``report_bytes``), unchanged.

    Not ``click.echo(text)``: on a pipe it strips whatever looks like an ANSI escape, so a file
    name holding ESC [31m would name a file that does not exist (``--format github``) and the
    diff of a file holding one would not apply; and a stdout whose encoding is strict (or not
    UTF-8) would fail on what it cannot encode. Bytes go to the stream's binary buffer as they are.
    """
    click.echo(report_bytes(text), nl=False)
