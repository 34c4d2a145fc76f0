"""Interchange formats: pure functions from records to text and back. No database here.

A *record* is a plain dict with a "type" ("contact", "interaction", "promise", "followup",
...), the shape of one line of the JSON Lines export (docs/formats.md). `records.normalize`
turns a record, exported or written by hand, into an `Item` the store can insert.
"""

FORMATS = ("jsonl", "csv", "vcf", "ics")

EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".vcf": "vcf",
    ".vcard": "vcf",
    ".ics": "ics",
    ".ical": "ics",
    ".ifb": "ics",
}


def guess_format(name: str | None, head: str = "") -> str | None:
    """The format named by a file's extension, else the one its first characters show."""
    if name:
        for ext, fmt in EXTENSIONS.items():
            if name.lower().endswith(ext):
                return fmt
    start = head.lstrip("\ufeff \t\r\n")[:200].upper()
    if start.startswith("{"):
        return "jsonl"
    if start.startswith("BEGIN:VCARD"):
        return "vcf"
    if start.startswith("BEGIN:VCALENDAR"):
        return "ics"
    if "," in start.split("\n", 1)[0] or "\t" in start.split("\n", 1)[0]:
        return "csv"
    return None
