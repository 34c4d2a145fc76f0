"""What every application function is given: the store, the moment, and a list of notes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from rapport import dates, names, settings
from rapport.errors import UsageError


@dataclass
class Context:
    """One command's store (inside its transaction) and `now`.

    `notes` collects what the person should be told ("using 'Acme Corp' for 'acme'"); the
    CLI prints them after the transaction, so nothing is printed half-way through one.
    """

    store: Any
    now: datetime
    notes: list[str] = field(default_factory=list)
    write: bool = False
    # Asked before a write goes to a close match of a typed name (the CLI: --yes, or a yes
    # at a terminal); raises to refuse. None: such a write is refused.
    confirm_guess: Callable[[str, names.Match], None] | None = None

    @property
    def today(self) -> date:
        return self.now.date()

    def note(self, text: str) -> None:
        self.notes.append(text)


FUTURE_SLACK = timedelta(minutes=5)  # a --when this little ahead is a clock, not a slip


class Unlikely(UsageError):
    """A date that is most likely a slip (a --when ahead, a --by behind): the CLI asks, or
    wants --yes to record it anyway."""


def check_moment(what: str, at: datetime, now: datetime, yes: bool) -> None:
    """`log --when`, `done --when`: what happened cannot be in the future."""
    if not yes and at > now + FUTURE_SLACK:
        shown = (
            at.date().isoformat() if at.time() == datetime.min.time() else f"{at:%Y-%m-%d %H:%M}"
        )
        raise Unlikely(f"{what} {shown} is in the future")


def check_due(what: str, due: date, made: date, today: date, yes: bool) -> None:
    """`--by`: a promise due before the day it was made is most likely a typo."""
    if not yes and due < made:
        where = "in the past" if made == today else f"before the day it was made ({made})"
        raise Unlikely(f"{what} {due.isoformat()} is {where}")


def typed_day(text: str, now: datetime) -> date:
    """A day a person typed (--by, --on, --to), read with their date order and week start."""
    return dates.parse_due(text, now, settings.get("date-order"), settings.get("week-start"))


def typed_moment(text: str, now: datetime) -> datetime:
    """A moment a person typed (--when, --since), read with their date order and week start."""
    return dates.parse_when(text, now, settings.get("date-order"), settings.get("week-start"))


@contextmanager
def opened(
    db: str | None,
    write: bool = True,
    label: str | None = None,
    confirm_guess: Callable[[str, names.Match], None] | None = None,
) -> Iterator[Context]:
    """The journal named by --db / RAPPORT_DB, inside one transaction: all or nothing.
    With a label, the writes are recorded for `rapport undo` under it."""
    from rapport.store import history, open_store

    now = dates.now()
    store = open_store(db, now, create=write)  # read-only: a missing journal is an error
    try:
        with store.transaction(write):
            if label is not None:
                history.start(store, label, now)
            yield Context(store, now, write=write, confirm_guess=confirm_guess)
            history.stop(store)
            if write:  # the trust model's running sums, in the same transaction as the write
                from rapport.store import sums

                sums.refresh(store, now)  # after the undo history: figures, not records
        store.run_deferred()
    finally:
        store.close()


def resolve(ctx: Context, name: str) -> names.Match:
    """The contact meant by `name` (exact, prefix, typo); a guess is noted for the person."""
    from rapport.store import contacts

    match = contacts.resolve(ctx.store, name)
    if match.how == "close" and ctx.write:
        if ctx.confirm_guess is None:
            raise names.unconfirmed(name, match)
        ctx.confirm_guess(name, match)
    if match.how != "exact":
        ctx.note(f"using '{match.name}' for '{name}'")
    return match
