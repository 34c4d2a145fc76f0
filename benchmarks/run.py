"""Time rapport's commands as whole processes on a ten-year journal, next to jrnl.

    python benchmarks/run.py                    # the target scale, 7 runs per command
    python benchmarks/run.py --scale 0.1 --runs 9 --no-growth

1. Generates a journal (benchmarks/generate.py) and loads it with `rapport import`.
2. Installs jrnl 4.6 into its own virtual environment (benchmarks/.jrnl-venv, once) and
   writes a 2,000-entry jrnl journal.
3. Times every command as a whole process: one warm-up, then N interleaved rounds, so that
   load on the machine hits every case alike; prints medians and ratios from the same run.
4. Prints how `due` and `log` grow from 1k to 200k interactions, and `due`'s peak memory.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py, next to this file)

NOW = "2026-11-23T09:00:00"
JRNL_VERSION = "4.6"


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Wall time in ms of one whole process."""
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
        env=env,
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


def rapport_cases(db: Path) -> dict[str, tuple[list[str], dict]]:
    env = {**os.environ, "RAPPORT_DB": str(db), "RAPPORT_NOW": NOW}
    r = [sys.executable, "-m", "rapport"]
    name = generate.contact_name(1)
    return {
        "rapport --help": ([*r, "--help"], env),
        "rapport due": ([*r, "due"], env),
        "rapport log": ([*r, "log", name, "benchmark call", "--channel", "phone"], env),
        "rapport show": ([*r, "show", name], env),
        "rapport score": ([*r, "score"], env),
        "rapport search": ([*r, "search", "budget"], env),
        "rapport export": ([*r, "export", "-o", str(db.with_suffix(".jsonl"))], env),
    }


def jrnl_cases(jrnl: Path, config: Path) -> dict[str, tuple[list[str], dict]]:
    env = {**os.environ}
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
    work: Path, name: str, scale: float, interactions: int | None = None
) -> tuple[Path, float]:
    """A store at `scale` of the target, written through `rapport import`; import seconds."""
    records = work / f"{name}.jsonl"
    # In a child process: a large parent makes every fork after it slower and its memory
    # would show up in the children's peak resident size.
    extra = [] if interactions is None else [str(interactions)]
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(records), str(scale), *extra],
        check=True,
    )
    db = work / f"{name}.db"
    env = {**os.environ, "RAPPORT_DB": str(db), "RAPPORT_NOW": NOW}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rapport", "import", str(records)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return db, time.perf_counter() - start


def report(results: dict[str, dict]) -> None:
    floor = results['python -c "import sqlite3"']["ms"]
    print(f"\n{'command':<30} {'median ms':>10} {'x sqlite3':>10} {'peak MB':>8}")
    for name, r in results.items():
        print(f"{name:<30} {r['ms']:>10.1f} {r['ms'] / floor:>10.2f} {r['mb']:>8.1f}")
    pairs = [
        ("rapport due", "jrnl -n 10", 1.0),
        ("rapport log", "jrnl add", 1.0),
        ("rapport --help", "jrnl --version", 1.0),
        ("rapport show", "jrnl -n 10", 1.2),
        ("rapport score", "jrnl -n 10", 2.5),
    ]
    print(f"\n{'ratio (same run)':<34} {'ratio':>7} {'budget':>7}")
    for mine, theirs, budget in pairs:
        ratio = results[mine]["ms"] / results[theirs]["ms"]
        mark = "ok" if ratio <= budget else "OVER"
        print(f"{mine + ' / ' + theirs:<34} {ratio:>7.2f} {budget:>7.1f} {mark}")


def growth(work: Path, runs: int, scale: float) -> None:
    """Only the history grows: contacts, promises and follow-ups stay at `scale`."""
    print(f"\n{'interactions':>12} {'due ms':>8} {'log ms':>8} {'due peak MB':>12}")
    for interactions in (1_000, 10_000, 50_000, 200_000):
        db, _ = load(work, f"g{interactions}", scale, interactions)
        cases = {k: v for k, v in rapport_cases(db).items() if k in ("rapport due", "rapport log")}
        r = measure(cases, runs)
        print(
            f"{interactions:>12} {r['rapport due']['ms']:>8.1f} {r['rapport log']['ms']:>8.1f}"
            f" {r['rapport due']['mb']:>12.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the target size")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-growth", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-"))
    try:
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, {platform.platform()}"
        )
        db, seconds = load(work, "target", args.scale)
        print(f"import of {generate.record_count(args.scale):,} records: {seconds:.1f} s")
        jrnl, config = setup_jrnl(work, 2_000)
        floor = {
            'python -c "import sqlite3"': (
                [sys.executable, "-c", "import sqlite3"],
                dict(os.environ),
            )
        }
        cases = {**floor, **rapport_cases(db), **jrnl_cases(jrnl, config)}
        report(measure(cases, args.runs))
        if not args.no_growth:
            growth(work, args.runs, args.scale)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
