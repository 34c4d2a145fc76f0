"""A promise's verdict: on time, renegotiated in time, late by N days, broken, cancelled, open
or overdue. Every command that says how a promise went asks this module, and the trust model
scores the same verdicts.

Pure: a promise (any object with the attributes of `Record`, dates as `date`) and `today` in,
a `Verdict` out. A move counts only when the client was told on or before the date it
replaced; from the first move that was not, the promise is judged by the last date the
client was fairly told. So a promise moved silently and then done by its new date is late
against the date the client was told; while open, it is overdue from that date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from rapport.dates import late_phrase

KINDS = (
    "on_time", "renegotiated", "late", "broken", "cancelled", "not_needed", "open", "overdue",
)  # fmt: skip
NOT_NEEDED = "not-needed"  # promises.dropped_reason of `drop --not-needed`


class MoveLike(Protocol):
    old_due: date
    new_due: date
    moved_on: date
    told: bool


class PromiseLike(Protocol):
    due: date  # the current (latest) due date
    status: str  # open | done | broken | cancelled
    done_on: date | None
    closed_on: date | None
    moves: Sequence[MoveLike]


@dataclass(frozen=True)
class Move:
    old_due: date
    new_due: date
    moved_on: date
    told: bool


@dataclass(frozen=True)
class Record:
    """A promise or follow-up as the verdict reads it."""

    due: date
    status: str
    done_on: date | None = None
    closed_on: date | None = None
    moves: tuple[Move, ...] = ()
    dropped_reason: str | None = None  # 'not-needed': neither kept nor broken


@dataclass(frozen=True)
class Verdict:
    kind: str  # one of KINDS
    due: date  # the date it is judged by: the original, or the last one renegotiated in time
    days_late: int  # late: done after `due`; overdue: today after `due`; open: minus days left
    on: date | None  # when it was settled (done, broken, cancelled); None while open

    def words(self) -> str:
        """'on time', 'renegotiated in time', '3 days late', 'broken', 'due in 2 days'..."""
        if self.kind == "on_time":
            return "on time"
        if self.kind == "renegotiated":
            return "renegotiated in time"
        if self.kind in ("late", "overdue", "open"):
            return late_phrase(self.days_late)
        if self.kind == "not_needed":
            return "not needed"
        return self.kind

    def as_dict(self) -> dict[str, Any]:
        """The fields --json output adds to a promise."""
        return {
            "verdict": self.kind,
            "judged_by": self.due.isoformat(),
            "days_late": self.days_late,
            "verdict_text": self.words(),
        }


def original_due(p: PromiseLike) -> date:
    return p.moves[0].old_due if p.moves else p.due


def effective_due(p: PromiseLike) -> tuple[date, bool]:
    """The due date the promise is judged by, and whether it was fairly renegotiated.

    Moves count only while each was told to the client on or before the date it replaced;
    the first move that was not stops the chain. Moving a date earlier never extends it.
    """
    due, fair = original_due(p), False
    for m in p.moves:
        if not (m.told and m.moved_on <= m.old_due):
            break
        due, fair = max(due, m.new_due), True
    return due, fair


def agreed_due(p: PromiseLike) -> date:
    """The date the client was last told: the original, or the last move they were told of
    (even after the fact). A silent move changes nothing for the client, so an open promise
    moved silently is overdue from the date they were told."""
    due = original_due(p)
    for m in p.moves:
        if m.told:
            due = m.new_due
    return due


def judge(p: PromiseLike, today: date) -> Verdict:
    """The promise's verdict as of `today`: a settled one against its fairly renegotiated
    date (effective_due), an open one against the date the client was last told."""
    if p.status not in ("done", "cancelled", "broken"):  # open: most of what `due` judges
        agreed = agreed_due(p)
        days = (today - agreed).days
        return Verdict("overdue" if days > 0 else "open", agreed, days, None)
    eff, fair = effective_due(p)
    if p.status == "done":
        done = p.done_on or p.due  # a 'done' without a date: assume the current due date
        if done <= original_due(p):
            return Verdict("on_time", eff, 0, done)
        if fair and done <= eff:
            return Verdict("renegotiated", eff, 0, done)
        return Verdict("late", eff, (done - eff).days, done)
    if p.status == "cancelled" and getattr(p, "dropped_reason", None) == NOT_NEEDED:
        return Verdict("not_needed", eff, 0, p.closed_on or p.due)
    return Verdict(p.status, eff, 0, p.closed_on or p.due)  # broken, cancelled


def outcome(p: PromiseLike, today: date) -> tuple[str, date] | None:
    """What the trust model scores: (kind, the date that dates the evidence), or None.

    Settled promises are dated when settled; an open one past due is dated today, because it
    is still being missed. Cancelled and not-yet-due promises are not evidence.
    """
    v = judge(p, today)
    unsettled = v.kind == "overdue" and p.status != "open"
    if v.kind in ("cancelled", "not_needed", "open") or unsettled:
        return None  # not evidence: cancelled, not yet due, or an unknown status
    return v.kind, today if v.on is None else v.on


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def record(row: dict[str, Any]) -> Record:
    """A store row (ISO text dates; `moves` as rows, oldest first) as a Record."""
    moves = tuple(
        Move(_d(m["old_due"]), _d(m["new_due"]), _d(m["moved_on"]), bool(m["told"]))  # type: ignore[arg-type]
        for m in row.get("moves") or ()
    )
    return Record(
        due=_d(row["due"]),  # type: ignore[arg-type]
        status=row["status"],
        done_on=_d(row.get("done_on")),
        closed_on=_d(row.get("closed_on")),
        moves=moves,
        dropped_reason=row.get("dropped_reason"),
    )


def of_row(row: dict[str, Any], today: date) -> Verdict:
    return judge(record(row), today)


def judged(row: dict[str, Any], today: date) -> dict[str, Any]:
    """A promise row with its verdict's fields added (`row` needs its `moves`)."""
    return {**row, **of_row(row, today).as_dict()}
