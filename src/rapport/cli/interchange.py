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
        help="jsonl, csv or vcf (default: from the file name, else its first lines).",
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
        chunks = list(interchange.export(ctx, fmt, what))
    _write(chunks, output)
    if output:
        render.message(f"Wrote {fmt} to {output}.")


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
    fmt: ImportFormatOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be added; write nothing.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Read jsonl, vCard (3.0/4.0) or CSV (Google, Outlook); add what is not there yet."""
    from rapport.app import interchange

    kind, parsed = interchange.read(_read(file), fmt, file)
    try:
        with session() as ctx, _progress(2 * len(parsed)) as tick:
            result = interchange.import_records(ctx, parsed, tick)
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
