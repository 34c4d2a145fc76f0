"""PostgreSQL's limits, without SQLAlchemy: how long to wait for a server (from the
environment), a watchdog for one that froze, and the values refused the way SQLite's driver
refuses them. Used by store/postgres.py."""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from rapport.errors import RapportError, UsageError
from rapport.store.connection import masked

ENV_CONNECT_TIMEOUT = "RAPPORT_PG_CONNECT_TIMEOUT"
ENV_STATEMENT_TIMEOUT = "RAPPORT_PG_STATEMENT_TIMEOUT"
CONNECT_TIMEOUT_S = 5.0  # a server that does not answer fails in seconds, not psycopg's 130
STATEMENT_TIMEOUT_S = 60.0
# A frozen server cannot enforce its own statement_timeout: past it and this grace, rapport
# stops waiting itself.
GRACE_S = 5.0


def timeout_setting(name: str, default: float) -> float:
    """Seconds from the environment variable `name`, else `default`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (0 < value < 86_400 * 7):
        raise UsageError(f"{name} must be a number of seconds above 0, not '{raw}'")
    return value


class StoreUnavailable(RapportError):
    """The server refused or dropped us: one line, exit 1."""


def first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return masked(text[0]) if text else type(orig).__name__


class Watchdog:
    """Cuts the connection when one statement runs past its limit: a frozen (SIGSTOPped)
    backend or a vanished host never answers, and would keep rapport waiting forever."""

    def __init__(self, limit: float, cut: Any):
        self.limit = limit
        self.cut = cut
        self.deadline: float | None = None
        self.fired = False
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    @contextmanager
    def watching(self) -> Iterator[None]:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True, name="rapport-pg")
            self._thread.start()
        self.deadline = time.monotonic() + self.limit
        try:
            yield
        finally:
            self.deadline = None

    def stop(self) -> None:
        self._stopped.set()

    def _run(self) -> None:
        while not self.fired and not self._stopped.wait(min(0.25, self.limit / 4)):
            deadline = self.deadline
            if deadline is not None and time.monotonic() > deadline:
                self.fired = True
                with suppress(Exception):
                    self.cut()


NUL = "PostgreSQL cannot store the NUL character (\\0) in text; remove it and try again"
_INT64 = 2**63


def check_values(params: dict[str, Any]) -> None:
    """Refuse what SQLite's driver refuses, the same way: integers past 64 bits overflow
    (psycopg would send them as numeric and compare them without a word)."""
    for value in params.values():
        if type(value) is int and not -_INT64 <= value < _INT64:
            raise OverflowError("int too large for a 64-bit column")
        if type(value) is str and "\x00" in value:
            raise UsageError(NUL)
