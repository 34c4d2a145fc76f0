"""Shell completion: the script command, and contact names completing from the store."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ok

from rapport.app.interchange import contact_names


def complete(words: str, db) -> list[str]:
    """What bash would offer for `words` (the last one being completed)."""
    env = {**os.environ, "RAPPORT_DB": str(db), "_RAPPORT_COMPLETE": "complete_bash",
           "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}  # fmt: skip
    probe = "from rapport.cli import run; run(['x'])"
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.sqlite_only  # names the file
def test_contact_names_match_a_prefix_of_the_name_or_of_a_word(cli, db_path):
    for name in ("Acme Corp", "Northwind Traders", "Lumen Studio", "Acorn Ltd"):
        ok(cli("add", name))
    assert contact_names("ac", str(db_path)) == ["Acme Corp", "Acorn Ltd"]
    assert contact_names("TRAD", str(db_path)) == ["Northwind Traders"]
    assert contact_names("", str(db_path)) == ["Acme Corp", "Acorn Ltd", "Lumen Studio",
                                               "Northwind Traders"]  # fmt: skip


def test_contact_names_never_raise_nor_create_a_store(tmp_path):
    missing = tmp_path / "none.db"
    assert contact_names("a", str(missing)) == []
    assert not missing.exists()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    assert contact_names("a", str(garbage)) == []
    assert contact_names("a", "postgres://x") == []


@pytest.mark.sqlite_only  # names the file
def test_the_shell_gets_contact_names_for_name_arguments(cli, db_path):
    ok(cli("add", "Acme Corp"))
    ok(cli("add", "Lumen Studio"))
    assert complete("rapport show ac", db_path) == ["Acme\\ Corp"]  # one shell word
    assert complete("rapport log lu", db_path) == ["Lumen\\ Studio"]
    assert complete("rapport sea", db_path) == ["search"]  # commands still complete


def test_completion_prints_a_script_for_a_named_shell(cli):
    script = ok(cli("completion", "zsh")).stdout
    assert "_RAPPORT_COMPLETE" in script and "compdef" in script
    result = cli("completion", "tcsh")
    assert result.exit_code == 2 and "bash|zsh|fish|powershell" in result.stderr


def test_completion_install_writes_the_shells_start_up_file(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    result = ok(cli("completion", "bash", "--install"))
    assert "Installed bash completion" in result.stderr
    assert "rapport" in (tmp_path / ".bashrc").read_text()
