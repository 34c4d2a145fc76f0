"""The command line: one module per feature, each adding its commands to `base.app`.

A command parses its arguments, makes one call into rapport.app inside `session()`, and
hands the result to rapport.render. Nothing outside this package imports it, except the
entry point (`rapport.__main__`) and the tests.

`run` imports only the module of the command it runs (start-up is a CLI's cost);
`rapport.cli.app` is the app with every command, in the order `--help` lists them.
"""

from __future__ import annotations

from typing import Any

# Each module registers its commands on `app`; `--help` lists them in this order.
MODULES = (
    "contacts", "journal", "due", "trust", "remembering", "brief", "interchange", "safety",
    "config", "corrections",
)  # fmt: skip
# The module of each command (tests/test_startup.py checks it against what they register).
HOMES = {
    **dict.fromkeys(("add", "edit", "archive", "contacts", "show"), "contacts"),
    **dict.fromkeys(("log", "promise", "done", "move", "drop", "followup"), "journal"),
    "due": "due",
    **dict.fromkeys(
        ("incident", "resolve", "expect", "sign", "handover", "score", "review"), "trust"
    ),
    **dict.fromkeys(("remember", "dates", "forget", "tag", "suggest"), "remembering"),
    "brief": "brief",
    **dict.fromkeys(("export", "import", "search", "completion"), "interchange"),
    **dict.fromkeys(("backup", "restore", "doctor"), "safety"),
    "config": "config",
    **dict.fromkeys(("undo", "fix", "delete", "promises"), "corrections"),
}


def load(modules: tuple[str, ...] = MODULES) -> Any:
    """The app with the commands of `modules` registered (all of them by default)."""
    for name in modules:
        _register(name)
    from rapport.cli.base import app

    # in MODULES order whatever imported them first (a test may import one module itself)
    app.registered_commands.sort(key=lambda c: MODULES.index(_module_of(c.callback)))
    return app


def _module_of(callback: Any) -> str:
    return callback.__module__.rsplit(".", 1)[1]


def _register(module: str) -> None:
    """Import one feature module, which registers its commands. Plain imports: the import
    graph (tests/test_architecture.py) is read from them."""
    match module:
        case "contacts":
            from rapport.cli import contacts  # noqa: F401
        case "journal":
            from rapport.cli import journal  # noqa: F401
        case "due":
            from rapport.cli import due  # noqa: F401
        case "trust":
            from rapport.cli import trust  # noqa: F401
        case "remembering":
            from rapport.cli import remembering  # noqa: F401
        case "brief":
            from rapport.cli import brief  # noqa: F401
        case "interchange":
            from rapport.cli import interchange  # noqa: F401
        case "safety":
            from rapport.cli import safety  # noqa: F401
        case "config":
            from rapport.cli import config  # noqa: F401
        case "corrections":
            from rapport.cli import corrections  # noqa: F401


def __getattr__(name: str) -> Any:
    if name == "app":  # every command: `from rapport.cli import app`
        return load()
    raise AttributeError(f"module 'rapport.cli' has no attribute {name!r}")


def run(argv: list[str]) -> int:
    """Run one command line; the exit code, never an exception (SystemExit included)."""
    from rapport import render
    from rapport.cli.base import NOT_UTF8, command_word

    if any(_undecodable(arg) for arg in argv):
        render.error(NOT_UTF8)
        return 2
    home = HOMES.get(command_word(argv) or "")
    app = load((home,) if home else MODULES)
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


__all__ = ["app", "load", "run"]
