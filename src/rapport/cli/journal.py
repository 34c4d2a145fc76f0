"""Commands of the journal: log, promise, done, move, drop, followup."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from rapport import render
from rapport.cli.base import JsonOpt, TypedCommand, YesOpt, command, confirmed, session
from rapport.errors import UsageError

PROMISE_FLAGS = {"--promise": "mine", "--they-promise": "theirs"}


def pair_promises(raw: list[str]) -> list[tuple[str, str, str, str]]:
    """(direction, text, by, size) in the order typed: each --by and --size belongs to the
    promise before it (size 'normal' when not given)."""
    pairs: list[list[str | None]] = []
    tokens = iter(raw)
    for token in tokens:
        if token == "--":
            break
        flag, _, inline = token.partition("=")
        if flag not in (*PROMISE_FLAGS, "--by", "--size"):
            continue
        value = inline if "=" in token else next(tokens, "")
        if flag in PROMISE_FLAGS:
            pairs.append([PROMISE_FLAGS[flag], value, None, None])
            continue
        slot = 2 if flag == "--by" else 3
        if not pairs or pairs[-1][slot] is not None:
            what = "DATE" if flag == "--by" else "small|normal|big"
            raise UsageError(f"{flag} {what} must follow the --promise or --they-promise it is for")
        pairs[-1][slot] = value
    for direction, text, by, _ in pairs:
        if by is None:
            flag = "--promise" if direction == "mine" else "--they-promise"
            raise UsageError(f"{flag} '{text}' needs a date: add --by DATE after it")
    return [(d, t, b, z or "normal") for d, t, b, z in pairs]  # type: ignore[misc]


SizeOpt = Annotated[
    str, typer.Option("--size", help="How much rides on it: small, normal or big.")
]


def read_summary(summary: str | None) -> str:
    """The summary as typed, from stdin ('-'), or from $EDITOR when none is given."""
    if summary == "-":
        from rapport.app import inputs

        text = inputs.text("-").strip()
    elif summary is None:
        from rapport.cli.editor import edit_text

        text = edit_text()
    else:
        text = summary.strip()
    if not text:
        raise UsageError("the summary is empty; say in a few words what happened")
    return text


@command("log", cls=TypedCommand)
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
    size: Annotated[
        list[str] | None,
        typer.Option("--size", help="small, normal or big: the promise before it."),
    ] = None,
    follow_up: Annotated[
        str | None, typer.Option("--follow-up", help="When to follow up: 'next week', ISO.")
    ] = None,
    thanked: Annotated[bool, typer.Option("--thanked", help="Gratitude was shown.")] = False,
    asked_advice: Annotated[
        bool, typer.Option("--asked-advice", help="They asked what I would do (a sign of trust).")
    ] = False,
    referral: Annotated[
        bool, typer.Option("--referral", help="They referred someone to me (a sign of trust).")
    ] = False,
    tone: Annotated[str | None, typer.Option(help="tense, neutral or warm.")] = None,
    new: Annotated[bool, typer.Option("--new", help="Create the contact if it is new.")] = False,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Record an interaction, with the promises and follow-up that came out of it."""
    from rapport.app import journal
    from rapport.app.contacts import clean_channel

    journal.check_tone(tone)
    pairs = pair_promises(ctx.meta.get("raw_args", []))
    text = read_summary(summary)
    details = {
        "channel": clean_channel(channel),
        "minutes": minutes,
        "planned": planned,
        "tone": tone,
        "thanked": thanked,
        "asked_advice": asked_advice,
        "referral": referral,
    }

    def work(sure: bool) -> dict[str, Any]:
        with session() as ctx:
            args = (name, new, text, details, tag or [], when, pairs, follow_up)
            return journal.log(ctx, *args, yes=yes or sure)

    result = confirmed(work)
    if as_json:
        render.emit_json(result)
    else:
        from rapport.render.journal import logged

        logged(result)


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
    yes: YesOpt = False,
    size: SizeOpt = "normal",
    as_json: JsonOpt = False,
) -> None:
    """Record a promise: mine to the client, or with --theirs, theirs to me."""
    from rapport import remembering
    from rapport.app import journal

    recurs = journal.parse_recurrence(every, after_done)
    journal.check_size(size)

    def work(sure: bool) -> dict[str, Any]:
        with session() as ctx:
            return journal.promise(
                ctx, name, text, by, theirs, recurs, after_done, yes=yes or sure, size=size
            )

    row = confirmed(work)
    if as_json:
        render.emit_json(row)
    else:
        from rapport.render.journal import promised

        promised(row, remembering.every_words(recurs, after_done) if recurs else None)


@command("done")
def done_cmd(
    promise_id: ById,
    when: Annotated[str | None, typer.Option(help="When it was done (default today).")] = None,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Mark a promise or follow-up done; a recurring promise gets its next occurrence."""
    from rapport.app import journal

    def work(sure: bool) -> dict[str, Any]:
        with session() as ctx:
            return journal.done(ctx, promise_id, when, yes or sure)

    row = confirmed(work)
    if as_json:
        render.emit_json(row)
    else:
        from rapport.render.journal import done

        done(row)


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
    from rapport.app import journal

    with session() as ctx:
        row = journal.move(ctx, promise_id, to, told)
    if as_json:
        render.emit_json(row)
    else:
        from rapport.render.journal import moved

        moved(row, ctx.today)


@command("drop")
def drop_cmd(
    promise_id: ById,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it ends.")] = None,
    agreed: Annotated[
        bool,
        typer.Option("--agreed", help="Cancelled by agreement (otherwise it counts as broken)."),
    ] = False,
    not_needed: Annotated[
        bool,
        typer.Option(
            "--not-needed",
            help="A follow-up no longer needed, a promise the client released:"
            " counts neither kept nor broken.",
        ),
    ] = False,
    series: Annotated[
        bool, typer.Option("--series", help="A recurring promise: end the series, no more come.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """End a promise without doing it: cancelled with --agreed, otherwise broken."""
    from rapport.app import journal

    if reason is None and not not_needed:
        raise UsageError("say why it ends with --reason, or use --not-needed")
    with session() as ctx:
        row = journal.drop(ctx, promise_id, reason, agreed, series, not_needed)
    if as_json:
        render.emit_json(row)
    else:
        from rapport.render.journal import dropped

        dropped(row)


@command("followup")
def followup_cmd(
    name: Annotated[str, typer.Argument(help="The contact.")],
    on: Annotated[str, typer.Option("--on", help="When: 'next week', friday, ISO.")],
    reason: Annotated[str | None, typer.Argument(help="Why to follow up.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Plan a follow-up; logging an interaction with the contact closes it."""
    from rapport.app import journal

    with session() as ctx:
        row = journal.followup(ctx, name, on, reason)
    if as_json:
        render.emit_json(row)
    else:
        from rapport.render.journal import followup

        followup(row)
