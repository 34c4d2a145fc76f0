"""Errors meant for people: each carries one line saying what is wrong and how to fix it."""


class RapportError(Exception):
    """An operation failed (exit 1)."""

    exit_code = 1


class UsageError(RapportError):
    """The input was wrong: a bad date, an unknown name, a missing option (exit 2)."""

    exit_code = 2


class NotFound(UsageError):
    """A name or id that matches nothing in the journal."""
