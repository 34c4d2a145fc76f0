"""`rapport config`: the settings file (rapport.settings holds the rules)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from rapport import render, settings
from rapport.cli.base import JsonOpt, app, command
from rapport.errors import UsageError

config_app = typer.Typer(
    help="Settings: list, get, set, unset, path, edit (a TOML file; RAPPORT_* variables and "
    "flags come first).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(config_app, name="config")

KeyArg = Annotated[str, typer.Argument(metavar="KEY", help="A setting: see `rapport config list`.")]


def _shown(value: Any) -> str:
    if value == "":
        return "(none)"
    return ", ".join(value) if isinstance(value, list) else str(value)


@command("list", on=config_app)
def list_cmd(as_json: JsonOpt = False) -> None:
    """Every setting: its value, where it comes from, and what it allows."""
    rows = [
        {
            "key": key.name,
            "value": settings.get(key.name),
            "source": settings.source(key.name),
            "variable": key.env,
            "allowed": key.allowed,
            "about": key.help,
        }
        for key in settings.KEYS.values()
    ]
    if as_json:
        render.emit_json(rows)
        return
    render.line(f"Settings file: {settings.path()}")
    for row in rows:
        render.line(f"{row['key']} = {_shown(row['value'])}  ({row['source']})")
        render.line(f"    {row['about']}; {row['allowed']}; variable {row['variable']}")


@command("get", on=config_app)
def get_cmd(key: KeyArg, as_json: JsonOpt = False) -> None:
    """The value in force for KEY."""
    value = settings.get(key)
    render.emit_json(value) if as_json else render.line(_shown(value))


@command("set", on=config_app)
def set_cmd(
    key: KeyArg,
    value: Annotated[str, typer.Argument(help="The new value (a list: 'email, phone').")],
    as_json: JsonOpt = False,
) -> None:
    """Write KEY = VALUE in the settings file (checked first; comments are kept)."""
    stored = settings.set_value(key, value)
    name = key.strip().lower().replace("_", "-")
    if as_json:
        render.emit_json({"key": name, "value": stored, "path": str(settings.path())})
    else:
        render.line(f"Set {name} = {_shown(stored)} in {settings.path()}.")
        _say_shadowed(name)


def _say_shadowed(name: str) -> None:
    variable = settings.KEYS[name].env
    if os.environ.get(variable, "").strip():
        render.message(f"note: {variable} is set, and it comes before the file")


@command("unset", on=config_app)
def unset_cmd(key: KeyArg, as_json: JsonOpt = False) -> None:
    """Remove KEY from the settings file: its default (or variable) applies again."""
    removed = settings.unset(key)
    name = key.strip().lower().replace("_", "-")
    if as_json:
        render.emit_json({"key": name, "removed": removed, "path": str(settings.path())})
    elif removed:
        render.line(f"Removed {name} from {settings.path()}; it is {_shown(settings.get(name))}.")
    else:
        render.line(f"{name} was not set in {settings.path()}; nothing changed.")


@command("path", on=config_app)
def path_cmd(as_json: JsonOpt = False) -> None:
    """Where the settings file is (RAPPORT_CONFIG, else your user config folder)."""
    where = settings.path()
    if as_json:
        render.emit_json({"path": str(where), "exists": where.exists()})
    else:
        render.line(str(where))


@command("edit", on=config_app)
def edit_cmd() -> None:
    """Open the settings file in $VISUAL / $EDITOR; it is kept only if it is valid."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError("no editor: set $EDITOR, or use `rapport config set KEY VALUE`")
    where = settings.path()
    with tempfile.TemporaryDirectory(prefix="rapport-config-") as folder:
        draft = Path(folder) / "config.toml"
        if where.exists():
            shutil.copyfile(where, draft)
        else:
            draft.write_text(settings.HEADER, encoding="utf-8")
        done = subprocess.run([*shlex.split(editor), str(draft)], check=False)
        if done.returncode != 0:
            raise UsageError(
                f"the editor '{editor}' exited with {done.returncode}; nothing changed"
            )
        settings.check_file(draft, shown_as=where)
        where.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(draft, where)
    render.line(f"Saved {where}.")
