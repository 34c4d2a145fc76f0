"""A ten-year consultant's journal as JSON Lines for `rapport import`, and a jrnl journal.

Target (issue 6): 5,000 contacts of whom 300 are active, 200,000 interactions, 50,000
promises, 20,000 follow-ups. Most contacts are dormant (their interactions are years old),
active ones have a stay-in-touch rhythm, a fifth of the promises are owed by clients, and
recent promises are still open, some of them overdue. Seeded: the same file every time.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

TARGET = {
    "contacts": 5_000,
    "active": 300,
    "interactions": 200_000,
    "promises": 50_000,
    "followups": 20_000,
    # The backlog a real journal carries (issue 13): promises long overdue, and follow-ups
    # planned and never closed, on top of the counts above.
    "overdue_backlog": 500,
    "stale_followups": 3_000,
}
NOW = datetime(2026, 11, 23, 9, 0)
YEARS = 10
TOPICS = ["scope", "budget", "timeline", "report", "invoice", "workshop", "renewal", "hiring"]
CHANNELS = ["email", "phone", "video", "meeting", "chat"]


def contact_name(i: int) -> str:
    return f"Client {i:05d}"


def record_count(scale: float, interactions: int | None = None) -> int:
    counts = _counts(scale, interactions)
    return sum(counts.values()) - counts["active"]


def _counts(scale: float, interactions: int | None = None) -> dict[str, int]:
    counts = {k: max(3, round(v * scale)) for k, v in TARGET.items()}
    if interactions is not None:  # the growth series: only the history grows
        counts["interactions"] = interactions
    return counts


def _moment(rng: random.Random, active: bool) -> datetime:
    """Active contacts: ten years, weighted to recent. Dormant ones: 2 to 10 years ago."""
    span = YEARS * 365
    days = rng.triangular(0, span, 0) if active else rng.uniform(2 * 365, span)
    return (NOW - timedelta(days=days)).replace(microsecond=0)


def _contacts(n: int, active: int, rng: random.Random) -> list[dict]:
    out = []
    for i in range(n):
        record = {
            "type": "contact",
            "name": contact_name(i),
            "org": f"Org {i % 1700:04d}",
            "email": f"client{i:05d}@example.com",
            "channel": rng.choice(CHANNELS),
            "tags": ["active"] if i < active else ["archive"],
            "notes": f"Prefers {rng.choice(['detail', 'big picture'])}; "
            f"likes {rng.choice(['cycling', 'jazz', 'chess', 'sailing'])}",
        }
        if i < active:
            record["every"] = rng.choice([14, 30, 60])
        out.append(record)
    return out


def _who(rng: random.Random, counts: dict[str, int]) -> tuple[int, bool]:
    if rng.random() < 0.85:
        return rng.randrange(counts["active"]), True
    return rng.randrange(counts["active"], counts["contacts"]), False


def _interactions(counts: dict[str, int], rng: random.Random) -> list[dict]:
    out = []
    for _ in range(counts["interactions"]):
        i, active = _who(rng, counts)
        topic = rng.choice(TOPICS)
        out.append(
            {
                "type": "interaction",
                "contact": contact_name(i),
                "at": _moment(rng, active).isoformat(),
                "channel": rng.choice(CHANNELS),
                "summary": f"Call about the {topic}: agreed next steps on the {topic}",
                "minutes": rng.choice([15, 20, 30, 45, 60]),
            }
        )
    return out


def _promise(rng: random.Random, counts: dict[str, int]) -> dict:
    i, active = _who(rng, counts)
    made = _moment(rng, active)
    due = made + timedelta(days=rng.randint(1, 21))
    record = {
        "type": "promise",
        "contact": contact_name(i),
        "made": made.date().isoformat(),
        "due": due.date().isoformat(),
        "text": f"send the {rng.choice(TOPICS)} notes",
        "direction": "theirs" if rng.random() < 0.2 else "mine",
    }
    if due >= NOW or (due >= NOW - timedelta(days=14) and rng.random() < 0.15):
        return record  # not due yet, or one of the few recent ones let slip: overdue
    status = rng.choices(["done", "done", "broken", "cancelled"], [70, 20, 5, 5])[0]
    record["status"] = status
    if status == "done":
        done = min(NOW, due + timedelta(days=rng.choice([-2, 0, 0, 1, 6])))
        record["done_at"] = max(made, done).date().isoformat()  # never before it was made
    else:  # dropped when it was given up, not on the day of the import
        record["closed_at"] = min(NOW, due + timedelta(days=rng.randint(0, 10))).date().isoformat()
    return record


def _overdue(rng: random.Random, counts: dict[str, int]) -> dict:
    """A promise of mine left open, due between a day and a year ago."""
    i, _ = _who(rng, counts)
    due = NOW - timedelta(days=rng.randint(1, 365))
    return {
        "type": "promise",
        "contact": contact_name(i),
        "made": (due - timedelta(days=rng.randint(1, 21))).date().isoformat(),
        "due": due.date().isoformat(),
        "text": f"send the {rng.choice(TOPICS)} figures",
        "direction": "mine",
    }


def _stale(rng: random.Random, counts: dict[str, int]) -> dict:
    """A follow-up planned and never closed, due between a month and three years ago."""
    i, _ = _who(rng, counts)
    due = NOW - timedelta(days=rng.randint(30, 3 * 365))
    return {
        "type": "followup",
        "contact": contact_name(i),
        "due": due.date().isoformat(),
        "reason": f"chase the {rng.choice(TOPICS)}",
    }


def _followup(rng: random.Random, counts: dict[str, int]) -> dict:
    i, active = _who(rng, counts)
    due = _moment(rng, active) + timedelta(days=rng.randint(3, 30))
    record = {
        "type": "followup",
        "contact": contact_name(i),
        "due": due.date().isoformat(),
        "reason": f"check in on the {rng.choice(TOPICS)}",
    }
    if due < NOW - timedelta(days=7) or rng.random() < 0.9:
        record["status"] = "done"
        record["done_at"] = min(NOW, due).date().isoformat()
    return record


def records(scale: float, seed: int = 7, interactions: int | None = None) -> list[dict]:
    rng = random.Random(seed)
    counts = _counts(scale, interactions)
    counts["active"] = min(counts["active"], counts["contacts"])
    out = _contacts(counts["contacts"], counts["active"], rng)
    out += _interactions(counts, rng)
    out += [_promise(rng, counts) for _ in range(counts["promises"])]
    out += [_followup(rng, counts) for _ in range(counts["followups"])]
    out += [_overdue(rng, counts) for _ in range(counts["overdue_backlog"])]
    out += [_stale(rng, counts) for _ in range(counts["stale_followups"])]
    return out


def write_jsonl(path: Path, scale: float, interactions: int | None = None) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records(scale, interactions=interactions):
            out.write(json.dumps(record) + "\n")


def jrnl_journal(entries: int, seed: int = 7) -> str:
    """A jrnl plain-text journal, oldest entry first, one entry a day or so."""
    rng = random.Random(seed)
    start = NOW - timedelta(days=entries)
    lines = []
    for n in range(entries):
        at = start + timedelta(days=n, minutes=rng.randint(0, 600))
        topic = rng.choice(TOPICS)
        lines.append(
            f"[{at:%Y-%m-%d %I:%M:%S %p}] Call with {contact_name(n % 300)} "
            f"about the {topic}.\nAgreed next steps on the {topic}.\n"
        )
    return "\n".join(lines)


def jrnl_config(journal: Path) -> str:
    return f"""colors:
  body: none
  date: none
  tags: none
  title: none
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: true
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v4.6
"""


if __name__ == "__main__":
    import sys

    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    interactions = int(sys.argv[3]) if len(sys.argv) > 3 else None
    write_jsonl(Path(sys.argv[1]), scale, interactions)
