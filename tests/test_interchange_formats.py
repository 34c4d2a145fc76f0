"""vCard, iCalendar and CSV: the pure format functions, and importing real producers' files."""

from __future__ import annotations

import csv as stdlib_csv
import io
import json
from pathlib import Path

import pytest
from conftest import ok
from hypothesis import given
from hypothesis import strategies as st

from rapport.interchange import csv, guess_format, ics, vcard
from rapport.interchange.text import decode, escape, fold, unescape, unfold

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"


def parsed(name: str) -> list[dict]:
    text = decode((FIXTURES / name).read_bytes())
    reader = vcard.parse if name.endswith(".vcf") else csv.parse_contacts
    return [record for _, record in reader(text)]


# --- folding and escaping -------------------------------------------------------------------


def test_fold_cuts_at_75_octets_and_never_inside_a_character():
    line = "NOTE:" + "é" * 60  # 5 + 120 octets
    folded = fold(line)
    parts = folded.removesuffix("\r\n").split("\r\n")
    assert [len(p.encode()) for p in parts] == [75, 51]  # 5 + 35*2 = 75; " " + 25*2 = 51
    assert parts[1].startswith(" ")
    assert unfold(folded) == [(1, line)]


@given(st.text(max_size=300))
def test_escape_and_fold_round_trip(text):
    line = "NOTE:" + escape(text)
    [(_, back)] = unfold(fold(line))
    assert unescape(back.removeprefix("NOTE:")) == text.replace("\r\n", "\n").replace("\r", "\n")
    assert all(len(p.encode()) <= 75 for p in fold(line).split("\r\n"))


def test_escape_covers_the_special_characters():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


# --- vCard out ------------------------------------------------------------------------------

ACME = {"id": 1, "name": "Acme Corp", "org": "Acme; Inc", "email": "dana@acme.example",
        "phone": "+1 555 0100", "notes": "Dana, ops\nloves cycling", "tags": ["retainer", "a,b"],
        "created_at": "2026-08-24T09:00:00"}  # fmt: skip


def test_vcard_4_export_is_escaped_and_stable():
    text = vcard.dumps([ACME])
    assert text == vcard.dumps([dict(ACME)])
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:")
    assert "ORG:Acme\\; Inc\r\n" in text
    assert "NOTE:Dana\\, ops\\nloves cycling\r\n" in text
    assert "CATEGORIES:retainer,a\\,b\r\n" in text
    assert "TEL;VALUE=text:+1 555 0100\r\n" in text
    assert text.endswith("END:VCARD\r\n")


def test_vcard_export_reads_back():
    [(_, record)] = vcard.parse(vcard.dumps([ACME]))
    assert record == {"type": "contact", "name": "Acme Corp", "org": "Acme; Inc",
                      "email": "dana@acme.example", "phone": "+1 555 0100",
                      "notes": "Dana, ops\nloves cycling", "tags": ["retainer", "a,b"]}  # fmt: skip


# --- vCard in: real producers ---------------------------------------------------------------


def test_apple_contacts_3_0():
    elena, harbor = parsed("apple-contacts-3.0.vcf")
    assert elena == {
        "type": "contact", "name": "Elena Park", "org": "Park & Partners",
        "email": "elena@park.example",  # item1 is type=pref
        "phone": "+1 (555) 010-2233",
        "notes": "Met at the Lisbon conference, 2025.\nPrefers mornings; never Fridays. "
                 "Her assistant is Tom.",  # the folded line joined
        "tags": ["clients", "vip"],
    }  # fmt: skip
    assert harbor == {"type": "contact", "name": "Harbor Dental", "org": "Harbor Dental Group",
                      "phone": "+1 555 0199"}  # fmt: skip


def test_google_contacts_3_0_without_crlf_and_without_fn():
    marco, ada = parsed("google-contacts-3.0.vcf")
    assert marco["email"] == "marco@northwind.example"  # the first, none is preferred
    assert marco["tags"] == ["Suppliers"]  # myContacts is Google's, not a label
    assert marco["notes"] == "Decides fast; dislikes long emails"
    assert ada == {"type": "contact", "name": "Dr. Ada Okafor", "email": "ada@harbor.example"}


def test_khard_4_0():
    [priya] = parsed("khard-4.0.vcf")
    assert priya["phone"] == "+44-20-7946-0000"  # tel: URI scheme dropped
    assert priya["tags"] == ["design", "retainer,paid"]


def test_android_2_1_quoted_printable():
    [jurgen] = parsed("android-2.1.vcf")
    assert jurgen["name"] == "Jürgen Müller"
    assert jurgen["phone"] == "+49309876543"  # the PREF one, though listed second
    assert jurgen["notes"].endswith("nie vor neun Uhr morgens.")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("FN:Nobody\r\n", "line 1: text outside a card"),
        ("BEGIN:VCARD\r\nFN:A\r\n", "card 1 (line 1): the card never ends"),
        ("BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n",
         "card 2 (line 4): the card has no name"),
        ("BEGIN:VCARD\r\nthis line has no colon\r\nEND:VCARD\r\n", "line 2: not a vCard line"),
        ("BEGIN:VCARD\r\nBEGIN:VCARD\r\n", "line 2: a new card begins"),
        ("END:VCARD\r\n", "line 1: END:VCARD without a BEGIN:VCARD"),
        ("", "no vCard in the file"),
    ],
)  # fmt: skip
def test_malformed_vcards_say_where(text, says):
    with pytest.raises(Exception, match=says.replace("(", r"\(").replace(")", r"\)")):
        vcard.parse(text)


# --- iCalendar ------------------------------------------------------------------------------

PROMISE = {"id": 12, "kind": "promise", "direction": "mine", "text": "send the long proposal " * 4,
           "due": "2026-11-27", "made_on": "2026-11-20", "created_at": "2026-11-20T10:00:00",
           "contact": "Acme Corp", "moves": 2}  # fmt: skip


def test_ics_todo_has_stable_uid_date_due_and_crlf():
    text = ics.dumps([PROMISE], [])
    assert text == ics.dumps([dict(PROMISE)], [])
    assert "\r\nUID:promise-12@rapport\r\n" in text
    assert "\r\nDUE;VALUE=DATE:20261127\r\n" in text
    assert "\r\nSEQUENCE:2\r\n" in text
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")


def test_ics_stamp_is_the_records_own_moment_in_utc(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        assert ics.utc_stamp("2026-11-20T10:00:00") == "20261120T090000Z"  # CET is UTC+1
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_ics_followups_theirs_and_yearly_dates():
    follow = {**PROMISE, "id": 3, "kind": "followup", "text": "follow up", "moves": 0}
    theirs = {**PROMISE, "id": 4, "direction": "theirs", "text": "signed contract"}
    birthday = {"id": 1, "label": "Dana's birthday", "on_date": "1985-03-14", "yearly": 1,
                "contact": "Acme Corp"}  # fmt: skip
    text = ics.dumps([follow, theirs], [birthday])
    assert "UID:followup-3@rapport\r\nDTSTAMP" in text
    assert "SUMMARY:Follow up with Acme Corp\r\n" in text
    assert "SUMMARY:Acme Corp owes me: signed contract\r\n" in text
    assert "BEGIN:VEVENT\r\nUID:remember-1@rapport\r\n" in text
    assert "DTSTART;VALUE=DATE:19850314\r\nRRULE:FREQ=YEARLY\r\n" in text


def test_ics_dates_without_a_year_and_29_february():
    birthday = {"id": 2, "label": "birthday", "on_date": "--02-29", "yearly": 1, "contact": "Al"}
    text = ics.dumps([], [birthday])
    assert "DTSTART;VALUE=DATE:20000229\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n" in text


def test_ics_export_lists_only_open_promises(cli):
    ok(cli("add", "Acme Corp"))
    ok(cli("promise", "Acme Corp", "deck", "--by", "friday"))
    ok(cli("promise", "Acme Corp", "report", "--by", "friday"))
    ok(cli("followup", "Acme Corp", "--on", "next week"))
    ok(cli("done", "2"))
    text = ok(cli("export", "--format", "ics")).stdout
    assert text.count("BEGIN:VTODO") == 2
    assert "UID:promise-1@rapport" in text and "UID:followup-3@rapport" in text
    assert "DUE;VALUE=DATE:20261127" in text  # friday after the pinned Monday 23 Nov
    assert "DUE;VALUE=DATE:20261130" in text  # next week: Monday 30 Nov
    refused = cli("import", "-", "--format", "ics", input=text)  # to-dos are not meetings
    assert refused.exit_code == 2 and "the calendar has no events" in refused.stderr


# --- CSV ------------------------------------------------------------------------------------


def test_csv_export_has_bom_header_and_defuses_formulas():
    rows = [{"id": 1, "name": "=HYPERLINK(\"x\")", "phone": "+1 555 0100", "org": "-Acme",
             "tags": ["a", "b"], "notes": "line one\nline two"}]  # fmt: skip
    text = csv.dumps("contacts", rows)
    assert text.startswith("\ufeffid,name,org,email,phone,")
    [row] = list(__import__("csv").reader(text.lstrip("\ufeff").splitlines(True)[1:]))
    header = csv.COLUMNS["contacts"]
    cell = dict(zip(header, row, strict=True))
    assert cell["name"] == '\'=HYPERLINK("x")'
    assert cell["phone"] == "+1 555 0100"  # a number, not a formula
    assert cell["org"] == "'-Acme"
    assert cell["tags"] == "a; b"
    assert cell["notes"] == "line one\nline two"


def test_google_csv():
    marco, ada = parsed("google-contacts.csv")
    assert marco == {"type": "contact", "name": "Marco Rossi", "org": "Northwind Traders",
                     "email": "marco@northwind.example", "phone": "+39 333 123 4567",
                     "notes": "Decides fast,\ndislikes long emails",
                     "tags": ["Suppliers"]}  # fmt: skip
    assert ada == {"type": "contact", "name": "Dr. Ada Okafor", "email": "ada@harbor.example"}


def test_outlook_csv_in_windows_1252():
    [jurgen] = parsed("outlook.csv")
    assert jurgen["name"] == "Jürgen Müller"
    assert jurgen["org"] == "Kaffee GmbH"
    assert jurgen["email"] == "juergen@example.de"
    assert jurgen["tags"] == ["Clients", "Berlin"]


def test_csv_without_a_name_column_is_refused():
    with pytest.raises(Exception, match="line 1: the CSV header has no name column"):
        csv.parse_contacts("Phone,Notes\n123,hi\n")
    with pytest.raises(Exception, match="line 2: the row has no name"):
        csv.parse_contacts("Name,Notes\n,hi\n")


def test_guess_format():
    assert guess_format("x.VCF") == "vcf"
    assert guess_format(None, '{"type": "contact"}') == "jsonl"
    assert guess_format(None, "\ufeffBEGIN:VCARD\r\n") == "vcf"
    assert guess_format(None, "Name,E-mail\n") == "csv"
    assert guess_format(None, "hello") is None


# --- importing through the CLI --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "count"),
    [("apple-contacts-3.0.vcf", 2), ("google-contacts-3.0.vcf", 2), ("khard-4.0.vcf", 1),
     ("android-2.1.vcf", 1), ("google-contacts.csv", 2), ("outlook.csv", 1)],
)  # fmt: skip
def test_each_producer_imports_once(js, name, count):
    first = js("import", FIXTURES / name)
    assert first["added"] == {"contact": count}
    again = js("import", FIXTURES / name)
    assert again["added"] == {} and again["existing"] == {"contact": count}


def test_vcard_tags_and_notes_land_on_the_contact(js):
    js("import", FIXTURES / "apple-contacts-3.0.vcf")
    elena = js("show", "Elena Park")["contact"]
    assert elena["tags"] == ["clients", "vip"]
    assert elena["notes"].startswith("Met at the Lisbon conference, 2025.\n")


@pytest.mark.parametrize(
    ("suffix", "text", "says"),
    [
        (".vcf", "BEGIN:VCARD\r\nFN:Good One\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Bad\r\n",
         "card 2 (line 4): the card never ends"),
        (".csv", "Name,E-mail Address\nGood One,a@x.example\n,\n,b@x.example,extra\n\"Bad,",
         "line 5: not valid CSV"),
        (".csv", "Name,Every_days\nGood One,30\nBad One,often\n",
         "line 3: can't read the interval"),
        (".jsonl", '{"type":"contact","name":"Good One"}\n{"type":"contact"}\n',
         "line 2: a contact needs 'name'"),
    ],
)  # fmt: skip
def test_malformed_files_leave_the_store_unchanged(cli, tmp_path, suffix, text, says):
    ok(cli("add", "Acme Corp"))
    before = ok(cli("export")).stdout
    path = tmp_path / f"bad{suffix}"
    path.write_text(text, encoding="utf-8", newline="")
    result = cli("import", path)
    assert result.exit_code == 2, result.stderr
    assert says in result.stderr
    assert ok(cli("export")).stdout == before


def test_csv_promises_carry_their_size_and_the_one_verdict(cli, js):
    """Made Monday 23 Nov, due Friday 27 Nov: kept today, dropped today, still open."""
    ok(cli("add", "Acme Corp"))
    ok(cli("promise", "Acme Corp", "deck", "--by", "friday", "--size", "small"))
    ok(cli("promise", "Acme Corp", "migration", "--by", "friday", "--size", "big"))
    ok(cli("promise", "Acme Corp", "notes", "--by", "friday"))
    ok(cli("done", "1"))
    ok(cli("drop", "2", "--reason", "no capacity"))
    text = ok(cli("export", "-f", "csv", "--what", "promises")).stdout_bytes.decode()
    rows = list(stdlib_csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    cells = [(r["id"], r["size"], r["verdict"]) for r in rows]
    assert cells == [("1", "small", "on time"), ("2", "big", "broken"),
                     ("3", "normal", "due in 4 days")]  # fmt: skip
    listed = {str(p["id"]): p["verdict_text"] for p in js("promises", "--all")}
    assert {r["id"]: r["verdict"] for r in rows} == listed


def test_csv_exports_of_interactions_and_promises(cli):
    ok(cli("log", "Acme Corp", "Kickoff, with coffee", "--new", "--tag", "q4", "--promise",
           "deck", "--by", "friday"))  # fmt: skip
    text = ok(cli("export", "--format", "csv", "--what", "interactions")).stdout_bytes.decode()
    header, row = text.lstrip("\ufeff").split("\r\n")[:2]
    assert header == ",".join(csv.COLUMNS["interactions"])
    assert row.startswith('1,Acme Corp,2026-11-23T10:00:00,,"Kickoff, with coffee",')
    assert row.endswith(",q4")
    promises = ok(cli("export", "-f", "csv", "--what", "promises")).stdout_bytes.split(b"\r\n")
    promises = [p.decode() for p in promises]
    assert promises[1] == (
        "1,Acme Corp,promise,mine,deck,2026-11-23,2026-11-27,open,,,,0,normal,due in 4 days"
    )
    contacts = json.loads(ok(cli("contacts", "--json")).stdout)
    assert [c["name"] for c in contacts] == ["Acme Corp"]
