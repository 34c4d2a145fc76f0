"""Eight processes logging fifty interactions each, all at once: every record lands, nobody
sees 'database is locked', every process exits 0.

Each process runs its fifty commands in-process (the click group rapport.cli.run calls, as
the shell would run `rapport log` fifty times), so the test measures the store's locking, not
Python's start-up.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ok, query

# Reads the file directly; tests/test_team.py runs writers against PostgreSQL.
pytestmark = pytest.mark.sqlite_only

PROCESSES = 8
LOGS_EACH = 50

WORKER = """
import sys
from typer.main import get_command
from rapport.cli import app

# rapport.cli.run() without rebuilding the click group each time (40 ms of Typer per call)
group = get_command(app)
def run(args):
    try:
        group.main(args=args, prog_name="rapport")
    except SystemExit as exc:
        return exc.code or 0
    return 0
worker = sys.argv[1]
print("ready", flush=True)
sys.stdin.readline()
for i in range(int(sys.argv[2])):
    who = ("Acme Corp", "Globex")[i % 2]
    code = run(["log", who, f"w{worker} call {i}", "--tag", f"w{worker}",
                "--promise", f"w{worker} p{i}", "--by", "friday", "--json"])
    if code != 0:
        sys.exit(f"log {i} exited {code}")
"""


def start(worker: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(worker), str(LOGS_EACH)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
        text=True,
    )
    assert proc.stdout.readline() == "ready\n"
    return proc


def test_eight_writers_fifty_logs_each_all_land(cli, db_path):
    ok(cli("add", "Acme Corp"))
    ok(cli("add", "Globex"))
    procs = [start(n) for n in range(PROCESSES)]
    for proc in procs:  # all imported and waiting: let them go together
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for n, proc in enumerate(procs):
        out, err = proc.communicate(timeout=120)
        assert "locked" not in err, err
        assert "Traceback" not in err, err
        assert proc.returncode == 0, (n, err)
        assert out.count('"interaction":') == LOGS_EACH

    total = PROCESSES * LOGS_EACH
    summaries = {r[0] for r in query(db_path, "SELECT summary FROM interactions")}
    expected = {f"w{n} call {i}" for n in range(PROCESSES) for i in range(LOGS_EACH)}
    assert summaries == expected
    assert query(db_path, "SELECT count(*) FROM interactions") == [(total,)]
    # each log's promise points at that log's own interaction
    paired = query(
        db_path,
        "SELECT count(*) FROM promises p JOIN interactions i ON i.id = p.interaction_id "
        "WHERE substr(p.text, 1, instr(p.text, ' ')) = substr(i.summary, 1, instr(i.summary, ' '))",
    )
    assert paired == [(total,)]
    per_worker = query(db_path, "SELECT tag, count(*) FROM interaction_tags GROUP BY tag")
    assert sorted(per_worker) == sorted((f"w{n}", LOGS_EACH) for n in range(PROCESSES))
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
