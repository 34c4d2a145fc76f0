"""Finding a contact from what was typed: exact, then unique prefix, then a single close match.

Pure: candidates in, a match or a UsageError out. A typo must never create a second contact,
so anything less than one clear winner is an error that lists the candidates.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapport.errors import NotFound, UsageError

CLOSE_CUTOFF = 75.0  # rapidfuzz ratio; 'acem' -> 'acme' scores 75
CLEAR_LEAD = 10.0  # a close match must beat the runner-up by this much to be chosen


@dataclass(frozen=True)
class Match:
    id: int
    name: str
    how: str  # 'exact' | 'prefix' | 'close'


def fold(text: str) -> str:
    """Case, accents and spacing folded away: 'José  Núñez' -> 'jose nunez'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def resolve(query: str, candidates: list[tuple[int, str]]) -> Match:
    folded = fold(query)
    if not folded:
        raise UsageError("the contact name is empty; type a name, e.g. rapport show acme")
    keyed = [(cid, name, fold(name)) for cid, name in candidates]
    exact = [(cid, name) for cid, name, key in keyed if key == folded]
    if len(exact) == 1:
        return Match(*exact[0], "exact")
    if len(exact) > 1:
        raise _ambiguous(query, [name for _, name in exact])
    prefixed = [(cid, name) for cid, name, key in keyed if _starts(key, folded)]
    if len(prefixed) == 1:
        return Match(*prefixed[0], "prefix")
    if prefixed:
        raise _ambiguous(query, [name for _, name in prefixed])
    return _close(query, folded, keyed)


def _starts(key: str, folded: str) -> bool:
    return key.startswith(folded) or any(word.startswith(folded) for word in key.split())


def _similarity(folded: str, key: str) -> float:
    from rapidfuzz import fuzz  # lazy: only typos pay for it

    return max(fuzz.ratio(folded, part) for part in [key, *key.split()])


def _close(query: str, folded: str, keyed: list[tuple[int, str, str]]) -> Match:
    scored = sorted(
        ((_similarity(folded, key), cid, name) for cid, name, key in keyed), reverse=True
    )
    good = [entry for entry in scored if entry[0] >= CLOSE_CUTOFF]
    if len(good) == 1 or (len(good) > 1 and good[0][0] - good[1][0] >= CLEAR_LEAD):
        return Match(good[0][1], good[0][2], "close")
    if good:
        raise _ambiguous(query, [name for _, _, name in good])
    near = [name for score, _, name in scored[:3] if score >= 50]
    hint = f"; did you mean {_listing(near)}?" if near else ""
    raise NotFound(
        f"no contact named '{query}'{hint} (add one with: rapport add NAME, "
        "or rapport log NAME ... --new)"
    )


def _listing(names: list[str], most: int = 6) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _ambiguous(query: str, names: list[str]) -> UsageError:
    return UsageError(f"'{query}' could be {_listing(sorted(names))}; type more of the name")


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UsageError("a contact needs a name; e.g. rapport add 'Acme Corp'")
    if len(cleaned) > 200:
        raise UsageError(
            "that name is over 200 characters; use a shorter name and put the rest in --note"
        )
    return cleaned


def clean_tag(tag: str) -> str:
    cleaned = tag.strip()
    if not cleaned:
        raise UsageError("a tag can't be empty")
    return cleaned
