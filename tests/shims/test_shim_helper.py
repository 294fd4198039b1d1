"""The copy of the shim helper `ssot shim` writes into a package: what it is and how it is recognised.

What the copy does at run time is tested through generated shims (shims/test_shim_runtime.py);
writing and checking it through the command (shims/test_shim_command.py) and SOT041
(rules/test_rules_shims.py).
"""

from __future__ import annotations

from pathlib import Path

from importlinter_ssot import runtime
from importlinter_ssot.domain.runtime_terms import is_shim_helper
from importlinter_ssot.domain.shim_helper import HELPER_DIGEST, HELPER_VERSION, helper_copy, helper_digest, helper_text

RUNTIME_SOURCE = Path(runtime.__file__).read_text(encoding="utf-8")


def test_the_known_digest_is_that_of_the_copy_this_version_writes() -> None:
    digest = helper_digest(helper_text(RUNTIME_SOURCE))
    assert digest == HELPER_DIGEST, (
        "importlinter_ssot/runtime.py changed, so does every package's copy of it: bump HELPER_VERSION "
        f"and set HELPER_DIGEST = {digest!r} in importlinter_ssot/domain/shim_helper.py"
    )


def test_a_copy_says_its_version_on_its_first_line() -> None:
    text = helper_text(RUNTIME_SOURCE)
    assert helper_copy(text) == (str(HELPER_VERSION), HELPER_DIGEST)
    assert helper_copy(text.replace("\n", "\r\n")) == (str(HELPER_VERSION), HELPER_DIGEST)  # a CRLF checkout
    assert helper_copy(text.replace(f"version {HELPER_VERSION} ", "version 0 ", 1))[0] == "0"  # type: ignore[index]
    assert helper_copy(RUNTIME_SOURCE) is None
    assert helper_copy("\n" + text) is None


def test_the_public_helper_and_each_packages_copy_are_the_shim_helper() -> None:
    assert is_shim_helper("importlinter_ssot.runtime.install_shim")
    assert is_shim_helper("app._ssot_compat.install_shim")
    assert is_shim_helper("app.sub._ssot_compat.install_shim")
    assert not is_shim_helper("app.install_shim")
    assert not is_shim_helper("app._ssot_compat.other")
    assert not is_shim_helper("install_shim")


def test_the_copies_in_the_documentation_examples_are_current() -> None:
    repository = Path(__file__).resolve().parents[2]
    copies = sorted(repository.glob("docs/examples/**/_ssot_compat.py")) + sorted(
        repository.glob("examples/**/_ssot_compat.py")
    )
    assert copies, "the documentation shows a generated shim: its package holds the helper's copy"
    for copy in copies:
        assert copy.read_text(encoding="utf-8") == helper_text(RUNTIME_SOURCE), (
            f"{copy} is stale: rewrite it (`ssot shim --write` in its project)"
        )
