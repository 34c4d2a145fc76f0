"""Care: doing what you said and what the client said they expect, keeping the rhythm, and
(lightly) the bookkeeping of thanks and expectations recorded."""

from collections.abc import Iterator
from datetime import date

from rapport.scoring.model import (
    CARE_WEIGHTS,
    EXPECTATION_GRACE_DAYS,
    EXPECTATION_LATE_HALF_LIFE,
    EXPECTATION_MISS_WEIGHT,
    Evidence,
    Expectation,
    Item,
    Part,
    Reason,
    blend,
    count,
    folded,
    recency,
    weigh,
)
from rapport.scoring.promises import MISSES, dated, matter_of, my_verdicts, reliability_items


def start_of(ev: Evidence) -> date | None:
    """When the work started: the contact's creation or the first interaction, if earlier.

    Not promises: recording an old promise must not make the expectations look later.
    """
    dates = [ev.created] if ev.created else []
    if ev.base and ev.base.first_day:
        dates.append(ev.base.first_day)
    return min(dates + [i.at.date() for i in ev.interactions], default=None)


# --- Behaviour: promises kept, expectations met ---------------------------------------------------
def missed_expectations(ev: Evidence, today: date) -> list[Item]:
    """One item (value 0) per miss of mine that fails an expectation recorded before it.

    A miss is a promise or follow-up of mine late, broken or overdue, or an incident; it fails
    an expectation when they share a matter word (promises.matter_of).
    """
    if not ev.expectations:
        return []
    misses = [
        (f"{kind} '{p.text}' {v.kind} (due {v.due})", dated(v, today), p.text)
        for kind, v, p in my_verdicts(ev, today)
        if v.kind in MISSES
    ]
    misses += [(f"incident '{i.text}'", i.at.date(), i.text) for i in ev.incidents]
    items = []
    for what, on, text in misses:
        e = matter_of(ev, text, on)
        if e is not None:
            words = f"expectation '{e.text}' (recorded {e.at.date()}) missed on {on}: {what}"
            items.append(Item(words, on, 0.0, EXPECTATION_MISS_WEIGHT))
    return items


# --- Rhythm ---------------------------------------------------------------------------------------
def _gap_item(start: date, end: date, every: int, running: bool) -> Item:
    """A gap between contacts (weighed by `_gap_share`), in words."""
    gap = (end - start).days
    if gap <= every:
        text = f"in touch within the {every}-day rhythm ({start} to {end})"
    elif running:
        text = f"{gap} days since the last contact ({start}) against a {every}-day rhythm"
    else:
        text = f"{gap} days without contact ({start} to {end}) against a {every}-day rhythm"
    return Item(text, end, *_gap_share(gap, every))


def _gap_share(gap: int, every: int) -> tuple[float, float]:
    """(value, weight) of a gap of `gap` days: one longer than the rhythm counts once per
    period it spans, so each period without contact is one miss."""
    return (1.0, 1.0) if gap <= every else (every / gap, gap / every)


def gap_pieces(days: list[date], every: int) -> Iterator[tuple[date, float, float]]:
    """(day, value, weight) of each gap between `days`: `gaps` without words, for running
    sums, which fold thousands."""
    for start, end in zip(days, days[1:], strict=False):
        yield (end, *_gap_share((end - start).days, every))


def contact_days(ev: Evidence) -> list[date]:
    """The days of contact the rhythm is judged by: each interaction's, and the contact's
    creation before them; with folded evidence, from the last contact day folded."""
    days = sorted({i.at.date() for i in ev.interactions})
    if ev.base and ev.base.last_day:
        days.insert(0, ev.base.last_day)  # every live day is later
    elif ev.created and (not days or ev.created < days[0]):
        days.insert(0, ev.created)
    return days


def gaps(days: list[date], every: int) -> list[Item]:
    return [_gap_item(a, b, every, False) for a, b in zip(days, days[1:], strict=False)]


def cadence(ev: Evidence, today: date, half_life: float) -> Part:
    if not ev.every_days or ev.every_days <= 0:
        return None, []
    days, every = contact_days(ev), ev.every_days
    items = gaps(days, every)
    # The running gap only counts once it is overdue; an unfinished short gap proves nothing.
    if days and (today - days[-1]).days > every:
        items.append(_gap_item(days[-1], today, every, True))
    return weigh("care", items, today, half_life, folded(ev, "rhythm", today, half_life))


# --- Bookkeeping ----------------------------------------------------------------------------------
def gratitude(ev: Evidence, today: date, half_life: float) -> Part:
    if not ev.interactions and not count(ev, "interactions"):
        return None, []
    thanks = [i.at.date() for i in ev.interactions if i.thanked]
    # One fresh thank-you is enough; its effect fades with the half-life.
    fresh = sum(recency(d, today, half_life) for d in thanks)
    level = min(1.0, fresh + folded(ev, "thanks", today, half_life)[0])
    if thanks:
        times = "once" if len(thanks) == 1 else f"{len(thanks)} times"
        text = f"thanked the client {times}, most recently on {max(thanks)}"
    else:
        text = "no thanks shown to the client on record"
    on = max(thanks) if thanks else None
    return 100.0 * level, [Reason("care", text, 100.0 * (level - 1.0), on)]


def timeliness(e: Expectation, start: date | None) -> float:
    """1 if recorded within the grace period of the start; halving every 90 days after."""
    late = (e.at.date() - start).days - EXPECTATION_GRACE_DAYS if start else 0
    return 0.5 ** (max(0, late) / EXPECTATION_LATE_HALF_LIFE)


def understanding(ev: Evidence) -> Part:
    """The best-founded expectation: agreed (1) or recorded (0.5), times its timeliness.

    The best one, not a sum or a mean: recording more never lowers it, and ten expectations
    typed late cannot add up to one agreed at the start. A state, so it does not decay.
    """
    if not ev.expectations:
        return 0.0, [Reason("care", "no client expectations recorded", -100.0, None)]
    start = start_of(ev)

    def credit(e: Expectation) -> float:
        return (1.0 if e.agreed else 0.5) * timeliness(e, start)

    best = max(ev.expectations, key=credit)
    level = credit(best)
    state = "agreed" if best.agreed else "recorded, not agreed"
    when = f"on {best.at.date()}"
    if timeliness(best, start) < 1.0 and start:
        when += f", {(best.at.date() - start).days} days after the start ({start})"
    text = f"best-founded expectation '{best.text}': {state} {when}"
    return 100.0 * level, [Reason("care", text, 100.0 * (level - 1.0), best.at.date())]


def care(ev: Evidence, today: date, half_life: float, kept: list[Item] | None = None) -> Part:
    """`kept`: my reliability items (promises.reliability_items), when already worked out."""
    if kept is None:
        kept = reliability_items(ev, "mine", today)
    if not kept and not count(ev, "reliability"):  # without a record of doing what you said,
        return None, []  # care is a guess
    mine, missed = (folded(ev, k, today, half_life) for k in ("reliability", "miss"))
    extra = (mine[0] + missed[0], mine[1] + missed[1])
    behaviour = weigh("care", kept + missed_expectations(ev, today), today, half_life, extra)
    rhythm = cadence(ev, today, half_life)
    value, reasons = blend(
        "care",
        [
            (CARE_WEIGHTS["reliability"], behaviour),
            (CARE_WEIGHTS["rhythm"], rhythm),
            (CARE_WEIGHTS["gratitude"], gratitude(ev, today, half_life)),
            (CARE_WEIGHTS["understanding"], understanding(ev)),
        ],
    )
    if rhythm[0] is None:
        reasons.append(Reason("care", "no contact rhythm set: rhythm unscored", 0.0))
    return value, reasons
