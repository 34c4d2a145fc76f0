"""Calendar capture: past meetings read from an iCalendar file (.ics), and matched to contacts.

Pure: bytes and the clock's `now` in, `Meeting`s out; nothing here touches the journal.
icalendar and recurring-ical-events are imported inside `meetings` (they cost ~150 ms).

Rules (docs/formats.md, "Calendar capture"):
- recurring events are expanded up to now; only events that have ended by now count;
- cancelled events (STATUS:CANCELLED, the series' or the occurrence's) are skipped, and so
  are events you declined (your attendee entry, found by --me or by Google's X-WR-CALNAME,
  says PARTSTAT=DECLINED; or the file is a METHOD:REPLY declining it);
- all-day events are skipped unless asked for;
- `minutes` is the occurrence's length, `planned` the length the series was scheduled with
  (they differ when one occurrence was made longer or shorter);
- the key is UID, plus the RECURRENCE-ID (in UTC) for an occurrence of a series, so a moved
  occurrence keeps its key.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from rapport.errors import UsageError

# Hosts of video calls; a link to one anywhere in the event makes it a video call.
VIDEO_HOSTS = re.compile(
    r"(?:zoom\.us|zoomgov\.com|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com"
    r"|webex\.com|whereby\.com|meet\.jit\.si|gotomeeting\.com|bluejeans\.com|chime\.aws"
    r"|skype\.com|join\.me|facetime\.apple\.com|/call/|talk/)",
    re.IGNORECASE,
)
VIDEO_WORDS = re.compile(
    r"\b(?:zoom|google meet|microsoft teams|teams[- ](?:meeting|besprechung)|webex|skype"
    r"|facetime|jitsi|whereby)\b",
    re.IGNORECASE,
)
VIDEO_PROPERTIES = (
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
)
PHONE_LOCATION = re.compile(r"^\s*(?:tel:|phone:?\s*|call:?\s*)?\+?[\d\s().\-/]{7,}\s*$", re.I)
PHONE_WORDS = re.compile(r"\b(?:phone call|phone|conference call|dial[- ]in|call me)\b", re.I)
EPOCH = datetime(1970, 1, 1)


@dataclass
class Meeting:
    key: str
    title: str
    at: datetime  # local wall-clock start, naive
    minutes: int | None
    planned: int | None
    channel: str | None
    emails: list[str]  # who was there: organiser and attendees who did not decline
    contacts: list[int] = field(default_factory=list)  # filled by `match`
    how: str = ""  # "email" or "title": how the contacts were found


@dataclass
class Calendar:
    meetings: list[Meeting]
    skipped: Counter[str]  # cancelled, declined, all-day, not over yet
    events: int  # occurrences read, before skipping


def meetings(
    data: bytes, now: datetime, since: datetime | None, all_day: bool, me: list[str]
) -> Calendar:
    """Every past occurrence of every event in the file, up to `now` (from `since` on)."""
    cal = _parse(data)
    own = {m.strip().casefold() for m in me} | _owner(cal)
    masters = _series(cal)
    replies = str(cal.get("METHOD", "")).upper() == "REPLY"
    out: list[Meeting] = []
    skipped: Counter[str] = Counter()
    occurrences = _occurrences(cal, set(masters), since or EPOCH, now)
    for event in occurrences:
        reason = _skip(event, now, since, all_day, own, replies)
        if reason:
            skipped[reason] += 1
        else:
            out.append(_meeting(event, masters, own))
    out.sort(key=lambda m: (m.at, m.key))
    return Calendar(out, skipped, len(occurrences))


def _parse(data: bytes) -> Any:
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # the library raises ValueError, KeyError, ... on bad input
        raise UsageError(f"not a calendar rapport can read: {_reason(exc)}") from None
    if isinstance(cal, list):
        cal = cal[0]
    if cal.name != "VCALENDAR":
        raise UsageError("not a calendar: the file has no BEGIN:VCALENDAR")
    if not cal.walk("VEVENT"):
        raise UsageError("the calendar has no events (VEVENT); rapport logs meetings from events")
    return cal


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def _occurrences(cal: Any, series: set[str], start: datetime, end: datetime) -> list[Any]:
    """Single events as they are; the recurring series expanded by recurring-ical-events,
    which is handed only those (copying every event through it doubled a 10,000-event
    import)."""
    import icalendar
    import recurring_ical_events

    if "X-WR-TIMEZONE" in cal:  # Google: floating times mean the calendar's zone
        import x_wr_timezone

        cal = x_wr_timezone.to_standard(cal)
    repeating = icalendar.Calendar()
    single = []
    for component in cal.subcomponents:
        if component.name != "VEVENT":
            repeating.add_component(component)  # time zones, which the series may name
        elif str(component.get("UID", "")) in series:
            repeating.add_component(component)
        else:
            single.append(component)
    try:
        expanded = recurring_ical_events.of(repeating).between(start, end)
        return single + list(expanded)
    except Exception as exc:
        raise UsageError(f"cannot expand the calendar's recurring events: {_reason(exc)}") from None


def _owner(cal: Any) -> set[str]:
    """Google names a primary calendar after its owner's address."""
    name = str(cal.get("X-WR-CALNAME", "")).strip().casefold()
    return {name} if "@" in name and " " not in name else set()


def _series(cal: Any) -> dict[str, int | None]:
    """UID -> scheduled length (minutes) of every recurring series' master event; the UIDs
    with a RECURRENCE-ID override are series too."""
    found: dict[str, int | None] = {}
    for event in cal.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        if "RECURRENCE-ID" in event:
            found.setdefault(uid, None)
        elif "RRULE" in event or "RDATE" in event:
            found[uid] = _length(event)
    return found


def _skip(
    event: Any, now: datetime, since: datetime | None, all_day: bool, own: set[str], replies: bool
) -> str | None:
    start = event.get("DTSTART")
    if start is None:
        return "no start"
    if not isinstance(start.dt, datetime) and not all_day:
        return "all-day"
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return "cancelled"
    if _declined(event, own, replies):
        return "declined"
    begin, end = _local(start.dt), _end(event)
    if end > now or (since is not None and begin < since):
        return "not over yet" if end > now else "before --since"
    return None


def _declined(event: Any, own: set[str], replies: bool) -> bool:
    for attendee in _attendees(event):
        status = str(attendee.params.get("PARTSTAT", "")).upper()
        if status == "DECLINED" and (replies or _address(attendee) in own):
            return True
    return False


def _meeting(event: Any, masters: dict[str, int | None], own: set[str]) -> Meeting:
    uid = str(event.get("UID", "")).strip()
    start = event["DTSTART"].dt
    minutes = _length(event)
    planned = masters.get(uid) if uid in masters else minutes
    return Meeting(
        key=_key(event, uid, uid in masters),
        title=" ".join(str(event.get("SUMMARY", "")).split()) or "meeting",
        at=_local(start),
        minutes=minutes,
        planned=planned if planned is not None else minutes,
        channel=channel(event),
        emails=[e for e in _present(event) if e not in own],  # you are not your own contact
    )


def _key(event: Any, uid: str, recurring: bool) -> str:
    if not uid:  # rare: no UID; the start and title are all that identify it
        return f"no-uid/{_local(event['DTSTART'].dt).isoformat()}/{event.get('SUMMARY', '')}"
    rid = event.get("RECURRENCE-ID")
    if not recurring or rid is None:
        return uid
    return f"{uid}/{_stamp(rid.dt)}"


def _stamp(value: date | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def _local(value: date | datetime) -> datetime:
    """Local wall-clock time without offset, as the journal stores moments."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value.replace(microsecond=0)


def _end(event: Any) -> datetime:
    start = event["DTSTART"].dt
    end = event.get("DTEND")
    if end is not None:
        return _local(end.dt)
    duration = event.get("DURATION")
    if duration is not None:
        return _local(start) + duration.dt
    return _local(start) + (timedelta(days=1) if not isinstance(start, datetime) else timedelta())


def _length(event: Any) -> int | None:
    start = event.get("DTSTART")
    if start is None or not isinstance(start.dt, datetime):
        return None
    minutes = int((_end(event) - _local(start.dt)).total_seconds() // 60)
    return minutes if minutes > 0 else None


def _attendees(event: Any) -> list[Any]:
    found = event.get("ATTENDEE", [])
    return found if isinstance(found, list) else [found]


def _address(value: Any) -> str:
    """An attendee's or organiser's email: the mailto: URI, else Apple's EMAIL parameter."""
    text = str(value).strip()
    if text.casefold().startswith("mailto:"):
        text = text[7:]
    if "@" not in text:
        text = str(getattr(value, "params", {}).get("EMAIL", ""))
    return text.strip().casefold() if "@" in text else ""


def _present(event: Any) -> list[str]:
    emails = []
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        emails.append(_address(organizer))
    for attendee in _attendees(event):
        status = str(attendee.params.get("PARTSTAT", "")).upper()
        kind = str(attendee.params.get("CUTYPE", "")).upper()
        if status != "DECLINED" and kind not in ("RESOURCE", "ROOM"):
            emails.append(_address(attendee))
    return [e for e in dict.fromkeys(emails) if e]


def channel(event: Any) -> str | None:
    """video when a conference link or video service shows anywhere; phone when the place
    is a number (or a tel: conference); 'meeting' (in person) for any other place."""
    location = " ".join(str(event.get("LOCATION", "")).split())
    links = [str(event.get(p, "")) for p in (*VIDEO_PROPERTIES, "URL")]
    conference = event.get("CONFERENCE", [])
    conference = [str(c) for c in (conference if isinstance(conference, list) else [conference])]
    text = " ".join([location, str(event.get("DESCRIPTION", "")), *links, *conference])
    if any(p in event for p in VIDEO_PROPERTIES) or VIDEO_HOSTS.search(text):
        return "video"
    if any(c.lower().startswith("http") for c in conference) or VIDEO_WORDS.search(location):
        return "video"
    if any(c.lower().startswith("tel:") for c in conference) or PHONE_LOCATION.match(location):
        return "phone"
    if PHONE_WORDS.search(location) or PHONE_WORDS.search(str(event.get("SUMMARY", ""))):
        return "phone"
    return "meeting" if location else None


# ---------------------------------------------------------------- matching


def match(found: list[Meeting], contacts: list[dict[str, Any]]) -> list[Meeting]:
    """Fill each meeting's contacts: those whose email is the organiser's or an attendee's;
    failing that, those whose name is in the title (whole words, case aside). Returns the
    meetings that matched nobody."""
    by_email: dict[str, int] = {}
    for contact in contacts:
        email = (contact.get("email") or "").strip().casefold()
        if email:
            by_email.setdefault(email, contact["id"])
    names = _names(contacts)
    nobody = []
    for meeting in found:
        ids = [by_email[e] for e in meeting.emails if e in by_email]
        meeting.how = "email"
        if not ids and names is not None:
            ids = [names[1].get(m.casefold()) for m in names[0].findall(meeting.title)]
            ids = [i for i in ids if i is not None]
            meeting.how = "title"
        meeting.contacts = list(dict.fromkeys(ids))
        if not meeting.contacts:
            meeting.how = ""
            nobody.append(meeting)
    return nobody


def _names(contacts: list[dict[str, Any]]) -> tuple[re.Pattern[str], dict[str, int]] | None:
    """One pattern for every contact's name, longest first, so 'Ann Lee' wins over 'Ann'."""
    ids: dict[str, int] = {}
    for contact in sorted(contacts, key=lambda c: c["id"]):
        name = " ".join(contact["name"].split())
        if len(name) >= 2:
            ids.setdefault(name.casefold(), contact["id"])
    if not ids:
        return None
    words = sorted(ids, key=len, reverse=True)
    pattern = r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)"
    return re.compile(pattern, re.IGNORECASE), ids
