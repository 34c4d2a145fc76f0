"""Issue 15, "a month of real use": each bug it lists, through the CLI.

Now is Monday 2026-11-23 10:00 (conftest); that week's Friday is 27 Nov.
"""

from __future__ import annotations

import pytest
from conftest import ok

EARLIER = {"RAPPORT_NOW": "2026-09-01T10:00:00"}


@pytest.fixture
def acme(cli):
    ok(cli("add", "Acme Corp", env=EARLIER))
    return "Acme Corp"


# --- dates people type -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("by", "due"),
    [
        ("3pm", "2026-11-23"),
        ("tomorrow morning", "2026-11-24"),
        ("noon", "2026-11-23"),
        ("tonight", "2026-11-23"),
        ("5/12", "2026-12-05"),
        ("2026-12-5", "2026-12-05"),
        ("end of next week", "2026-12-04"),
        ("in two weeks", "2026-12-07"),
        ("mid march", "2027-03-15"),
    ],
)
def test_promise_by_reads_what_people_type(js, acme, by, due):
    assert js("promise", acme, "send the report", "--by", by)["due"] == due


def test_remember_on_month_name_is_yearly(js, acme):
    row = js("remember", acme, "birthday", "--on", "march 14")
    assert (row["on_date"], row["yearly"], row["next"]) == ("--03-14", True, "2027-03-14")


def test_a_date_beyond_reason_is_one_line_and_exit_2(cli, js, acme):
    result = cli("promise", acme, "x", "--by", "2200-01-01")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "2200-01-01" in result.stderr
    assert js("due", "--days", "36500") == []
