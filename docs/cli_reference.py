"""Writes the CLI reference in docs/cli.md from `--help` of rapport and of every command.

Regenerate it from the repository root with:  cog -r docs/cli.md
(tests/test_cli_reference.py fails when docs/cli.md is out of date).
"""

from __future__ import annotations

WIDTH = 80  # help is rendered at a fixed width, without colour, so the file is stable
ENV = {"COLUMNS": str(WIDTH), "NO_COLOR": "1", "TERM": "dumb"}


def command_names() -> list[str]:
    """Every command, in the order `rapport --help` lists them; a group (`config`) and then
    each of its commands (`config set`)."""
    from rapport.cli import app

    names = [info.name for info in app.registered_commands if info.name]
    for group in app.registered_groups:
        names.append(group.name)
        names += [f"{group.name} {c.name}" for c in group.typer_instance.registered_commands]
    return names


def help_text(args: list[str]) -> str:
    from typer.testing import CliRunner

    from rapport.cli import app

    result = CliRunner().invoke(
        app, [*args, "--help"], env=ENV, prog_name="rapport", terminal_width=WIDTH
    )
    if result.exit_code != 0:
        raise RuntimeError(f"rapport {' '.join(args)} --help failed: {result.output}")
    return result.stdout.rstrip() + "\n"


def reference() -> str:
    """The Markdown for docs/cli.md: a list of commands, then each command's help."""
    names = command_names()
    out = ["## rapport", "", "```", help_text([]).rstrip(), "```", ""]
    for name in names:
        out += [f"## rapport {name}", "", "```", help_text(name.split()).rstrip(), "```", ""]
    return "\n".join(out)
