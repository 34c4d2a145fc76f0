"""Time rapport's commands as whole processes on a ten-year journal, next to jrnl.

    python benchmarks/run.py                    # SQLite and PostgreSQL, 7 runs per command
    python benchmarks/run.py --scale 0.1 --runs 9 --no-growth --engines sqlite
    python benchmarks/run.py --pg-url postgresql+psycopg://me@host/db   # an existing server

1. Generates a journal (benchmarks/generate.py: with a backlog of overdue promises and
   stale follow-ups) and loads it with `rapport import`, into SQLite and into PostgreSQL
   (a throwaway cluster started the way .ci/run starts one, or the server of --pg-url, in
   a schema of its own that is dropped afterwards).
2. Installs jrnl 4.6 into its own virtual environment (benchmarks/.jrnl-venv, once) and
   writes a 2,000-entry jrnl journal.
3. Times every command as a whole process: one warm-up, then N interleaved rounds, so that
   load on the machine hits every case alike; prints medians and ratios from the same run.
   Every run of a rapport command is the first of a new day: RAPPORT_NOW moves on a day
   before each one, so nothing computed "today" by an earlier run can help it.
4. Prints how `due` and `log` grow from 1k to 200k interactions, and `due`'s peak memory.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py, next to this file)

NOW = "2026-11-23T09:00:00"
JRNL_VERSION = "4.6"


DAYS = itertools.count(1)


def user_env() -> dict[str, str]:
    """The environment of a user's shell: Python writes its bytecode cache, as an installed
    rapport has it (PYTHONDONTWRITEBYTECODE, set on some machines, would make every run
    compile rapport's modules again: ~40 ms)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def new_day(env: dict[str, str]) -> dict[str, str]:
    """The same environment, on the next day nobody has run rapport yet (rapport cases)."""
    if "RAPPORT_NOW" not in env:
        return env
    day = datetime.fromisoformat(NOW) + timedelta(days=next(DAYS))
    return {**env, "RAPPORT_NOW": day.isoformat()}


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Wall time in ms of one whole process, on a new day."""
    env = new_day(env)
    start = time.perf_counter()
    code = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = (time.perf_counter() - start) * 1000
    if code.returncode not in (0, 3):  # 3: `due --check` found something overdue
        raise SystemExit(f"benchmark: {' '.join(argv)} exited {code.returncode}")
    return elapsed


def peak_mb(argv: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of one run, measured by GNU time around a clean exec."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *argv],
        env=new_day(env),
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def measure(cases: dict[str, tuple[list[str], dict]], runs: int) -> dict[str, dict]:
    for argv, env in cases.values():  # warm-up: page cache, .pyc files, rapport's score cache
        run_once(argv, env)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (argv, env) in cases.items():
            times[name].append(run_once(argv, env))
    memory = {
        n: peak_mb(*case) if shutil.which("/usr/bin/time") else float("nan")
        for n, case in cases.items()
    }
    return {n: {"ms": statistics.median(t), "mb": memory[n]} for n, t in times.items()}


def rapport_cases(db: str, label: str = "", full: bool = True) -> dict[str, tuple[list[str], dict]]:
    env = {**user_env(), "RAPPORT_DB": db, "RAPPORT_NOW": NOW}
    r = [sys.executable, "-m", "rapport"]
    name = generate.contact_name(1)
    cases = {
        "rapport due": ([*r, "due"], env),
        "rapport due --check": ([*r, "due", "--check"], env),
        "rapport log": ([*r, "log", name, "benchmark call", "--channel", "phone"], env),
        "rapport show": ([*r, "show", name], env),
        "rapport score": ([*r, "score"], env),
        "rapport contacts": ([*r, "contacts"], env),
        "rapport review": ([*r, "review"], env),
    }
    if full:
        export = str(Path(tempfile.gettempdir()) / f"rapport-bench-{os.getpid()}.jsonl")
        cases |= {
            "rapport --help": ([*r, "--help"], env),
            "rapport search": ([*r, "search", "budget"], env),
            "rapport export": ([*r, "export", "-o", export], env),
        }
    return {f"{k}{label}": v for k, v in cases.items()}


def doctor_seconds(db: str, runs: int = 3) -> float:
    """`doctor` on the journal, median of a few runs (it reads everything: seconds, not ms)."""
    env = {**user_env(), "RAPPORT_DB": db, "RAPPORT_NOW": NOW}
    argv = [sys.executable, "-m", "rapport", "doctor"]
    return statistics.median(run_once(argv, env) for _ in range(runs)) / 1000


def jrnl_cases(jrnl: Path, config: Path) -> dict[str, tuple[list[str], dict]]:
    env = user_env()
    base = [str(jrnl), "--config-file", str(config)]
    return {
        "jrnl -n 10": ([*base, "-n", "10"], env),
        "jrnl add": ([*base, "benchmark call: agreed scope, send proposal"], env),
        "jrnl --version": ([*base, "--version"], env),
    }


def setup_jrnl(work: Path, entries: int) -> tuple[Path, Path]:
    venv = HERE / ".jrnl-venv"
    jrnl = venv / "bin" / "jrnl"
    if not jrnl.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", f"jrnl=={JRNL_VERSION}"], check=True
        )
    journal = work / "journal.txt"
    journal.write_text(generate.jrnl_journal(entries), encoding="utf-8")
    config = work / "jrnl.yaml"
    config.write_text(generate.jrnl_config(journal), encoding="utf-8")
    return jrnl, config


def load(
    work: Path, name: str, scale: float, interactions: int | None = None, db: str | None = None
) -> tuple[str, float]:
    """A store at `scale` of the target, written through `rapport import`; import seconds.
    `db` is a PostgreSQL URL to load instead of a new SQLite file."""
    records = work / f"{name}.jsonl"
    if not records.exists():
        # In a child process: a large parent makes every fork after it slower and its
        # memory would show up in the children's peak resident size.
        extra = [] if interactions is None else [str(interactions)]
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(records), str(scale), *extra],
            check=True,
        )
    db = db or str(work / f"{name}.db")
    env = {**user_env(), "RAPPORT_DB": db, "RAPPORT_NOW": NOW}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rapport", "import", str(records)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return db, time.perf_counter() - start


# (rapport case, jrnl case, budget): issue 13's "Done when"; PostgreSQL cases end in " [pg]".
PAIRS = [
    ("rapport due", "jrnl -n 10", 1.0),
    ("rapport due --check", "jrnl -n 10", 0.6),
    ("rapport log", "jrnl add", 1.0),
    ("rapport score", "jrnl -n 10", 2.0),
    ("rapport contacts", "jrnl -n 10", 2.0),
    ("rapport review", "jrnl -n 10", 2.0),
    ("rapport --help", "jrnl --version", 1.0),
    ("rapport show", "jrnl -n 10", 1.2),
    ("rapport due [pg]", "jrnl -n 10", 1.5),
    ("rapport log [pg]", "jrnl add", 1.5),
    ("rapport due --check [pg]", "jrnl -n 10", 0.6),
    ("rapport score [pg]", "jrnl -n 10", 2.0),
    ("rapport contacts [pg]", "jrnl -n 10", 2.0),
    ("rapport review [pg]", "jrnl -n 10", 2.0),
]


def report(results: dict[str, dict]) -> None:
    floor = results['python -c "import sqlite3"']["ms"]
    print(f"\n{'command':<30} {'median ms':>10} {'x sqlite3':>10} {'peak MB':>8}")
    for name, r in results.items():
        print(f"{name:<30} {r['ms']:>10.1f} {r['ms'] / floor:>10.2f} {r['mb']:>8.1f}")
    print(f"\n{'ratio (same run)':<40} {'ratio':>7} {'budget':>7}")
    for mine, theirs, budget in PAIRS:
        if mine not in results:
            continue
        ratio = results[mine]["ms"] / results[theirs]["ms"]
        mark = "ok" if ratio <= budget else "OVER"
        print(f"{mine + ' / ' + theirs:<40} {ratio:>7.2f} {budget:>7.1f} {mark}")


def growth(work: Path, runs: int, scale: float) -> None:
    """Only the history grows: contacts, promises and follow-ups stay at `scale`."""
    print(f"\n{'interactions':>12} {'due ms':>8} {'log ms':>8} {'due peak MB':>12}")
    for interactions in (1_000, 10_000, 50_000, 200_000):
        db, _ = load(work, f"g{interactions}", scale, interactions)
        cases = {k: v for k, v in rapport_cases(db, full=False).items()
                 if k in ("rapport due", "rapport log")}
        r = measure(cases, runs)
        print(
            f"{interactions:>12} {r['rapport due']['ms']:>8.1f} {r['rapport log']['ms']:>8.1f}"
            f" {r['rapport due']['mb']:>12.1f}"
        )


class Cluster:
    """A throwaway PostgreSQL cluster on loopback, as .ci/run starts one: initdb and pg_ctl
    as the unprivileged user rapportci (initdb refuses root), fsync off, removed at exit."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="rapport-bench-pg-"))
        self.bindir = self._bindir()
        self.owner: list[str] = []
        if os.geteuid() == 0:
            if subprocess.run(["id", "rapportci"], capture_output=True).returncode:
                subprocess.run(["useradd", "--system", "--no-create-home", "--shell",
                                "/bin/false", "rapportci"], check=True)
            self.owner = ["runuser", "-u", "rapportci", "--"]
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, "rapportci")
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        data = str(self.root / "data")
        subprocess.run([*self.owner, f"{self.bindir}/initdb", "-D", data, "-U", "rapport",
                        "-A", "trust", "--no-sync"], check=True, stdout=subprocess.DEVNULL)
        options = (f"-k {self.root} -p {self.port} -c listen_addresses=127.0.0.1"
                   " -c fsync=off")
        subprocess.run([*self.owner, f"{self.bindir}/pg_ctl", "-D", data, "-l",
                        str(self.root / "log"), "-w", "start", "-o", options], check=True,
                       stdout=subprocess.DEVNULL)
        self.url = f"postgresql+psycopg://rapport@127.0.0.1:{self.port}/postgres"

    @staticmethod
    def _bindir() -> str:
        found = shutil.which("initdb")
        candidates = [str(Path(found).parent)] if found else []
        candidates += sorted(str(p) for p in Path("/usr/lib/postgresql").glob("*/bin"))
        for d in candidates:
            if Path(d, "initdb").exists() and Path(d, "pg_ctl").exists():
                return d
        raise SystemExit("benchmark: no initdb/pg_ctl found; pass --pg-url or --engines sqlite")

    def stop(self) -> None:
        subprocess.run([*self.owner, f"{self.bindir}/pg_ctl", "-D", str(self.root / "data"),
                        "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


def pg_schema(url: str) -> tuple[str, str]:
    """A new schema on the server of `url`; (the URL that uses it, its name)."""
    name = f"rapport_bench_{os.getpid()}"
    admin(url, f"CREATE SCHEMA {name}")
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{name}", name


def drop_schema(url: str, name: str) -> None:
    admin(url, f"DROP SCHEMA IF EXISTS {name} CASCADE")


def admin(url: str, statement: str) -> None:
    """One statement on the server of a rapport URL, outside any transaction."""
    import psycopg2

    from rapport.store.postgres import libpq_uri

    conn = psycopg2.connect(libpq_uri(url))
    conn.autocommit = True
    try:
        conn.cursor().execute(statement)
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the target size")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-growth", action="store_true")
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--pg-url", help="an existing server to use instead of a new cluster")
    args = parser.parse_args()
    engines = args.engines.split(",")
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-"))
    cluster, schema = None, None
    try:
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, {platform.platform()}"
        )
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}"
              " (1, 5, 15 min)")
        db, seconds = load(work, "target", args.scale)
        print(f"import of {generate.record_count(args.scale):,} records: {seconds:.1f} s (SQLite)")
        cases = rapport_cases(db)
        doctor = {"SQLite": doctor_seconds(db)}
        if "postgres" in engines:
            server = args.pg_url
            if server is None:
                cluster = Cluster()
                server = cluster.url
            url, schema = pg_schema(server)
            schema = (server, schema)
            _, pg_seconds = load(work, "target", args.scale, db=url)
            print(f"import of {generate.record_count(args.scale):,} records: {pg_seconds:.1f} s"
                  " (PostgreSQL)")
            cases |= rapport_cases(url, " [pg]", full=False)
            doctor["PostgreSQL"] = doctor_seconds(url)
        for engine, secs in doctor.items():
            print(f"doctor ({engine}): {secs:.2f} s (budget 5 s)")
        jrnl, config = setup_jrnl(work, 2_000)
        floor = {
            'python -c "import sqlite3"': (
                [sys.executable, "-c", "import sqlite3"],
                user_env(),
            )
        }
        cases = {**floor, **cases, **jrnl_cases(jrnl, config)}
        report(measure(cases, args.runs))
        print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}"
              f" {os.getloadavg()[2]:.2f} (1, 5, 15 min)")
        if not args.no_growth:
            growth(work, args.runs, args.scale)
    finally:
        if schema:
            drop_schema(*schema)
        if cluster:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
