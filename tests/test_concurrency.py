"""Several rapport processes writing one store at the same moment: nothing is lost, nobody
sees 'database is locked', everyone exits 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from typing import Any

from conftest import ok

WORKERS = 6
LOGS_EACH = 15


def spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "rapport", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )


def run_all(commands: list[list[str]]) -> list[tuple[list[str], int, str, str]]:
    """Start every command at once and collect (args, exit code, stdout, stderr)."""
    procs = [(args, spawn(*args)) for args in commands]
    results = []
    for args, proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append((args, proc.returncode, out, err))
    return results


def check(results: list[tuple[list[str], int, str, str]]) -> None:
    for args, code, out, err in results:
        assert "database is locked" not in err, (args, err)
        assert "Traceback" not in err + out, (args, err)
        assert code == 0, (args, code, err)


def test_concurrent_logs_all_land(cli, js):
    ok(cli("add", "Acme Corp"))
    ok(cli("add", "Globex"))
    results: list[Any] = []
    lock = threading.Lock()
    start = threading.Barrier(WORKERS)

    def worker(n: int) -> None:
        start.wait()
        for i in range(LOGS_EACH):
            who = "Acme Corp" if (n + i) % 2 == 0 else "Globex"
            args = ["log", who, f"worker {n} call {i}", "--promise", f"p{n}-{i}",
                    "--by", "friday", "--json"]
            proc = spawn(*args)
            out, err = proc.communicate(timeout=120)
            with lock:
                results.append((args, proc.returncode, out, err))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)

    assert len(results) == WORKERS * LOGS_EACH
    check(results)
    interaction_ids = [json.loads(out)["interaction"] for _, _, out, _ in results]
    promise_ids = [json.loads(out)["promises"][0]["id"] for _, _, out, _ in results]
    assert len(set(interaction_ids)) == WORKERS * LOGS_EACH
    assert len(set(promise_ids)) == WORKERS * LOGS_EACH

    acme = js("show", "Acme Corp")
    globex = js("show", "Globex")
    summaries = {i["summary"] for i in acme["interactions"] + globex["interactions"]}
    expected = {f"worker {n} call {i}" for n in range(WORKERS) for i in range(LOGS_EACH)}
    assert summaries == expected
    assert len(acme["interactions"]) + len(globex["interactions"]) == WORKERS * LOGS_EACH
    assert len(acme["promises"]) + len(globex["promises"]) == WORKERS * LOGS_EACH
    assert len(acme["interactions"]) == sum(
        1 for n in range(WORKERS) for i in range(LOGS_EACH) if (n + i) % 2 == 0
    )


def test_concurrent_first_use_of_a_new_store(js, db_path, engine):
    """On PostgreSQL: an empty schema, migrated by whichever process takes the lock first."""
    assert engine == "postgres" or not db_path.exists()
    results = run_all([["add", f"Client {n}"] for n in range(WORKERS)])
    check(results)
    names = sorted(c["name"] for c in js("contacts"))
    assert names == sorted(f"Client {n}" for n in range(WORKERS))


def test_concurrent_reads_and_writes(cli, js):
    ok(cli("add", "Acme Corp"))
    commands: list[list[str]] = []
    for n in range(WORKERS):
        commands.append(["log", "Acme Corp", f"call {n}"])
        commands.append(["due", "--json"])
        commands.append(["contacts", "--json"])
    results = run_all(commands)
    check(results)
    for args, _, out, _ in results:
        if "--json" in args:
            json.loads(out)
    assert len(js("show", "Acme Corp")["interactions"]) == WORKERS
