"""CSV: contacts, interactions or promises out; contacts in, from the layouts of Google
Contacts, Outlook, Thunderbird, Yahoo, Apple Numbers and rapport (recognised by their
headers), or any other through --map. Uses the stdlib csv module.

Written as UTF-8 with a byte-order mark and CRLF line ends, which Excel needs to show accents
and LibreOffice and Google Sheets accept as they are.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapport.errors import UsageError

COLUMNS = {
    "contacts": ["id", "name", "org", "email", "phone", "channel", "style", "attitude",
                 "every_days", "at_most_days", "owner", "tags", "notes", "archived", "created_at"],
    "interactions": ["id", "contact", "at", "channel", "summary", "minutes", "planned", "tone",
                     "thanked", "asked_advice", "tags"],
    "promises": ["id", "contact", "kind", "direction", "text", "made_on", "due", "status",
                 "done_on", "closed_on", "reason", "moves", "size", "verdict"],
}  # fmt: skip
WHAT = tuple(COLUMNS)

# A cell a spreadsheet would run as a formula. A leading + or - before a digit is a number
# or a phone number and is left alone.
_FORMULA = re.compile(r"^(?:[=@\t\r]|[+-](?![\d\s(.]))")


def dumps(what: str, rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS[what])
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in COLUMNS[what]])
    return "\ufeff" + out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    text = str(value)
    return "'" + text if _FORMULA.match(text) else text


# ---------------------------------------------------------------- reading contacts

# Each field and the headers that may hold it, best first (compared case-insensitively); a
# row takes the first of them that has a value.
HEADERS = {
    "name": ("name", "full name", "display name", "fn", "formatted name"),
    "prefix": ("name prefix", "prefix", "title"),  # Outlook's Title is Mr./Ms.
    "given": ("given name", "first name", "first"),
    "middle": ("additional name", "middle name", "middle"),
    "family": ("family name", "last name", "last", "surname"),
    "suffix": ("name suffix", "suffix"),
    "email": ("email", "e-mail", "e-mail address", "email address", "e-mail 1 - value",
              "primary email", "email home", "email work", "email other", "e-mail 2 address",
              "e-mail 2 - value", "secondary email", "e-mail 3 address", "e-mail 3 - value",
              "alternate email 1", "alternate email 2", "section 1 - email"),
    "phone": ("phone", "phone number", "telephone", "primary phone", "mobile phone",
              "mobile number", "mobile", "home mobile", "phone 1 - value", "business phone",
              "work phone", "home phone", "company main phone", "other phone", "phone 2 - value",
              "section 1 - mobile", "section 1 - phone"),
    "org": ("org", "organization", "organisation", "organization 1 - name",
            "organization name", "company", "section 1 - company"),
    "notes": ("notes", "note", "comments"),
    "tags": ("tags", "labels", "group membership", "categories", "category"),
}  # fmt: skip
NAME_PARTS = ("name", "prefix", "given", "middle", "family", "suffix")
PASSED_THROUGH = ("id", "channel", "style", "attitude", "every_days", "at_most_days", "owner")
FIELDS = (*HEADERS, *PASSED_THROUGH)

# Known exporters, recognised by headers only they write, and where they differ from HEADERS.
LAYOUTS: list[tuple[str, frozenset[str], dict[str, tuple[str, ...]]]] = [
    ("rapport", frozenset({"every_days", "at_most_days", "name"}), {}),
    ("Google Contacts", frozenset({"e-mail 1 - label"}), {}),
    ("Google Contacts (before 2020)", frozenset({"e-mail 1 - type"}), {}),
    ("Gmail (2008)", frozenset({"section 1 - email"}), {}),
    ("Outlook", frozenset({"e-mail address"}), {}),
    ("Thunderbird", frozenset({"primary email"}), {}),
    # Yahoo's Title is the job title, and its phones are headed Home, Work, Mobile, Primary.
    ("Yahoo", frozenset({"first", "last", "email"}),
     {"prefix": (), "phone": ("primary", "mobile", "home", "work", "other")}),
]  # fmt: skip


@dataclass
class Contacts:
    """What a CSV file gave: (where, record) per row, the layout it was read as, and the
    columns that hold data rapport did not keep."""

    records: list[tuple[str, dict[str, Any]]]
    layout: str | None  # the exporter recognised, None for none in particular
    unused: list[str]


def parse_contacts(text: str) -> list[tuple[str, dict[str, Any]]]:
    return read_contacts(text).records


def read_contacts(
    text: str, mapping: str | None = None, bad: Callable[[UsageError], None] | None = None
) -> Contacts:
    """Contacts from a CSV file's text; `mapping` is --map ('name=Full Name,email=Mail')."""
    text = text.lstrip("\ufeff")
    skipped, layout = 0, None
    first, _, rest = text.partition("\n")
    if not _delimited(first) and _delimited(rest.partition("\n")[0]):
        skipped, layout = 1, "Apple Numbers"  # Numbers writes the table's name above it
        text = rest
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        return _rows(reader, skipped, layout, mapping, bad or _refuse)
    except csv.Error as exc:
        raise UsageError(f"line {reader.line_num + skipped}: not valid CSV ({exc})") from None


def _delimited(line: str) -> bool:
    return any(d in line for d in (",", ";", "\t"))


def _refuse(error: UsageError) -> None:
    raise error


def _rows(reader: Any, offset: int, layout: str | None, mapping: str | None, bad: Any) -> Contacts:
    header = next(reader, None)
    if not header:
        raise UsageError("the CSV file is empty; it needs a header row and one row per contact")
    found, index = _columns(header, mapping, offset)
    records, used, filled = [], set(), set()
    start = reader.line_num + 1
    for row in reader:
        where = f"line {start + offset}"
        start = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        filled.update(i for i, cell in enumerate(row) if cell.strip())
        try:
            records.append((where, _contact(row, index, where, used)))
        except UsageError as exc:
            bad(exc)
    used |= _labels_of(header, used)
    named = header + [""] * (max(filled, default=0) + 1 - len(header))  # rows wider than it
    unused = [named[i].strip() or f"column {i + 1}" for i in sorted(filled - used)]
    return Contacts(records, layout or found, unused)


def _labels_of(header: list[str], used: set[int]) -> set[int]:
    """Google's 'E-mail 1 - Type' (or '- Label') says what its '- Value' is: used with it."""
    folded = [h.strip().casefold() for h in header]
    values = {folded[i].removesuffix(" - value") for i in used if folded[i].endswith(" - value")}
    return {i for i, h in enumerate(folded) if h.rpartition(" - ")[0] in values
            and h.endswith((" - type", " - label"))}  # fmt: skip


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _layout(folded: list[str]) -> tuple[str | None, dict[str, tuple[str, ...]]]:
    present = set(folded)
    for name, signature, overrides in LAYOUTS:
        if signature <= present:
            return name, overrides
    return None, {}  # no exporter recognised: the generic header names


def _columns(
    header: list[str], mapping: str | None, offset: int
) -> tuple[str | None, dict[str, list[int]]]:
    """The layout's name, and for each field the columns that may hold it, best first."""
    folded = [h.strip().casefold() for h in header]
    layout, overrides = _layout(folded)
    table = {**HEADERS, **{p: (p,) for p in PASSED_THROUGH}, **overrides}
    index = {
        field: [folded.index(name) for name in names if name in folded]
        for field, names in table.items()
    }
    index.update(_mapped(mapping, header, folded))
    index = {field: columns for field, columns in index.items() if columns}
    if not {"name", "given", "family", "org", "email"} & set(index):
        raise UsageError(
            f"line {1 + offset}: the CSV header has no name column; expected e.g. Name, First "
            "Name and Last Name (Google, Outlook), Company or E-mail Address, or say which "
            "column holds what with --map 'name=Full Name,email=Mail'"
        )
    return layout, index


def _mapped(mapping: str | None, header: list[str], folded: list[str]) -> dict[str, list[int]]:
    """--map 'name=Full Name,email=E-mail 1': these columns, and only these, for those fields."""
    if not mapping:
        return {}
    found: dict[str, list[int]] = {}
    for pair in mapping.split(","):
        field, eq, column = pair.partition("=")
        field, column = field.strip().casefold(), column.strip()
        if not eq or field not in FIELDS:
            raise UsageError(
                f"--map takes FIELD=COLUMN pairs separated by commas, FIELD one of "
                f"{', '.join(FIELDS)}; not {pair.strip()!r}"
            )
        if column.casefold() not in folded:
            shown = ", ".join(h.strip() for h in header if h.strip())
            raise UsageError(f"--map: the file has no column {column!r}; its columns: {shown}")
        found[field] = [folded.index(column.casefold())]
    return found


def _contact(
    row: list[str], index: dict[str, list[int]], where: str, used: set[int]
) -> dict[str, Any]:
    def cell(field: str) -> str:
        for i in index.get(field, []):
            value = _first_value(row[i]) if i < len(row) and field != "tags" else None
            value = row[i].strip() if field == "tags" and i < len(row) else value
            if value:
                used.add(i)
                return value
        return ""

    email = cell("email")
    org = cell("org")
    parts = (cell("prefix"), cell("given"), cell("middle"), cell("family"), cell("suffix"))
    name = cell("name") or " ".join(p for p in parts if p) or org or email
    if not name:
        raise UsageError(f"{where}: the row has no name, organisation or email")
    used.update(i for part in NAME_PARTS for i in index.get(part, []))
    record: dict[str, Any] = {"type": "contact", "name": name}
    values = {"org": org, "email": email, "phone": cell("phone"), "notes": _notes(cell)}
    values.update({p: cell(p) for p in PASSED_THROUGH})
    record.update({k: v for k, v in values.items() if v})
    if "id" in record:
        record["id"] = int(record["id"]) if record["id"].isdigit() else None
    tags = _tags(cell("tags"))
    if tags:
        record["tags"] = tags
    return record


def _notes(cell: Callable[[str], str]) -> str:
    return cell("notes").replace("\r\n", "\n")


def _first_value(value: str) -> str:
    """Google puts several values in one cell, separated by ' ::: '."""
    return value.split(":::")[0].strip()


def _tags(value: str) -> list[str]:
    """Labels split on ';' (rapport, Outlook) or ':::' (Google); Google's system groups
    ('* myContacts', '* starred') are not labels anyone chose."""
    parts = re.split(r";|:::", value)
    return [p.strip() for p in dict.fromkeys(parts) if p.strip() and not p.strip().startswith("*")]
