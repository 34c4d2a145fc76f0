"""What `doctor` found, on screen."""

from __future__ import annotations

from typing import Any

from rapport.render import line


def checks(report: dict[str, Any]) -> None:
    for c in report["checks"]:
        line(f"{'ok  ' if c['ok'] else 'FAIL'}  {c['check']}: {c['about']}")
        for problem in c["problems"]:
            line(f"        {problem}")
        if c["count"] > len(c["problems"]):
            line(f"        ... and {c['count'] - len(c['problems'])} more")
    where = report["store"]
    if report.get("repaired"):
        line(f"Folded the running sums of {report['repaired']} contact(s) again.")
    if any(c["check"] == "running sums" and not c["ok"] for c in report["checks"]):
        line("The running sums are figures, not records: rapport doctor --repair folds them"
             " again from the evidence.")
    if report["ok"]:
        line(f"The journal {where} is healthy.")
    elif report.get("damaged"):
        line(
            f"The file {where} is damaged. Restore a backup (rapport restore PATH), or save"
            f" what SQLite can still read: sqlite3 {where} .recover | sqlite3 recovered.db"
        )
    else:
        line(
            f"Problems found in {where}. Restore a backup (rapport restore PATH), "
            "or fix the records named above."
        )
