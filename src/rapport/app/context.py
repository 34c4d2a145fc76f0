"""What every application function is given: the store, the moment, and a list of notes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rapport import dates, names


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
    store = open_store(db, now)
    try:
        with store.transaction(write):
            if label is not None:
                history.start(store, label, now)
            yield Context(store, now, write=write, confirm_guess=confirm_guess)
            history.stop(store)
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
