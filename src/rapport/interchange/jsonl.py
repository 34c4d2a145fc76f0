"""JSON Lines: every record of the journal, one object per line (docs/formats.md).

Deterministic: records come in the order of `records.TYPES`, then by id, and each object
lists its fields in the table's column order, so the same journal always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from rapport.errors import UsageError
from rapport.interchange.records import BOOLEAN, DERIVED, TABLES

FORMAT = 2  # 2: promises carry a size, and sign records (format 1 files still import)

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def header(schema: int) -> dict[str, Any]:
    return {"type": "rapport", "format": FORMAT, "schema": schema}


def line(record: dict[str, Any]) -> str:
    return _encode(record) + "\n"


def export_record(
    kind: str,
    row: dict[str, Any],
    contact_names: dict[int, str],
    tags: list[str] | None = None,
    moves: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One table row as a record: type first, then the columns, the contact's name beside its id."""
    skip = DERIVED.get(TABLES[kind], ())
    record: dict[str, Any] = {"type": kind}
    for column, value in row.items():
        if column in skip:
            continue
        record[column] = bool(value) if column in BOOLEAN and value is not None else value
        if column == "contact_id":
            record["contact"] = contact_names.get(value)
    if tags is not None:
        record["tags"] = tags
    if moves is not None:
        record["moves"] = [
            {k: bool(v) if k in BOOLEAN else v for k, v in m.items() if k != "promise_id"}
            for m in moves
        ]
    return record


def dumps(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield line(record)


def parse(text: str, bad: Any = None) -> Iterator[tuple[int, Any]]:
    """(line number, decoded object) for each non-blank line; a header line is checked, not
    yielded. A line that is not JSON raises, or goes to `bad` (--skip-bad) and is left out."""
    decode = json.JSONDecoder().decode
    # split("\n"), not splitlines(): JSON leaves U+2028 and U+0085 unescaped inside strings.
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            record = decode(raw)
        except ValueError as exc:
            reason = getattr(exc, "msg", str(exc))
            column = getattr(exc, "colno", None)
            at = f" at column {column}" if column else ""
            error = UsageError(f"line {number}: not valid JSON ({reason}{at})")
            if bad is None:
                raise error from None
            bad(error)
            continue
        if isinstance(record, dict) and record.get("type") == "rapport":
            _check_header(record, number)
            continue
        yield number, record


def _check_header(record: dict[str, Any], number: int) -> None:
    version = record.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise UsageError(f'line {number}: the rapport header needs a whole-number "format"')
    if version > FORMAT:
        raise UsageError(
            f"line {number}: this file is format {version}, written by a newer rapport "
            f"(this one reads up to {FORMAT}); upgrade rapport to import it"
        )
