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

from rapport import __version__, dates, render
from rapport.errors import RapportError

if TYPE_CHECKING:
    from rapport.app.context import Context

app = typer.Typer(
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


settings = Settings()

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]
YesOpt = Annotated[
    bool,
    typer.Option("--yes", "-y", help="Record it even if a date looks like a slip (no question)."),
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


def command(*args: Any, on: typer.Typer | None = None, **kwargs: Any) -> Callable:
    """app.command (or `on`'s, for a group like `config`), with errors turned into one line
    on stderr and an exit code."""

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
                if settings.debug:
                    raise
                raise _fail(f"the store could not be used: {exc}", 1) from None
            except BrokenPipeError:  # `rapport export | head -1`: the reader had enough
                _silence_stdout()
                raise typer.Exit(0) from None
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

        return (on or app).command(*args, **kwargs)(guarded)

    return wrap


def _silence_stdout() -> None:
    """The reader went away (`rapport due --json | head`): stop writing, say nothing."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@contextmanager
def session(write: bool = True) -> Iterator[Context]:
    """One command's Context (store and now) inside one transaction; the notes the work
    left are printed on stderr once the transaction is over, even when it failed."""
    from rapport.app.context import opened

    notes: list[str] = []
    try:
        with opened(settings.db, write) as ctx:
            notes = ctx.notes
            yield ctx
    finally:
        for text in notes:
            render.message(text)


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
