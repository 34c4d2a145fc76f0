"""The command line: one module per feature, each adding its commands to `base.app`.

A command parses its arguments, makes one call into rapport.app inside `session()`, and
hands the result to rapport.render. Nothing outside this package imports it, except the
entry point (`rapport.__main__`) and the tests.
"""

from __future__ import annotations

# Each module registers its commands on `app`; `--help` lists them in this order.
# isort: off
from rapport.cli import contacts, journal, due, trust  # noqa: F401
from rapport.cli import remembering, brief, interchange, safety, config  # noqa: F401
from rapport.cli import corrections  # noqa: F401
# isort: on
from rapport import render
from rapport.cli.base import NOT_UTF8, app


def run(argv: list[str]) -> int:
    """Run one command line; the exit code, never an exception (SystemExit included)."""
    if any(_undecodable(arg) for arg in argv):
        render.error(NOT_UTF8)
        return 2
    try:
        app(args=argv, prog_name="rapport")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def _undecodable(arg: str) -> bool:
    """Python hands bytes that are not UTF-8 over as lone surrogates; they cannot be stored."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


__all__ = ["app", "run"]
