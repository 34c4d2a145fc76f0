"""The brief on screen (one 80x24 screen unless --full) and as Markdown for notes.

Both read the same sections, phrased once here. On screen every section line is cut to the
terminal width instead of wrapped, so the line count is known before printing; only the
suggestions wrap, since their reasons are the point. MAX_LINES leaves room on a 24-line
terminal for the command that was typed and the prompt after it.
"""

from __future__ import annotations

from typing import Any

from rapport.render import plain, visible

MAX_LINES = 22
LABEL_WIDTH = 11  # "Incidents" and two spaces
MORE = "… {n} more (--full)"
PERSON_LINES = 5  # per person in an organisation's brief, unless --full

Section = tuple[str, str, list[str]]  # (screen label, Markdown heading, lines)


# --- phrasing, shared by screen and Markdown ---------------------------------------------


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _trend(value: float | None) -> str:
    if value is None:
        return "no 30-day trend yet"
    if abs(value) < 0.5:
        return "steady over 30 days"
    return f"{'▲' if value > 0 else '▼'}{abs(value):.0f} over 30 days"


def _reach(prefs: dict[str, Any]) -> str:
    parts = [
        f"{label} {prefs[key]}"
        for key, label in (("channel", "by"), ("style", "style"), ("attitude", "attitude"))
        if prefs.get(key)
    ]
    return "; ".join(parts) if parts else "no preferences recorded"


def _owed(item: dict[str, Any]) -> str:
    what = item["text"]
    if item["kind"] == "followup":  # a follow-up's default text adds nothing to its label
        what = "follow-up" if what == "follow up" else f"follow-up: {what}"
    return f"{what} — {item['due']}, {item['when']} (#{item['id']})"


def _recent(i: dict[str, Any]) -> str:
    extra = [i["channel"]] if i["channel"] else []
    if i["minutes"] is not None and i["planned"]:
        extra.append(f"{i['minutes']} of {i['planned']} min")
    if i["thanked"]:
        extra.append("thanked")
    tail = f" ({', '.join(extra)})" if extra else ""
    return f"{i['date']}  {(i['tone'] or '—'):<7} {i['summary']}{tail}"


def _incident(i: dict[str, Any]) -> str:
    how = ", ".join(
        [
            "owned" if i["owned"] else "not owned",
            "told first" if i["told_first"] else "not told first",
        ]
    )
    return f"{i['on']}  {i['text']} ({how}; #{i['id']})"


def _sign(s: dict[str, Any]) -> str:
    return f"{s['on']}  {s['kind']}" + (f": {s['note']}" if s["note"] else "")


def _trust_lines(t: dict[str, Any]) -> list[str]:
    if t["trust"] is None:
        return [f"no figure yet: {t['why_none']}" if t["why_none"] else "no figure yet"]
    lines = [f"{_figure(t['trust'])}, {_trend(t['trend'])}"]
    if t["moves_it_most"]:
        lines.append(f"moves it most: {t['moves_it_most']}")
    return lines


def _about(data: dict[str, Any]) -> list[str]:
    lines = [_reach(data["preferences"])]
    if data["preferences"]["note"]:
        lines.append(data["preferences"]["note"])
    if data["replaced_by"]:
        lines.append(f"replaced at the client by {', '.join(data['replaced_by'])}")
    return lines


def sections(data: dict[str, Any], full: bool = False) -> list[Section]:
    """The brief of one person, most useful first; empty sections left out."""
    found: list[Section] = [
        ("Reach", "How they like to work", _about(data)),
        ("Notes", "Notes", (data["notes"] or "").strip().splitlines()),
        ("I owe", "I owe them", [_owed(p) for p in data["i_owe"]]),
        ("They owe", "They owe me", [_owed(p) for p in data["they_owe"]]),
        ("Last", "Last interactions", [_recent(i) for i in data["recent"]]),
        (
            "Expects",
            "Expectations",
            [
                e["text"] + ("" if e["agreed"] else " (not agreed yet)")
                for e in data["expectations"]
            ],
        ),
        ("Incidents", "Open incidents", [_incident(i) for i in data["incidents"]]),
        (
            "Resolved",
            "Resolved incidents",
            [
                f"{i['on']}  {i['text']} (resolved {i['resolved']}; #{i['id']})"
                for i in data.get("resolved_incidents", [])
            ]
            if full
            else [],
        ),
        # --full: what the client did that shows trust (a referral, asking advice)
        ("Signs", "Signs of trust", [_sign(s) for s in data.get("signs", [])] if full else []),
        (
            "Dates",
            "Dates coming up",
            [f"{d['date']}  {d['label']} ({d['when']})" for d in data["dates"]],
        ),
        ("Trust", "Trust", _trust_lines(data["trust"])),
        ("Rhythm", "Rhythm", [data["rhythm"]["text"]]),
    ]
    return [s for s in found if s[2]]


def _suggestion(n: int, s: dict[str, Any]) -> str:
    return f"{n}. {s['text']}: {s['reason']}"


def _title(data: dict[str, Any]) -> str:
    parts = [data["contact"]]
    if data["org"]:
        parts.append(data["org"])
    if data["owner"]:
        parts.append(f"owner {data['owner']}")
    if data["archived"]:
        parts.append("archived")
    return " · ".join(parts) + f" · brief of {data['as_of']}"


def _person_lines(p: dict[str, Any]) -> list[str]:
    lines = [_reach(p["preferences"])]
    if p["preferences"]["note"]:
        lines.append(p["preferences"]["note"])
    lines += (p["notes"] or "").strip().splitlines()
    lines.append(p["rhythm"])
    lines.append(
        f"trust {_figure(p['trust'])}; I owe {p['i_owe']}, they owe {p['they_owe']},"
        f" open incidents {p['open_incidents']}"
    )
    return lines


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


# --- screen ------------------------------------------------------------------------------


def _console():
    from rapport.render import console  # follows COLUMNS as it is now: one screen depends on it

    return console()


def allot(sizes: list[int], budget: int) -> list[int]:
    """Lines for each section: one each in order while they last, then the rest in order."""
    given = [0] * len(sizes)
    for pass_one in (True, False):
        for i, size in enumerate(sizes):
            want = min(size, 1) if pass_one else size - given[i]
            take = max(0, min(want, budget))
            given[i] += take
            budget -= take
    return given


def _cut(items: list[str], room: int) -> list[str]:
    """`room` lines of `items`, the last one saying how many more there are."""
    if len(items) <= room:
        return items
    if room == 0:
        return []
    if room == 1:
        return [f"{items[0]}  " + MORE.format(n=len(items) - 1)]
    return items[: room - 1] + [MORE.format(n=len(items) - room + 1)]


def _labelled(
    console: Any, label: str, text: str, width: int, wrap: bool, indent: int = LABEL_WIDTH
) -> list[Any]:
    from rich.text import Text

    body, room = plain(_one_line(text)), max(10, width - indent)
    if wrap:
        parts = list(body.wrap(console, room))
    else:
        body.truncate(room, overflow="ellipsis")
        parts = [body]
    lines = []
    for n, part in enumerate(parts):
        line = Text((label if n == 0 else "").ljust(indent), style="bold")
        line.append_text(part)
        lines.append(line)
    return lines


def _one_line(text: str) -> str:
    """A newline or tab typed into a promise or a note must not add screen lines."""
    return text.replace("\n", " ").replace("\t", " ")


def _header(text: str, width: int, cut: bool) -> Any:
    line = plain(_one_line(text))
    line.stylize("bold")
    if cut:
        line.truncate(width, overflow="ellipsis")
    return line


def screen(data: dict[str, Any], full: bool) -> None:
    console = _console()
    if data["kind"] == "organisation":
        lines = _org_screen(console, data, full)
    else:
        lines = _person_screen(console, data, full)
    for line in lines:
        console.print(line, no_wrap=True, overflow="crop")


def _person_screen(console: Any, data: dict[str, Any], full: bool) -> list[Any]:
    width = console.width
    head = [_header(_title(data), width, not full)]
    tail = []
    for n, s in enumerate(data["suggestions"], 1):
        tail += _labelled(console, "Next" if n == 1 else "", _suggestion(n, s), width, True)
    found = sections(data, full)
    rooms = (
        [len(items) for _, _, items in found]
        if full
        else allot([len(items) for _, _, items in found], MAX_LINES - len(head) - len(tail))
    )
    body = []
    for (label, _, items), room in zip(found, rooms, strict=True):
        for n, text in enumerate(_cut(items, room)):
            body += _labelled(console, label if n == 0 else "", text, width, full)
    return head + body + tail


def _org_screen(console: Any, data: dict[str, Any], full: bool) -> list[Any]:
    width, people = console.width, data["people"]
    head = f"{data['org']} · {_people(len(people))} · brief of {data['as_of']}"
    lines = [_header(head, width, not full)]
    for n, person in enumerate(people):
        texts = _person_lines(person)
        if not full:
            texts = _cut(texts, PERSON_LINES)
        block = [_header(person["contact"], width, not full)]
        for text in texts:
            block += _labelled(console, "", text, width, full, indent=2)
        later = len(people) - n - 1
        if not full and len(lines) + len(block) + (1 if later else 0) > MAX_LINES:
            lines.append(plain(f"… {len(people) - n} more people (--full)"))
            break
        lines += block
    return lines


# --- Markdown ----------------------------------------------------------------------------


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})


def md(text: Any) -> str:
    """User text made safe to paste: control characters visible, Markdown marks escaped."""
    escaped = _one_line(visible(text)).translate(_MD_SPECIAL)
    return "\\" + escaped if escaped[:1] in "#+-=" and escaped else escaped


def markdown(data: dict[str, Any]) -> None:
    lines = _org_markdown(data) if data["kind"] == "organisation" else _person_markdown(data)
    print("\n".join(lines))


def _person_markdown(data: dict[str, Any]) -> list[str]:
    out = [f"# {md(_title(data))}"]
    for _, heading, items in sections(data):
        out += ["", f"## {heading}", *(f"- {md(text)}" for text in items)]
    if data["suggestions"]:
        out += ["", "## Suggestions"]
        out += [
            f"{n}. **{md(s['text'])}**: {md(s['reason'])}"
            for n, s in enumerate(data["suggestions"], 1)
        ]
    return out


def _org_markdown(data: dict[str, Any]) -> list[str]:
    out = [f"# {md(data['org'])} · {_people(len(data['people']))} · brief of {data['as_of']}"]
    for p in data["people"]:
        out += ["", f"## {md(p['contact'])}", *(f"- {md(text)}" for text in _person_lines(p))]
    return out
