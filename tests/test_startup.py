"""The entry point builds only the command being run (cli/base.py `Rapport`): what a person
types must behave exactly as when every command is built."""

from __future__ import annotations

import json
import os

import pytest
from conftest import ok

from rapport.cli import app, run


@pytest.fixture
def acme(cli):
    ok(cli("add", "Acme Corp"))


def test_a_global_option_before_the_command(acme, capsys, monkeypatch):
    journal = os.environ["RAPPORT_DB"]  # a file, or a schema on the test server
    monkeypatch.delenv("RAPPORT_DB")
    assert run(["--db", journal, "contacts", "--json"]) == 0
    assert [c["name"] for c in json.loads(capsys.readouterr().out)] == ["Acme Corp"]


def test_a_typo_of_a_command_still_gets_its_close_match(capsys):
    assert run(["contcts"]) == 2
    assert "Did you mean 'contacts'" in capsys.readouterr().err


def test_a_group_and_its_commands(capsys):
    assert run(["config", "path"]) == 0
    assert capsys.readouterr().out.strip().endswith("rapport.toml")


def test_help_lists_every_command(capsys):
    assert run(["--help"]) == 0
    shown = capsys.readouterr().out
    for name in ("add", "log", "due", "score", "config", "undo", "doctor"):
        assert f" {name} " in shown


def test_the_added_yes_option_is_there_when_built_alone(acme, capsys):
    assert run(["log", "Acme Crop", "a call", "--yes"]) == 0  # a typo's close match, allowed
    capsys.readouterr()
    assert run(["show", "Acme Corp", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [i["summary"] for i in shown["interactions"]] == ["a call"]


def test_every_command_is_registered_again_after_a_run(acme):
    before = len(app.registered_commands), len(app.registered_groups)
    assert run(["due", "--json"]) == 0
    assert (len(app.registered_commands), len(app.registered_groups)) == before


def test_each_command_is_found_in_the_module_that_registers_it():
    """`run` imports only HOMES[command]: a command missing there still runs (every module
    is imported then), but one pointing at the wrong module would not be found."""
    from rapport.cli import HOMES, _module_of
    from rapport.cli.base import _name

    homes = {_name(c): _module_of(c.callback) for c in app.registered_commands}
    for group in app.registered_groups:
        homes[group.name] = _module_of(group.typer_instance.registered_commands[0].callback)
    assert homes == HOMES


def test_a_run_imports_only_its_commands_module():
    import subprocess
    import sys

    probe = (
        "import sys; from rapport.cli import run; run(['due', '--check']);"
        " print(sorted(m for m in sys.modules if m.startswith('rapport.cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "['rapport.cli.base', 'rapport.cli.due']"


def test_help_lists_the_commands_in_module_order_whatever_was_imported_first():
    """A module imported on its own first (as tests/test_backup.py does) registers its
    commands first; `--help` and docs/cli.md list them in MODULES order all the same."""
    import subprocess
    import sys

    probe = (
        "import rapport.cli.safety; from rapport.cli import app, MODULES, _module_of;"
        " seen = [_module_of(c.callback) for c in app.registered_commands];"
        " print(seen == sorted(seen, key=MODULES.index), seen[0])"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.split() == ["True", "contacts"], out.stderr
