"""The command line: parse arguments, call the store, hand results to render. No SQL here.

Every command runs in one transaction, so a bad date anywhere records nothing.
"""

from __future__ import annotations

import functools
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from rapport import __version__, agenda, dates, render
from rapport.errors import RapportError, UsageError

app = typer.Typer(
    help="rapport: a relationship journal. Log calls, keep promises, see what is due.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state: dict[str, Any] = {"db": None, "debug": False}

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]


def _version(value: bool) -> None:
    if value:
        print(f"rapport {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="RAPPORT_DB",
            metavar="PATH",
            help="The journal file (or sqlite:///PATH, or postgresql+psycopg://USER@HOST/DB"
            " for a team's shared journal). Default: your user data folder.",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    _state["db"] = db
    _state["debug"] = debug


def _fail(text: str, code: int) -> typer.Exit:
    render.error(text)
    return typer.Exit(code)


def command(*args: Any, **kwargs: Any) -> Callable:
    """app.command, with errors turned into one line on stderr and an exit code."""

    def wrap(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def guarded(*a: Any, **k: Any) -> Any:
            try:
                return fn(*a, **k)
            except (typer.Exit, typer.Abort):
                raise
            except RapportError as exc:
                raise _fail(str(exc), exc.exit_code) from None
            except dates.DateError as exc:
                raise _fail(str(exc), 2) from None
            except OverflowError:  # a typed number too big for SQLite or for a date
                raise _fail("a number given is too large; use a smaller one", 2) from None
            except sqlite3.OperationalError as exc:
                if _state["debug"]:
                    raise
                raise _fail(f"the store could not be used: {exc}", 1) from None
            except BrokenPipeError:
                _silence_stdout()
                raise typer.Exit(1) from None
            except KeyboardInterrupt:
                raise _fail("interrupted; nothing was recorded", 130) from None
            except Exception as exc:
                if _state["debug"]:
                    raise
                # a database error's text runs on with the SQL: its first line says it
                first = (str(exc).strip().splitlines() or [""])[0]
                raise _fail(
                    f"unexpected {type(exc).__name__}: {first} (run with --debug for details)", 1
                ) from None

        return app.command(*args, **kwargs)(guarded)

    return wrap


def _silence_stdout() -> None:
    """The reader went away (`rapport due --json | head`): stop writing, say nothing."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@contextmanager
def session(write: bool = True) -> Iterator[tuple[Any, datetime]]:
    """The store and 'now' for one command, inside one transaction."""
    from rapport.store import open_store

    now = dates.now()
    store = open_store(_state["db"], now)
    try:
        with store.transaction(write):
            yield store, now
        store.run_deferred()
    finally:
        store.close()


def resolve(store: Any, name: str) -> Any:
    from rapport.store import contacts

    match = contacts.resolve(store, name)
    if match.how != "exact":
        render.message(f"using '{match.name}' for '{name}'")
    return match


def parse_channel(value: str | None) -> str | None:
    return value.strip().lower() if value and value.strip() else value


# ---------------------------------------------------------------- contacts


class ProfileOptions:
    """The profile options `add` and `edit` share, as Typer annotations."""

    org = Annotated[str | None, typer.Option(help="Organisation.")]
    email = Annotated[str | None, typer.Option(help="Email address.")]
    phone = Annotated[str | None, typer.Option(help="Phone number.")]
    channel = Annotated[
        str | None,
        typer.Option(help="How they like to be reached: email, phone, video, meeting, chat, ..."),
    ]
    style = Annotated[
        str | None,
        typer.Option(help="How they like to do business, e.g. 'detail', 'big-picture', 'chatty'."),
    ]
    attitude = Annotated[str | None, typer.Option(help="rigid, flexible or situational.")]
    every = Annotated[
        str | None, typer.Option(help="Stay-in-touch cadence: 30d, 2w, 3m.", metavar="INTERVAL")
    ]
    at_most = Annotated[
        str | None,
        typer.Option(
            "--at-most", help="Outer limit for staying in touch: 60d.", metavar="INTERVAL"
        ),
    ]
    tag = Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")]
    note = Annotated[
        str | None, typer.Option(help="Likes, dislikes, family: anything to remember them by.")
    ]


ATTITUDES = ("rigid", "flexible", "situational")


def profile_fields(**values: Any) -> dict[str, Any]:
    attitude = values.get("attitude")
    if attitude and attitude.strip().lower() not in ATTITUDES:
        raise UsageError(f"--attitude must be one of {', '.join(ATTITUDES)}, not '{attitude}'")
    fields = {
        "org": values.get("org"),
        "email": values.get("email"),
        "phone": values.get("phone"),
        "channel": parse_channel(values.get("channel")),
        "style": values.get("style"),
        "attitude": attitude.strip().lower() if attitude else attitude,
        "notes": values.get("note"),
    }
    for option, column in (("every", "every_days"), ("at_most", "at_most_days")):
        raw = values.get(option)
        if raw is not None:
            fields[column] = "" if raw.strip() == "" else dates.parse_every(raw)
    return fields


@command("add")
def add_cmd(
    name: Annotated[str, typer.Argument(help="The contact's name, e.g. 'Acme Corp'.")],
    org: ProfileOptions.org = None,
    email: ProfileOptions.email = None,
    phone: ProfileOptions.phone = None,
    channel: ProfileOptions.channel = None,
    style: ProfileOptions.style = None,
    attitude: ProfileOptions.attitude = None,
    every: ProfileOptions.every = None,
    at_most: ProfileOptions.at_most = None,
    tag: ProfileOptions.tag = None,
    note: ProfileOptions.note = None,
    owner: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Who looks after them (team mode default: you; '' for nobody). "
            "Later changes go through `rapport handover`.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a contact."""
    from rapport.store import contacts

    fields = {**profile_fields(**locals()), "owner": owner.strip() if owner else owner}
    with session() as (store, now):
        contact_id = contacts.add(store, now, name, fields, tag or [])
        person = contacts.get(store, contact_id)
    render.result(person, f"Added {person['name']} (id {contact_id}).", as_json)


@command("edit")
def edit_cmd(
    name: Annotated[str, typer.Argument(help="The contact to change.")],
    rename: Annotated[str | None, typer.Option(help="A new name.")] = None,
    org: ProfileOptions.org = None,
    email: ProfileOptions.email = None,
    phone: ProfileOptions.phone = None,
    channel: ProfileOptions.channel = None,
    style: ProfileOptions.style = None,
    attitude: ProfileOptions.attitude = None,
    every: ProfileOptions.every = None,
    at_most: ProfileOptions.at_most = None,
    tag: ProfileOptions.tag = None,
    untag: Annotated[list[str] | None, typer.Option(help="Remove a tag (repeatable).")] = None,
    note: ProfileOptions.note = None,
    replaces: Annotated[
        str | None,
        typer.Option(
            metavar="OTHER", help="They took over from OTHER at the client (no preferences copied)."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Change a contact's details ('' clears a field)."""
    from rapport.store import contacts

    fields = profile_fields(**locals())
    with session() as (store, _now):
        match = resolve(store, name)
        contacts.update(store, match.id, fields)
        contacts.add_tags(store, match.id, tag or [])
        contacts.remove_tags(store, match.id, untag or [])
        if rename is not None:
            contacts.rename(store, match.id, rename)
        if replaces is not None:
            from rapport.store import brief

            other = resolve(store, replaces).id if replaces.strip() else None
            brief.set_replaces(store, match.id, other)
        person = contacts.get(store, match.id)
    render.result(person, f"Updated {person['name']}.", as_json)


@command("archive")
def archive_cmd(
    name: Annotated[str, typer.Argument(help="The contact to hide.")],
    undo: Annotated[bool, typer.Option("--undo", help="Bring the contact back.")] = False,
) -> None:
    """Hide a contact from lists and the morning view; its history is kept."""
    from rapport.store import contacts

    with session() as (store, _now):
        match = resolve(store, name)
        contacts.set_archived(store, match.id, not undo)
    render.line(f"{'Restored' if undo else 'Archived'} {match.name}.")


@command("contacts")
def contacts_cmd(
    all_: Annotated[bool, typer.Option("--all", help="Include archived contacts.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List contacts: last interaction, open promises, next thing due."""
    from rapport import insights
    from rapport.store import views

    with session(write=False) as (store, now):
        rows = views.contacts_overview(store, include_archived=all_)
        trust = {
            r["contact"]: r["trust"]
            for r in insights.score_rows(
                store, now, insights.half_life(None), series=False, detail=()
            )
        }
    for row in rows:
        row["trust"] = trust.get(row["name"])
    if as_json:
        render.emit_json(rows)
    else:
        render.contacts(rows, now.date())


FullOpt = Annotated[
    bool, typer.Option("--full", help="List every row, not just the most useful ones.")
]


@command("show")
def show_cmd(
    name: Annotated[str, typer.Argument(help="The contact.")],
    full: FullOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """A contact's profile, then the timeline of interactions, promises and follow-ups."""
    from rapport import insights
    from rapport.cli_people import remembering
    from rapport.store import views

    with session(write=False) as (store, now):
        contact_id = resolve(store, name).id
        view = views.timeline(store, contact_id)
        view["score"] = insights.score_rows(
            store, now, insights.half_life(None), [contact_id], detail=("note",)
        )[0]
        view.update(remembering(store, contact_id, now.date()))
    if as_json:
        render.emit_json(view)
    else:
        render.contact(view, now.date(), show_all=full)


# ---------------------------------------------------------------- log


class RawArgsCommand(TyperCommand):
    """Keeps the raw arguments, so `log` can pair each --promise with the --by after it."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta["raw_args"] = list(args)
        return super().parse_args(ctx, args)


PROMISE_FLAGS = {"--promise": "mine", "--they-promise": "theirs"}


def pair_promises(raw: list[str]) -> list[tuple[str, str, str]]:
    """(direction, text, by) in the order typed: each --by belongs to the promise before it."""
    pairs: list[list[str | None]] = []
    tokens = iter(raw)
    for token in tokens:
        if token == "--":
            break
        flag, _, inline = token.partition("=")
        if flag not in (*PROMISE_FLAGS, "--by"):
            continue
        value = inline if "=" in token else next(tokens, "")
        if flag in PROMISE_FLAGS:
            pairs.append([PROMISE_FLAGS[flag], value, None])
        elif not pairs or pairs[-1][2] is not None:
            raise UsageError("--by DATE must follow the --promise or --they-promise it dates")
        else:
            pairs[-1][2] = value
    for direction, text, by in pairs:
        if by is None:
            flag = "--promise" if direction == "mine" else "--they-promise"
            raise UsageError(f"{flag} '{text}' needs a date: add --by DATE after it")
    return [(d, t, b) for d, t, b in pairs]  # type: ignore[misc]


def read_summary(summary: str | None) -> str:
    if summary == "-":
        text = sys.stdin.read().strip()
    elif summary is None:
        from rapport.editor import edit_text

        text = edit_text()
    else:
        text = summary.strip()
    if not text:
        raise UsageError("the summary is empty; say in a few words what happened")
    return text


TONES = ("tense", "neutral", "warm")


@command("log", cls=RawArgsCommand)
def log_cmd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The contact.")],
    summary: Annotated[
        str | None,
        typer.Argument(help="What happened. '-' reads stdin; none opens $EDITOR."),
    ] = None,
    when: Annotated[
        str | None, typer.Option(help="When it happened: 'yesterday 3pm', 'friday', ISO.")
    ] = None,
    channel: Annotated[str | None, typer.Option(help="email, phone, video, meeting, ...")] = None,
    minutes: Annotated[int | None, typer.Option(min=0, help="How long it took.")] = None,
    planned: Annotated[int | None, typer.Option(min=0, help="The minutes agreed for it.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")] = None,
    promise: Annotated[
        list[str] | None,
        typer.Option("--promise", help="What I promised; follow with --by DATE. Repeatable."),
    ] = None,
    they_promise: Annotated[
        list[str] | None,
        typer.Option("--they-promise", help="What they promised me; follow with --by DATE."),
    ] = None,
    by: Annotated[
        list[str] | None, typer.Option("--by", help="Due date of the promise before it.")
    ] = None,
    follow_up: Annotated[
        str | None, typer.Option("--follow-up", help="When to follow up: 'next week', ISO.")
    ] = None,
    thanked: Annotated[bool, typer.Option("--thanked", help="Gratitude was shown.")] = False,
    asked_advice: Annotated[
        bool, typer.Option("--asked-advice", help="They asked what I would do.")
    ] = False,
    tone: Annotated[str | None, typer.Option(help="tense, neutral or warm.")] = None,
    new: Annotated[bool, typer.Option("--new", help="Create the contact if it is new.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Record an interaction, with the promises and follow-up that came out of it."""
    if tone is not None and tone not in TONES:
        raise UsageError(f"--tone must be one of {', '.join(TONES)}, not '{tone}'")
    pairs = pair_promises(ctx.meta.get("raw_args", []))
    text = read_summary(summary)
    details = {
        "channel": parse_channel(channel),
        "minutes": minutes,
        "planned": planned,
        "tone": tone,
        "thanked": thanked,
        "asked_advice": asked_advice,
    }
    with session() as (store, now):
        at = dates.parse_when(when, now) if when else now
        dated = [(d, t, dates.parse_due(b, now)) for d, t, b in pairs]
        follow = dates.parse_due(follow_up, now) if follow_up else None
        result = record_log(store, now, name, new, at, text, details, tag or [], dated, follow)
    if as_json:
        render.emit_json(result)
    else:
        render_logged(result)


def record_log(
    store: Any,
    now: datetime,
    name: str,
    new: bool,
    at: datetime,
    text: str,
    details: dict[str, Any],
    tags: list[str],
    dated: list[tuple[str, str, date]],
    follow: date | None,
) -> dict[str, Any]:
    from rapport.store import journal

    contact_id, contact_name = contact_for_log(store, now, name, new)
    iid = journal.add_interaction(store, now, contact_id, at, text, details, tags)
    closed = journal.close_followups(store, contact_id, at, iid)
    made = []
    for direction, what, due in dated:
        pid = journal.add_promise(
            store,
            now,
            contact_id,
            what,
            due,
            direction=direction,
            made_on=at.date(),
            interaction_id=iid,
        )
        made.append(
            {"id": pid, "direction": direction, "text": what.strip(), "due": due.isoformat()}
        )
    followup = None
    if follow:
        fid = journal.add_promise(
            store,
            now,
            contact_id,
            "follow up",
            follow,
            kind="followup",
            made_on=at.date(),
            interaction_id=iid,
        )
        followup = {"id": fid, "due": follow.isoformat()}
    return {
        "interaction": iid,
        "contact": contact_name,
        "at": at.isoformat(),
        "promises": made,
        "followup": followup,
        "closed_followups": [{"id": r["id"], "text": r["text"], "due": r["due"]} for r in closed],
    }


def contact_for_log(store: Any, now: datetime, name: str, new: bool) -> tuple[int, str]:
    from rapport.errors import NotFound
    from rapport.store import contacts

    try:
        match = resolve(store, name)
    except NotFound:
        if not new:
            raise
        contact_id = contacts.add(store, now, name, {}, [])
        render.message(f"added new contact '{contacts.clean_name(name)}'")
        return contact_id, contacts.clean_name(name)
    if new and match.how != "exact":
        raise UsageError(
            f"--new asks for a new contact, but '{name}' is close to '{match.name}'; "
            "use that name, or a clearly different one"
        )
    return match.id, match.name


def render_logged(result: dict[str, Any]) -> None:
    render.line(f"Logged: {result['contact']}, {result['at'][:16].replace('T', ' ')}.")
    for p in result["promises"]:
        who = "I promised" if p["direction"] == "mine" else "they promised"
        render.line(f"  promise {p['id']}: {who} '{p['text']}' by {p['due']}")
    if result["followup"]:
        f = result["followup"]
        render.line(f"  follow-up {f['id']} on {f['due']}")
    for f in result["closed_followups"]:
        render.line(f"  closed follow-up {f['id']} (was due {f['due']})")


# ---------------------------------------------------------------- promises


ById = Annotated[int, typer.Argument(help="The promise or follow-up id (see rapport due).")]


@command("promise")
def promise_cmd(
    name: Annotated[str, typer.Argument(help="The contact.")],
    text: Annotated[str, typer.Argument(help="What was promised.")],
    by: Annotated[str, typer.Option("--by", help="Due date: friday, 2026-12-01, 3d, ...")],
    theirs: Annotated[
        bool, typer.Option("--theirs", help="They promised it to me, not I to them.")
    ] = False,
    every: Annotated[
        str | None,
        typer.Option(help="It recurs: 1m, 2w, 30d, 1y. Done creates the next.", metavar="INTERVAL"),
    ] = None,
    after_done: Annotated[
        bool, typer.Option("--after-done", help="Count the next from when it is done.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Record a promise: mine to the client, or with --theirs, theirs to me."""
    from rapport import people
    from rapport.cli_people import parse_recurrence, start_series
    from rapport.store import journal

    recurs = parse_recurrence(every, after_done)
    with session() as (store, now):
        due = dates.parse_due(by, now)
        match = resolve(store, name)
        direction = "theirs" if theirs else "mine"
        pid = journal.add_promise(store, now, match.id, text, due, direction=direction)
        start_series(store, pid, recurs, after_done)
        row = journal.get_promise(store, pid)
    if as_json:
        render.emit_json(row)
    else:
        who = "they promised" if theirs else "I promised"
        render.line(
            f"Promise {pid}: {who} {match.name} '{row['text']}' by {row['due']}"
            + (f", {people.every_words(recurs, after_done)}." if recurs else ".")
        )


@command("done")
def done_cmd(
    promise_id: ById,
    when: Annotated[str | None, typer.Option(help="When it was done (default today).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Mark a promise or follow-up done; a recurring promise gets its next occurrence."""
    from rapport.cli_people import continue_series, next_words
    from rapport.store import journal

    with session() as (store, now):
        on = dates.parse_when(when, now).date() if when else now.date()
        row = journal.complete(store, promise_id, on)
        nxt = continue_series(store, now, row, on)
    if as_json:
        render.emit_json({**row, "next": nxt})
        return
    late = (date.fromisoformat(row["done_on"]) - date.fromisoformat(row["due"])).days
    timing = f"{late} days late" if late > 0 else "on time"
    render.line(
        f"Done: {journal.kind_label(row)} {promise_id} '{row['text']}' for {row['contact']}"
        f" ({timing})."
        + next_words(nxt)
    )


@command("move")
def move_cmd(
    promise_id: ById,
    to: Annotated[str, typer.Option("--to", help="The new due date.")],
    told: Annotated[
        bool, typer.Option("--told", help="The client was told (renegotiated, not just slipped).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Renegotiate a due date; the history of due dates is kept."""
    from rapport.store import journal

    with session() as (store, now):
        row = journal.move(store, promise_id, dates.parse_due(to, now), now.date(), told)
    if as_json:
        render.emit_json(row)
        return
    before = date.fromisoformat(row["old_due"]) >= now.date()
    note = ("told before it was due" if before else "told after it was due") if told else "not told"
    render.line(
        f"Moved {promise_id} '{row['text']}' from {row['old_due']} to {row['due']} ({note})."
    )


@command("drop")
def drop_cmd(
    promise_id: ById,
    reason: Annotated[str, typer.Option("--reason", help="Why it ends.")],
    agreed: Annotated[
        bool,
        typer.Option("--agreed", help="Cancelled by agreement (otherwise it counts as broken)."),
    ] = False,
    series: Annotated[
        bool, typer.Option("--series", help="A recurring promise: end the series, no more come.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """End a promise without doing it: cancelled with --agreed, otherwise broken."""
    from rapport.cli_people import continue_series, next_words
    from rapport.store import journal

    with session() as (store, now):
        row = journal.drop(store, promise_id, reason, agreed, now.date())
        if series and not row["every"]:
            kind = journal.kind_label(row)
            raise UsageError(f"{kind} {promise_id} does not recur; drop it without --series")
        nxt = None if series else continue_series(store, now, row, now.date())
    if as_json:
        render.emit_json({**row, "next": nxt, "series_ended": series})
    else:
        status = row["status"].capitalize()
        render.line(
            f"{status}: {journal.kind_label(row)} {promise_id} '{row['text']}' ({reason})."
            + (" The series ends: no more will come." if series else next_words(nxt))
        )


@command("followup")
def followup_cmd(
    name: Annotated[str, typer.Argument(help="The contact.")],
    on: Annotated[str, typer.Option("--on", help="When: 'next week', friday, ISO.")],
    reason: Annotated[str | None, typer.Argument(help="Why to follow up.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Plan a follow-up; logging an interaction with the contact closes it."""
    from rapport.store import journal

    with session() as (store, now):
        due = dates.parse_due(on, now)
        match = resolve(store, name)
        fid = journal.add_promise(
            store,
            now,
            match.id,
            (reason or "follow up").strip() or "follow up",
            due,
            kind="followup",
        )
        row = journal.get_promise(store, fid)
    if as_json:
        render.emit_json(row)
    else:
        render.line(f"Follow-up {fid} with {match.name} on {row['due']}: {row['text']}.")


# ---------------------------------------------------------------- due


@command("due")
def due_cmd(
    days: Annotated[int, typer.Option(min=0, help="How many days ahead to look.")] = 7,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 3 when a promise of mine is overdue.")
    ] = False,
    full: FullOpt = False,
    mine: Annotated[
        bool, typer.Option("--mine", help="Only my contacts and unowned ones (team default).")
    ] = False,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="NAME", help="Only the contacts NAME owns.")
    ] = None,
    everyone: Annotated[
        bool, typer.Option("--all", help="Every contact, whoever owns it (solo default).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """The morning view: overdue, due, follow-ups, dates to remember, who to reconnect with,
    what is owed to me."""
    from rapport import insights
    from rapport.store import people as people_store
    from rapport.store import views

    if mine + everyone + (owner is not None) > 1:
        raise UsageError("choose one of --mine, --owner NAME and --all")
    with session(write=False) as (store, now):
        today = now.date()
        rows = views.due_promises(store, views.window(today, days))
        remembered = people_store.active_dates(store)
        checkins = views.checkins(store, today)
        shown = _shown_contacts(store, mine, owner, everyone)
        if shown is not None:
            rows, remembered, checkins = (
                [r for r in part if r["contact_id"] in shown]
                for part in (rows, remembered, checkins)
            )
        items = agenda.morning(rows, checkins, today, remembered, days)
        empty = not items and views.is_empty(store)
        flagged = insights.flags(store, now, {item["contact"] for item in items})
    for item in items:
        item["trust_note"] = flagged.get(item["contact"])
    if as_json:
        render.emit_json(items)
    else:
        render.due(items, days, empty, show_all=full)
    if check and agenda.has_overdue(items):
        raise typer.Exit(3)


def _shown_contacts(store: Any, mine: bool, owner: str | None, everyone: bool) -> set | None:
    """Whose contacts `due` shows: None for all. In team mode (PostgreSQL) the default is
    mine, since a shared journal's morning list is everyone's otherwise; solo, all."""
    from rapport.store import views

    if owner is not None:
        return views.owned_by(store, owner.strip(), with_unowned=False)
    if everyone or (not mine and store.dialect == "sqlite"):
        return None
    return views.owned_by(store, store.user, with_unowned=True)


def run(argv: list[str]) -> int:
    try:
        app(args=argv, prog_name="rapport")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


FEATURES = ("cli_trust", "cli_people", "cli_brief", "cli_interchange", "cli_safety")


def _register_features() -> None:
    """Each feature module adds its commands to `app`; imported once `command` exists."""
    import importlib

    for name in FEATURES:
        importlib.import_module(f"rapport.{name}")


_register_features()
