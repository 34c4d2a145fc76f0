"""Commands for the interchange feature: export, import, search, shell completion.

Registered by the import at the end of cli.py. The formats themselves are pure functions in
rapport.interchange; the SQL is in rapport.store.interchange and rapport.store.search.
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
from rapport.cli import JsonOpt, command, session
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


def _format(value: str | None, name: str | None, head: str = "") -> str | None:
    from rapport.interchange import FORMATS, guess_format

    if value is None:
        return guess_format(name, head)
    fmt = value.strip().lower().removeprefix(".")
    fmt = {"json": "jsonl", "ndjson": "jsonl", "vcard": "vcf", "ical": "ics"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not '{value}'")
    return fmt


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
    from rapport.interchange.csv import WHAT

    fmt = _format(fmt, str(output) if output else None) or "jsonl"
    if what is not None and fmt != "csv":
        raise UsageError("--what goes with --format csv; jsonl always holds every record")
    what = (what or "contacts").strip().lower()
    if what not in WHAT:
        raise UsageError(f"--what must be one of {', '.join(WHAT)}, not '{what}'")
    with session(write=False) as (store, _now):
        chunks = list(_export(store, fmt, what))
    _write(chunks, output)
    if output:
        render.message(f"Wrote {fmt} to {output}.")


def _export(store: Any, fmt: str, what: str) -> Iterator[str]:
    from rapport.interchange import csv, ics, jsonl, vcard
    from rapport.store import interchange as data

    if fmt == "jsonl":
        names = data.contact_names(store)
        yield jsonl.line(jsonl.header(data.schema_version(store)))
        for kind, row, tags, moves in data.journal_rows(store):
            yield jsonl.line(jsonl.export_record(kind, row, names, tags, moves))
    elif fmt == "vcf":
        yield vcard.dumps(data.contacts_for_export(store))
    elif fmt == "ics":
        yield ics.dumps(data.promises_for_export(store, True), data.remembered_for_export(store))
    else:
        rows = {
            "contacts": data.contacts_for_export,
            "interactions": data.interactions_for_export,
            "promises": data.promises_for_export,
        }[what](store)
        yield csv.dumps(what, rows)


def _write(chunks: list[str], output: Path | None) -> None:
    """To stdout, or to a private file replaced in one step (it holds private notes)."""
    if output is None:
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        for chunk in chunks:
            if out is not None:
                out.write(chunk.encode("utf-8"))
            else:
                sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    if output.is_dir():
        raise UsageError(f"{output} is a folder; give a file name, e.g. -o {output}/rapport.jsonl")
    temp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk.encode("utf-8"))
        os.chmod(temp, 0o600)
        os.replace(temp, output)
    finally:
        if temp.exists():
            temp.unlink()


# ---------------------------------------------------------------- import


class _DryRun(Exception):
    """Carries a dry run's counts out of the session, so its transaction rolls back."""

    def __init__(self, result: dict[str, Any]):
        self.result = result


@command("import")
def import_cmd(
    file: Annotated[str, typer.Argument(help="The file to read ('-' reads stdin).")],
    fmt: FormatOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be added; write nothing.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Read jsonl, vCard (3.0/4.0) or CSV (Google, Outlook); add what is not there yet."""
    from rapport.interchange.text import decode

    text = decode(_read(file))
    name = None if file == "-" else file
    kind = _format(fmt, name, text[:200])
    if kind is None:
        raise UsageError(f"cannot tell the format of {file}; add --format jsonl, csv or vcf")
    parsed = _parse(kind, text)
    try:
        with session() as (store, now):
            result = _import(store, now, parsed)
            result.update({"format": kind, "records": len(parsed), "dry_run": dry_run})
            if dry_run:
                raise _DryRun(result)
    except _DryRun as done:
        result = done.result
    if as_json:
        render.emit_json(result)
    else:
        from rapport.render import interchange as show

        show.imported(result)


def _read(file: str) -> bytes:
    if file == "-":
        return (
            sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        )
    path = Path(file).expanduser()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no file {file}; give the path of the file to import") from None
    except IsADirectoryError:
        raise UsageError(f"{file} is a folder; give the path of the file to import") from None
    except OSError as exc:
        raise UsageError(f"cannot read {file}: {exc.strerror}") from None


def _parse(kind: str, text: str) -> list[tuple[str, Any]]:
    from rapport.interchange import csv, jsonl, vcard

    if kind == "jsonl":
        return [(f"line {n}", record) for n, record in jsonl.parse(text)]
    if kind == "vcf":
        return vcard.parse(text)
    if kind == "csv":
        return csv.parse_contacts(text)
    raise UsageError(
        "rapport exports iCalendar but does not import it; import contacts from .jsonl, "
        ".vcf or .csv"
    )


def _import(store: Any, now: Any, parsed: list[tuple[str, Any]]) -> dict[str, Any]:
    from rapport.interchange.records import normalize
    from rapport.store import interchange as data

    with _progress(2 * len(parsed)) as tick:
        schema = data.schema(store)
        items = []
        for count, (where, record) in enumerate(parsed, start=1):
            items.append(normalize(record, where, schema, now))
            if count % 5000 == 0:
                tick(5000)
        tick(len(parsed) % 5000)
        return data.import_items(store, items, tick)


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
    from rapport.render import interchange as show
    from rapport.store import search

    with session(write=False) as (store, _now):
        hits = search.search(store, text, limit)
    for hit in hits:
        hit["snippet"], hit["highlights"] = show.split_marks(
            hit["snippet"], search.MARK_OPEN, search.MARK_CLOSE
        )
    if as_json:
        render.emit_json(hits)
    else:
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


def contact_names(prefix: str, db: str | None = None) -> list[str]:
    """Contact names starting with `prefix` (or with a word starting with it), read-only.

    Runs inside the shell's completion: it never raises and never creates or migrates a store.
    """
    from rapport.store.contacts import names_read_only

    try:
        names = names_read_only(db)
    except Exception:
        return []
    folded = prefix.casefold()
    return [n for n in names if _begins(n.casefold(), folded)][:50]


def _begins(name: str, prefix: str) -> bool:
    return name.startswith(prefix) or any(word.startswith(prefix) for word in name.split())


def _complete_contact_arguments() -> None:
    """While the shell asks for completions: Typer's completion classes, and every NAME
    argument (of any command but `add`) completing to contact names."""
    from typer.completion import completion_init
    from typer.core import TyperArgument

    completion_init()
    original = TyperArgument.shell_complete

    def shell_complete(self: Any, ctx: Any, incomplete: str) -> list[Any]:
        if self.name == "name" and ctx.command.name != "add":
            from typer._click.shell_completion import CompletionItem

            db = ctx.find_root().params.get("db")
            return [CompletionItem(n) for n in contact_names(incomplete, db)]
        return original(self, ctx, incomplete)

    TyperArgument.shell_complete = shell_complete  # type: ignore[method-assign]


if os.environ.get(COMPLETE_VAR):
    _complete_contact_arguments()
