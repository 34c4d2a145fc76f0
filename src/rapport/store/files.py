"""Every file rapport writes, written one safe way: a private temp file beside the target,
fsynced and renamed into place. A crash leaves the old file or the new one, never half of one;
a symbolic link planted at the target (or at the temp name) is never written through.

Temp files are named `.rapport-*.tmp` and locked (flock) while their writer lives, so the next
start can tell a killed writer's leftovers from a running one's work and remove them.

Also here: consistent copies of an SQLite database (backup, restore, the pre-upgrade copy)
written that way, and reading a user's input file within a limit.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from rapport.errors import RapportError, UsageError

TEMP_PREFIX = ".rapport-"
TEMP_SUFFIX = ".tmp"
# SQLite's own files beside a staged copy: removed with it
_SIDE_FILES = ("", "-journal", "-wal", "-shm")
# A path the user can fix by naming another one: exit 2; the rest (permissions, disk): exit 1
_USAGE_ERRNOS = {errno.ENAMETOOLONG, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ELOOP}


def file_error(action: str, path: Path | str, exc: OSError) -> RapportError:
    """One line for an OSError met while reading or writing `path`."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENAMETOOLONG:
        return UsageError(f"cannot {action} {path}: the path is too long; choose a shorter one")
    kind = UsageError if exc.errno in _USAGE_ERRNOS else RapportError
    return kind(f"cannot {action} {path}: {reason}")


MiB = 1 << 20
IMPORT_LIMIT = 256 * MiB  # the largest file `import` reads (a ten-year journal is ~40 MB)
TEXT_LIMIT = 16 * MiB  # a summary from stdin or the editor


def read_bounded(source: str | Path, limit: int, what: str) -> bytes:
    """All of a file ('-': stdin), refused past `limit` bytes: /dev/zero or a runaway pipe
    ends in one line, not in memory exhausted."""
    if str(source) == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream (tests): same limit, on its characters
            return _bounded(sys.stdin, limit, "stdin", what).encode("utf-8", "surrogateescape")
        return _bounded(stream, limit, "stdin", what)
    path = Path(source).expanduser()
    try:
        with open(path, "rb") as handle:
            return _bounded(handle, limit, str(source), what)
    except FileNotFoundError:
        raise UsageError(f"no file {source}; give the path of the file to {what}") from None
    except IsADirectoryError:
        raise UsageError(f"{source} is a folder; give the path of the file to {what}") from None
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None


def _bounded(stream: Any, limit: int, name: str, what: str) -> Any:
    data = stream.read(limit + 1)
    if len(data) > limit:
        fix = "split it into smaller files" if what == "import" else "shorten it"
        raise UsageError(
            f"{name} is larger than {limit // MiB} MB, the most rapport reads to {what}; {fix}"
        )
    return data


def same_file(a: Path, b: Path) -> bool:
    """Both names reach one file: the same path, a hard link, or a symbolic link to it."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return os.path.abspath(a) == os.path.abspath(b)


def refuse_link(path: Path) -> None:
    """A symbolic link where rapport writes is someone else's redirection: never follow it."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise file_error("write", path, exc) from None
    if stat.S_ISLNK(mode):
        raise UsageError(
            f"{path} is a symbolic link; rapport does not write through links. "
            "Remove it or choose another path"
        )


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """A new empty private (0600) file beside `target`, created with O_EXCL|O_NOFOLLOW and
    locked while this runs; removed (with any SQLite side files) unless `commit` moved it."""
    refuse_link(target)
    sweep(target.parent)  # what earlier killed writers left in this folder
    fd, path = _new_temp(target.parent)
    try:
        yield path
    finally:
        for suffix in _SIDE_FILES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.close(fd)


def _new_temp(folder: Path) -> tuple[int, Path]:
    import tempfile  # lazy: only writers need it, and it costs the hot commands ~10 ms

    while True:
        try:
            # mkstemp opens with O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600
            fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
        except OSError as exc:
            raise file_error("write in", folder, exc) from None
        fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink:  # a sweep took it between create and lock: take another
            return fd, Path(name)
        os.close(fd)


def commit(staged_path: Path, target: Path) -> None:
    """The staged file, on disk, becomes `target` in one step."""
    fsync_path(staged_path)
    refuse_link(target)
    try:
        os.replace(staged_path, target)
    except OSError as exc:
        raise file_error("write", target, exc) from None
    sync_folder(target.parent)


def write(target: Path, fill: Callable[[int], None]) -> None:
    """Write `target` through `fill(fd)` safely (see the module's docstring)."""
    with staged(target) as path:
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
        try:
            fill(fd)
        except OSError as exc:
            raise file_error("write", target, exc) from None
        finally:
            os.close(fd)
        commit(path, target)


def write_chunks(target: Path, chunks: Iterable[bytes]) -> None:
    def fill(fd: int) -> None:
        with os.fdopen(os.dup(fd), "wb") as out:
            for chunk in chunks:
                out.write(chunk)

    write(target, fill)


def copy(source: Path, target: Path) -> None:
    """A private copy of `source` at `target`, in 1 MiB pieces."""

    def fill(fd: int) -> None:
        with open(source, "rb") as src, os.fdopen(os.dup(fd), "wb") as out:
            while piece := src.read(1 << 20):
                out.write(piece)

    write(target, fill)


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename itself durable."""
    with suppress(OSError):  # some filesystems cannot fsync a folder; the rename stands
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def sweep(folder: Path) -> int:
    """Remove temp files that killed writers left in `folder`; returns how many. A temp file
    whose lock can be taken has no living writer. Cheap: one listing of one folder."""
    try:
        names = {e.name for e in os.scandir(folder) if e.name.startswith(TEMP_PREFIX)}
    except OSError:
        return 0
    removed = 0
    for base in sorted(n for n in names if n.endswith(TEMP_SUFFIX)):
        lock = _abandoned(folder / base)
        if lock is None:
            continue
        try:  # unlinked under the lock: a writer that just created it sees st_nlink 0
            side = [n for n in names if n.startswith(base)]
            removed += sum(_unlink(folder / n) for n in sorted(side, key=len, reverse=True))
        finally:
            os.close(lock)
    # SQLite side files whose temp file is gone have no writer left
    for name in names:
        base = name[: name.rfind(TEMP_SUFFIX) + len(TEMP_SUFFIX)]
        if TEMP_SUFFIX in name and base != name and base not in names:
            removed += _unlink(folder / name)
    return removed


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except OSError:
        return 0
    return 1


def _abandoned(base: Path) -> int | None:
    """The temp file's lock, taken, when nobody held it (its writer is gone); else None."""
    try:
        fd = os.open(base, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None  # its writer is alive
    return fd


# ---------------------------------------------------------------- SQLite copies


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's findings, one line each (a row can hold several, under a '*** in database'
    heading that says nothing)."""
    rows = [_first(row) for row in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows == ["ok"]:
        return []
    lines = [ln for r in rows for ln in str(r).splitlines() if ln.strip()]
    return [ln for ln in lines if not ln.startswith("*** ")] or lines


def _first(row: Any) -> Any:
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def copy_database(source: sqlite3.Connection, target: Path, verify: bool = False) -> None:
    """A consistent copy of an open SQLite database written safely to `target`: staged
    beside it, one self-contained file (no WAL), optionally integrity-checked, renamed."""
    with staged(target) as temp:
        try:
            backup_connection(source, temp)
            seal(temp, verify)
        except sqlite3.OperationalError as exc:  # the copy's own disk: full, or I/O
            raise RapportError(f"cannot write {target}: {exc}; nothing was written") from None
        commit(temp, target)


def backup_connection(source: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()


def seal(path: Path, verify: bool) -> None:
    """One self-contained file (no WAL beside it), checked when asked, before it is used."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        problems = integrity_problems(conn) if verify else []
    finally:
        conn.close()
    if problems:
        raise RapportError(
            f"the copy failed its integrity check ({problems[0]}), so its source is damaged;"
            " nothing changed. Run `rapport doctor`"
        )
