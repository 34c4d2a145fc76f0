"""The calendar corpus: 28 .ics files other software wrote (../shared/corpus/calendars).

None may crash the import: each either imports (and a second import adds nothing) or is
refused with one clear line. The three refused are the ones SOURCES.md says the reference
libraries refuse. A few files check the rules on real exports (declines, cancellations).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import ok

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "calendars"
if not CORPUS.is_dir():
    pytest.skip(f"no calendar corpus at {CORPUS}", allow_module_level=True)

FILES = sorted(p.name for p in CORPUS.glob("*.ics"))
REFUSED = {
    "icalendar-exchange-cdo-rrule-spaces.ics",  # BYDAY=MO, TU, ...: the rule is unreadable
    "ical4j-exchange2010-blank-tzid.ics",  # DTSTART;TZID=: with an empty TZID
    "icalevents-icloud-bad-offset.ics",  # TZOFFSETFROM:+5328
}


@pytest.fixture(autouse=True)
def berlin(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


def test_the_corpus_is_there():
    assert len(FILES) == 28


@pytest.mark.sqlite_only  # the parsing is what is tested; the store is the same for both
@pytest.mark.parametrize("name", FILES)
def test_every_calendar_imports_or_is_refused_in_one_line(cli, js, name):
    result = cli("import", CORPUS / name, "--all-day", "--json")
    if name in REFUSED:
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("rapport: error: ")
        return
    ok(result)
    assert js("import", CORPUS / name, "--all-day")["added"] == 0


def test_declined_attendees_are_not_matched(cli, js):
    ok(cli("add", "Jane Doe", "--email", "jdoe@example.com"))
    ok(cli("add", "Another", "--email", "another@example.com"))  # PARTSTAT=DECLINED
    result = js("import", CORPUS / "khal-partstat-declined.ics")
    # 09:30-10:30 Europe/Berlin, 9 April 2014
    assert [(e["contact"], e["at"], e["minutes"]) for e in result["logged"]] == [
        ("Jane Doe", "2014-04-09T09:30:00", 60)
    ]


def test_a_reply_declining_is_skipped(cli, js):
    ok(cli("add", "Isabel", "--email", "calendar@microsoft.com"))
    result = js("import", CORPUS / "icalevents-exchange-reply-declined.ics")
    assert (result["added"], result["skipped"]) == (0, {"declined": 1})


def test_a_cancelled_meeting_is_skipped(js):
    result = js("import", CORPUS / "radicale-thunderbird-cancelled-meeting.ics")
    assert (result["added"], result["skipped"]) == (0, {"cancelled": 1})


def test_a_moved_and_a_cancelled_occurrence_in_utc_against_a_zoned_series(cli, js):
    ok(cli("add", "Arbeit"))  # khal's series has no attendees: matched by its title
    result = js("import", CORPUS / "khal-moved-cancelled.ics")
    # Mondays 07:00-12:00 from 30 June 2014 to 4 Aug; 7 July moved to 09:00-14:00; 14 July
    # cancelled.
    assert [e["at"] for e in result["logged"]] == [
        "2014-06-30T07:00:00", "2014-07-07T09:00:00", "2014-07-21T07:00:00",
        "2014-07-28T07:00:00", "2014-08-04T07:00:00",
    ]  # fmt: skip
    assert result["skipped"] == {"cancelled": 1}
