"""Build the demo journal: six clients over three months, then show the morning view.

    python examples/demo.py                 # a throwaway store, then `rapport due`
    python examples/demo.py --db demo.db    # keep it, to explore: rapport --db demo.db show acme

Each entry is typed as it would have been on its day: RAPPORT_NOW pins that day, so the
history (kept, late and broken promises, a tense account, a client gone quiet, promises a
client owes) is the same on every machine. "Today" for the demo is Monday 2026-11-23.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

TODAY = "2026-11-23T08:30"

# (day it was typed, the rapport command line)
HISTORY: list[tuple[str, list[str]]] = [
    # Acme Corp: a healthy account. Promises kept on time, thanks, they ask for advice.
    (
        "2026-08-24T09:00",
        [
            "add",
            "Acme Corp",
            "--org",
            "Acme",
            "--email",
            "dana@acme.example",
            "--channel",
            "video",
            "--style",
            "detail",
            "--attitude",
            "flexible",
            "--every",
            "14d",
            "--tag",
            "retainer",
            "--note",
            "Dana runs ops; two kids, loves cycling; hates surprises",
        ],
    ),
    (
        "2026-08-24T10:30",
        [
            "log",
            "acme",
            "Discovery call: scope for the Q4 data audit",
            "--channel",
            "video",
            "--minutes",
            "45",
            "--planned",
            "45",
            "--promise",
            "send audit proposal",
            "--by",
            "friday",
            "--tone",
            "warm",
        ],
    ),
    ("2026-08-27T16:00", ["done", "1"]),
    (
        "2026-09-07T11:00",
        [
            "log",
            "acme",
            "Proposal accepted; kickoff booked",
            "--channel",
            "video",
            "--minutes",
            "30",
            "--planned",
            "30",
            "--thanked",
            "--promise",
            "kickoff deck",
            "--by",
            "2026-09-14",
        ],
    ),
    ("2026-09-12T15:00", ["done", "2"]),
    (
        "2026-09-21T10:00",
        [
            "log",
            "acme",
            "Kickoff went well; Dana asked what I would do about their warehouse data",
            "--channel",
            "video",
            "--asked-advice",
            "--tone",
            "warm",
            "--minutes",
            "60",
            "--planned",
            "60",
        ],
    ),
    (
        "2026-10-05T10:00",
        [
            "log",
            "acme",
            "Fortnightly check-in",
            "--channel",
            "video",
            "--thanked",
            "--minutes",
            "25",
            "--planned",
            "30",
        ],
    ),
    (
        "2026-10-19T10:00",
        [
            "log",
            "acme",
            "Fortnightly check-in; interim findings",
            "--channel",
            "video",
            "--minutes",
            "30",
            "--planned",
            "30",
            "--promise",
            "interim report",
            "--by",
            "2026-10-30",
        ],
    ),
    ("2026-10-29T17:00", ["done", "3"]),
    (
        "2026-11-09T10:00",
        [
            "log",
            "acme",
            "Walked through the interim report; they were pleased",
            "--channel",
            "video",
            "--thanked",
            "--tone",
            "warm",
            "--promise",
            "final audit report",
            "--by",
            "2026-11-27",
            "--they-promise",
            "access to the 2025 sales data",
            "--by",
            "2026-11-13",
        ],
    ),
    ("2026-11-12T09:00", ["done", "5"]),
    (
        "2026-11-20T10:00",
        [
            "log",
            "acme",
            "Quick call on report structure",
            "--channel",
            "video",
            "--asked-advice",
            "--minutes",
            "20",
            "--planned",
            "30",
        ],
    ),
    (
        "2026-08-24T11:00",
        [
            "expect",
            "acme",
            "Status email every Friday; decisions made in the Monday call, never by email",
            "--agreed",
        ],
    ),
    # Northwind Traders: a tense account. Late and broken promises, calls running over.
    (
        "2026-08-31T09:00",
        [
            "add",
            "Northwind Traders",
            "--org",
            "Northwind",
            "--channel",
            "phone",
            "--style",
            "big-picture",
            "--attitude",
            "rigid",
            "--every",
            "14d",
            "--note",
            "Marco decides fast and dislikes long emails",
        ],
    ),
    (
        "2026-08-31T14:00",
        [
            "log",
            "northwind",
            "Scoping call for the pricing model",
            "--channel",
            "phone",
            "--minutes",
            "50",
            "--planned",
            "30",
            "--promise",
            "pricing model v1",
            "--by",
            "2026-09-11",
        ],
    ),
    ("2026-09-18T09:00", ["done", "6"]),
    (
        "2026-09-18T16:00",
        [
            "log",
            "northwind",
            "Marco unhappy the model came a week late",
            "--channel",
            "email",
            "--tone",
            "tense",
            "--promise",
            "revised assumptions sheet",
            "--by",
            "2026-09-25",
        ],
    ),
    ("2026-09-30T09:00", ["move", "7", "--to", "2026-10-09"]),
    ("2026-10-14T09:00", ["drop", "7", "--reason", "overtaken by the new brief"]),
    (
        "2026-10-14T11:00",
        [
            "log",
            "northwind",
            "New brief; call ran long again",
            "--channel",
            "email",
            "--minutes",
            "75",
            "--planned",
            "30",
            "--tone",
            "tense",
            "--promise",
            "competitor price scan",
            "--by",
            "2026-11-06",
        ],
    ),
    (
        "2026-11-16T15:00",
        [
            "log",
            "northwind",
            "Chased about the price scan; tense",
            "--channel",
            "email",
            "--tone",
            "tense",
            "--minutes",
            "40",
            "--planned",
            "15",
        ],
    ),
    (
        "2026-10-15T09:00",
        [
            "incident",
            "northwind",
            "Changed the model's data source without asking Marco",
            "--when",
            "2026-10-13",
        ],
    ),
    # Harbor Dental: gone quiet. Monthly rhythm agreed, nothing for months, a promise overdue.
    (
        "2026-08-25T09:00",
        [
            "add",
            "Harbor Dental",
            "--org",
            "Harbor Dental Group",
            "--channel",
            "email",
            "--style",
            "to-the-point",
            "--every",
            "30d",
            "--at-most",
            "60d",
            "--note",
            "Dr. Okafor; prefers mornings",
        ],
    ),
    (
        "2026-08-25T10:00",
        [
            "log",
            "harbor",
            "Intro call about a patient-survey dashboard",
            "--channel",
            "email",
            "--promise",
            "send dashboard mock-up",
            "--by",
            "2026-09-04",
        ],
    ),
    ("2026-09-03T10:00", ["done", "9"]),
    (
        "2026-09-10T10:00",
        [
            "log",
            "harbor",
            "Feedback on the mock-up",
            "--channel",
            "email",
            "--promise",
            "costed options",
            "--by",
            "2026-11-13",
        ],
    ),
    # Lumen Studio: I deliver; they owe me the signed contract, which is late.
    (
        "2026-10-01T09:00",
        [
            "add",
            "Lumen Studio",
            "--org",
            "Lumen",
            "--channel",
            "chat",
            "--attitude",
            "situational",
            "--every",
            "21d",
            "--note",
            "Priya; vegetarian; studio dog called Biscuit",
        ],
    ),
    (
        "2026-10-01T11:00",
        [
            "log",
            "lumen",
            "Agreed a brand-analytics pilot",
            "--channel",
            "chat",
            "--they-promise",
            "signed contract",
            "--by",
            "2026-11-10",
            "--promise",
            "pilot plan",
            "--by",
            "2026-10-08",
        ],
    ),
    ("2026-10-08T12:00", ["done", "12"]),
    (
        "2026-11-18T10:00",
        [
            "log",
            "lumen",
            "Pilot plan approved verbally; contract still with their legal",
            "--channel",
            "chat",
            "--thanked",
            "--follow-up",
            "2026-11-25",
        ],
    ),
    # Elena Park: renegotiated before the date (told), then kept; something due today.
    (
        "2026-10-12T09:00",
        [
            "add",
            "Elena Park",
            "--org",
            "Park Legal",
            "--email",
            "elena@parklegal.example",
            "--channel",
            "email",
            "--style",
            "detail",
            "--every",
            "30d",
            "--note",
            "Prefers written summaries after calls",
        ],
    ),
    (
        "2026-10-12T15:00",
        [
            "log",
            "elena",
            "Contract-review workflow: requirements",
            "--channel",
            "email",
            "--promise",
            "workflow draft",
            "--by",
            "2026-10-23",
        ],
    ),
    ("2026-10-20T09:00", ["move", "14", "--to", "2026-10-30", "--told"]),
    ("2026-10-29T16:00", ["done", "14"]),
    (
        "2026-11-16T11:00",
        [
            "log",
            "elena",
            "Draft approved; next: templates",
            "--channel",
            "email",
            "--thanked",
            "--promise",
            "clause templates",
            "--by",
            "2026-11-23",
        ],
    ),
    (
        "2026-10-13T10:00",
        ["expect", "elena", "Written summary within a day of every call", "--agreed"],
    ),
    (
        "2026-11-02T10:00",
        [
            "incident",
            "elena",
            "Draft sent with a client's name left in a clause",
            "--owned",
            "--told-first",
        ],
    ),
    ("2026-11-03T10:00", ["resolve", "2"]),
    # Quarry Analytics: a new lead; a follow-up is due.
    ("2026-11-13T09:00", ["add", "Quarry Analytics", "--channel", "phone", "--every", "14d"]),
    (
        "2026-11-13T09:30",
        [
            "log",
            "quarry",
            "Intro from Dana at Acme; interested in an audit",
            "--channel",
            "phone",
            "--minutes",
            "20",
            "--planned",
            "20",
            "--follow-up",
            "2026-11-20",
        ],
    ),
]


def build(db: Path) -> None:
    from rapport.cli import run

    os.environ["RAPPORT_DB"] = str(db)
    for day, argv in HISTORY:
        os.environ["RAPPORT_NOW"] = day
        code = run(argv)
        if code != 0:
            raise SystemExit(f"demo: 'rapport {' '.join(argv)}' failed with exit {code}")
    os.environ["RAPPORT_NOW"] = TODAY


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="where to write the demo journal")
    parser.add_argument("--quiet", action="store_true", help="build only; print nothing")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="rapport-demo-")) / "demo.db"
    if db.exists():
        raise SystemExit(f"demo: {db} already exists; give a new path")
    # Each entry's own confirmation is noise here.
    with open(os.devnull, "w") as devnull, redirect_stdout(devnull), redirect_stderr(devnull):
        build(db)
    if args.quiet:
        return
    from rapport.cli import run

    print(f"Demo journal written to {db}; 'today' is {TODAY[:10]}.\n$ rapport due")
    raise SystemExit(run(["due"]))


if __name__ == "__main__":
    main()
