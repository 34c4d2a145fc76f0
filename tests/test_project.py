"""The project's own promises: docs name every command, the code is lint-clean."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    from typer.main import get_command

    from rapport.cli import app

    return sorted(get_command(app).commands)


def test_readme_shows_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in _commands() if not re.search(rf"rapport {c}\b", readme)]
    assert not missing, f"README.md never shows: {missing}"


def test_every_command_has_help():
    from typer.main import get_command

    from rapport.cli import app

    group = get_command(app)
    assert all(group.commands[c].help for c in _commands())


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = readme.index("<!-- ci:test-command -->")
    block = readme[marker:].split("```")[1]
    assert "pytest" in block and "pip install" in block
    assert "ci:test-command" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run(
        [ruff, "check", "src", "tests", "examples", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_dash_m_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "rapport", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("rapport ")


def test_skipped_tests_are_summed_up_one_line_per_reason():
    import os

    unset = ("RAPPORT_TEST_PG", "RAPPORT_CI_NEEDS_PG")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    picked = "test_every_form_advertised_is_accepted or test_date_error_is_a_value_error"
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", picked,
         "tests/test_dates.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    skipped = [line for line in out.splitlines() if line.startswith("SKIPPED")]
    reason = "RAPPORT_TEST_PG is not set: the PostgreSQL half needs a server (README)"
    assert skipped == [f"SKIPPED [2] {reason}"], out  # two tests, two lines of code, one reason
