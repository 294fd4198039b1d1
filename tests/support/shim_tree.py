"""The small project the `ssot shim` tests share, and `shim`: the command run in it."""

from __future__ import annotations

from click.testing import CliRunner

from importlinter_ssot.cli.main import cli

from support.front_ends import working_directory

POLICY = """
[policy]
name = "test"
root_packages = ["app"]

[[symbol]]
name = "Client"
defined_in = "app.core"
deprecated = [{ module = "app.compat", until = 2027-03-31, message = "compat goes away" }]

[[module]]
name = "app.old"
status = "deprecated"
replacement = "app.core"

[[module]]
name = "app.gone"
status = "deprecated"
replacement = "app.core"
"""

TREE = {
    "app/__init__.py": "",
    "app/core.py": "class Client:\n    pass\n",
    "app/old.py": "from app.core import *  # hand-written\n",
    "app/gone/__init__.py": "",
}


def shim(project, *args: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with working_directory(project.root):
        result = CliRunner().invoke(cli, ["shim", *args], catch_exceptions=False)
    return result.exit_code, result.output
