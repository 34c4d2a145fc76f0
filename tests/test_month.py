"""The replayed month (examples/month.py): its views at 60, 80 and 120 columns, compared with
the snapshots in tests/snapshots/month/ and with the README's month blocks.

The snapshots are the product: read them when they change. To write them (and the README
blocks) again after a deliberate change:

    RAPPORT_UPDATE_SNAPSHOTS=1 pytest tests/test_month.py
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only  # about what a person sees, not the engine

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT / "tests" / "snapshots" / "month"
README = ROOT / "README.md"
UPDATE = bool(os.environ.get("RAPPORT_UPDATE_SNAPSHOTS"))
# <!-- month: VIEW WIDTH -->, a ``` block, <!-- /month -->
BLOCK = re.compile(r"(<!-- month: (\S+) (\d+) -->\n```\n)(.*?)(```\n<!-- /month -->)", re.S)


def _month():
    spec = importlib.util.spec_from_file_location("month", ROOT / "examples" / "month.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MONTH = _month()


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("month") / "month.db"
    mp = pytest.MonkeyPatch()
    mp.setenv("RAPPORT_USER", "me")  # the handover is from me to sam
    try:
        MONTH.build(db)
    finally:
        mp.undo()
    return db


@pytest.mark.parametrize("width", MONTH.WIDTHS)
@pytest.mark.parametrize(("name", "args"), MONTH.VIEWS, ids=[n for n, _ in MONTH.VIEWS])
def test_the_month_looks_as_snapshotted(journal, name, args, width):
    got = MONTH.view(journal, args, width)
    assert all(len(line) <= width for line in got.splitlines()), got
    path = SNAPSHOTS / f"{name}-{width}.txt"
    if UPDATE:
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no {path.name}: run RAPPORT_UPDATE_SNAPSHOTS=1 pytest {__file__}"
    assert got == path.read_text(encoding="utf-8")


def test_the_readme_shows_the_month_as_it_is(journal):
    text = README.read_text(encoding="utf-8")
    views = dict(MONTH.VIEWS)

    def current(match: re.Match[str]) -> str:
        name, width = match[2], int(match[3])
        return f"{match[1]}$ rapport {' '.join(views[name])}\n" \
               f"{MONTH.view(journal, views[name], width)}{match[5]}"  # fmt: skip

    fresh = BLOCK.sub(current, text)
    assert BLOCK.search(text), "README.md has no month block"
    if UPDATE:
        README.write_text(fresh, encoding="utf-8")
    assert fresh == text, "README month blocks are stale: RAPPORT_UPDATE_SNAPSHOTS=1 pytest"


def test_the_month_is_what_the_issue_describes(journal):
    """Worked out from the script by hand, not from the output."""
    due = MONTH.view(journal, ["due"], 120)
    assert "Tom Avery" not in due  # handed over to sam
    assert re.search(r"3 +│ Marco Ricci +│ signed contract .* 17 days late", due)
    assert re.search(r"1 +│ Elena Park +│ birthday .* in 3 days", due)
    assert re.search(r"5 +│ Northwind Traders +│ monthly sales report +│ 2026-12-05", due)
    review = MONTH.view(journal, ["review", "--month"], 120)
    assert "moved: Priya Shah: my 'moodboard' from 2026-11-11 to 2026-11-18" in review
    assert "their late promise: Marco Ricci: 'signed contract' (due 2026-11-13, open)" in review
    assert "incident: Lena Berg: Wrong totals in the weekly dashboard" in review


@pytest.mark.parametrize("width", [80, 120])
def test_a_reconnect_row_is_one_line_from_80_columns(journal, width):
    """Each contact of the Reconnect section on one line: no cell wraps to a second."""
    due = MONTH.view(journal, ["due"], width)
    section = due.split("Reconnect\n", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    assert [row.split("│")[1].strip() for row in section] == ["Quarry Analytics", "Greta Holm"]
    assert "spoke 27 days ago · every 14" in section[0]
