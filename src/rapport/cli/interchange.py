"""Commands for the interchange feature: export, import, search, shell completion.

The rules are in rapport.app.interchange; here: arguments, files, stdin/stdout, progress.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from rapport import render
from rapport.cli.base import JsonOpt, command, session
from rapport.errors import UsageError

COMPLETE_VAR = "_RAPPORT_COMPLETE"
PROGRESS_FROM = 20_000  # records: below this an import is over before a bar would help

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="jsonl, csv, vcf or ics (default: from the file name, else jsonl).",
    ),
]  # fmt: skip
ImportFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="jsonl, csv, vcf or ics (default: from the file name, else its first lines).",
    ),
]  # fmt: skip


# ---------------------------------------------------------------- export


@command("export")
def export_cmd(
    fmt: FormatOpt = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (mode 0600)."),
    ] = None,
    what: Annotated[
        str | None,
        typer.Option(help="With csv: contacts (default), interactions or promises."),
    ] = None,
) -> None:
    """Write the journal out: jsonl (everything, lossless), csv, vcf (contacts), ics."""
    from rapport.app import interchange

    fmt = interchange.pick_format(fmt, str(output) if output else None) or "jsonl"
    what = interchange.export_what(fmt, what)
    with session(write=False) as ctx:
        interchange.refuse_journal(ctx, output)
        chunks = list(interchange.export(ctx, fmt, what))
    _write(chunks, output)
    if output:
        render.message(f"Wrote {fmt} to {output}.")


def _write(chunks: list[str], output: Path | None) -> None:
    """To stdout, or to a private file replaced in one step (it holds private notes)."""
    if output is None:
        render.data(chunks)
        return
    from rapport.app import interchange

    interchange.write_file(chunks, output)


# ---------------------------------------------------------------- import


class _DryRun(Exception):
    """Carries a dry run's counts out of the session, so its transaction rolls back."""

    def __init__(self, result: dict[str, Any]):
        self.result = result


@command("import")
def import_cmd(
    file: Annotated[str, typer.Argument(help="The file to read ('-' reads stdin).")],
    fmt: ImportFormatOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be added; write nothing.")
    ] = False,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good records; name the bad ones.")
    ] = False,
    mapping: Annotated[
        str | None,
        typer.Option(
            "--map",
            metavar="FIELD=COLUMN,...",
            help="CSV: which column holds what, e.g. 'name=Full Name,email=Mail'.",
        ),
    ] = None,  # fmt: skip
    encoding: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="The file's text encoding, when not detected."),
    ] = None,
    all_day: Annotated[
        bool, typer.Option("--all-day", help="Calendars: log all-day events too.")
    ] = False,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="Calendars: only events from DATE on.")
    ] = None,
    me: Annotated[
        list[str] | None,
        typer.Option("--me", metavar="EMAIL", help="Calendars: your address (repeatable)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Read contacts (jsonl, vCard, CSV) or log past meetings from a calendar (.ics)."""
    from rapport.app import interchange

    data = _read(file)
    options = {"--since": since, "--all-day": all_day, "--me": me, "--map": mapping,
               "--encoding": encoding}  # fmt: skip
    kind = interchange.kind_of(data, fmt, file, options)
    if kind == "ics":
        _import_calendar(data, {"since": since, "all_day": all_day, "me": me or []}, dry_run,
                         as_json)  # fmt: skip
    else:
        options = {"encoding": encoding, "mapping": mapping, "skip_bad": skip_bad}
        _import_contacts(kind, data, options, dry_run, as_json)


def _import_contacts(
    kind: str, data: bytes, options: dict[str, Any], dry_run: bool, as_json: bool
) -> None:
    from rapport.app import interchange
    from rapport.render import interchange as show

    got = interchange.read(kind, data, options)
    bad = got.bad if options["skip_bad"] else None
    try:
        with session() as ctx, _progress(2 * len(got.records)) as tick:
            result = interchange.import_records(ctx, got.records, tick, bad)
            result.update({"format": kind, "records": len(got.records), "dry_run": dry_run,
                           "layout": got.layout, "unused_columns": got.unused,
                           "skipped": got.skipped})  # fmt: skip
            if dry_run:
                raise _DryRun(result)
    except _DryRun as done:
        result = done.result
    show.read_notes(result)
    if as_json:
        render.emit_json(result)
    else:
        show.imported(result)


def _import_calendar(data: bytes, options: dict[str, Any], dry_run: bool, as_json: bool) -> None:
    from rapport.app import calendar
    from rapport.render import interchange as show

    try:
        with session() as ctx:
            result = calendar.capture(ctx, data, options["since"], options["all_day"],
                                      options["me"])  # fmt: skip
            result["dry_run"] = dry_run
            if dry_run:
                raise _DryRun(result)
    except _DryRun as done:
        result = done.result
    if as_json:
        render.emit_json(result)
    else:
        show.calendar(result)


def _read(file: str) -> bytes:
    from rapport.app import inputs

    return inputs.import_bytes(file)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr, for large files when a person is watching."""
    if total < 2 * PROGRESS_FROM or not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("importing", total=total)
        yield lambda n: bar.advance(task, n)


# ---------------------------------------------------------------- search


@command("search")
def search_cmd(
    text: Annotated[
        str, typer.Argument(help='Words to find; "a phrase" in quotes; pre* for a prefix.')
    ],
    limit: Annotated[int, typer.Option(min=1, help="At most this many hits.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Full-text search over interactions, notes, promises and incidents, best match first."""
    from rapport.app import interchange

    with session(write=False) as ctx:
        hits = interchange.search(ctx, text, limit)
    if as_json:
        render.emit_json(hits)
    else:
        from rapport.render import interchange as show

        show.search(hits, text)


# ---------------------------------------------------------------- shell completion


@command("completion")
def completion_cmd(
    shell: Annotated[
        str | None, typer.Argument(help="bash, zsh, fish or powershell (default: yours).")
    ] = None,
    install: Annotated[
        bool, typer.Option("--install", help="Add it to your shell's start-up file.")
    ] = False,
) -> None:
    """Print the shell completion script, or --install it; contact names complete too."""
    from typer.completion import _get_shell_name, get_completion_script
    from typer.completion import install as install_script

    from rapport.completion import use_quoting_scripts

    use_quoting_scripts()
    shell = (shell or _get_shell_name() or "").lower()
    if shell not in ("bash", "zsh", "fish", "powershell", "pwsh"):
        raise UsageError(
            f"cannot complete for shell '{shell or 'unknown'}'; name one: "
            "rapport completion bash|zsh|fish|powershell"
        )
    if install:
        _, path = install_script(shell=shell, prog_name="rapport", complete_var=COMPLETE_VAR)
        render.message(f"Installed {shell} completion in {path}; open a new terminal to use it.")
    else:
        print(get_completion_script(prog_name="rapport", complete_var=COMPLETE_VAR, shell=shell))


def _complete_contact_arguments() -> None:
    """While the shell asks for completions: Typer's completion classes, and every NAME
    argument (of any command but `add`) completing to contact names."""
    from typer.completion import completion_init
    from typer.core import TyperArgument

    from rapport.completion import use_quoting_scripts

    completion_init()
    use_quoting_scripts()
    original = TyperArgument.shell_complete

    def shell_complete(self: Any, ctx: Any, incomplete: str) -> list[Any]:
        if self.name == "name" and ctx.command.name != "add":
            from typer._click.shell_completion import CompletionItem

            from rapport.app.interchange import contact_names

            db = ctx.find_root().params.get("db")
            return [CompletionItem(n) for n in contact_names(incomplete, db)]
        return original(self, ctx, incomplete)

    TyperArgument.shell_complete = shell_complete  # type: ignore[method-assign]


if os.environ.get(COMPLETE_VAR):
    _complete_contact_arguments()
