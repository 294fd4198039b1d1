"""`ssot shim`: generate, write, check; hand-written modules are kept; a second run changes nothing."""

from __future__ import annotations

import subprocess
import sys

from support.shim_tree import POLICY, TREE, shim


def test_write_creates_the_module_and_a_second_run_changes_nothing(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    assert shim(project, "--write", "app.compat") == (
        0,
        "app/_ssot_compat.py: wrote the shim helper `app._ssot_compat`\n"
        "app/compat.py: wrote the shim of `app.compat`\n",
    )
    written = (project.root / "app/compat.py").read_text(encoding="utf-8")
    assert "from app._ssot_compat import install_shim\n" in written
    assert shim(project, "--write", "app.compat") == (
        0,
        "app/_ssot_compat.py: `app._ssot_compat` is up to date\napp/compat.py: `app.compat` is up to date\n",
    )
    assert (project.root / "app/compat.py").read_text(encoding="utf-8") == written
    assert shim(project, "--check") == (0, "1 shim and its helper up to date.\n")
    # The shim warns and agrees; the hand-written app.old and the empty app.gone do not warn.
    assert project.check() == [("app/gone/__init__.py", 1, 1, "SOT040"), ("app/old.py", 1, 1, "SOT040")]


def test_an_empty_package_init_is_filled(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    assert shim(project, "--write", "app.gone")[0] == 0
    assert "install_shim(" in (project.root / "app/gone/__init__.py").read_text(encoding="utf-8")


def test_check_fails_when_the_policy_changed_and_write_regenerates_only_generated_modules(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    shim(project, "--write", "app.compat")
    policy = project.root / "contracts/ssot.toml"
    policy.write_text(policy.read_text().replace("compat goes away", "compat is going"), encoding="utf-8")
    code, output = shim(project, "--check")
    assert code == 1
    assert output == (
        "app/compat.py: the shim of `app.compat` differs from the policy; run `ssot shim --write app.compat`\n"
        "1 of 1 shim and its helper not up to date.\n"
    )
    assert shim(project, "--write") == (  # app.old untouched
        0,
        "app/_ssot_compat.py: `app._ssot_compat` is up to date\napp/compat.py: wrote the shim of `app.compat`\n",
    )
    assert (project.root / "app/old.py").read_text(encoding="utf-8") == TREE["app/old.py"]
    assert shim(project, "--check")[0] == 0


def test_text_outside_the_generated_block_is_kept(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    shim(project, "--write", "app.compat")
    path = project.root / "app/compat.py"
    path.write_text("# owned by the platform team\n" + path.read_text() + "\nEXTRA = 1\n", encoding="utf-8")
    policy = project.root / "contracts/ssot.toml"
    policy.write_text(policy.read_text().replace("2027-03-31", "2027-06-30"), encoding="utf-8")
    assert shim(project, "--write")[0] == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# owned by the platform team\n") and text.endswith("\nEXTRA = 1\n")
    assert "2027-06-30" in text and "2027-03-31" not in text


def test_a_hand_written_module_is_replaced_only_with_force(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    code, output = shim(project, "--write", "app.old")
    assert (code, output) == (
        1,
        "app/old.py: `app.old` only re-exports names its shim serves (line 1): not replaced; --force replaces it "
        "by the generated shim, keeping its docstring and `__all__`\n",
    )
    assert (project.root / "app/old.py").read_text(encoding="utf-8") == TREE["app/old.py"]
    assert shim(project, "--check", "app.old")[0] == 1
    code, output = shim(project, "--write", "--force", "app.old")
    assert (code, output.splitlines()[-1]) == (0, "app/old.py: wrote the shim of `app.old`")
    assert [row for row in project.check() if row[0] == "app/old.py"] == []


def test_preview_and_listing_write_nothing(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    code, output = shim(project)
    assert code == 0
    assert output.splitlines() == [
        "app._ssot_compat: app/_ssot_compat.py (shim helper, missing)",
        "app.compat: app/compat.py (missing)",
        "app.gone: app/gone/__init__.py (missing)",
        "app.old: app/old.py (hand-written)",
    ]
    code, output = shim(project, "app.compat")
    assert code == 0 and "install_shim(" in output and not (project.root / "app/compat.py").exists()


def test_usage_errors(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    code, output = shim(project, "--write", "app.core")
    assert code == 2 and "`app.core` gets no shim from the policy" in output
    assert shim(project, "--force")[0] == 2
    assert shim(project, "--check", "app.compat") == (
        1,
        "app/_ssot_compat.py: the shim helper `app._ssot_compat` is missing; run `ssot shim --write`\n"
        "app/compat.py: the shim of `app.compat` is missing; run `ssot shim --write app.compat`\n"
        "2 of 1 shim and its helper not up to date.\n",
    )


def test_check_in_ci_as_a_real_process(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    shim(project, "--write", "app.compat")
    command = [sys.executable, "-m", "importlinter_ssot", "shim", "--check"]
    result = subprocess.run(command, cwd=project.root, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (0, "1 shim and its helper up to date.\n"), result.stderr
    (project.root / "app/compat.py").write_text(
        (project.root / "app/compat.py").read_text().replace("2027-03-31", "2027-12-31"), encoding="utf-8"
    )
    result = subprocess.run(command, cwd=project.root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "app/compat.py: the shim of `app.compat`" in result.stdout


def test_one_helper_per_root_package_kept_up_to_date(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(TREE, POLICY)
    assert shim(project, "--write", "app.compat", "app.gone")[0] == 0
    helper = project.root / "app/_ssot_compat.py"
    text = helper.read_text(encoding="utf-8")
    assert text.startswith("# ssot-shim-helper: version ")
    assert "from app._ssot_compat import install_shim\n" in (project.root / "app/gone/__init__.py").read_text()
    helper.write_text(text.replace("stacklevel=3", "stacklevel=2"), encoding="utf-8")  # edited by hand
    assert shim(project, "--check") == (
        1,
        "app/_ssot_compat.py: the shim helper `app._ssot_compat` differs from what this version of ssot writes; "
        "run `ssot shim --write`\n"
        "1 of 2 shims and its helper not up to date.\n",
    )
    assert shim(project, "--write")[0] == 0
    assert helper.read_text(encoding="utf-8") == text
    helper.unlink()
    assert shim(project, "--check")[0] == 1  # the shims cannot run without it
    assert "`app._ssot_compat` is missing" in shim(project, "--check")[1]


def test_a_module_of_the_helpers_name_that_is_no_copy_is_kept(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project({**TREE, "app/_ssot_compat.py": "ANSWER = 42\n"}, POLICY)
    code, output = shim(project, "--write", "app.compat")
    assert code == 1
    assert output.splitlines() == [
        "app/_ssot_compat.py: `app._ssot_compat` is not the shim helper `ssot shim` writes: not replaced; move it "
        "away, the generated shims of its package import their helper from there",
        "app/compat.py: `app.compat` not written: its helper `app._ssot_compat` is not in place",
    ]
    assert (project.root / "app/_ssot_compat.py").read_text(encoding="utf-8") == "ANSWER = 42\n"
    assert not (project.root / "app/compat.py").exists()
