"""Trust on screen: the score table (with --explain) and the review of a period."""

from __future__ import annotations

from typing import Any

from rapport import agenda, dates
from rapport.render import (
    capped,
    console,
    fig,
    fitted_table,
    hanging,
    line,
    plain,
    trend_arrow,
    wrapped,
)

SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """One block per value, eight equal bands over 0..100; '·' where there is no number."""
    return "".join("·" if v is None else SPARK[_band(v)] for v in values)


def _band(value: float) -> int:
    return min(len(SPARK) - 1, int(min(100.0, max(0.0, value)) // 12.5))


SCORE_ROWS = agenda.LIST_ROWS  # worst first: a person acts on the top, not on row 4,000
FIGURE_KEYS = ("trust", "reliability", "their_reliability", "care", "accountability",
               "communication")


def scores(rows: list[dict[str, Any]], explain: bool, with_empty: bool, full: bool) -> None:
    """Worst trust first, SCORE_ROWS of them (`full`: all); `with_empty` (--all) also lists
    contacts with no figures yet."""
    if not rows:
        line("No active contacts to score. Add one with: rapport add NAME")
        return
    # A ten-year journal has thousands of dormant contacts with nothing to score: one line.
    listed = rows if with_empty else [
        r for r in rows if r["overdue"] or any(r[k] is not None for k in FIGURE_KEYS)
    ]
    if not listed:
        wrapped(f"No figures yet for {_count(len(rows), 'contact')}: they come once a promise "
                "comes due or an interaction is logged (--all lists them).")
        return
    shown, more = capped(listed, SCORE_ROWS, full)
    _score_table(shown, explain)
    flags = " --all" if with_empty else ""
    if more:
        line(f"… and {more} more, the best-trusted: rapport score{flags} --full lists every one")
    if len(listed) < len(rows):
        hidden = dates.plural(len(rows) - len(listed), "more contact")
        line(f"{hidden} with no figures yet (--all lists them).")


# Columns of the score table, most important first; a narrow terminal drops from the end of
# OPTIONAL so the contact's name is never squeezed out.
OPTIONAL_SCORE_COLUMNS = ("last contact", "6 months", "theirs", "30d", "comm")


def _score_cells(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "contact": plain(r["contact"]),
        "trust": fig(r["trust"]),
        "30d": trend_arrow(r["trend"]),
        "6 months": sparkline(r.get("history") or []),
        "mine": fig(r["reliability"]),
        "theirs": fig(r["their_reliability"]),
        "care": fig(r["care"]),
        "acct": fig(r["accountability"]),
        "comm": fig(r["communication"]),
        "overdue": str(r["overdue"] or ""),
        "last contact": (r["last_contact"] or "never")[:10],
    }


def _score_table(rows: list[dict[str, Any]], explain: bool) -> None:
    cells = [_score_cells(r) for r in rows]
    console().print(fitted_table(None, cells, OPTIONAL_SCORE_COLUMNS))
    if explain:
        for r in rows:
            _explain(r)


def _explain(row: dict[str, Any]) -> None:
    out = console()
    out.print()
    out.print(plain(f"{row['contact']}: trust {fig(row['trust'])}"))
    for figure, why in row["missing"].items():
        hanging(f"  {figure}: ", f"no number: {why}")
    for r in row["evidence"]:
        if abs(r["impact"]) >= 0.05:  # the text wraps under itself, past figure and points
            hanging(f"  {r['figure']:<17} {r['impact']:+6.1f}  ", r["text"])


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def review(report: dict[str, Any], full: bool = False) -> None:
    """The period in words; every line wraps under its own text at any width. Each list
    shows agenda.LIST_ROWS (`full`: all) and counts the rest."""
    kept = report["kept"]
    renegotiated = sum(p["verdict"] == "renegotiated" for p in kept)
    how = f", {renegotiated} renegotiated in time" if renegotiated else ""
    hanging(
        "",
        f"From {report['from']} to {report['to']}: {_count(report['interactions'], 'interaction')}"
        f", {_count(len(kept) - renegotiated, 'promise')} kept on time{how},"
        f" {len(report['late'])} late, {len(report['broken'])} broken,"
        f" {_count(len(report['incidents']), 'incident')}.",
        indent=2,
    )
    for label in ("late", "broken"):
        shown, more = capped(report[label], agenda.LIST_ROWS, full)
        for p in shown:
            when = f"{p['verdict_text']}, due {p['judged_by']}"
            hanging(f"  {label}: ", f"{p['contact']}: '{p['text']}' ({when})")
        _more(more)
    shown, more = capped(report["incidents"], agenda.LIST_ROWS, full)
    for i in shown:
        hanging("  incident: ", f"{i['contact']}: {i['text']}")
    _more(more)
    shown, more = capped(report.get("theirs_late", []), agenda.LIST_ROWS, full)
    for p in shown:
        kept = f"kept {p['done_on']}" if p["status"] == "done" else p["status"]
        hanging("  their late promise: ", f"{p['contact']}: '{p['text']}' (due {p['due']}, {kept})")
    _more(more)
    shown, more = capped(report.get("moved", []), agenda.LIST_ROWS, full)
    for m in shown:
        whose = "their" if m["direction"] == "theirs" else "my"
        told = "" if m["told"] else ", not told"
        hanging(
            "  moved: ",
            f"{m['contact']}: {whose} '{m['text']}' from {m['old_due']} to "
            f"{m['new_due']} (on {m['moved_on']}{told})",
        )
    _more(more)
    if report["trust_changes"]:
        line("Trust moved most for:")
    for c in report["trust_changes"]:
        change = f"{fig(c['before'])} -> {fig(c['after'])} ({c['shown_change']:+d})"
        hanging("  ", f"{c['contact']}: {change}")
        for r in c["why"]:
            hanging("      ", r["text"])


def _more(count: int) -> None:
    if count:
        line(f"  … and {count} more: rapport review --full lists every one")
