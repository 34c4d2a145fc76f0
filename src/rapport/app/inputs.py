"""What the user hands rapport to read (a file to import, a summary on stdin or from the
editor), read within limits: `rapport import /dev/zero` ends in one line, not out of memory."""

from __future__ import annotations

from pathlib import Path

from rapport.store import files
from rapport.store.files import file_error

__all__ = ["file_error", "import_bytes", "text"]


def import_bytes(source: str) -> bytes:
    """The file to import ('-': stdin), at most files.IMPORT_LIMIT bytes."""
    return files.read_bounded(source, files.IMPORT_LIMIT, "import")


def text(source: str | Path) -> str:
    """A summary from stdin ('-') or a file, at most files.TEXT_LIMIT bytes."""
    return files.read_bounded(source, files.TEXT_LIMIT, "log").decode("utf-8", "replace")
