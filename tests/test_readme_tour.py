"""The README tour's output blocks are a replay, so they cannot drift.

Each block between `<!-- tour: SESSION WIDTH -->` and `<!-- /tour -->` holds `$ rapport ...`
lines as a reader types them, and what rapport printed. The test types the commands again,
in README order, against the demo journal (examples/demo.py, with `export RAPPORT_DB=demo.db
RAPPORT_NOW=2026-11-23T08:30 RAPPORT_USER=me`) on a terminal WIDTH columns wide. Blocks
naming the same SESSION share one journal (one copy of the demo, changed by each block in
turn); a new SESSION starts from a fresh copy. Files a block imports (google.csv,
meetings.ics) are the test fixtures of that kind. The time zone is Europe/Berlin (meetings
show in local time). A backup's size in bytes depends on the SQLite build, so it is not
compared. Trailing blank lines are left out. The month's blocks are tests/test_month.py's.

To write the blocks again after a deliberate change (then read the diff):

    RAPPORT_UPDATE_SNAPSHOTS=1 pytest tests/test_readme_tour.py
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import DEMO_TODAY, ROOT
from typer.testing import CliRunner

pytestmark = pytest.mark.sqlite_only  # about what a reader sees, not the engine

README = ROOT / "README.md"
UPDATE = bool(os.environ.get("RAPPORT_UPDATE_SNAPSHOTS"))
BLOCK = re.compile(r"(<!-- tour: (\S+) (\d+) -->\n```\S*\n)(.*?)(```\n<!-- /tour -->)", re.S)
# The files the tour imports, by the name it gives them.
FILES = {
    "google.csv": ROOT / "tests" / "fixtures" / "interchange" / "google-contacts.csv",
    "meetings.ics": ROOT / "tests" / "fixtures" / "calendar" / "google-calendar.ics",
}
ENV_PREFIX = re.compile(r"[A-Z_]+=\S*")
SIZE = re.compile(r"\([0-9,]+ bytes\)")  # a backup's size: the SQLite build's, not ours


def commands(block: str) -> list[str]:
    """The command lines of a block, as typed: continuation lines (`\\`) kept with theirs."""
    typed: list[str] = []
    continued = False
    for line in block.splitlines(keepends=True):
        if continued:
            typed[-1] += line
        elif line.startswith("$ "):
            typed.append(line)
        continued = bool(typed) and typed[-1].rstrip("\n").endswith("\\")
    return typed


def run(typed: str, folder: Path, width: int) -> str:
    """What the terminal shows for one typed command line, in `folder` (the journal's)."""
    from rapport.cli import app

    line = typed[2:].replace("\\\n", " ")
    line, _, pipe = line.partition(" | ")
    stdin = "" if "< /dev/null" in line else None
    words = shlex.split(line.replace("< /dev/null", ""))
    env = {"RAPPORT_DB": "demo.db", "RAPPORT_NOW": DEMO_TODAY, "RAPPORT_USER": "me"}
    env["COLUMNS"] = str(width)
    while ENV_PREFIX.fullmatch(words[0]):
        key, _, value = words.pop(0).partition("=")
        env[key] = value
    assert words[0] == "rapport", typed
    result = CliRunner().invoke(app, words[1:], env=env, input=stdin)
    assert "Traceback" not in result.output, result.output
    if not pipe:  # rapport tells its notes (stderr) before it prints what it did
        out = result.stderr + result.stdout
    else:
        if shutil.which("jq") is None:
            pytest.skip("jq is not installed: the README's `| jq` examples need it")
        out = subprocess.run(
            ["bash", "-c", pipe], input=result.stdout, capture_output=True, text=True,
            cwd=folder, check=True,
        ).stdout  # fmt: skip
    # Lines as a terminal shows them, without the blank line that closes `due`'s last table.
    return "".join(f"{text.rstrip()}\n" for text in out.rstrip().splitlines())


@pytest.fixture
def tour(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Replays README.md's tour blocks: README text in, the text it should be out."""
    sessions: dict[str, Path] = {}

    def session(name: str) -> Path:
        if name not in sessions:
            folder = sessions[name] = tmp_path / name
            folder.mkdir()
            shutil.copy(demo_template, folder / "demo.db")
            for file_name, source in FILES.items():
                shutil.copy(source, folder / file_name)
        return sessions[name]

    def replay(match: re.Match[str]) -> str:
        folder, width = session(match[2]), int(match[3])
        monkeypatch.chdir(folder)
        body = "".join(typed + run(typed, folder, width) for typed in commands(match[4]))
        return f"{match[1]}{body}{match[5]}"

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    monkeypatch.delenv("RAPPORT_CONFIG", raising=False)
    monkeypatch.setenv("RAPPORT_CONFIG", str(tmp_path / "no-config.toml"))
    yield lambda text: BLOCK.sub(replay, text)
    monkeypatch.undo()
    time.tzset()


def test_the_readme_tour_is_what_rapport_prints(tour):
    text = README.read_text(encoding="utf-8")
    assert len(BLOCK.findall(text)) >= 15, "README.md has lost its tour markers"
    fresh = tour(text)
    if UPDATE:
        README.write_text(fresh, encoding="utf-8")
    stale = "README tour blocks are stale: RAPPORT_UPDATE_SNAPSHOTS=1 pytest"
    assert SIZE.sub("", fresh) == SIZE.sub("", text), stale


def test_a_block_keeps_its_commands_and_continuations():
    block = '$ rapport log acme "x" \\\n      --thanked\nLogged.\n$ rapport due\nNothing due.\n'
    assert commands(block) == ['$ rapport log acme "x" \\\n      --thanked\n', "$ rapport due\n"]


def test_every_block_showing_output_is_replayed():
    """A block with `$ rapport` lines and lines that are not commands shows rapport's output:
    it must be a tour or month block (or it could drift)."""
    text = README.read_text(encoding="utf-8")
    unmarked = []
    for match in re.finditer(r"(?:^|\n)(.*)\n```\S*\n(.*?)```\n", text, re.S):
        marker, block = match[1], match[2]
        typed = "".join(commands(block))
        shown = [line for line in block.splitlines(keepends=True) if line not in typed]
        replayed = re.match(r"<!-- (tour|month): ", marker)
        if "$ rapport" in typed and any(line.strip() for line in shown) and not replayed:
            unmarked.append(block.splitlines()[0])
    assert unmarked == []
