"""Calendar capture: `rapport import meetings.ics` logs past meetings as interactions.

Fixtures (tests/fixtures/calendar/): a Google Calendar export and an Outlook export, each with
a weekly series that has one occurrence moved and one cancelled, attendees and a conference
link. The clock is Monday 2026-11-23 10:00, the local zone Europe/Berlin (CET, UTC+1 in
November), so 11:00Z is 12:00 local. Expected interactions worked out from the files:

Google (X-WR-CALNAME me@consult.example is "me"):
- "Acme weekly sync", Mondays 15:00-15:30 from 26 Oct, COUNT=6, Meet link: 26 Oct; 2 Nov
  moved to Tue 3 Nov 16:00-16:45 (45 of 30 planned); 9 Nov an EXDATE; 16 Nov; 23 Nov 15:00
  is still to come. Dana (dana@acme.example, the Acme Corp contact) attends.
- "Lunch with Marco Rossi" 10 Nov 11:00-12:30Z, a restaurant, no attendees: by the title.
- "Quick call about the invoice" 17 Nov 14:00-14:20Z at +39 333 123 4567, Marco attends.
- skipped: "Vendor pitch" (me: DECLINED), "Acme offsite" (all-day), "Call with Dana"
  (CANCELLED); "Dentist" matches nobody.

Outlook ("W. Europe Standard Time", Teams):
- "Northwind review" Thursdays 10:00-11:00 from 29 Oct, organised by Marco; 5 Nov moved to
  Fri 6 Nov 14:00-14:30 (30 of 60); 12 Nov cancelled by an override; 19 Nov; 26 Nov to come.
  Dana declined the series, so it is not hers.
- "Coffee" 18 Nov 08:30-09:15 at Café Einstein with Dana: in person.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import ok

FIXTURES = Path(__file__).parent / "fixtures" / "calendar"
GOOGLE = FIXTURES / "google-calendar.ics"
OUTLOOK = FIXTURES / "outlook.ics"

GOOGLE_LOGGED = [
    ("Acme Corp", "2026-10-26T15:00:00", "Acme weekly sync", "video", 30, 30),
    ("Acme Corp", "2026-11-03T16:00:00", "Acme weekly sync", "video", 45, 30),
    ("Marco Rossi", "2026-11-10T12:00:00", "Lunch with Marco Rossi", "meeting", 90, 90),
    ("Acme Corp", "2026-11-16T15:00:00", "Acme weekly sync", "video", 30, 30),
    ("Marco Rossi", "2026-11-17T15:00:00", "Quick call about the invoice", "phone", 20, 20),
]
OUTLOOK_LOGGED = [
    ("Marco Rossi", "2026-10-29T10:00:00", "Northwind review", "video", 60, 60),
    ("Marco Rossi", "2026-11-06T14:00:00", "Northwind review", "video", 30, 60),
    ("Acme Corp", "2026-11-18T08:30:00", "Coffee", "meeting", 45, 45),
    ("Marco Rossi", "2026-11-19T10:00:00", "Northwind review", "video", 60, 60),
]


@pytest.fixture(autouse=True)
def berlin(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.fixture
def people(cli):
    ok(cli("add", "Acme Corp", "--email", "dana@acme.example"))
    ok(cli("add", "Marco Rossi", "--email", "marco@northwind.example"))


def interactions(cli) -> list[tuple]:
    records = [json.loads(line) for line in ok(cli("export")).stdout.splitlines()]
    found = [r for r in records if r["type"] == "interaction"]
    return sorted((r["contact"], r["at"], r["summary"], r["channel"], r["minutes"], r["planned"])
                  for r in found)  # fmt: skip


def by_time(rows: list[tuple]) -> list[tuple]:
    return sorted(rows, key=lambda r: (r[1], r[0]))


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(("path", "logged"), [(GOOGLE, GOOGLE_LOGGED), (OUTLOOK, OUTLOOK_LOGGED)])
def test_a_calendar_imports_into_the_right_interactions_and_again_into_nothing(
    cli, js, path, logged
):
    first = js("import", path)
    assert (first["added"], first["updated"], first["existing"]) == (len(logged), 0, 0)
    assert interactions(cli) == sorted(logged)
    before = ok(cli("export")).stdout
    again = js("import", path)
    assert (again["added"], again["updated"], again["existing"]) == (0, 0, len(logged))
    assert ok(cli("export")).stdout == before


@pytest.mark.usefixtures("people")
def test_google_skips_declined_all_day_and_cancelled_and_names_who_matched_nobody(js):
    result = js("import", GOOGLE)
    assert result["skipped"] == {"all-day": 1, "cancelled": 1, "declined": 1}
    assert result["unmatched"] == [{"at": "2026-11-13T09:00:00", "summary": "Dentist"}]
    how = {(e["contact"], e["at"]): e["matched_by"] for e in result["logged"]}
    assert how[("Marco Rossi", "2026-11-10T12:00:00")] == "title"
    assert how[("Acme Corp", "2026-10-26T15:00:00")] == "email"


@pytest.mark.usefixtures("people")
def test_outlook_cancelled_occurrence_and_declined_attendee(js):
    result = js("import", OUTLOOK)
    assert result["skipped"] == {"cancelled": 1}  # 12 Nov, cancelled by its override
    assert {e["contact"] for e in result["logged"] if e["summary"] == "Northwind review"} == {
        "Marco Rossi"  # Dana declined: she was not there
    }


@pytest.mark.usefixtures("people")
def test_dry_run_lists_what_would_be_logged_and_writes_nothing(cli):
    result = ok(cli("import", GOOGLE, "--dry-run"))
    out = result.stdout
    assert "would add: 2026-11-03 16:00 Acme Corp: Acme weekly sync, video, 45 min" in out
    assert "would add: 2026-11-10 12:00 Marco Rossi: Lunch with Marco Rossi, meeting, 90 min" in out
    assert "matched nobody: 2026-11-13 09:00 Dentist" in out
    assert "Would log 5 meetings; skipped 1 all-day, 1 cancelled, 1 declined" in out
    assert interactions(cli) == []


@pytest.mark.usefixtures("people")
def test_a_moved_occurrence_updates_its_interaction(cli, js, tmp_path):
    js("import", OUTLOOK)
    [moved_id] = [i["id"] for i in js("show", "Marco Rossi")["interactions"]
                  if i["at"] == "2026-11-06T14:00:00"]  # fmt: skip
    text = OUTLOOK.read_bytes().replace(b"20261106T140000", b"20261106T150000")
    text = text.replace(b"20261106T143000", b"20261106T154500")
    edited = tmp_path / "outlook-edited.ics"
    edited.write_bytes(text)
    result = js("import", edited)
    assert (result["added"], result["updated"], result["existing"]) == (0, 1, 3)
    after = {i["id"]: i for i in js("show", "Marco Rossi")["interactions"]}
    assert after[moved_id]["at"] == "2026-11-06T15:00:00"
    assert (after[moved_id]["minutes"], after[moved_id]["planned"]) == (45, 60)


@pytest.mark.usefixtures("people")
def test_all_day_events_only_when_asked(js):
    result = js("import", GOOGLE, "--all-day")
    offsite = [e for e in result["logged"] if e["summary"] == "Acme offsite"]
    assert [(e["contact"], e["at"], e["minutes"]) for e in offsite] == [
        ("Acme Corp", "2026-11-05T00:00:00", None)
    ]


@pytest.mark.usefixtures("people")
def test_since_limits_the_range(js):
    result = js("import", GOOGLE, "--since", "2026-11-16")
    assert [(e["contact"], e["at"]) for e in result["logged"]] == [
        ("Acme Corp", "2026-11-16T15:00:00"),
        ("Marco Rossi", "2026-11-17T15:00:00"),
    ]


@pytest.mark.usefixtures("people")
def test_a_captured_meeting_closes_the_follow_ups_it_answers(cli, js):
    # Set on 1 Nov, due 20 Nov: the first Northwind meeting after it (6 Nov) answers it.
    ok(cli("followup", "Marco Rossi", "--on", "2026-11-20",
           env={"RAPPORT_NOW": "2026-11-01T09:00:00"}))  # fmt: skip
    result = js("import", OUTLOOK)
    assert [f["id"] for f in result["closed_followups"]] == [1]
    [followup] = [p for p in js("show", "Marco Rossi")["promises"] if p["id"] == 1]
    assert (followup["status"], followup["done_on"]) == ("done", "2026-11-06")


def test_a_calendar_without_events_is_refused(cli, tmp_path):
    path = tmp_path / "todo.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    result = cli("import", path)
    assert result.exit_code == 2
    assert "the calendar has no events" in result.stderr


def test_a_broken_calendar_is_refused_in_one_line(cli, tmp_path):
    path = tmp_path / "broken.ics"
    path.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\nEND:VEVENT\r\n")
    result = cli("import", path)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


# --- channel, pure -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "channel"),
    [
        (["LOCATION:https://us02web.zoom.us/j/123"], "video"),
        (["DESCRIPTION:Join: https://meet.google.com/abc-defg-hij"], "video"),
        (["LOCATION:Microsoft Teams Meeting"], "video"),
        (["CONFERENCE;VALUE=URI:https://cloud.example/call/abc"], "video"),
        (["CONFERENCE;VALUE=URI:tel:+1-555-0100"], "phone"),
        (["LOCATION:+44 20 7946 0000"], "phone"),
        (["LOCATION:Phone"], "phone"),
        (["LOCATION:Café Einstein\\, Berlin"], "meeting"),
        ([], None),
    ],
)  # fmt: skip
def test_channel_from_location_and_conference_link(lines, channel):
    import icalendar

    from rapport.interchange.calendar import channel as channel_of

    text = "\r\n".join(["BEGIN:VEVENT", "UID:x", "DTSTART:20261102T100000Z", *lines, "END:VEVENT"])
    assert channel_of(icalendar.Event.from_ical(text)) == channel


def test_me_names_whose_decline_skips_the_event_and_who_is_never_a_match(cli, js, tmp_path):
    ok(cli("add", "Ann Lee", "--email", "ann@x.example"))
    ok(cli("add", "Sam Me", "--email", "sam@me.example"))  # yourself, kept as a contact
    path = tmp_path / "m.ics"
    path.write_text("\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:one@x", "SUMMARY:Review",
        "DTSTART:20261102T090000Z", "DTEND:20261102T093000Z",
        "ORGANIZER:mailto:ann@x.example",
        "ATTENDEE;PARTSTAT=DECLINED:mailto:sam@me.example",
        "END:VEVENT", "END:VCALENDAR", "",
    ]))  # fmt: skip
    assert js("import", path, "--me", "SAM@me.example", "--dry-run")["skipped"] == {"declined": 1}
    logged = js("import", path)["logged"]  # without --me, Sam's decline only un-matches Sam
    assert [(e["contact"], e["at"]) for e in logged] == [("Ann Lee", "2026-11-02T10:00:00")]


@pytest.mark.usefixtures("people")
def test_your_own_address_is_not_matched_to_a_contact(cli, js):
    ok(cli("add", "Sam Consultant", "--email", "me@consult.example"))
    result = js("import", GOOGLE)  # X-WR-CALNAME says me@consult.example is the owner
    assert "Sam Consultant" not in {e["contact"] for e in result["logged"]}


@pytest.mark.usefixtures("people")
def test_undo_takes_back_a_calendar_import_whole(cli, js):
    before = ok(cli("export")).stdout
    js("import", GOOGLE)
    assert js("undo")["removed"] == [f"interaction {n}" for n in range(1, 6)]
    assert ok(cli("export")).stdout == before
