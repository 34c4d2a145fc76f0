"""Finding a contact from what was typed: exact name, unique prefix, unambiguous
organisation, then a single close match (a typo).

Pure: candidates in, a match or a UsageError out. A typo must never create a second contact
or write to the wrong one, so a close match says so (`how == 'close'`) and the command line
asks before it writes there; anything less than one clear winner is an error that lists a
few candidates, best first.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapport.errors import NotFound, UsageError

MIN_FUZZY = 3  # shorter queries are too short to be a typo of anything in particular
MOST_LISTED = 5  # candidates named in a message; never "... and 1206 more"

# (id, name) or (id, name, organisation)
Candidate = tuple[int, str] | tuple[int, str, str | None]


@dataclass(frozen=True)
class Match:
    id: int
    name: str
    how: str  # 'exact' | 'prefix' | 'org' | 'close'
    others: tuple[str, ...] = ()  # for 'close': the next closest names, best first


def fold(text: str) -> str:
    """Case, accents and spacing folded away: 'José  Núñez' -> 'jose nunez'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def resolve(query: str, candidates: list[Candidate]) -> Match:
    folded = fold(query)
    if not folded:
        raise UsageError("the contact name is empty; type a name, e.g. rapport show acme")
    keyed = [(c[0], c[1], fold(c[1]), fold(c[2] or "") if len(c) > 2 else "") for c in candidates]
    exact = [(cid, name) for cid, name, key, _ in keyed if key == folded]
    if len(exact) == 1:
        return Match(*exact[0], "exact")
    if len(exact) > 1:
        raise _ambiguous(query, [name for _, name in exact])
    prefixed = [(cid, name) for cid, name, key, _ in keyed if _starts(key, folded)]
    if len(prefixed) == 1:
        return Match(*prefixed[0], "prefix")
    if prefixed:
        raise _ambiguous(query, sorted(name for _, name in prefixed))
    of_org = [(cid, name) for cid, name, _, org in keyed if org and _starts(org, folded)]
    if len(of_org) == 1:
        return Match(*of_org[0], "org")
    if of_org:
        raise _ambiguous(query, sorted(name for _, name in of_org))
    return _close(query, folded, keyed)


def _starts(key: str, folded: str) -> bool:
    return key.startswith(folded) or any(word.startswith(folded) for word in key.split())


def allowed_typos(folded: str) -> int:
    """Edits a typo may make: one in a short name, more in a long one."""
    return 1 + len(folded) // 9


def distance(folded: str, key: str) -> int:
    """Edits (a swap of neighbours counts as one) from the query to the name, or to one word
    of it when the query is one word: 'gretta' is one edit from 'Greta Holm'."""
    from rapidfuzz.distance import OSA  # lazy: only typos pay for it

    parts = [key, *key.split()] if " " not in folded else [key]
    return min(OSA.distance(folded, part) for part in parts)


def ranked(query: str, candidates: list[Candidate]) -> list[tuple[int, int, str]]:
    """(edits, id, name) of the candidates related to `query`, closest first: within a few
    edits, or sharing a whole word with it. Unrelated names never appear."""
    folded = fold(query)
    keyed = [(c[0], c[1], fold(c[1])) for c in candidates]
    return _related(folded, keyed)


def _related(folded: str, keyed: list) -> list[tuple[int, int, str]]:
    if len(folded) < MIN_FUZZY:
        return []
    words = {w for w in folded.split() if len(w) >= MIN_FUZZY}
    limit = allowed_typos(folded) + 1
    found = []
    for entry in keyed:
        cid, name, key = entry[0], entry[1], entry[2]
        edits = distance(folded, key)
        if edits <= limit or words & set(key.split()):
            found.append((edits, cid, name))
    found.sort(key=lambda e: (e[0], fold(e[2])))
    return found


def _close(query: str, folded: str, keyed: list) -> Match:
    related = _related(folded, keyed)
    close = [e for e in related if e[0] <= allowed_typos(folded)]
    if close and (len(close) == 1 or close[0][0] < close[1][0]):
        best = close[0]
        return Match(best[1], best[2], "close", tuple(e[2] for e in close[1:MOST_LISTED]))
    if close:
        tied = [e[2] for e in close if e[0] == close[0][0]]
        raise _ambiguous(query, tied)
    near = [name for _, _, name in related[:3]]
    hint = f"; did you mean {_listing(near, 'or')}?" if near else ""
    raise NotFound(
        f"no contact named '{query}'{hint} (add one with: rapport add NAME, "
        "or rapport log NAME ... --new)"
    )


def _listing(names: list[str], last: str = "or") -> str:
    quoted = [f"'{n}'" for n in names[:MOST_LISTED]]
    if len(quoted) == 1:
        return quoted[0]
    return f"{', '.join(quoted[:-1])} {last} {quoted[-1]}"


def _ambiguous(query: str, names: list[str]) -> UsageError:
    if len(names) > MOST_LISTED:
        return UsageError(
            f"'{query}' matches {len(names)} contacts, e.g. {_listing(names[:3])};"
            " type more of the name"
        )
    return UsageError(f"'{query}' could be {_listing(names)}; type more of the name")


def unconfirmed(query: str, match: Match) -> UsageError:
    """A write to a close match, with nobody at a terminal to say yes: exit 2."""
    also = f" (also close: {_listing(list(match.others))})" if match.others else ""
    return UsageError(
        f"no contact is named '{query}'; the closest is '{match.name}'{also}."
        f" Type the name as it is, or add --yes to write to '{match.name}'"
    )


def question(query: str, match: Match) -> str:
    """What to ask at a terminal before writing to a close match."""
    also = f" (also close: {_listing(list(match.others))})" if match.others else ""
    return f"No contact is named '{query}'. Use '{match.name}'{also}?"


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
