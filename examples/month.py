"""A month of real use, replayed: eight clients through November 2026, typed day by day.

    python examples/month.py                  # a throwaway journal, then `rapport due`
    python examples/month.py --db month.db    # keep it: rapport --db month.db show greta

Each line is typed on its day (RAPPORT_NOW pins it), the way a new user would: a rigid
client who wants a weekly email, a flexible one whose date moved, a contract owed to me, an
incident I owned, a client handed over, a birthday, a monthly report, and a client gone
quiet. "Today" is Monday 2026-11-30. tests/test_month.py checks the views of this journal
at 60, 80 and 120 columns against tests/snapshots/month/, and the README's month blocks.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

TODAY = "2026-11-30T08:30"
WIDTHS = (60, 80, 120)

# (day it was typed, the rapport command line)
HISTORY: list[tuple[str, list[str]]] = [
    ("2026-11-02T09:00", ["add", "Greta Holm", "--org", "Holm Logistics", "--channel", "email",
                          "--attitude", "rigid", "--every", "7d", "--style", "weekly status email",
                          "--note", "Wants the status email every Monday before ten; "
                          "no calls without an agenda sent the day before"]),
    ("2026-11-02T09:05", ["add", "Priya Shah", "--org", "Shah Design", "--channel", "video",
                          "--attitude", "flexible", "--every", "14d"]),
    ("2026-11-02T09:10", ["add", "Marco Ricci", "--org", "Ricci Legal", "--channel", "phone"]),
    ("2026-11-02T09:15", ["add", "Lena Berg", "--org", "Berg Analytics", "--channel", "video",
                          "--every", "14d"]),
    ("2026-11-02T09:20", ["add", "Tom Avery", "--org", "Avery & Co", "--channel", "email"]),
    ("2026-11-02T09:25", ["add", "Elena Park", "--channel", "phone", "--every", "30d"]),
    ("2026-11-02T09:30", ["add", "Northwind Traders", "--org", "Northwind", "--channel", "email",
                          "--every", "30d"]),
    ("2026-11-02T09:35", ["add", "Quarry Analytics", "--channel", "video", "--every", "14d"]),
    ("2026-11-02T09:50", ["log", "Greta Holm", "Weekly status email", "--channel", "email",
                          "--promise", "updated route plan", "--by", "friday"]),
    ("2026-11-02T11:00", ["log", "Northwind Traders", "Kickoff of the monthly reporting",
                          "--channel", "video", "--minutes", "30", "--planned", "30"]),
    ("2026-11-02T11:40", ["promise", "Northwind Traders", "monthly sales report",
                          "--by", "2026-11-05", "--every", "1m"]),
    ("2026-11-02T15:00", ["remember", "Elena Park", "birthday", "--on", "december 3"]),
    ("2026-11-03T10:00", ["log", "Marco Ricci", "Terms agreed on the phone", "--channel", "phone",
                          "--they-promise", "signed contract", "--by", "2026-11-13",
                          "--tone", "warm"]),
    ("2026-11-03T14:00", ["log", "Quarry Analytics", "Intro call", "--channel", "video",
                          "--minutes", "25", "--planned", "30"]),
    ("2026-11-04T10:00", ["log", "Priya Shah", "Brand workshop", "--channel", "video",
                          "--minutes", "60", "--planned", "60", "--thanked",
                          "--promise", "moodboard", "--by", "2026-11-11"]),
    ("2026-11-05T16:00", ["done", "2"]),
    ("2026-11-06T17:30", ["done", "1"]),
    ("2026-11-09T09:40", ["log", "Greta Holm", "Weekly status email", "--channel", "email",
                          "--promise", "customs checklist", "--by", "2026-11-12"]),
    ("2026-11-09T14:00", ["log", "Lena Berg", "Dashboard review", "--channel", "video",
                          "--minutes", "45", "--planned", "30", "--asked-advice"]),
    ("2026-11-10T11:00", ["incident", "Lena Berg", "Wrong totals in the weekly dashboard",
                          "--owned", "--told-first"]),
    ("2026-11-10T11:30", ["log", "Lena Berg", "Called to explain the wrong totals",
                          "--channel", "phone", "--tone", "tense",
                          "--promise", "corrected dashboard", "--by", "2026-11-12"]),
    ("2026-11-10T16:00", ["move", "4", "--to", "2026-11-18", "--told"]),
    ("2026-11-12T10:00", ["done", "7"]),
    ("2026-11-12T18:00", ["resolve", "1"]),
    ("2026-11-13T09:00", ["done", "6"]),
    ("2026-11-16T10:15", ["log", "Greta Holm", "Weekly status email, sent late",
                          "--channel", "email", "--tone", "neutral"]),
    ("2026-11-16T15:00", ["log", "Tom Avery", "Handover call with Sam", "--channel", "video",
                          "--minutes", "30", "--planned", "30",
                          "--promise", "handover notes", "--by", "2026-11-17"]),
    ("2026-11-17T12:00", ["done", "8"]),
    ("2026-11-17T12:30", ["handover", "Tom Avery", "--to", "sam", "--introduced"]),
    ("2026-11-18T17:00", ["done", "4"]),
    ("2026-11-19T10:00", ["log", "Marco Ricci", "Chased the signed contract", "--channel", "email",
                          "--follow-up", "2026-11-26"]),
    ("2026-11-20T09:00", ["log", "Elena Park", "Catch-up call", "--channel", "phone",
                          "--minutes", "20", "--planned", "20", "--tone", "warm"]),
    ("2026-11-23T09:30", ["log", "Greta Holm", "Weekly status email", "--channel", "email",
                          "--promise", "Q1 capacity forecast", "--by", "2026-12-04"]),
    ("2026-11-24T14:00", ["log", "Priya Shah", "Moodboard feedback", "--channel", "video",
                          "--minutes", "40", "--planned", "30", "--thanked"]),
    ("2026-11-25T10:00", ["log", "Lena Berg", "Dashboard back on track", "--channel", "video",
                          "--minutes", "20", "--planned", "30", "--tone", "warm"]),
]  # fmt: skip

# The views the month is checked by: (name, rapport arguments).
VIEWS: list[tuple[str, list[str]]] = [
    ("due", ["due"]),
    ("contacts", ["contacts"]),
    ("show-greta", ["show", "Greta Holm"]),
    ("brief-marco", ["brief", "Marco Ricci"]),
    ("score", ["score", "--explain", "Lena Berg"]),
    ("review", ["review", "--month"]),
]


def build(db: Path) -> None:
    """Type the month into a new journal at `db`, each line on its day."""
    from rapport.cli import run

    os.environ["RAPPORT_DB"] = str(db)
    try:
        for day, argv in HISTORY:
            os.environ["RAPPORT_NOW"] = day
            with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
                code = run(argv)
            if code != 0:
                line = " ".join(argv)
                raise SystemExit(f"month: 'rapport {line}' exited {code}: {err.getvalue()}")
    finally:
        os.environ["RAPPORT_NOW"] = TODAY


def view(db: Path, args: list[str], width: int) -> str:
    """What `rapport ARGS` prints on a terminal `width` columns wide, this morning."""
    from rapport.cli import run

    saved = {k: os.environ.get(k) for k in ("RAPPORT_DB", "RAPPORT_NOW", "COLUMNS", "NO_COLOR")}
    os.environ.update(
        {"RAPPORT_DB": str(db), "RAPPORT_NOW": TODAY, "COLUMNS": str(width), "NO_COLOR": "1"}
    )
    try:
        out = io.StringIO()
        with redirect_stdout(out), redirect_stderr(io.StringIO()):
            run(args)
        return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="where to write the month's journal")
    parser.add_argument("--columns", type=int, default=80, help="terminal width to show")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="rapport-month-")) / "month.db"
    if db.exists():
        raise SystemExit(f"month: {db} already exists; give a new path")
    build(db)
    print(f"Month journal written to {db}; 'today' is {TODAY[:10]}.\n$ rapport due")
    print(view(db, ["due"], args.columns), end="")


if __name__ == "__main__":
    main()
