"""Contacts through the CLI: add, edit, contacts, show, archive, and finding a contact by name."""

from __future__ import annotations

import json

from conftest import ok

# --- add -----------------------------------------------------------------------------------


def test_add_stores_every_profile_field(js):
    person = js(
        "add", "Acme Corp", "--org", "Acme Holdings", "--email", "buyer@acme.test",
        "--phone", "+44 20 7946 0000", "--channel", "Email", "--style", "detail",
        "--attitude", "rigid", "--every", "30d", "--at-most", "60d",
        "--tag", "vip", "--tag", "retail", "--note", "likes cricket",
    )
    assert person["name"] == "Acme Corp"
    assert person["org"] == "Acme Holdings"
    assert person["email"] == "buyer@acme.test"
    assert person["phone"] == "+44 20 7946 0000"
    assert person["channel"] == "email"
    assert person["style"] == "detail"
    assert person["attitude"] == "rigid"
    assert person["every_days"] == 30
    assert person["at_most_days"] == 60
    assert sorted(person["tags"]) == ["retail", "vip"]
    assert person["notes"] == "likes cricket"

    shown = js("show", "Acme Corp")["contact"]
    assert shown["org"] == "Acme Holdings"
    assert shown["every_days"] == 30
    assert sorted(shown["tags"]) == ["retail", "vip"]


def test_add_cadence_in_weeks_and_months(js):
    assert js("add", "Weekly Ltd", "--every", "2w")["every_days"] == 14
    assert js("add", "Monthly Ltd", "--every", "3m")["every_days"] == 90


def test_add_prints_a_line_without_json(cli):
    result = ok(cli("add", "Acme Corp"))
    assert "Acme Corp" in result.stdout


def test_add_refuses_a_name_differing_only_by_case(cli, js):
    ok(cli("add", "Acme Corp"))
    result = cli("add", "ACME corp")
    assert result.exit_code == 2
    assert "Acme Corp" in result.stderr
    assert [c["name"] for c in js("contacts", "--all")] == ["Acme Corp"]


def test_add_refuses_a_bad_attitude(cli, js):
    result = cli("add", "Acme Corp", "--attitude", "grumpy")
    assert result.exit_code == 2
    assert "attitude" in result.stderr
    assert js("contacts", "--all") == []


def test_add_refuses_a_bad_cadence_and_records_nothing(cli, js):
    result = cli("add", "Acme Corp", "--every", "often")
    assert result.exit_code == 2
    assert js("contacts", "--all") == []


def test_add_refuses_an_empty_name(cli, js):
    result = cli("add", "   ")
    assert result.exit_code == 2
    assert js("contacts", "--all") == []


def test_add_json_stdout_is_only_json(cli):
    result = ok(cli("add", "Acme Corp", "--json"))
    assert json.loads(result.stdout)["name"] == "Acme Corp"


# --- edit ----------------------------------------------------------------------------------


def test_edit_changes_and_clears_fields(cli, js):
    ok(cli("add", "Acme Corp", "--org", "Acme", "--email", "a@acme.test", "--every", "30d",
           "--note", "likes tea"))
    person = js("edit", "Acme Corp", "--org", "Acme Holdings", "--email", "", "--note", "")
    assert person["org"] == "Acme Holdings"
    assert person["email"] is None
    assert person["notes"] is None
    assert person["every_days"] == 30  # untouched
    person = js("edit", "Acme Corp", "--every", "")
    assert person["every_days"] is None
    assert js("show", "Acme Corp")["contact"]["org"] == "Acme Holdings"


def test_edit_clears_channel_attitude_and_limits(cli, js):
    ok(cli("add", "Acme Corp", "--channel", "phone", "--attitude", "situational",
           "--every", "2w", "--at-most", "30d", "--style", "chatty", "--phone", "123"))
    person = js("edit", "Acme Corp", "--channel", "", "--attitude", "", "--at-most", "",
                "--style", "", "--phone", "")
    for field in ("channel", "attitude", "at_most_days", "style", "phone"):
        assert person[field] is None, field
    assert person["every_days"] == 14
    shown = js("show", "Acme Corp")["contact"]
    assert shown["channel"] is None and shown["attitude"] is None


def test_edit_sets_cadence_and_attitude(cli, js):
    ok(cli("add", "Acme Corp"))
    person = js("edit", "Acme Corp", "--every", "1m", "--at-most", "8w", "--attitude", "Flexible")
    assert person["every_days"] == 30
    assert person["at_most_days"] == 56
    assert person["attitude"] == "flexible"


def test_edit_by_prefix_says_which_contact(cli, js):
    ok(cli("add", "Acme Corp"))
    result = ok(cli("edit", "acm", "--org", "Acme"))
    assert "using 'Acme Corp' for 'acm'" in result.stderr
    assert js("show", "Acme Corp")["contact"]["org"] == "Acme"


def test_edit_tags_and_untags(cli, js):
    ok(cli("add", "Acme Corp", "--tag", "vip", "--tag", "retail"))
    person = js("edit", "Acme Corp", "--tag", "north", "--untag", "retail")
    assert sorted(person["tags"]) == ["north", "vip"]
    assert sorted(js("show", "Acme Corp")["contact"]["tags"]) == ["north", "vip"]


def test_edit_renames(cli, js):
    ok(cli("add", "Acme Corp"))
    ok(cli("log", "Acme Corp", "kick-off call"))
    person = js("edit", "Acme Corp", "--rename", "Acme Group")
    assert person["name"] == "Acme Group"
    assert [c["name"] for c in js("contacts")] == ["Acme Group"]
    view = js("show", "Acme Group")
    assert [i["summary"] for i in view["interactions"]] == ["kick-off call"]


def test_edit_rename_to_a_taken_name_is_refused(cli, js):
    ok(cli("add", "Acme Corp"))
    ok(cli("add", "Globex"))
    result = cli("edit", "Globex", "--rename", "acme corp")
    assert result.exit_code == 2
    assert sorted(c["name"] for c in js("contacts")) == ["Acme Corp", "Globex"]


def test_edit_rename_changing_only_case_is_allowed(cli, js):
    ok(cli("add", "acme corp"))
    assert js("edit", "acme corp", "--rename", "Acme Corp")["name"] == "Acme Corp"


def test_edit_unknown_contact_is_exit_2(cli, js):
    ok(cli("add", "Acme Corp"))
    result = cli("edit", "Zebra Partners", "--org", "Z")
    assert result.exit_code == 2
    assert [c["name"] for c in js("contacts", "--all")] == ["Acme Corp"]


def test_edit_bad_attitude_changes_nothing(cli, js):
    ok(cli("add", "Acme Corp", "--attitude", "flexible"))
    result = cli("edit", "Acme Corp", "--attitude", "stubborn")
    assert result.exit_code == 2
    assert js("show", "Acme Corp")["contact"]["attitude"] == "flexible"


# --- contacts ------------------------------------------------------------------------------


def test_contacts_lists_last_interaction_open_promises_and_next_due(cli, js):
    ok(cli("add", "Acme Corp", "--org", "Acme Holdings"))
    ok(cli("add", "Globex"))
    ok(cli("log", "Acme Corp", "call", "--when", "2026-11-20 14:00"))
    ok(cli("promise", "Acme Corp", "send deck", "--by", "friday"))
    ok(cli("promise", "Acme Corp", "send invoice", "--by", "2026-12-10"))
    rows = {r["name"]: r for r in js("contacts")}
    assert set(rows) == {"Acme Corp", "Globex"}
    acme = rows["Acme Corp"]
    assert acme["org"] == "Acme Holdings"
    assert acme["last_at"].startswith("2026-11-20T14:00")
    assert acme["open_mine"] == 2
    assert acme["next_due"] == "2026-11-27"
    assert rows["Globex"]["last_at"] is None
    assert rows["Globex"]["open_mine"] == 0

    text = ok(cli("contacts")).stdout
    assert "Acme Corp" in text and "Globex" in text
    assert "Acme Holdings" in text
    assert "2026-11-20" in text
    assert "3 days ago" in text  # Friday 20th seen from Monday 23rd
    assert "2026-11-27" in text


def test_contacts_counts_only_open_promises(cli, js):
    ok(cli("add", "Acme Corp"))
    first = js("promise", "Acme Corp", "send deck", "--by", "friday")
    ok(cli("promise", "Acme Corp", "call back", "--by", "tomorrow"))
    ok(cli("done", first["id"]))
    (row,) = js("contacts")
    assert row["open_mine"] == 1
    assert row["next_due"] == "2026-11-24"


def test_contacts_hides_archived_unless_all(cli, js):
    ok(cli("add", "Acme Corp"))
    ok(cli("add", "Globex"))
    ok(cli("archive", "Globex"))
    assert [c["name"] for c in js("contacts")] == ["Acme Corp"]
    assert sorted(c["name"] for c in js("contacts", "--all")) == ["Acme Corp", "Globex"]
    assert "Globex" not in ok(cli("contacts")).stdout
    assert "Globex" in ok(cli("contacts", "--all")).stdout


def test_contacts_on_an_empty_journal(cli, js):
    assert js("contacts") == []
    result = ok(cli("contacts"))
    assert result.stdout.strip()


# --- archive -------------------------------------------------------------------------------


def test_archive_and_undo(cli, js):
    ok(cli("add", "Acme Corp"))
    ok(cli("log", "Acme Corp", "call"))
    ok(cli("archive", "Acme Corp"))
    assert js("contacts") == []
    assert js("show", "Acme Corp")["contact"]["archived"]
    ok(cli("archive", "Acme Corp", "--undo"))
    assert [c["name"] for c in js("contacts")] == ["Acme Corp"]
    view = js("show", "Acme Corp")
    assert not view["contact"]["archived"]
    assert len(view["interactions"]) == 1  # history kept


def test_archive_unknown_is_exit_2(cli):
    ok(cli("add", "Acme Corp"))
    assert cli("archive", "Nobody Here").exit_code == 2


# --- show ----------------------------------------------------------------------------------


def test_show_json_has_contact_interactions_and_promises(cli, js):
    ok(cli("add", "Acme Corp", "--org", "Acme"))
    ok(cli("log", "Acme Corp", "kick-off", "--when", "yesterday 3pm", "--channel", "phone"))
    mine = js("promise", "Acme Corp", "send deck", "--by", "friday")
    theirs = js("promise", "Acme Corp", "sign contract", "--by", "2026-12-01", "--theirs")
    follow = js("followup", "Acme Corp", "--on", "2026-12-07", "check the pilot")
    view = js("show", "Acme Corp")
    assert set(view) >= {"contact", "interactions", "promises"}
    assert view["contact"]["name"] == "Acme Corp"
    assert [i["summary"] for i in view["interactions"]] == ["kick-off"]
    assert view["interactions"][0]["at"] == "2026-11-22T15:00:00"
    assert view["interactions"][0]["channel"] == "phone"
    by_id = {p["id"]: p for p in view["promises"]}
    assert set(by_id) == {mine["id"], theirs["id"], follow["id"]}
    assert by_id[mine["id"]]["direction"] == "mine"
    assert by_id[mine["id"]]["due"] == "2026-11-27"
    assert by_id[theirs["id"]]["direction"] == "theirs"
    assert by_id[theirs["id"]]["due"] == "2026-12-01"
    assert by_id[follow["id"]]["kind"] == "followup"
    assert by_id[follow["id"]]["text"] == "check the pilot"
    assert all(p["moves"] == [] for p in view["promises"])


def test_show_text_profile_then_promises_then_interactions(cli):
    ok(cli("add", "Acme Corp", "--org", "Acme Holdings", "--email", "buyer@acme.test",
           "--note", "likes cricket"))
    ok(cli("log", "Acme Corp", "kick-off meeting", "--when", "2026-11-20 14:00"))
    ok(cli("promise", "Acme Corp", "send the deck", "--by", "friday"))
    ok(cli("promise", "Acme Corp", "sign the contract", "--by", "2026-12-01", "--theirs"))
    ok(cli("followup", "Acme Corp", "--on", "2026-12-07", "check the pilot"))
    out = ok(cli("show", "Acme Corp")).stdout
    for piece in ("Acme Corp", "Acme Holdings", "buyer@acme.test", "likes cricket",
                  "send the deck", "sign the contract", "check the pilot", "kick-off meeting"):
        assert piece in out, piece
    assert out.index("Acme Holdings") < out.index("send the deck")
    assert out.index("send the deck") < out.index("kick-off meeting")
    assert out.index("sign the contract") < out.index("kick-off meeting")
    assert out.index("check the pilot") < out.index("kick-off meeting")


def test_show_user_text_is_not_markup(cli):
    ok(cli("add", "Acme Corp", "--note", "[bold]loud[/bold]"))
    assert "[bold]loud[/bold]" in ok(cli("show", "Acme Corp")).stdout


# --- finding a contact ---------------------------------------------------------------------


def test_exact_case_insensitive_match_says_nothing(cli):
    ok(cli("add", "Acme Corp"))
    result = ok(cli("show", "ACME CORP"))
    assert "using" not in result.stderr
    assert "Acme Corp" in result.stdout


def test_exact_match_wins_over_prefix(cli, js):
    ok(cli("add", "Acme"))
    ok(cli("add", "Acme Corp"))
    result = cli("show", "acme", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["contact"]["name"] == "Acme"
    assert "using" not in result.stderr


def test_unique_prefix_is_used_and_said_on_stderr(cli):
    ok(cli("add", "Acme Corp"))
    ok(cli("add", "Globex"))
    result = ok(cli("show", "acm", "--json"))
    assert json.loads(result.stdout)["contact"]["name"] == "Acme Corp"
    assert "using 'Acme Corp' for 'acm'" in result.stderr


def test_prefix_of_a_later_word(cli):
    ok(cli("add", "John Smith"))
    ok(cli("add", "Acme Corp"))
    result = ok(cli("show", "smi", "--json"))
    assert json.loads(result.stdout)["contact"]["name"] == "John Smith"
    assert "using 'John Smith' for 'smi'" in result.stderr


def test_typo_is_used_and_said_on_stderr(cli):
    ok(cli("add", "Acme Corp"))
    ok(cli("add", "Globex"))
    result = ok(cli("show", "acem", "--json"))
    assert json.loads(result.stdout)["contact"]["name"] == "Acme Corp"
    assert "using 'Acme Corp' for 'acem'" in result.stderr


def test_ambiguous_prefix_is_exit_2_listing_candidates(cli):
    ok(cli("add", "John Smith"))
    ok(cli("add", "Johanna Lee"))
    result = cli("show", "joh")
    assert result.exit_code == 2
    assert "John Smith" in result.stderr
    assert "Johanna Lee" in result.stderr
    assert result.stdout == ""


def test_unknown_name_is_exit_2(cli):
    ok(cli("add", "Acme Corp"))
    result = cli("show", "Zebra Partners")
    assert result.exit_code == 2
    assert "Zebra Partners" in result.stderr


def test_unknown_name_suggests_a_near_one(cli):
    ok(cli("add", "Acme Corp"))
    ok(cli("add", "Globex"))
    result = cli("show", "Acme Inc")  # not a prefix, not close enough to pick, but near
    assert result.exit_code == 2
    assert "Acme Corp" in result.stderr


def test_show_on_empty_journal_is_exit_2(cli):
    result = cli("show", "Acme Corp")
    assert result.exit_code == 2
    assert result.stderr.strip()
