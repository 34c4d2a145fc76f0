"""Full-text search over the journal's free text (the `search_index` of migration 2).

FTS5 on SQLite; on PostgreSQL a tsvector column with its own text search (to_tsquery,
ts_rank, ts_headline). Both give the same hits in the same shape: rank is "lower is better"
(FTS5's bm25 is negative; PostgreSQL's ts_rank is negated to match).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rapport.errors import UsageError
from rapport.store.connection import Store

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # private-use characters: never in typed text
_TERM = re.compile(r'"([^"]*)"|(\S+)')

# Both engines rank the hits in a subquery `h` (kind, ref, rank, snippet), then join them to
# the record they came from and its contact the same way.
_SELECT = """
SELECT h.kind, h.ref, h.snippet, h.rank, c.name AS contact,
       CASE h.kind WHEN 'interaction' THEN i.at WHEN 'promise' THEN p.due
                   WHEN 'incident' THEN n.at END AS date,
       p.kind AS promise_kind
FROM ({hits}) h
LEFT JOIN interactions i ON h.kind = 'interaction' AND i.id = h.ref
LEFT JOIN promises p ON h.kind = 'promise' AND p.id = h.ref
LEFT JOIN incidents n ON h.kind = 'incident' AND n.id = h.ref
JOIN contacts c ON c.id = CASE h.kind WHEN 'note' THEN h.ref
    ELSE coalesce(i.contact_id, p.contact_id, n.contact_id) END
ORDER BY h.rank, date DESC, h.ref
LIMIT :limit
"""

_SQL = _SELECT.format(
    hits=f"""SELECT kind, ref, bm25(search_index) AS rank,
             snippet(search_index, 0, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 12) AS snippet
      FROM search_index WHERE search_index MATCH :query"""
)

_PG_SQL = _SELECT.format(
    hits=f"""SELECT kind, ref, -ts_rank(terms, q) AS rank,
             ts_headline('simple', body, q, 'StartSel={MARK_OPEN}, StopSel={MARK_CLOSE},
                 MaxWords=12, MinWords=6, ShortWord=0, HighlightAll=false') AS snippet
      FROM search_index, ({{query}}) AS found(q) WHERE terms @@ q"""
)


# What migration 2's triggers index: table -> (column, rowid code, kind). Imports index their
# rows in bulk with these (tests/test_search.py checks that both ways give the same index).
SOURCES = {
    "interactions": ("summary", 0, "interaction"),
    "contacts": ("notes", 1, "note"),
    "promises": ("text", 2, "promise"),
    "incidents": ("text", 3, "incident"),
}


@contextmanager
def triggers_suspended(store: Store) -> Iterator[Callable[[str, list[dict[str, Any]]], None]]:
    """Inside: rows inserted are not indexed one by one; pass them to the function yielded.

    A trigger's FTS5 insert flushes the index on every row (~30 us each, 7x a bulk insert),
    so a 275,000-record import would spend most of its time there. The triggers are dropped
    and re-created inside the caller's transaction, so a failed import leaves them as they were.
    """
    if store.dialect != "sqlite":
        yield lambda table, rows: None  # plpgsql triggers cost far less than FTS5 flushes
        return
    saved = store.all(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        " AND name IN (" + ", ".join(f"'search_{t}_insert'" for t in SOURCES) + ")"
    )
    for trigger in saved:
        store.run(f"DROP TRIGGER {trigger['name']}")
    pending: list[tuple[int, str, str, int]] = []

    def index(table: str, rows: list[dict[str, Any]]) -> None:
        if table in SOURCES:
            column, code, kind = SOURCES[table]
            pending.extend(
                (r["id"] * 8 + code, r[column], kind, r["id"]) for r in rows if r.get(column)
            )

    yield index
    store.many(
        "INSERT INTO search_index (rowid, body, kind, ref) VALUES (:id, :body, :kind, :ref)",
        [{"id": i, "body": b, "kind": k, "ref": r} for i, b, k, r in pending],
    )
    for trigger in saved:
        store.run(trigger["sql"])


def terms(text: str) -> list[tuple[str, bool]]:
    """The user's words as (term, prefix?): "two words" in quotes stay one phrase term; a
    trailing * asks for a prefix; punctuation alone is dropped (it indexes as nothing)."""
    found = []
    text = text.replace("\x00", " ")  # SQLite would end the query string there
    for phrase, word in _TERM.findall(text):
        raw = phrase or word
        prefix = bool(word) and raw.endswith("*") and len(raw) > 1
        raw = raw.rstrip("*") if prefix else raw
        if any(ch.isalnum() for ch in raw):
            found.append((raw, prefix))
    if not found:
        raise UsageError(
            f"nothing to search for in {text!r}; give a word, e.g. rapport search invoice"
        )
    return found


def fts_query(text: str) -> str:
    """The user's words as FTS5 terms, every one quoted so that nothing typed is read as
    query syntax."""
    return " ".join(
        '"' + raw.replace('"', '""') + '"' + ("*" if prefix else "") for raw, prefix in terms(text)
    )


def pg_query(text: str) -> tuple[str, dict[str, str]]:
    """The user's words as a PostgreSQL tsquery expression over :named parameters, ANDed.

    Words and phrases go through phraseto_tsquery, which splits them as the index did, so
    nothing typed is read as query syntax; a prefix becomes 'word':* on folded letters."""
    parts, params = [], {}
    for n, (raw, prefix) in enumerate(terms(text)):
        words = re.findall(r"[^\W_]+", _fold(raw))
        if prefix and words:
            params[f"t{n}"] = " <-> ".join(f"'{w}'" for w in words) + ":*"
            parts.append(f"to_tsquery('simple', :t{n})")
        else:
            params[f"t{n}"] = raw
            parts.append(f"phraseto_tsquery('simple', rapport_fold(:t{n}))")
    return "SELECT " + " && ".join(parts), params


def _fold(text: str) -> str:
    """As rapport_fold() does in the database: lower case, accents dropped."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).lower()


def _hits(store: Store, text: str, limit: int) -> list[dict[str, Any]]:
    if store.dialect == "sqlite":
        import sqlite3

        try:
            return store.all(_SQL, query=fts_query(text), limit=limit)
        except sqlite3.OperationalError as exc:
            raise UsageError(f"cannot search for {text!r} ({exc}); try plain words") from None
    query, params = pg_query(text)
    return store.all(_PG_SQL.replace("{query}", query), limit=limit, **params)


def search(store: Store, text: str, limit: int) -> list[dict[str, Any]]:
    """The best `limit` hits, best first: kind, id, contact, date and a marked-up snippet."""
    rows = _hits(store, text, limit)
    hits = []
    for row in rows:
        kind = row["kind"]
        if kind == "promise" and row["promise_kind"] == "followup":
            kind = "followup"
        hits.append(
            {
                "kind": kind,
                "id": row["ref"],
                "contact": row["contact"],
                "date": row["date"],
                "snippet": row["snippet"],
                "rank": round(row["rank"], 4),
            }
        )
    return hits
