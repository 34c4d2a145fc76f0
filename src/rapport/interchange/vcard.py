"""vCard: contacts out as vCard 4.0 (RFC 6350); vCard 2.1, 3.0 and 4.0 in.

Written by hand rather than with vobject: on the contact corpus vobject reads 22 of 41 valid
files as they mean (it decodes a whole file at once, so per-property charsets, folds inside
characters and bare CRs defeat it; benchmarks/vcard_parsers.py), this reader all 41.
"""

from __future__ import annotations

import quopri
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapport.errors import UsageError
from rapport.interchange.text import (
    as_utf8_if_wide,
    detect,
    escape,
    fold,
    split_unescaped,
    unescape,
)

# Google adds these to every card (Android spells one "My Contacts"); nobody chose them.
SYSTEM_GROUPS = {"mycontacts", "my contacts", "starred"}
_NAMESPACE = uuid.UUID("6f1b7c2e-3d4a-5b6c-8d7e-9f0a1b2c3d4e")


def uid(contact: dict[str, Any]) -> str:
    """The same contact keeps the same UID from one export to the next."""
    seed = f"contact-{contact['id']}-{contact.get('created_at')}"
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, seed)}"


def dumps(contacts: list[dict[str, Any]]) -> str:
    return "".join(card(c) for c in contacts)


def card(contact: dict[str, Any]) -> str:
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:{uid(contact)}", f"FN:{escape(contact['name'])}"]
    if contact.get("org"):
        lines.append(f"ORG:{escape(contact['org'])}")
    if contact.get("email"):
        lines.append(f"EMAIL:{escape(contact['email'])}")
    if contact.get("phone"):
        lines.append(f"TEL;VALUE=text:{escape(contact['phone'])}")
    if contact.get("notes"):
        lines.append(f"NOTE:{escape(contact['notes'])}")
    if contact.get("tags"):
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in contact["tags"]))
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


# ---------------------------------------------------------------- reading
#
# A file is read as bytes: lines are cut and folds joined before any decoding, because an
# exporter may fold inside a UTF-8 character (ownCloud) and each property may carry its own
# CHARSET (Shift_JIS phones, Windows-1252 2.1 cards). Only the values rapport keeps are decoded.

# Lines end in CRLF, LF or CR CR LF (iOS 6); a bare CR is part of a value (Thunderbird writes
# them into X- properties). A file with no LF at all is an old Mac file cut at its CRs.
_LINE_END = re.compile(rb"\r\r\n|\r\n|\n")
_TEXTUAL = ("FN", "N", "ORG", "NICKNAME", "EMAIL", "TEL", "NOTE", "CATEGORIES")


@dataclass
class _Property:
    name: str
    params: dict[str, list[str]]
    raw: bytes
    line: int


@dataclass
class _Card:
    number: int
    line: int
    props: list[_Property] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"card {self.number} (line {self.line})"


Bad = Callable[[UsageError], None]


def _refuse(error: UsageError) -> None:
    raise error


def parse(
    data: str | bytes, encoding: str | None = None, bad: Bad | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """(where, contact record) for every card. A bad card raises through `bad`; a caller that
    skips bad records passes a `bad` that collects the error instead, and the card is left out."""
    bad = bad or _refuse
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = as_utf8_if_wide(data, encoding)
    cards = _cards(_logical_lines(data), bad)
    if not cards and not _has_begin(data):
        raise UsageError("no vCard in the file: it has no BEGIN:VCARD line")
    values = _Values(cards, encoding)
    records = []
    for card in cards:
        try:
            records.append((card.where, _record(card, values)))
        except UsageError as exc:
            bad(exc)
    return records


def _has_begin(data: bytes) -> bool:
    return b"BEGIN:VCARD" in data.upper()


def _physical_lines(data: bytes) -> list[bytes]:
    if b"\n" not in data:
        return data.split(b"\r")
    return _LINE_END.split(data)


def _logical_lines(data: bytes) -> list[tuple[int, bytes]]:
    """(first line number, content line): quoted-printable soft breaks joined first (the
    next line is taken as it is, leading space included), then folds (one space or tab)."""
    lines: list[tuple[int, bytes]] = []
    for number, raw in enumerate(_physical_lines(data.removeprefix(b"\xef\xbb\xbf")), 1):
        if lines:
            first, current = lines[-1]
            if current.endswith(b"=") and _soft_break(current, raw):
                lines[-1] = (first, current[:-1] + raw)
                continue
            if raw[:1] in (b" ", b"\t"):
                lines[-1] = (first, current + raw[1:])
                continue
        if raw.strip():
            lines.append((number, raw))
        elif lines:
            lines.append((number, b""))  # a blank line ends a value (and ends a soft break)
    return [(n, line) for n, line in lines if line]


def _soft_break(current: bytes, following: bytes) -> bool:
    head = current.split(b":", 1)[0].upper()
    return b"QUOTED-PRINTABLE" in head and following.strip().upper() != b"END:VCARD"


def _cards(lines: list[tuple[int, bytes]], bad: Bad) -> list[_Card]:
    cards: list[_Card] = []
    current: _Card | None = None
    skipping = False  # after a bad line, until the next BEGIN:VCARD
    for number, raw in lines:
        try:
            prop = _property(raw, number)
            begins = prop.name == "BEGIN" and _word(prop) == "VCARD"
            if begins:
                if current is not None:
                    raise UsageError(
                        f"line {number}: a new card begins before {current.where} ended"
                    )
                current, skipping = _Card(len(cards) + 1, number), False
            elif skipping:
                continue
            elif prop.name == "END" and _word(prop) == "VCARD":
                if current is None:
                    raise UsageError(f"line {number}: END:VCARD without a BEGIN:VCARD before it")
                cards.append(current)
                current = None
            elif current is None:
                raise UsageError(f"line {number}: text outside a card (expected BEGIN:VCARD)")
            else:
                current.props.append(prop)
        except UsageError as exc:
            bad(exc)
            current, skipping = None, True
    if current is not None:
        bad(UsageError(f"{current.where}: the card never ends (no END:VCARD)"))
    return cards


def _word(prop: _Property) -> str:
    return prop.raw.strip().decode("latin-1").upper()


def _property(raw: bytes, number: int) -> _Property:
    """NAME;PARAM=VALUE:value, with an optional group ('item1.EMAIL') dropped. The name and
    parameters are ASCII; the value stays bytes until it is needed."""
    colon, quoted = -1, False
    for i, byte in enumerate(raw):
        if byte == 0x22:  # "
            quoted = not quoted
        elif byte == 0x3A and not quoted:  # :
            colon = i
            break
    if colon < 0:
        shown = raw[:40].decode("utf-8", "backslashreplace")
        raise UsageError(f"line {number}: not a vCard line (no ':'): {shown!r}")
    head, value = raw[:colon].decode("utf-8", "replace"), raw[colon + 1 :]
    parts = head.split(";")
    name = parts[0].rsplit(".", 1)[-1].strip().upper()
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, eq, val = part.partition("=")
        if not eq:  # vCard 2.1: a bare TYPE ("TEL;CELL;PREF") or encoding
            key, val = (
                ("ENCODING" if part.upper() in ("QUOTED-PRINTABLE", "BASE64") else "TYPE"),
                part,
            )
        values = [v.strip().strip('"').lower() for v in val.split(",")]
        params.setdefault(key.strip().upper(), []).extend(values)
    return _Property(name, params, value, number)


def _is_quoted_printable(prop: _Property) -> bool:
    return "quoted-printable" in prop.params.get("ENCODING", [])


def _octets(prop: _Property) -> bytes:
    if _is_quoted_printable(prop):
        return quopri.decodestring(prop.raw)
    return prop.raw


class _Values:
    """Decodes values: the property's CHARSET, else UTF-8, else --encoding or the charset
    detected over every value that is neither (so a few bytes get the whole file's
    evidence). Never a silent U+FFFD: a value nothing decodes names its line."""

    def __init__(self, cards: list[_Card], encoding: str | None):
        self.encoding = encoding
        self.cards = cards
        self._detected: str | None | bool = False

    def text(self, prop: _Property) -> str:
        octets = _octets(prop)
        if octets.isascii():
            return octets.decode("ascii")
        for charset in (*prop.params.get("CHARSET", [])[:1], "utf-8"):
            try:
                return octets.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
        fallback = self.encoding or self.detected()
        try:
            if fallback:
                return octets.decode(fallback)
        except (LookupError, UnicodeDecodeError):
            pass
        raise UsageError(
            f"line {prop.line}: cannot tell the text encoding of this {prop.name} value; "
            "give it with --encoding (e.g. --encoding cp1252)"
        )

    def detected(self) -> str | None:
        if self._detected is False:
            undecided = [
                octets
                for card in self.cards
                for prop in card.props
                if prop.name in _TEXTUAL
                and not (octets := _octets(prop)).isascii()
                and not _declared(prop, octets)
                and not _utf8(octets)
            ]
            self._detected = detect(b"\n".join(undecided)) if undecided else None
        return self._detected or None


def _declared(prop: _Property, octets: bytes) -> bool:
    charset = prop.params.get("CHARSET")
    if not charset:
        return False
    try:
        octets.decode(charset[0])
        return True
    except (LookupError, UnicodeDecodeError):
        return False


def _utf8(octets: bytes) -> bool:
    try:
        octets.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _preferred(props: list[_Property]) -> _Property | None:
    """TYPE=pref (3.0), PREF=1 (4.0) or a bare 2.1 PREF; else the first with a value."""
    props = [p for p in props if p.raw.strip()]
    for prop in props:
        if "pref" in prop.params.get("TYPE", []) or prop.params.get("PREF", ["100"])[0] == "1":
            return prop
    return props[0] if props else None


def _record(card: _Card, values: _Values) -> dict[str, Any]:
    by_name: dict[str, list[_Property]] = {}
    for prop in card.props:
        by_name.setdefault(prop.name, []).append(prop)

    def first(name: str) -> str:
        prop = _preferred(by_name.get(name, []))
        return unescape(values.text(prop)).strip() if prop else ""

    org = _org(by_name, values)
    email = first("EMAIL").removeprefix("mailto:")
    phone = _phone(first("TEL"))
    name = first("FN") or _from_n(by_name, values) or _nickname(by_name, values) or org or email
    if not name:
        raise UsageError(
            f"{card.where}: the card has no name (no FN, N, NICKNAME, ORG or EMAIL value)"
        )
    record: dict[str, Any] = {"type": "contact", "name": name}
    for key, value in (("org", org), ("email", email), ("phone", phone)):
        if value:
            record[key] = value
    notes = "\n".join(unescape(values.text(p)).strip() for p in by_name.get("NOTE", []))
    notes = notes.replace("\r\n", "\n").strip()
    if notes:
        record["notes"] = notes
    tags = [
        unescape(t).strip()
        for p in by_name.get("CATEGORIES", [])
        for t in split_unescaped(values.text(p), ",")
    ]
    tags = [t for t in dict.fromkeys(tags) if t and t.casefold() not in SYSTEM_GROUPS]
    if tags:
        record["tags"] = tags
    return record


def _phone(value: str) -> str:
    """A tel: URI (4.0) read as the number people dial: 'tel:+1-418;ext=102' is
    '+1-418 ext. 102'; other URI parameters are dropped."""
    if not value.lower().startswith("tel:"):
        return value
    number, *params = value[4:].split(";")
    ext = next((p[4:] for p in params if p.lower().startswith("ext=")), "")
    return f"{number} ext. {ext}" if ext else number


def _org(by_name: dict[str, list[_Property]], values: _Values) -> str:
    for prop in by_name.get("ORG", []):
        units = [unescape(u).strip() for u in split_unescaped(values.text(prop), ";")]
        unit = next((u for u in units if u), "")
        if unit:
            return unit
    return ""


def _nickname(by_name: dict[str, list[_Property]], values: _Values) -> str:
    for prop in by_name.get("NICKNAME", []):
        nick = next((unescape(n).strip() for n in split_unescaped(values.text(prop), ",")), "")
        if nick:
            return nick
    return ""


def _from_n(by_name: dict[str, list[_Property]], values: _Values) -> str:
    """N is family;given;additional;prefix;suffix; a name reads prefix given additional
    family suffix."""
    props = by_name.get("N", [])
    if not props:
        return ""
    parts = [unescape(p).strip() for p in split_unescaped(values.text(props[0]), ";")]
    parts += [""] * (5 - len(parts))
    family, given, additional, prefix, suffix = parts[:5]
    return " ".join(p for p in (prefix, given, additional, family, suffix) if p)
