"""Human views are bounded by what a person reads (issue 13): every `due` section, overdue
included, shows its first 15 rows and how many more there are, with the command listing
them all; `contacts`, `score` and `review` cap at 40 the same way; `--json` is never cut.

Now is Monday 2026-11-23.
"""

from __future__ import annotations

import json

from conftest import ok

EARLIER = {"RAPPORT_NOW": "2026-11-01T10:00:00"}


def _overdue_backlog(cli, count: int) -> None:
    ok(cli("add", "Acme Corp", env=EARLIER))
    for n in range(count):
        # due 2026-11-02 + n days: the first is the most overdue (21 days late)
        due = f"2026-11-{2 + n:02d}"
        ok(cli("promise", "Acme Corp", f"task {n:02d}", "--by", due, env=EARLIER))


def test_overdue_section_shows_15_and_counts_the_rest(cli, js):
    _overdue_backlog(cli, 18)
    out = ok(cli("due")).stdout
    assert "task 00" in out and "task 14" in out  # most overdue first
    assert "task 15" not in out and "task 17" not in out
    assert "… and 3 more: rapport due --full lists every one" in out
    full = ok(cli("due", "--full")).stdout
    assert "task 17" in full and "more" not in full
    assert len([i for i in js("due") if i["section"] == "overdue"]) == 18  # JSON never cut


def test_check_lists_only_what_is_overdue_and_exits_3(cli, js):
    _overdue_backlog(cli, 2)
    ok(cli("promise", "Acme Corp", "next week's thing", "--by", "2026-11-26"))
    result = cli("due", "--check")
    assert result.exit_code == 3
    assert "task 00" in result.stdout and "task 01" in result.stdout
    assert "next week's thing" not in result.stdout  # not late: not the cron's business
    with_json = cli("due", "--check", "--json")
    assert with_json.exit_code == 3
    assert len(json.loads(with_json.stdout)) == 3  # --json is the whole morning list


def test_check_is_plain_lines_for_cron_capped_like_the_table(cli, js):
    _overdue_backlog(cli, 18)
    out = cli("due", "--check").stdout.splitlines()
    assert out[0] == "Overdue: 18 promises I owe"
    first = js("due")[0]  # task 00, due 2026-11-02: 21 days late on Monday 2026-11-23
    assert out[1] == f"  #{first['id']} Acme Corp: task 00 (due 2026-11-02, 21 days late)"
    assert len(out) == 1 + 15 + 1
    assert out[-1] == "  … and 3 more: rapport due --check --full lists every one"
    full = cli("due", "--check", "--full").stdout.splitlines()
    assert len(full) == 1 + 18 and "task 17 (due 2026-11-19, 4 days late)" in full[-1]


def test_check_wraps_at_a_terminal_and_keeps_one_line_each_for_cron(cli):
    ok(cli("add", "Acme Corp", env=EARLIER))
    what = "the competitor price scan with its summary deck and the appendix"
    ok(cli("promise", "Acme Corp", what, "--by", "2026-11-02", env=EARLIER))
    narrow = cli("due", "--check", env={"COLUMNS": "60"}).stdout.splitlines()
    assert max(len(line) for line in narrow) <= 60 and len(narrow) > 2
    assert all(line.startswith("    ") for line in narrow[2:])  # under the promise's text
    cron = cli("due", "--check", env={"COLUMNS": ""}).stdout.splitlines()
    assert len(cron) == 2 and what in cron[1]


def test_check_ignores_what_clients_owe_and_follow_ups(cli):
    ok(cli("add", "Acme Corp", env=EARLIER))
    ok(cli("promise", "Acme Corp", "their report", "--by", "2026-11-10", "--theirs", env=EARLIER))
    assert cli("due", "--check").exit_code == 0


def test_check_judges_a_silent_move_by_the_date_the_client_was_told(cli, js):
    ok(cli("add", "Acme Corp", env=EARLIER))
    pid = js("promise", "Acme Corp", "deck", "--by", "2026-11-20", env=EARLIER)["id"]
    ok(cli("move", str(pid), "--to", "2026-11-30", env={"RAPPORT_NOW": "2026-11-10T10:00:00"}))
    assert cli("due", "--check").exit_code == 3  # never told: still judged by 2026-11-20


def test_contacts_list_caps_at_40(cli, js):
    for n in range(43):
        ok(cli("add", f"Client {n:02d}"))
    out = ok(cli("contacts")).stdout
    assert "Client 39" in out and "Client 40" not in out
    assert "… and 3 more: rapport contacts --full lists every one" in out
    assert "Client 42" in ok(cli("contacts", "--full")).stdout
    assert len(js("contacts")) == 43


def test_score_caps_at_40_worst_first(cli, js):
    for n in range(42):
        name = f"Client {n:02d}"
        ok(cli("add", name, env=EARLIER))
        ok(cli("log", name, "call", "--minutes", "30", "--planned", "30", env=EARLIER))
    out = ok(cli("score", "--all")).stdout
    assert "… and 2 more, the best-trusted: rapport score --all --full lists every one" in out
    assert "Client 41" in ok(cli("score", "--all", "--full")).stdout
    assert len(js("score")) == 42
