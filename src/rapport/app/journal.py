"""The journal: log an interaction, record and close promises and follow-ups, recurring series."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rapport import remembering, verdicts
from rapport.app.context import (
    Context,
    check_due,
    check_moment,
    resolve,
    typed_day,
    typed_moment,
)
from rapport.errors import NotFound, UsageError
from rapport.names import clean_name

TONES = ("tense", "neutral", "warm")

# --- log -----------------------------------------------------------------------------------


def log(
    ctx: Context,
    name: str,
    new: bool,
    text: str,
    details: dict[str, Any],
    tags: list[str],
    when: str | None,
    promises: list[tuple[str, str, str, str]],
    follow_up: str | None,
    yes: bool = False,
) -> dict[str, Any]:
    """Record an interaction, the promises (direction, text, by, size) and the follow-up it
    made; with details["referral"], the client's referral as a sign of trust. A --when ahead
    or a --by behind needs `yes`."""
    check_tone(details.get("tone"))
    for *_, size in promises:
        check_size(size)
    at = typed_moment(when, ctx.now) if when else ctx.now
    check_moment("--when", at, ctx.now, yes)
    dated = [(d, t, typed_day(b, ctx.now), z) for d, t, b, z in promises]
    for _, what, due, _ in dated:  # made when the interaction was: a backfilled log is fine
        check_due(f"--by for '{what}'", due, at.date(), ctx.today, yes)
    follow = typed_day(follow_up, ctx.now) if follow_up else None
    return record_log(ctx, name, new, at, text, details, tags, dated, follow)


def check_tone(tone: str | None) -> None:
    if tone is not None and tone not in TONES:
        raise UsageError(f"--tone must be one of {', '.join(TONES)}, not '{tone}'")


def check_size(size: str) -> None:
    if size != "normal":  # the usual case needs no import of the scorer
        from rapport.scoring.model import SIZES

        if size not in SIZES:
            raise UsageError(f"--size must be one of {', '.join(SIZES)}, not '{size}'")


def record_log(
    ctx: Context,
    name: str,
    new: bool,
    at: datetime,
    text: str,
    details: dict[str, Any],
    tags: list[str],
    dated: list[tuple[str, str, date, str]],
    follow: date | None,
) -> dict[str, Any]:
    from rapport.store import journal

    store, now = ctx.store, ctx.now
    contact_id, contact_name = contact_for_log(ctx, name, new)
    iid = journal.add_interaction(store, now, contact_id, at, text, details, tags)
    closed = journal.close_followups(store, contact_id, at, iid)
    if details.get("referral"):
        from rapport.store import signs

        signs.add_sign(store, contact_id, at, "referral", interaction_id=iid)
    made = []
    for direction, what, due, size in dated:
        pid = journal.add_promise(
            store, now, contact_id, what, due,
            direction=direction, made_on=at.date(), interaction_id=iid, size=size,
        )  # fmt: skip
        made.append(
            {"id": pid, "direction": direction, "text": what.strip(), "due": due.isoformat(),
             "size": size}
        )  # fmt: skip
    followup = None
    if follow:
        fid = journal.add_promise(
            store, now, contact_id, "follow up", follow,
            kind="followup", made_on=at.date(), interaction_id=iid,
        )  # fmt: skip
        followup = {"id": fid, "due": follow.isoformat()}
    return {
        "interaction": iid,
        "contact": contact_name,
        "at": at.isoformat(),
        "promises": made,
        "followup": followup,
        "closed_followups": [{"id": r["id"], "text": r["text"], "due": r["due"]} for r in closed],
    }


def contact_for_log(ctx: Context, name: str, new: bool) -> tuple[int, str]:
    """The contact a log is for; with `new`, a new contact unless the name is taken exactly."""
    from rapport.store import contacts

    try:
        match = resolve(ctx, name)
    except NotFound:
        if not new:
            raise
        contact_id = contacts.add(ctx.store, ctx.now, name, {}, [])
        ctx.note(f"added new contact '{clean_name(name)}'")
        return contact_id, clean_name(name)
    if new and match.how != "exact":
        raise UsageError(
            f"--new asks for a new contact, but '{name}' is close to '{match.name}'; "
            "use that name, or a clearly different one"
        )
    return match.id, match.name


# --- promises and follow-ups ---------------------------------------------------------------


def promise(
    ctx: Context,
    name: str,
    text: str,
    by: str,
    theirs: bool,
    recurs: str | None,
    after_done: bool,
    yes: bool = False,
    size: str = "normal",
) -> dict[str, Any]:
    """Record a promise; `recurs` (from parse_recurrence) starts a series with it."""
    from rapport.store import journal

    check_size(size)
    due = typed_day(by, ctx.now)
    check_due("--by", due, ctx.today, ctx.today, yes)
    match = resolve(ctx, name)
    direction = "theirs" if theirs else "mine"
    pid = journal.add_promise(
        ctx.store, ctx.now, match.id, text, due, direction=direction, size=size
    )
    if recurs is not None:
        from rapport.store import series

        series.start_series(ctx.store, pid, recurs, after_done)
    return journal.get_promise(ctx.store, pid)


def done(ctx: Context, promise_id: int, when: str | None, yes: bool = False) -> dict[str, Any]:
    """Close a promise or follow-up as done; a recurring one gets its next occurrence."""
    from rapport.store import journal

    at = typed_moment(when, ctx.now) if when else ctx.now
    check_moment("--when", at, ctx.now, yes)
    on = at.date()
    row = journal.complete(ctx.store, promise_id, on)
    return {**row, "next": continue_series(ctx, row, on), **verdict_fields(ctx, row)}


def verdict_fields(ctx: Context, row: dict[str, Any]) -> dict[str, Any]:
    """The verdict of one promise row (its moves read from the store), as --json shows it."""
    from rapport.store import journal

    [with_moves] = journal.with_moves(ctx.store, [dict(row)])
    return verdicts.of_row(with_moves, ctx.today).as_dict()


def move(ctx: Context, promise_id: int, to: str, told: bool) -> dict[str, Any]:
    from rapport.store import journal

    row = journal.move(ctx.store, promise_id, typed_day(to, ctx.now), ctx.today, told)
    return {**row, **verdict_fields(ctx, row)}


def drop(
    ctx: Context,
    promise_id: int,
    reason: str | None,
    agreed: bool,
    end_series: bool,
    not_needed: bool = False,
) -> dict[str, Any]:
    """End a promise undone: cancelled by agreement, else broken; not needed (a follow-up
    no longer needed, a promise the client released) counts neither way; `end_series` ends
    a series."""
    from rapport.store import journal

    reason = reason or "no longer needed"
    row = journal.drop(ctx.store, promise_id, reason, agreed, ctx.today, not_needed)
    if end_series and not row["every"]:
        kind = journal.kind_label(row)
        raise UsageError(f"{kind} {promise_id} does not recur; drop it without --series")
    nxt = None if end_series else continue_series(ctx, row, ctx.today)
    return {**row, "next": nxt, "series_ended": end_series, **verdict_fields(ctx, row)}


def followup(ctx: Context, name: str, on: str, reason: str | None) -> dict[str, Any]:
    from rapport.store import journal

    due = typed_day(on, ctx.now)
    match = resolve(ctx, name)
    text = (reason or "follow up").strip() or "follow up"
    fid = journal.add_promise(ctx.store, ctx.now, match.id, text, due, kind="followup")
    return journal.get_promise(ctx.store, fid)


# --- recurring promises --------------------------------------------------------------------


def parse_recurrence(every: str | None, after_done: bool) -> str | None:
    """A promise's --every as stored ('1m', '2w'), checked before the journal is opened."""
    if after_done and every is None:
        raise UsageError("--after-done needs --every INTERVAL, e.g. --every 2w --after-done")
    return None if every is None else remembering.parse_every(every)


def continue_series(ctx: Context, row: dict[str, Any], closed_on: date) -> dict[str, Any] | None:
    """After an occurrence is closed, create the next one; None when it is not recurring."""
    from rapport.store import series

    if not row.get("every"):
        return None
    due = remembering.next_due(
        row["every"],
        bool(row["after_done"]),
        anchor=series.scheduled_due(ctx.store, row["series_id"]),
        scheduled=series.scheduled_due(ctx.store, row["id"]),
        due=date.fromisoformat(row["due"]),
        closed_on=closed_on,
    )
    pid = series.add_occurrence(ctx.store, ctx.now, row, due, closed_on)
    return {"id": pid, "due": due.isoformat(), "every": row["every"]}
