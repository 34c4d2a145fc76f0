"""Calendar capture at scale: a generated .ics of 10,000 past meetings, timed through
`rapport import` as a whole process.

    python benchmarks/calendar.py              # 10,000 events, 200 contacts, 3 runs
    python benchmarks/calendar.py --events 2000 --runs 1

Events are what a busy consultant's Google export holds: mostly single meetings with one or
two client attendees and a Meet link, one in ten a weekly series of 8 occurrences with an
override, some with only a title naming the client, some cancelled, some all-day. Each run
imports into a fresh journal of 200 contacts, then imports the same file again (which must
add nothing). Times are wall-clock milliseconds, medians of the runs.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

NOW = "2026-11-23T10:00:00"
START = datetime(2023, 11, 23, 8, 0)


def contact_email(i: int) -> str:
    return f"client{i}@example.com"


def contact_name(i: int) -> str:
    return f"Client {i:03d} Ltd"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _event(uid: str, start: datetime, minutes: int, title: str, extra: list[str]) -> list[str]:
    status = [] if "STATUS:CANCELLED" in extra else ["STATUS:CONFIRMED"]
    return [
        "BEGIN:VEVENT",
        f"DTSTART:{_stamp(start)}",
        f"DTEND:{_stamp(start + timedelta(minutes=minutes))}",
        "DTSTAMP:20261123T080000Z",
        f"UID:{uid}@bench.example",
        f"SUMMARY:{title}",
        *status,
        *extra,
        "END:VEVENT",
    ]


def calendar(events: int, contacts: int, seed: int = 7) -> str:
    """An .ics with `events` occurrences before NOW (series count each occurrence)."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//rapport//benchmark//EN"]
    made, n = 0, 0
    span = (datetime.fromisoformat(NOW) - START - timedelta(days=60)).total_seconds()
    while made < events:
        n += 1
        start = START + timedelta(seconds=rng.randrange(int(span)) // 900 * 900)
        who = rng.randrange(contacts)
        attendee = f"ATTENDEE;PARTSTAT=ACCEPTED;CN=Client:mailto:{contact_email(who)}"
        extra = [attendee, "X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij"]
        kind = rng.random()
        if kind < 0.1 and events - made >= 8:  # a weekly series of 8, one occurrence moved
            weekly = [*extra, "RRULE:FREQ=WEEKLY;COUNT=8"]
            lines += _event(f"s{n}", start, 30, "Weekly sync", weekly)
            moved = start + timedelta(weeks=2)
            lines += _event(f"s{n}", moved + timedelta(hours=1), 45, "Weekly sync",
                            [*extra, f"RECURRENCE-ID:{_stamp(moved)}"])  # fmt: skip
            made += 8
            continue
        if kind < 0.2:  # only the title says who
            extra = [f"LOCATION:Office {n % 40}"]
            title = f"Lunch with {contact_name(who)}"
        else:
            title = f"Meeting {n}"
        if kind > 0.97:
            extra.append("STATUS:CANCELLED")
        lines += _event(f"e{n}", start, rng.choice((15, 30, 45, 60, 90)), title, extra)
        made += 1
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def contacts_jsonl(contacts: int) -> str:
    import json

    return "".join(
        json.dumps({"type": "contact", "name": contact_name(i), "email": contact_email(i)}) + "\n"
        for i in range(contacts)
    )


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall ms, CPU ms) of one whole process: on a shared machine the CPU time says what
    the import costs, the wall time what a person waits."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"benchmark: {' '.join(argv)} failed: {done.stderr.strip()}")
    return (time.perf_counter() - start) * 1000, (_children_cpu() - cpu) * 1000


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rapport = [sys.executable, "-m", "rapport"]
    first, again = [], []
    with tempfile.TemporaryDirectory() as tmp:
        ics = Path(tmp) / "meetings.ics"
        ics.write_text(calendar(args.events, args.contacts), encoding="utf-8", newline="")
        people = Path(tmp) / "contacts.jsonl"
        people.write_text(contacts_jsonl(args.contacts), encoding="utf-8")
        for run in range(args.runs):
            env = {**os.environ, "RAPPORT_NOW": NOW, "RAPPORT_DB": f"{tmp}/j{run}.db"}
            _timed([*rapport, "import", str(people)], env)
            first.append(_timed([*rapport, "import", str(ics)], env))
            again.append(_timed([*rapport, "import", str(ics)], env))
    print(f"{args.events} events, {args.contacts} contacts, {args.runs} runs, load "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (medians)")  # fmt: skip
    for label, runs in (("first import", first), ("second import", again)):
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(f"{label:14} {wall:7.0f} ms wall {cpu:7.0f} ms CPU")


if __name__ == "__main__":
    main()
