"""docs/cli.md is generated from every command's --help (docs/cli_reference.py, with cog);
this fails when a command changed and the file was not regenerated."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only  # about the help text, not a journal

ROOT = Path(__file__).resolve().parents[1]
REGENERATE = "cog -r docs/cli.md   (from the repository root, with the test extras)"


def test_cli_reference_is_up_to_date(monkeypatch, capsys):
    from cogapp import Cog

    monkeypatch.chdir(ROOT)
    code = Cog().main(["cog", "--check", "--diff", "docs/cli.md"])
    seen = capsys.readouterr()
    assert code == 0, (
        f"docs/cli.md is out of date with the commands' --help; regenerate it with:\n"
        f"    {REGENERATE}\n{seen.out}{seen.err}"
    )


def test_the_reference_has_every_command():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    from rapport.cli import app

    for info in app.registered_commands:
        assert f"## rapport {info.name}\n" in text, info.name
