"""Time rapport's commands as whole processes on a generated journal.

    python benchmarks/run.py                       # 20k interactions, 7 runs each
    python benchmarks/run.py --interactions 200000 --runs 9

Generates a store (most contacts dormant, some promises overdue, some owed by clients),
then times each command interleaved with `python -c "import sqlite3"` as the floor, and
prints medians and ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

NOW = datetime(2026, 11, 23, 9, 0)


def generate(db: Path, interactions: int, seed: int = 7) -> None:
    """A journal in proportion to the ten-year target: 5k contacts per 200k interactions."""
    from rapport.store import open_store

    rng = random.Random(seed)
    n_contacts = max(20, interactions // 40)
    active = max(5, n_contacts * 6 // 100)
    store = open_store(str(db), NOW)
    with store.transaction():
        ids = [_contact(store, i, rng, i < active) for i in range(n_contacts)]
        for _ in range(interactions):
            # Active contacts get nine interactions in ten; the rest are history.
            cid = ids[rng.randrange(active)] if rng.random() < 0.9 else rng.choice(ids)
            _interaction(store, cid, rng)
        for _ in range(interactions // 4):
            _promise(
                store, rng.choice(ids[:active]) if rng.random() < 0.8 else rng.choice(ids), rng
            )
    store.close()


def _contact(store, i: int, rng: random.Random, active: bool) -> int:
    return store.insert(
        "INSERT INTO contacts (name, name_key, channel, every_days, archived, created_at)"
        " VALUES (:n, :k, :ch, :every, 0, :at)",
        n=f"Client {i:05d}",
        k=f"client {i:05d}",
        ch=rng.choice(["email", "phone", "video"]),
        every=rng.choice([14, 30, 60]) if active else None,
        at=(NOW - timedelta(days=3650)).isoformat(),
    )


def _interaction(store, cid: int, rng: random.Random) -> None:
    at = NOW - timedelta(days=rng.random() * 3650)
    store.run(
        "INSERT INTO interactions (contact_id, at, channel, summary, minutes, planned, tone,"
        " thanked, created_at) VALUES (:c, :at, :ch, :s, :m, 30, :tone, :th, :at)",
        c=cid,
        at=at.isoformat(timespec="seconds"),
        ch=rng.choice(["email", "phone", "video"]),
        s="Call about the project " + rng.choice(["scope", "budget", "timeline", "report"]),
        m=rng.randint(10, 60),
        tone=rng.choice(["warm", "neutral", "neutral", "tense"]),
        th=int(rng.random() < 0.3),
    )


def _promise(store, cid: int, rng: random.Random) -> None:
    made = NOW - timedelta(days=rng.random() * 3650)
    due = made + timedelta(days=rng.randint(1, 21))
    status = "done" if due < NOW - timedelta(days=30) or rng.random() < 0.7 else "open"
    done = due + timedelta(days=rng.choice([-2, 0, 0, 1, 5])) if status == "done" else None
    store.run(
        "INSERT INTO promises (contact_id, direction, text, made_on, due, status, done_on,"
        " created_at) VALUES (:c, :d, 'deliver the thing', :made, :due, :st, :done, :at)",
        c=cid,
        d="theirs" if rng.random() < 0.2 else "mine",
        made=made.date().isoformat(),
        due=due.date().isoformat(),
        st=status,
        done=done.date().isoformat() if done else None,
        at=made.isoformat(timespec="seconds"),
    )


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - start) * 1000


def measure(db: Path, runs: int) -> dict[str, float]:
    rapport = [sys.executable, "-m", "rapport"]
    env = {**os.environ, "RAPPORT_DB": str(db), "RAPPORT_NOW": NOW.isoformat()}
    cases = {
        "python -c 'import sqlite3'": [sys.executable, "-c", "import sqlite3"],
        "rapport --help": [*rapport, "--help"],
        "rapport due": [*rapport, "due"],
        "rapport due --json": [*rapport, "due", "--json"],
        "rapport log": [*rapport, "log", "Client 00001", "benchmark call", "--channel", "phone"],
        "rapport show": [*rapport, "show", "Client 00001"],
        "rapport score": [*rapport, "score"],
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for argv in cases.values():  # warm-up: page cache and .pyc files
        _time(argv, env)
    for _ in range(runs):  # interleaved, so load on the machine hits every case alike
        for name, argv in cases.items():
            samples[name].append(_time(argv, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp(prefix="rapport-bench-")) / "bench.db"
    start = time.perf_counter()
    generate(db, args.interactions)
    print(f"generated {args.interactions} interactions in {time.perf_counter() - start:.1f} s")
    medians = measure(db, args.runs)
    floor = medians["python -c 'import sqlite3'"]
    print(f"{'command':<28} {'median ms':>10} {'x floor':>8}")
    for name, ms in medians.items():
        print(f"{name:<28} {ms:>10.1f} {ms / floor:>8.2f}")


if __name__ == "__main__":
    main()
