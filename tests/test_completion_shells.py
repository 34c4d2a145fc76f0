"""Completion in real shells (issue 15): a contact name with spaces and quotes is inserted as
one word. Each shell that is not installed is skipped with one reason; zsh and fish are
driven through a pseudo-terminal (zsh's zpty), so both need zsh."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ok

pytestmark = pytest.mark.sqlite_only  # about the shell, not the engine

ODD = "O'Brien & $Co: \"x\""
BIN = str(Path(sys.executable).parent)  # where this checkout's `rapport` is installed


@pytest.fixture
def names(cli):
    for name in ("Greta Holm", "Greta Lind", ODD):
        ok(cli("add", name))


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _needs(shell: str) -> str:
    found = shutil.which(shell)
    if not found:
        pytest.skip(f"{shell} is not installed: its completion is not tried")
    return found


def test_bash_inserts_one_quoted_word(cli, names, tmp_path):
    bash = _needs("bash")
    script = tmp_path / "rapport.bash"
    script.write_text(ok(cli("completion", "bash")).stdout, encoding="utf-8")
    probe = f"""
source {script}
offer() {{ COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _rapport_completion rapport; }}
offer rapport show gre; printf '%s\\n' "${{COMPREPLY[@]}}"
offer rapport log 'Greta\\ H'; eval "set -- ${{COMPREPLY[0]}} summary"; echo "$#|$1|$2"
offer rapport show o; eval "set -- ${{COMPREPLY[0]}}"; echo "$#|$1"
"""
    out = subprocess.run([bash, "--norc", "-c", probe], env=_env(), capture_output=True,
                         text=True, timeout=120, check=True).stdout.splitlines()  # fmt: skip
    assert out == ["Greta\\ Holm", "Greta\\ Lind", "2|Greta Holm|summary", f"1|{ODD}"]


DRIVER = r"""
zmodload zsh/zpty
zpty -b term "$SHELL_CMD"
zpty -w term "$SETUP"
for keys in "$@"; do zpty -w -n term "${(g::)keys}"; sleep 1; done
seen=""
while zpty -r term chunk; do seen+=$chunk; [[ $seen == *ARGS:[0-9]*ARGS:[0-9]*END* ]] && break; done
print -r -- "$seen"
"""


def _drive(tmp_path: Path, shell_cmd: str, setup: str) -> list[str]:
    """Type two names with TAB in an interactive shell; what the command then received."""
    zsh = _needs("zsh")
    driver = tmp_path / "drive.zsh"
    driver.write_text(DRIVER, encoding="utf-8")
    keys = ["rapport show Gre\t", "H\t", "\r", "rapport show O\t", "\r"]
    env = {**_env(), "SHELL_CMD": shell_cmd, "SETUP": setup}
    out = subprocess.run([zsh, "-f", str(driver), *keys], env=env, capture_output=True,
                         text=True, timeout=120, check=False).stdout  # fmt: skip
    return [line for line in out.replace("\r", "\n").splitlines() if line.startswith("ARGS:")]


def test_zsh_inserts_one_quoted_word(cli, names, tmp_path):
    _needs("zsh")
    script = tmp_path / "rapport.zsh"
    script.write_text(ok(cli("completion", "zsh")).stdout, encoding="utf-8")
    setup = (
        f"PS1='> '; autoload -Uz compinit; compinit -u -D; source {script}; "
        'rapport() { print -r -- "ARGS:$#:$1:$2:END" }'
    )
    got = _drive(tmp_path, "zsh -f -i", setup)
    assert got == ["ARGS:2:show:Greta Holm:END", f"ARGS:2:show:{ODD}:END"]


def test_fish_inserts_one_quoted_word(cli, names, tmp_path):
    _needs("fish")
    script = tmp_path / "rapport.fish"
    script.write_text(ok(cli("completion", "fish")).stdout, encoding="utf-8")
    setup = f'source {script}; function rapport; echo "ARGS:"(count $argv)":$argv:END"; end'
    got = _drive(tmp_path, "fish --no-config -i", setup)
    assert got == ["ARGS:2:show Greta Holm:END", f"ARGS:2:show {ODD}:END"]
