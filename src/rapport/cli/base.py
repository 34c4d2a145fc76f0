"""The Typer app, its global options, the error boundary every command runs in, and the
session (one transaction) every command's work happens in. Commands live in the feature
modules of this package; they parse, make one call into rapport.app, and render.
"""

from __future__ import annotations

import functools
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from rapport import __version__, dates, render
from rapport.errors import RapportError, UsageError

if TYPE_CHECKING:
    from rapport.app.context import Context


class Rapport(typer.Typer):
    """Builds only the command being run: Typer turns every registered command into a
    click command on each call (~35 ms for all of them), while a run uses one. `--help`, an
    unknown name (click then suggests the close one) and the tests' get_command(app) build
    them all."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        argv = kwargs.get("args")
        chosen = self._named(sys.argv[1:] if argv is None else argv)
        if chosen is None:
            return super().__call__(*args, **kwargs)
        every = self.registered_commands, self.registered_groups
        self.registered_commands = [c for c in every[0] if _name(c) == chosen]
        self.registered_groups = [g for g in every[1] if g.name == chosen]
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self.registered_commands, self.registered_groups = every

    def _named(self, argv: list[str]) -> str | None:
        """The command's name in `argv` when it names a registered one."""
        word = command_word(argv)
        names = [_name(c) for c in self.registered_commands]
        names += [g.name for g in self.registered_groups]
        return word if word in names else None


def command_word(argv: list[str]) -> str | None:
    """The first word of `argv` after the global options: the command's name, if any."""
    tokens = iter(argv)
    for token in tokens:
        if token == "--db":
            next(tokens, None)  # its value
        elif not token.startswith("-"):
            return token
    return None


def _name(info: Any) -> str:
    return info.name or info.callback.__name__.replace("_", "-")


app = Rapport(
    help="rapport: a relationship journal. Log calls, keep promises, see what is due.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Settings:
    """What the global options chose for this run."""

    db: str | None = None  # --db / RAPPORT_DB; None: the default journal file
    debug: bool = False  # --debug: tracebacks instead of one line
    argv: list[str] | None = None  # the command as typed, for the undo history
    yes: bool = False  # --yes: a close match of a name, or a delete, without asking


settings = Settings()

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]
YesOpt = Annotated[
    bool,
    typer.Option(
        "--yes",
        "-y",
        help="Go ahead without asking: a close match of the name, a date that looks like a"
        " slip, a delete.",
    ),
]
FullOpt = Annotated[
    bool, typer.Option("--full", help="List every row, not just the most useful ones.")
]


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
    settings.db = db
    settings.debug = debug


def _fail(text: str, code: int) -> typer.Exit:
    render.error(text)
    return typer.Exit(code)


class TypedCommand(TyperCommand):
    """Keeps the arguments as typed: `log` pairs each --promise with the --by after it, and
    the undo history names each command as it was typed."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta["raw_args"] = list(args)
        settings.argv = [ctx.info_name, *args]
        return super().parse_args(ctx, args)


# Commands that write to a contact found by name, or delete: they take --yes, which lets a
# typo's close match be written to, or a delete go ahead, with nobody at a terminal to ask.
CONFIRMED = {
    "edit", "archive", "log", "promise", "followup", "remember", "incident", "expect",
    "handover", "fix", "delete",
}  # fmt: skip


def _with_yes(fn: Callable, guarded: Callable) -> None:
    """Give `guarded` a --yes option the command itself never sees (kept in settings)."""
    import inspect

    signature = inspect.signature(fn, eval_str=True)
    yes = inspect.Parameter("yes", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=YesOpt)
    guarded.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), yes]
    )


def command(*args: Any, on: typer.Typer | None = None, **kwargs: Any) -> Callable:
    """app.command (or `on`'s, for a group like `config`), with errors turned into one line
    on stderr and an exit code."""

    def wrap(fn: Callable) -> Callable:
        asks_yes = bool(args) and args[0] in CONFIRMED
        code = fn.__code__
        own_yes = "yes" in code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]

        @functools.wraps(fn)
        def guarded(*a: Any, **k: Any) -> Any:
            # one --yes per command: its own (a slip of a date) or the one added here
            settings.yes = k.get("yes", False) if own_yes else k.pop("yes", False)
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
                if settings.debug:
                    raise
                raise _fail(f"the store could not be used: {exc}", 1) from None
            except BrokenPipeError:  # `rapport export | head -1`: the reader had enough
                _silence_stdout()
                raise typer.Exit(0) from None
            except UnicodeError:  # bytes that are not UTF-8 (argv, environment, a file name)
                if settings.debug:
                    raise
                raise _fail(NOT_UTF8, 2) from None
            except OSError as exc:  # a path the system refused, met outside the store
                if settings.debug:
                    raise
                known = _file_error(exc)
                raise _fail(str(known), known.exit_code) from None
            except KeyboardInterrupt:
                raise _fail("interrupted; nothing was recorded", 130) from None
            except Exception as exc:
                if settings.debug:
                    raise
                # a database error's text runs on with the SQL: its first line says it
                first = (str(exc).strip().splitlines() or [""])[0]
                raise _fail(
                    f"unexpected {type(exc).__name__}: {first} (run with --debug for details)", 1
                ) from None

        kwargs.setdefault("cls", TypedCommand)
        if asks_yes and not own_yes:
            _with_yes(fn, guarded)
        return (on or app).command(*args, **kwargs)(guarded)

    return wrap


NOT_UTF8 = "an argument is not valid UTF-8 text; retype it, or set a UTF-8 locale"


def _file_error(exc: OSError) -> RapportError:
    from rapport.app.inputs import file_error

    return file_error("use", exc.filename or "a file", exc)


def _silence_stdout() -> None:
    """The reader went away (`rapport due --json | head`): stop writing, say nothing."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@contextmanager
def session(write: bool = True, record: bool = True) -> Iterator[Context]:
    """One command's Context (store and now) inside one transaction; the notes the work
    left are printed on stderr once the transaction is over, even when it failed. A write
    command's changes are recorded for `rapport undo` (record=False: undo itself)."""
    import shlex

    from rapport.app.context import opened

    label = shlex.join(settings.argv or ["rapport"]) if write and record else None
    notes: list[str] = []
    try:
        with opened(settings.db, write, label, confirm_guess) as ctx:
            notes = ctx.notes
            yield ctx
    finally:
        for text in notes:
            render.message(text)


def confirm_guess(query: str, match: Any) -> None:
    """Before a write to a close match of a typed name: --yes, or a yes at a terminal."""
    from rapport import names

    _yes_or_refuse(
        names.question(query, match),
        names.unconfirmed(query, match),
        "nothing was written; type the contact's name as it is",
    )


def confirm(question: str) -> None:
    """A yes before a delete: --yes, or a yes at a terminal; refused in a pipe."""
    in_pipe = UsageError(
        f"{question.rstrip('?')}: asks for a yes; run it at a terminal or add --yes"
    )
    _yes_or_refuse(render.visible(question), in_pipe, "nothing was deleted")


def _yes_or_refuse(question: str, in_pipe: Exception, declined: str) -> None:
    """--yes, or a yes typed at a terminal; in a pipe `in_pipe` is raised, and a no at the
    terminal is a usage error saying `declined`."""
    if settings.yes:
        return
    if not sys.stdin.isatty():
        raise in_pipe
    if not typer.confirm(question, default=False, err=True):
        raise UsageError(declined)


def confirmed(work: Callable[[bool], Any]) -> Any:
    """Run `work(yes=False)`; on a date that looks like a slip, ask at a terminal and run it
    again with yes=True, or (in a script) refuse with the hint to add --yes (exit 2)."""
    from rapport.app.context import Unlikely

    try:
        return work(False)
    except Unlikely as exc:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise Unlikely(f"{exc}; add --yes to record it anyway") from None
        if not typer.confirm(render.visible(f"{exc}. Record it anyway?"), err=True):
            render.message("Nothing recorded.")
            raise typer.Exit(1) from None
    return work(True)
