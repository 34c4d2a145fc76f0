"""CSV: contacts, interactions or promises out; contacts in, from Google Contacts, Outlook or
rapport's own export (their column names mapped). Uses the stdlib csv module.

Written as UTF-8 with a byte-order mark and CRLF line ends, which Excel needs to show accents
and LibreOffice and Google Sheets accept as they are.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from rapport.errors import UsageError

COLUMNS = {
    "contacts": ["id", "name", "org", "email", "phone", "channel", "style", "attitude",
                 "every_days", "at_most_days", "owner", "tags", "notes", "archived", "created_at"],
    "interactions": ["id", "contact", "at", "channel", "summary", "minutes", "planned", "tone",
                     "thanked", "asked_advice", "tags"],
    "promises": ["id", "contact", "kind", "direction", "text", "made_on", "due", "status",
                 "done_on", "closed_on", "reason", "moves"],
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

# Each field and the headers that hold it, best first (compared case-insensitively).
HEADERS = {
    "name": ("name", "full name", "display name", "fn"),
    "prefix": ("name prefix", "title", "prefix"),
    "given": ("given name", "first name"),
    "middle": ("additional name", "middle name"),
    "family": ("family name", "last name"),
    "suffix": ("name suffix", "suffix"),
    "email": ("email", "e-mail", "e-mail address", "e-mail 1 - value", "email address",
              "e-mail 2 address", "e-mail 2 - value"),
    "phone": ("phone", "phone 1 - value", "mobile phone", "primary phone", "business phone",
              "home phone", "telephone", "phone 2 - value"),
    "org": ("org", "organization", "organization 1 - name", "organization name", "company"),
    "notes": ("notes", "note"),
    "tags": ("tags", "labels", "group membership", "categories"),
}  # fmt: skip
PASSED_THROUGH = ("id", "channel", "style", "attitude", "every_days", "at_most_days", "owner")


def parse_contacts(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(where, contact record) for every data row."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        return _rows(reader)
    except csv.Error as exc:
        raise UsageError(f"line {reader.line_num}: not valid CSV ({exc})") from None


def _rows(reader: Any) -> list[tuple[str, dict[str, Any]]]:
    header = next(reader, None)
    if not header:
        raise UsageError("the CSV file is empty; it needs a header row and one row per contact")
    index = _columns(header)
    records = []
    start = reader.line_num + 1
    for row in reader:
        where = f"line {start}"
        start = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        records.append((where, _contact(row, index, where)))
    return records


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns(header: list[str]) -> dict[str, int]:
    folded = [h.strip().casefold() for h in header]
    index = {}
    for fieldname, names in {**HEADERS, **{p: (p,) for p in PASSED_THROUGH}}.items():
        for name in names:
            if name in folded:
                index[fieldname] = folded.index(name)
                break
    if not {"name", "given", "family", "org", "email"} & set(index):
        raise UsageError(
            "line 1: the CSV header has no name column; expected e.g. Name, First Name and "
            "Last Name (Google, Outlook), Company or E-mail Address"
        )
    return index


def _contact(row: list[str], index: dict[str, int], where: str) -> dict[str, Any]:
    def cell(fieldname: str) -> str:
        i = index.get(fieldname)
        return row[i].strip() if i is not None and i < len(row) else ""

    email = _first_value(cell("email"))
    org = cell("org")
    parts = (cell("prefix"), cell("given"), cell("middle"), cell("family"), cell("suffix"))
    name = cell("name") or " ".join(p for p in parts if p) or org or email
    if not name:
        raise UsageError(f"{where}: the row has no name, organisation or email")
    record: dict[str, Any] = {"type": "contact", "name": name}
    values = {"org": org, "email": email, "phone": _first_value(cell("phone")),
              "notes": cell("notes")}  # fmt: skip
    values.update({p: cell(p) for p in PASSED_THROUGH})
    record.update({k: v for k, v in values.items() if v})
    if "id" in record:
        record["id"] = int(record["id"]) if record["id"].isdigit() else None
    tags = _tags(cell("tags"))
    if tags:
        record["tags"] = tags
    return record


def _first_value(value: str) -> str:
    """Google puts several values in one cell, separated by ' ::: '."""
    return value.split(":::")[0].strip()


def _tags(value: str) -> list[str]:
    """Labels split on ';' (rapport, Outlook) or ':::' (Google); Google's system groups
    ('* myContacts', '* starred') are not labels anyone chose."""
    parts = re.split(r";|:::", value)
    return [p.strip() for p in dict.fromkeys(parts) if p.strip() and not p.strip().startswith("*")]
