"""vCard: contacts out as vCard 4.0 (RFC 6350); vCard 2.1, 3.0 and 4.0 in.

Written by hand rather than with vobject: vobject writes only 3.0, and the subset rapport
keeps (name, org, email, phone, note, categories) needs about a hundred lines.
"""

from __future__ import annotations

import quopri
import uuid
from dataclasses import dataclass, field
from typing import Any

from rapport.errors import UsageError
from rapport.interchange.text import escape, fold, split_unescaped, unescape, unfold

SYSTEM_GROUPS = {"mycontacts", "starred"}  # Google adds these to every card; nobody chose them
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


@dataclass
class _Property:
    name: str
    params: dict[str, list[str]]
    value: str


@dataclass
class _Card:
    number: int
    line: int
    props: list[_Property] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"card {self.number} (line {self.line})"


def parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(where, contact record) for every card in the text."""
    cards = _cards(text)
    if not cards:
        raise UsageError("no vCard in the file: it has no BEGIN:VCARD line")
    return [(c.where, _record(c)) for c in cards]


def _cards(text: str) -> list[_Card]:
    cards: list[_Card] = []
    current: _Card | None = None
    lines = unfold(text.lstrip("\ufeff"))
    index = 0
    while index < len(lines):
        number, raw = lines[index]
        index += 1
        prop = _property(raw, number)
        if prop.name == "BEGIN" and prop.value.strip().upper() == "VCARD":
            if current is not None:
                raise UsageError(f"line {number}: a new card begins before {current.where} ended")
            current = _Card(len(cards) + 1, number)
        elif prop.name == "END" and prop.value.strip().upper() == "VCARD":
            if current is None:
                raise UsageError(f"line {number}: END:VCARD without a BEGIN:VCARD before it")
            cards.append(current)
            current = None
        elif current is None:
            raise UsageError(f"line {number}: text outside a card (expected BEGIN:VCARD)")
        else:
            while _is_quoted_printable(prop) and prop.value.endswith("=") and index < len(lines):
                prop.value = prop.value[:-1] + lines[index][1]  # a 2.1 soft line break
                index += 1
            current.props.append(prop)
    if current is not None:
        raise UsageError(f"{current.where}: the card never ends (no END:VCARD)")
    return cards


def _property(raw: str, number: int) -> _Property:
    """NAME;PARAM=VALUE:value, with an optional group ('item1.EMAIL') dropped."""
    colon, quoted = -1, False
    for i, ch in enumerate(raw):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            colon = i
            break
    if colon < 0:
        raise UsageError(f"line {number}: not a vCard line (no ':'): {raw[:40]!r}")
    head, value = raw[:colon], raw[colon + 1 :]
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
    return _Property(name, params, value)


def _is_quoted_printable(prop: _Property) -> bool:
    return "quoted-printable" in prop.params.get("ENCODING", [])


def _text(prop: _Property) -> str:
    if _is_quoted_printable(prop):
        charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
        raw = quopri.decodestring(prop.value.encode("latin-1", "replace"))
        try:
            return raw.decode(charset, "replace")
        except LookupError:
            return raw.decode("utf-8", "replace")
    return prop.value


def _preferred(props: list[_Property]) -> _Property | None:
    for prop in props:
        if "pref" in prop.params.get("TYPE", []) or prop.params.get("PREF", ["100"])[0] == "1":
            return prop
    return props[0] if props else None


def _record(card: _Card) -> dict[str, Any]:
    by_name: dict[str, list[_Property]] = {}
    for prop in card.props:
        by_name.setdefault(prop.name, []).append(prop)

    def first(name: str) -> str:
        prop = _preferred(by_name.get(name, []))
        return unescape(_text(prop)).strip() if prop else ""

    org = _org(by_name)
    email = first("EMAIL")
    phone = first("TEL").removeprefix("tel:")
    name = first("FN") or _from_n(by_name) or org or email
    if not name:
        raise UsageError(f"{card.where}: the card has no name (no FN, N, ORG or EMAIL line)")
    record: dict[str, Any] = {"type": "contact", "name": name}
    for key, value in (("org", org), ("email", email), ("phone", phone)):
        if value:
            record[key] = value
    notes = "\n".join(unescape(_text(p)).strip() for p in by_name.get("NOTE", []))
    if notes.strip():
        record["notes"] = notes.strip()
    tags = [
        unescape(t).strip()
        for p in by_name.get("CATEGORIES", [])
        for t in split_unescaped(_text(p), ",")
    ]
    tags = [t for t in dict.fromkeys(tags) if t and t.casefold() not in SYSTEM_GROUPS]
    if tags:
        record["tags"] = tags
    return record


def _org(by_name: dict[str, list[_Property]]) -> str:
    props = by_name.get("ORG", [])
    if not props:
        return ""
    units = [unescape(u).strip() for u in split_unescaped(_text(props[0]), ";")]
    return next((u for u in units if u), "")


def _from_n(by_name: dict[str, list[_Property]]) -> str:
    """N is family;given;additional;prefix;suffix; a name reads prefix given additional
    family suffix."""
    props = by_name.get("N", [])
    if not props:
        return ""
    parts = [unescape(p).strip() for p in split_unescaped(_text(props[0]), ";")]
    parts += [""] * (5 - len(parts))
    family, given, additional, prefix, suffix = parts[:5]
    return " ".join(p for p in (prefix, given, additional, family, suffix) if p)
