"""Write a summary in $VISUAL / $EDITOR (Typer 0.26+ ships Click without click.edit)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile

from rapport.errors import UsageError

TEMPLATE = "\n# Write what happened above. Lines starting with # are ignored.\n"


def edit_text(prompt: str = TEMPLATE) -> str:
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise UsageError(
            "no summary given; pass it as an argument, '-' to read stdin, or set $EDITOR"
        )
    # mkstemp makes the file 0600; it is removed as soon as the editor returns.
    fd, path = tempfile.mkstemp(prefix="rapport-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(prompt)
        result = subprocess.run([*shlex.split(command), path], check=False)
        if result.returncode != 0:
            raise UsageError(
                f"the editor '{command}' exited with {result.returncode}; nothing recorded"
            )
        from rapport.app import inputs

        text = inputs.text(path)
    finally:
        os.unlink(path)
    return "\n".join(ln for ln in text.splitlines() if not ln.startswith("#")).strip()
