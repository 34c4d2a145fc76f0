"""Hostile input: every strange name, note, tag or argument is stored and shown exactly as
typed (Rich markup literally, control characters made visible) or refused with a clear
message; random arguments to every command never end in a traceback or a damaged store."""

from __future__ import annotations

import json

import pytest
from conftest import ok, query
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.render import visible

TEXTS = {
    "quotes": 'O\'Brien "the boss" `tick`',
    "sql": "Robert'); DROP TABLE contacts;-- OR 1=1",
    "newline": "first line\nsecond line\r\nthird",
    "markup": "[bold red]loud[/] [link=https://evil.example]click[/link] [/]",
    "ansi": "\x1b[31mred\x1b[0m \x1b]0;new title\x07 \x1b[2J",
    "rtl": "שלום עולם مرحبا \u202eevil\u202c \u2067iso\u2069",
    "emoji": "👩\u200d💻 🎉 🇳🇿",
    "combining": "Zoe\u0308 e\u0301te\u0301 Z̸̢̛a̷l̶g̸o̴",
    "nul": "before\x00after",
    "backslash": "C:\\new\\table \\x1b",
}
RAW_CONTROL = [chr(c) for c in (*range(0, 9), *range(11, 32), 127)] + ["\u202e", "\u2067"]


def squeeze(text: str) -> str:
    """A contact's name is stored with its whitespace runs collapsed (names.clean_name)."""
    return " ".join(text.split())


def assert_terminal_safe(out: str) -> None:
    """Nothing on stdout that drives a terminal: no ESC, no bell, no bidi override."""
    for char in RAW_CONTROL:
        assert char not in out, f"raw {char!r} on stdout"


@pytest.mark.parametrize("kind", TEXTS)
def test_strange_text_is_stored_exactly_and_shown_safely(cli, js, db_path, kind, engine):
    text = TEXTS[kind]
    name = f"{text} {kind}"  # unique, and never only whitespace
    if engine == "postgres" and "\x00" in text:  # PostgreSQL text cannot hold NUL at all
        refused = cli("add", name, "--note", text)
        assert refused.exit_code == 2 and "NUL" in refused.stderr
        return
    added = js("add", name, "--note", text, "--tag", text)
    assert added["name"] == squeeze(name)
    assert added["notes"] == text
    assert added["tags"] == [text.strip()]
    logged = js("log", added["name"], text, "--promise", text, "--by", "friday")
    assert logged["contact"] == squeeze(name)
    assert logged["promises"][0]["text"] == text.strip()

    shown = js("show", added["name"])
    assert shown["contact"]["notes"] == text
    assert [i["summary"] for i in shown["interactions"]] == [text.strip()]
    assert [p["text"] for p in shown["promises"]] == [text.strip()]
    if engine == "sqlite":
        assert query(db_path, "SELECT notes FROM contacts WHERE id = ?", added["id"]) == [(text,)]

    for args in (["show", added["name"]], ["contacts"], ["due"]):
        out = ok(cli(*args)).stdout
        assert_terminal_safe(out)
        assert visible(squeeze(name).split("\n")[0])[:12] in out


def test_rich_markup_is_printed_literally(cli):
    ok(cli("add", "Markup Co", "--note", "[bold]not bold[/bold] [red]x[/]"))
    ok(cli("log", "Markup Co", "[blink]call[/blink]"))
    out = ok(cli("show", "Markup Co")).stdout
    assert "[bold]not bold[/bold] [red]x[/]" in out
    assert "[blink]call[/blink]" in out


def test_escape_sequences_are_shown_as_text(cli):
    ok(cli("add", "Esc Co", "--note", "\x1b[31mred\x1b[0m\x07"))
    out = ok(cli("show", "Esc Co")).stdout
    assert "\\x1b[31mred\\x1b[0m\\x07" in out  # the four characters \x1b, not ESC
    assert "\x1b" not in out and "\x07" not in out


def test_bidi_override_is_shown_as_a_code(cli):
    ok(cli("add", "Bidi Co", "--note", "pay \u202eeulav\u202c now"))
    out = ok(cli("show", "Bidi Co")).stdout
    assert "pay \\u202eeulav\\u202c now" in out


def test_messages_on_stderr_are_safe_too(cli):
    result = cli("show", "\x1b[2Jwho")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "\\x1b[2Jwho" in result.stderr


def test_a_one_megabyte_note_and_summary(cli, js):
    note = ("Dana likes long notes. " * 50_000)[:1_000_000]
    added = js("add", "Big Co", "--note", note)
    assert added["notes"] == note
    summary = "x" * 999_999 + "!"
    logged = ok(cli("log", "Big Co", "-", "--json", input=summary))
    assert json.loads(logged.stdout)["interaction"] == 1
    shown = js("show", "Big Co")
    assert shown["contact"]["notes"] == note
    assert shown["interactions"][0]["summary"] == summary
    assert_terminal_safe(ok(cli("show", "Big Co")).stdout)


@pytest.mark.parametrize("name", ["", "   ", "\n\t"])
@pytest.mark.parametrize("command", [["add"], ["log", "--new"]])
def test_empty_names_are_refused(cli, js, name, command):
    args = [command[0], name, *(["summary"] if command[0] == "log" else []), *command[1:]]
    result = cli(*args)
    assert result.exit_code == 2
    assert "needs a name" in result.stderr
    assert js("contacts") == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["log", "Acme Corp", "x", "--when", "1800-01-01"], "out of range"),
        (["log", "Acme Corp", "x", "--when", "1899-12-31 10:00"], "out of range"),
        (["log", "Acme Corp", "x", "--follow-up", "2201-01-01"], "out of range"),
        (["promise", "Acme Corp", "x", "--by", "9999-12-31"], "out of range"),
        (["move", "1", "--to", "3000-01-01"], "out of range"),
        (["done", "1", "--when", "0001-01-01"], "out of range"),
        (["log", "Acme Corp", "x", "--minutes", "-5"], "-5 is not in the range"),
        (["log", "Acme Corp", "x", "--planned", "-1"], "-1 is not in the range"),
        (["log", "Acme Corp", "x", "--minutes", "99999999999999999999"], "too large"),
        (["due", "--days", "-1"], "-1 is not in the range"),
        (["due", "--days", "999999999"], "too large"),
        (["done", "999"], "no promise or follow-up with id 999"),
        (["done", "99999999999999999999"], "too large"),
        (["move", "999", "--to", "friday"], "no promise or follow-up with id 999"),
        (["drop", "999", "--reason", "gone"], "no promise or follow-up with id 999"),
        (["done", "--", "-3"], "no promise or follow-up with id -3"),
        (["done", "one"], "is not a valid int"),
        (["show", "Nobody At All"], "no contact named"),
    ],
)
def test_impossible_values_are_refused_clearly(cli, js, args, says):
    ok(cli("log", "Acme Corp", "kickoff", "--new", "--promise", "deck", "--by", "friday"))
    before = js("show", "Acme Corp")
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    assert says in result.stderr
    assert result.stderr.count("\n") <= 4  # a short message (click adds a usage line)
    assert js("show", "Acme Corp") == before


# --- random arguments to every command -----------------------------------------------------


def commands() -> list[str]:
    from typer.main import get_command

    from rapport.cli import app

    # restore replaces the store and backup writes files wherever it is told: both are
    # tested in test_backup.py; here every command runs on the same journal.
    return sorted(set(get_command(app).commands) - {"restore", "backup"})


FLAGS = [
    "--json", "--new", "--by", "--when", "--on", "--to", "--reason", "--agreed", "--told",
    "--theirs", "--promise", "--they-promise", "--follow-up", "--tag", "--untag", "--note",
    "--minutes", "--planned", "--channel", "--tone", "--thanked", "--days", "--check", "--all",
    "--every", "--at-most", "--rename", "--org", "--email", "--attitude", "--undo", "--explain",
    "--since", "--format", "--dry-run", "-o", "--", "-",
]  # fmt: skip
VALUES = [
    "Acme Corp", "acme", "Acme Corp [bold]", "1", "2", "0", "-5", "999", "99999999999999999999",
    "friday", "next week", "2026-12-01", "2026-02-30", "1800-01-01", "3d", "30d", "yesterday 3pm",
    "warm", "rigid", "email", "", " ", "\x1b[31m", "'; DROP TABLE promises;--", "[/]", "😀",
]  # fmt: skip
ARGUMENT = st.one_of(
    st.sampled_from(FLAGS),
    st.sampled_from(VALUES),
    st.text(max_size=12),
)


@pytest.fixture
def seeded(cli, tmp_path, monkeypatch):
    """A small journal, and a sandbox: commands that write files write them in tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    ok(cli("log", "Acme Corp", "kickoff", "--new", "--promise", "deck", "--by", "friday"))
    ok(cli("add", "Globex", "--every", "14d"))
    return tmp_path


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_arguments_to_every_command(cli, db_path, seeded, data, engine):
    command = data.draw(st.sampled_from(commands()), label="command")
    args = data.draw(st.lists(ARGUMENT, max_size=6), label="args")
    result = cli(command, *args, input="")
    assert result.exit_code in (0, 1, 2, 3), (command, args, result.exit_code, result.stderr)
    if result.exit_code:
        assert result.stderr.strip(), "a failure says why"
    if engine == "sqlite":  # a server's pages are its own business
        assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
