"""The schema as SQLModel classes: the typed description of every table.

Not on the hot path: `log` and `due` use the stdlib driver with the SQL in migrations.py,
because importing SQLModel costs ~400 ms per run. tests/test_models.py checks that these
classes and the migrated schema agree column for column, so neither can drift.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Contact(SQLModel, table=True):
    __tablename__ = "contacts"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(unique=True)
    org: str | None = None
    email: str | None = None
    phone: str | None = None
    channel: str | None = None
    style: str | None = None
    attitude: str | None = None
    every_days: int | None = None
    at_most_days: int | None = None
    notes: str | None = None
    owner: str | None = None
    replaces_id: int | None = Field(default=None, foreign_key="contacts.id")
    archived: int = 0
    created_at: str
    created_by: str | None = None


class ContactTag(SQLModel, table=True):
    __tablename__ = "contact_tags"
    contact_id: int = Field(foreign_key="contacts.id", primary_key=True)
    tag: str = Field(primary_key=True)


class Tag(SQLModel, table=True):
    __tablename__ = "tags"
    tag: str = Field(primary_key=True)
    every_days: int | None = None
    at_most_days: int | None = None


class Interaction(SQLModel, table=True):
    __tablename__ = "interactions"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contacts.id")
    at: str
    channel: str | None = None
    summary: str
    minutes: int | None = None
    planned: int | None = None
    tone: str | None = None
    thanked: int = 0
    asked_advice: int = 0
    created_at: str
    created_by: str | None = None
    external_id: str | None = None  # calendar capture: "UID/RECURRENCE-ID" of the event


class InteractionTag(SQLModel, table=True):
    __tablename__ = "interaction_tags"
    interaction_id: int = Field(foreign_key="interactions.id", primary_key=True)
    tag: str = Field(primary_key=True)


class Promise(SQLModel, table=True):
    """A promise either way, or a follow-up (kind='followup'): one id space for both."""

    __tablename__ = "promises"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contacts.id")
    kind: str = "promise"
    direction: str = "mine"
    text: str
    made_on: str
    due: str
    status: str = "open"
    done_on: str | None = None
    closed_on: str | None = None
    reason: str | None = None
    interaction_id: int | None = Field(default=None, foreign_key="interactions.id")
    closed_by: int | None = Field(default=None, foreign_key="interactions.id")
    series_id: int | None = None
    every: str | None = None
    after_done: int = 0
    created_at: str
    created_by: str | None = None
    dropped_reason: str | None = None  # 'not-needed': dropped, neither kept nor broken
    size: str = "normal"


class PromiseMove(SQLModel, table=True):
    __tablename__ = "promise_moves"
    id: int | None = Field(default=None, primary_key=True)
    promise_id: int = Field(foreign_key="promises.id")
    old_due: str
    new_due: str
    moved_on: str
    told: int = 0


class Incident(SQLModel, table=True):
    __tablename__ = "incidents"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contacts.id")
    at: str
    text: str
    owned: int = 0
    told_first: int = 0
    resolved_on: str | None = None
    created_by: str | None = None


class Expectation(SQLModel, table=True):
    __tablename__ = "expectations"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contacts.id")
    at: str
    text: str
    agreed: int = 0
    created_by: str | None = None


class Sign(SQLModel, table=True):
    """Something the client did that shows trust: asked advice, referred someone, ..."""

    __tablename__ = "signs"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contacts.id")
    at: str
    kind: str
    note: str | None = None
    interaction_id: int | None = Field(default=None, foreign_key="interactions.id")
    created_by: str | None = None


class Handover(SQLModel, table=True):
    __tablename__ = "handovers"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contacts.id")
    at: str
    from_owner: str | None = None
    to_owner: str
    introduced: int = 0
    three_way: int = 0
    created_by: str | None = None


class Remember(SQLModel, table=True):
    __tablename__ = "remember"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contacts.id")
    label: str
    on_date: str
    yearly: int = 0
    created_by: str | None = None


class Migration(SQLModel, table=True):
    __tablename__ = "rapport_migrations"
    id: int = Field(primary_key=True)
    name: str
    applied_at: str


class UndoCommand(SQLModel, table=True):
    """A write command `rapport undo` can reverse (store/history.py)."""

    __tablename__ = "undo_commands"
    id: int | None = Field(default=None, primary_key=True)
    at: str
    command: str
    undone_at: str | None = None
    created_by: str | None = None


class UndoChange(SQLModel, table=True):
    """One row a command inserted, changed or deleted, with what undo needs to reverse it."""

    __tablename__ = "undo_changes"
    id: int | None = Field(default=None, primary_key=True)
    command_id: int = Field(foreign_key="undo_commands.id")
    table_name: str
    op: str
    row_key: str
    image: str | None = None
class ScoreSums(SQLModel, table=True):
    """Each contact's evidence folded into the trust model's running sums (JSON)."""

    __tablename__ = "score_sums"
    contact_id: int = Field(primary_key=True)
    written: str
    payload: str
    settled: str | None = None  # the figures, when they cannot change before the next write


class ScoreStale(SQLModel, table=True):
    """Contacts whose running sums a write has made stale, until it folds them again."""

    __tablename__ = "score_stale"
    contact_id: int = Field(primary_key=True)
