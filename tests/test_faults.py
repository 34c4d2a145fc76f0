"""Fault tests (issue 18): what rapport does when the world misbehaves. Marked `slow`: CI runs
them (the README's `pytest`); skip them locally with `pytest -m "not slow"`.

- fuzzed command lines built from the real commands and options: no traceback, nothing
  "unexpected", exit codes 0-3 only, no hang;
- 16 writers at once, logs mixed with imports, on SQLite and PostgreSQL: nothing lost, no
  collision;
- SIGKILL during backup, restore and migration: all or nothing, no leftovers after the next
  start (log and import kills are tests/test_crash.py's);
- disk full on a small file system (root with mount only; else skipped with one line);
- read-only journal and folder; randomly corrupted journals;
- PostgreSQL that never answers, frozen, or stopped: one line, within the configured timeout.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ok, query

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    # rapport's own "unexpected X" (an unhandled exception); libpq's "unexpectedly" is fine
    assert "error: unexpected " not in stderr and "Traceback" not in stderr, stderr
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".rapport-"))


# ---------------------------------------------------------------- fuzzed command lines

CASES = 300
HANG_S = 20  # one command taking this long is a hang


def real_options() -> dict[str, list[tuple[str, bool]]]:
    """Each command's options as the CLI declares them: (name, takes a value)."""
    from typer.main import get_command

    from rapport.cli import app

    found = {}
    for name, command in get_command(app).commands.items():
        found[name] = [
            (opt, not param.is_flag)
            for param in command.params
            if param.param_type_name == "option"
            for opt in param.opts
        ]
    return found


VALUES = [
    "Acme Corp", "acme", "Glo", "1", "0", "-1", "99999999999999999999", "friday", "2026-02-30",
    "2200-12-31", "0001-01-01", "3d", "-3d", "yesterday 3pm", "warm", "jsonl", "csv", "vcf",
    "ics", "xml", "", " ", "\x1b]0;x\x07", "\u202e\u200b", "'; DROP TABLE contacts;--", "[b]",
    "😀", "%s%n", "../../etc/passwd", "/dev/null", "-", "--", "a" * 300, "\x00",
]  # fmt: skip


def fuzzed_argv(rng: random.Random, options: dict[str, list[tuple[str, bool]]]) -> list[str]:
    command = rng.choice(sorted(options))
    argv = [command]
    for _ in range(rng.randint(0, 5)):
        roll = rng.random()
        if roll < 0.5 and options[command]:
            opt, takes = rng.choice(options[command])
            argv += [opt, rng.choice(VALUES)] if takes and rng.random() < 0.9 else [opt]
        elif roll < 0.9:
            argv.append(rng.choice(VALUES))
        else:
            argv.append("".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 6))))
    if rng.random() < 0.2:
        argv.insert(0, rng.choice(["--debug", "--db", "--version", "-h"]))
    return argv


@contextlib.contextmanager
def deadline(seconds: int, argv: list[str]) -> Iterator[None]:
    def hung(*_: Any) -> None:
        raise AssertionError(f"rapport {argv} did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.sqlite_only
def test_fuzzed_command_lines(cli, db_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # files a command writes land here
    monkeypatch.setenv("HOME", str(tmp_path))
    ok(cli("log", "Acme Corp", "kickoff", "--new", "--promise", "deck", "--by", "friday"))
    ok(cli("add", "Globex", "--every", "14d"))
    options = real_options()
    rng = random.Random(18)
    started = time.monotonic()
    for _ in range(CASES):
        argv = fuzzed_argv(rng, options)
        if "--debug" in argv:  # --debug shows tracebacks on purpose
            argv.remove("--debug")
        with deadline(HANG_S, argv):
            result = cli(*argv, input="")
        assert result.exit_code in (0, 1, 2, 3), (argv, result.exit_code, result.stderr)
        assert "error: unexpected" not in result.stderr, (argv, result.stderr)
        if result.exit_code and result.exit_code != 3:
            assert result.stderr.strip(), (argv, "a failure says why")
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert time.monotonic() - started < 240


@pytest.mark.sqlite_only
def test_fuzzed_bytes_in_argv(db_path):
    """Bytes that are not UTF-8, where only a real process can put them."""
    rng = random.Random(7)
    for _ in range(5):
        junk = bytes(rng.randint(0x80, 0xFF) for _ in range(rng.randint(1, 5)))
        for argv in ([b"log", b"Acme Corp", junk, b"--new"], [junk], [b"add", junk]):
            done = subprocess.run(
                [sys.executable, "-m", "rapport", *argv], capture_output=True, timeout=60
            )
            assert done.returncode in (0, 2), done.stderr
            if done.returncode:
                one_line(done.stderr.decode("utf-8", "replace"))


# ---------------------------------------------------------------- many writers

WORKER = """
import json, sys
from typer.main import get_command
from rapport.cli import app
group = get_command(app)
def run(args):
    try:
        group.main(args=args, prog_name="rapport")
    except SystemExit as exc:
        return exc.code or 0
    return 0
w, count, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
print("ready", flush=True)
sys.stdin.readline()
for i in range(count):
    if i % 10 == 9:  # every tenth: an import of three interactions, some naming taken ids
        path = f"{folder}/w{w}-{i}.jsonl"
        with open(path, "w") as out:
            for k in range(3):
                record = {"type": "interaction", "contact": "Acme Corp",
                          "at": "2026-11-20T10:00:00", "summary": f"w{w} imp {i}-{k}"}
                if k == 0:
                    record["id"] = 1 + i
                out.write(json.dumps(record) + "\\n")
        code = run(["import", path, "--json"])
    else:
        code = run(["log", ("Acme Corp", "Globex")[i % 2], f"w{w} call {i}", "--json"])
    if code != 0:
        sys.exit(f"operation {i} exited {code}")
"""
WRITERS = 16


def expected_summaries(each: int) -> set[str]:
    found = set()
    for w in range(WRITERS):
        for i in range(each):
            if i % 10 == 9:
                found |= {f"w{w} imp {i}-{k}" for k in range(3)}
            else:
                found.add(f"w{w} call {i}")
    return found


def run_writers(each: int, folder: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(w), str(each), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(os.environ),
            text=True,
        )  # fmt: skip
        for w in range(WRITERS)
    ]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for n, proc in enumerate(procs):
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, (n, err)
        assert "error ignored" not in err and "Traceback" not in err, err


def writers_test(cli, js, tmp_path, each: int) -> None:
    ok(cli("add", "Acme Corp"))
    ok(cli("add", "Globex"))
    run_writers(each, tmp_path)
    got = exported_summaries(cli)
    assert len(got) == len(set(got))  # nothing twice
    assert set(got) == expected_summaries(each)  # nothing lost


def exported_summaries(cli) -> list[str]:
    out = ok(cli("export")).stdout
    return [r["summary"] for r in map(json.loads, out.splitlines()) if r["type"] == "interaction"]


@pytest.mark.sqlite_only
def test_sixteen_writers_on_sqlite(cli, js, tmp_path, db_path):
    writers_test(cli, js, tmp_path, 100)
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.postgres_only
def test_sixteen_writers_on_postgres(cli, js, tmp_path):
    writers_test(cli, js, tmp_path, 50)


# ---------------------------------------------------------------- kills

CHILD = """
import sys
from rapport.cli import run
print("ready", flush=True)
sys.stdin.readline()
sys.exit(run(sys.argv[1:]))
"""
KILLS = 8


def start_child(*args: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, *map(str, args)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=dict(os.environ),
    )  # fmt: skip
    assert proc.stdout.readline() == b"ready\n"
    return proc


def go(proc: subprocess.Popen) -> float:
    proc.stdin.write(b"go\n")
    proc.stdin.flush()
    return time.perf_counter()


def timed(*args: str) -> float:
    proc = start_child(*args)
    started = go(proc)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    return time.perf_counter() - started


def kill_at_random(args: list[str], check, seed: int) -> int:
    """Run `args` KILLS times, each killed at a random moment of its run; `check` after each.
    Returns how many kills landed mid-command."""
    window = timed(*args)
    check()
    rng, landed = random.Random(seed), 0
    for _ in range(KILLS):
        proc = start_child(*args)
        go(proc)
        time.sleep(rng.uniform(0, window))
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode in (0, -signal.SIGKILL), err.decode()
        landed += proc.returncode == -signal.SIGKILL
        check()
    return landed


@pytest.fixture
def big_journal(cli, db_path, tmp_path) -> Path:
    """A journal of a few megabytes, so that copying it takes a moment to kill into."""
    lines = [{"type": "contact", "name": "Acme Corp"}]
    lines += [
        {"type": "interaction", "contact": "Acme Corp", "at": "2026-01-01T10:00:00",
         "summary": f"call {n} " + "words " * 40}
        for n in range(6000)
    ]  # fmt: skip
    source = tmp_path / "seed.jsonl"
    source.write_text("".join(json.dumps(x) + "\n" for x in lines))
    ok(cli("import", source))
    return db_path


def sound_after_next_start(cli, db: Path, counts: tuple[int, ...]) -> None:
    ok(cli("due"))  # the next start
    assert leftovers(db.parent) == []
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "SELECT count(*) FROM interactions")[0][0] in counts


@pytest.mark.sqlite_only
def test_backup_killed_at_random_moments(cli, big_journal):
    backups = big_journal.parent / "backups"
    backups.mkdir()

    def check() -> None:
        sound_after_next_start(cli, big_journal, (6000,))
        for made in backups.iterdir():  # a backup that exists is whole
            assert made.name.startswith(".rapport-") or query(
                made, "SELECT count(*) FROM interactions"
            ) == [(6000,)]

    landed = kill_at_random(["backup", backups], check, seed=1)
    assert landed >= 2
    ok(cli("backup", backups))  # a later backup into the same folder takes the leftovers too
    assert leftovers(backups) == []


@pytest.mark.sqlite_only
def test_restore_killed_at_random_moments(cli, big_journal, tmp_path):
    small = tmp_path / "small.db"
    ok(cli("--db", small, "log", "Acme Corp", "only one", "--new"))
    counts = {6000, 1}

    def check() -> None:  # the old journal or the restored one, never a mix
        sound_after_next_start(cli, big_journal, tuple(counts))

    landed = kill_at_random(["restore", small, "--yes"], check, seed=2)
    assert landed >= 2


@pytest.mark.sqlite_only
def test_migration_killed_at_random_moments(cli, tmp_path, monkeypatch):
    fixture = FIXTURES / "schema-1.db"
    rows = query(fixture, "SELECT count(*) FROM interactions")[0][0]
    db = tmp_path / "old" / "journal.db"
    db.parent.mkdir()
    landed = 0
    for seed in range(3):
        shutil.copy(fixture, db)
        for side in ("-wal", "-shm"):
            Path(f"{db}{side}").unlink(missing_ok=True)
        Path(f"{db}.schema1.bak").unlink(missing_ok=True)

        def check() -> None:
            assert query(db, "PRAGMA integrity_check") == [("ok",)]
            assert query(db, "SELECT count(*) FROM interactions") == [(rows,)]

        monkeypatch.setenv("RAPPORT_DB", str(db))  # the children's journal
        landed += kill_at_random(["contacts", "--json"], check, seed=10 + seed)
        ok(cli("--db", db, "contacts"))
        check()
        assert leftovers(db.parent) == []
    assert landed >= 2


# ---------------------------------------------------------------- disk full


@contextlib.contextmanager
def small_filesystem(size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on a fresh folder; skipped where mounting is not allowed."""
    folder = Path(tempfile.mkdtemp(prefix="rapport-full-"))
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("disk full needs root to mount a small tmpfs; not root here")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
    )
    if done.returncode:
        folder.rmdir()
        pytest.skip(f"disk full needs a small tmpfs; mount refused: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.sqlite_only
def test_a_full_disk_says_so_and_loses_nothing(cli):
    with small_filesystem("400k") as full:
        db = full / "journal.db"
        ok(cli("--db", db, "add", "Acme Corp"))
        landed, result = 0, None
        for n in range(400):
            result = cli("--db", db, "log", "Acme Corp", f"call {n} " + "x" * 8000)
            if result.exit_code:
                break
            landed += 1
        assert result is not None and result.exit_code == 1, "the disk never filled up"
        line = one_line(result.stderr)
        assert "full" in line and "cannot rollback" not in line
        assert query(db, "PRAGMA integrity_check") == [("ok",)]
        assert query(db, "SELECT count(*) FROM interactions") == [(landed,)]


@pytest.mark.sqlite_only
def test_backup_and_export_to_a_full_disk(cli, big_journal):
    with small_filesystem("256k") as full:
        for args in (["backup", full / "b.db"], ["export", "-o", full / "e.jsonl"]):
            result = cli(*args)
            assert result.exit_code == 1
            line = one_line(result.stderr)
            assert "No space left" in line or "disk is full" in line
            assert list(full.iterdir()) == []  # no half-written file, no temp file
    ok(cli("due"))


# ---------------------------------------------------------------- read-only


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder read-only for this process: chmod for a user; root ignores
    modes, so for root a read-only bind mount of it (skipped where mount is not allowed)."""
    if os.geteuid() != 0:
        before = path.stat().st_mode
        path.chmod(0o500 if path.is_dir() else 0o400)
        try:
            yield
        finally:
            path.chmod(before)
        return
    bind = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
    if bind.returncode:
        pytest.skip(f"root ignores file modes and cannot bind-mount here: {bind.stderr.decode()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)  # lazy: a file may be open


@pytest.fixture
def quiet_journal(cli, db_path) -> Path:
    """A journal with its log checkpointed and no -wal/-shm beside it."""
    ok(cli("log", "Acme Corp", "kickoff", "--new", "--promise", "deck", "--by", "friday"))
    query(db_path, "PRAGMA wal_checkpoint(TRUNCATE)")
    for side in ("-wal", "-shm"):
        Path(f"{db_path}{side}").unlink(missing_ok=True)
    return db_path


def reads_work(cli) -> None:
    ok(cli("due"))
    ok(cli("contacts"))
    assert "Acme Corp" in ok(cli("export")).stdout


@pytest.mark.sqlite_only
def test_a_read_only_journal(cli, js, quiet_journal):
    db = quiet_journal
    with read_only(db):
        reads_work(cli)
        assert not Path(f"{db}-shm").exists()  # reading leaves nothing behind
        result = cli("log", "Acme Corp", "a call")
        assert result.exit_code == 1 and "read-only" in one_line(result.stderr)
        report = cli("doctor", "--json")
        assert report.exit_code == 1
        writable = [c for c in json.loads(report.stdout)["checks"] if c["check"] == "writable"]
        assert writable and not writable[0]["ok"]
    ok(cli("log", "Acme Corp", "writable again"))  # nothing read-only was left behind
    assert js("doctor")["ok"] is True


@pytest.mark.sqlite_only
def test_a_read_only_folder(cli, quiet_journal):
    folder = quiet_journal.parent
    with read_only(folder):
        reads_work(cli)
        result = cli("log", "Acme Corp", "a call")
        assert result.exit_code == 1 and "read-only" in one_line(result.stderr)
        assert cli("doctor").exit_code == 1
    ok(cli("log", "Acme Corp", "writable again"))


@pytest.mark.sqlite_only
def test_a_stale_read_only_shm_is_made_writable(cli, quiet_journal):
    if os.geteuid() == 0:
        pytest.skip("root writes through file modes: a 0400 -shm cannot stop it")
    ok(cli("due"))
    shm = Path(f"{quiet_journal}-shm")
    shm.touch()
    shm.chmod(0o400)  # what reading a 0400 journal used to leave
    ok(cli("log", "Acme Corp", "after"))


# ---------------------------------------------------------------- corrupt journals


@pytest.mark.sqlite_only
def test_randomly_corrupted_journals(cli, big_journal, tmp_path):
    query(big_journal, "PRAGMA wal_checkpoint(TRUNCATE)")
    pristine = big_journal.read_bytes()
    rng = random.Random(3)
    for _ in range(10):
        data = bytearray(pristine)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(0, len(data) - 512)
            data[at : at + rng.choice([1, 64, 4096])] = os.urandom(rng.choice([1, 64, 4096]))
        if rng.random() < 0.3:
            data = data[: rng.randrange(0, len(data))]
        for side in ("-wal", "-shm"):
            Path(f"{big_journal}{side}").unlink(missing_ok=True)
        big_journal.write_bytes(bytes(data))
        for args in (["doctor"], ["due"], ["log", "Acme Corp", "x"], ["backup", tmp_path]):
            result = cli(*args)
            assert result.exit_code in (0, 1, 2), (args, result.stderr)
            if result.exit_code and args != ["doctor"]:
                one_line(result.stderr)


# ---------------------------------------------------------------- PostgreSQL that misbehaves


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A socket that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"postgresql+psycopg://rapport@127.0.0.1:{listener.getsockname()[1]}/x"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


@pytest.mark.sqlite_only  # the engine is the silent server itself
def test_a_server_that_never_answers(silent_server):
    pytest.importorskip("psycopg2")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "rapport", "--db", silent_server, "due"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "RAPPORT_PG_CONNECT_TIMEOUT": "2"},
    )  # fmt: skip
    assert time.monotonic() - started < 10
    assert done.returncode == 1
    assert "cannot connect" in one_line(done.stderr)


def pg_bin() -> Path | None:
    found = shutil.which("initdb")
    candidates = [os.path.dirname(found) if found else "", *glob.glob("/usr/lib/postgresql/*/bin")]
    for folder in filter(None, candidates):
        if all(os.access(f"{folder}/{tool}", os.X_OK) for tool in ("initdb", "pg_ctl")):
            return Path(folder)
    return None


@pytest.fixture
def own_cluster() -> Iterator[dict[str, Any]]:
    """A throwaway PostgreSQL cluster of this test's own, to freeze and stop (never the shared
    server). Owned by an unprivileged user when running as root, as initdb requires."""
    pytest.importorskip("psycopg2")
    bindir = pg_bin()
    if bindir is None:
        pytest.skip("no PostgreSQL binaries (initdb, pg_ctl) to start a throwaway cluster")
    prefix: list[str] = []
    if os.geteuid() == 0:
        if subprocess.run(["id", "rapportci"], capture_output=True).returncode:
            pytest.skip("running as root without the user rapportci to own a cluster")
        prefix = ["runuser", "-u", "rapportci", "--"]
    root = Path(tempfile.mkdtemp(prefix="rapport-pg-"))
    root.chmod(0o755)
    if prefix:
        shutil.chown(root, "rapportci")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = root / "data"
    ctl = [*prefix, str(bindir / "pg_ctl"), "-D", str(data)]
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "rapport", "-A", "trust",
         "--no-sync"], check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [*ctl, "-l", str(root / "log"), "-w", "start", "-o",
         f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield {"url": f"postgresql+psycopg://rapport@127.0.0.1:{port}/postgres", "ctl": ctl}
    finally:
        subprocess.run([*ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def big_import(folder: Path, records: int = 40_000) -> Path:
    lines = [{"type": "contact", "name": "Acme Corp"}]
    lines += [
        {"type": "interaction", "contact": "Acme Corp", "at": "2026-01-01T10:00:00",
         "summary": f"call {n}"}
        for n in range(records)
    ]  # fmt: skip
    path = folder / "big.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    return path


def backend_of_rapport(url: str, timeout: float = 30) -> int:
    """The server process serving rapport's connection, once it exists."""
    from conftest import pg_connect

    end = time.monotonic() + timeout
    conn = pg_connect(url)
    try:
        cursor = conn.cursor()
        while time.monotonic() < end:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'"
                " AND pid <> pg_backend_pid() LIMIT 1"
            )
            row = cursor.fetchone()
            if row:
                return row[0]
            time.sleep(0.02)
    finally:
        conn.close()
    raise AssertionError("rapport never connected")


def start_import(url: str, path: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "rapport", "import", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "RAPPORT_DB": url, **env},
    )  # fmt: skip


@pytest.mark.sqlite_only  # runs its own PostgreSQL cluster
def test_a_frozen_server_fails_within_the_timeout(own_cluster, tmp_path):
    proc = start_import(own_cluster["url"], big_import(tmp_path), RAPPORT_PG_STATEMENT_TIMEOUT="2")
    backend = backend_of_rapport(own_cluster["url"])
    os.kill(backend, signal.SIGSTOP)
    frozen = time.monotonic()
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        os.kill(backend, signal.SIGCONT)
    assert time.monotonic() - frozen < 2 + 5 + 8  # the limit, the grace, a loaded machine
    if proc.returncode == 0:
        pytest.skip("the import finished before the server was frozen")
    assert proc.returncode == 1
    assert "did not answer" in one_line(err)


@pytest.mark.sqlite_only  # runs its own PostgreSQL cluster
def test_a_server_stopped_mid_import(own_cluster, tmp_path):
    proc = start_import(own_cluster["url"], big_import(tmp_path))
    backend_of_rapport(own_cluster["url"])
    time.sleep(0.3)
    subprocess.run([*own_cluster["ctl"], "-m", "fast", "stop"], capture_output=True, check=True)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the import finished before the server stopped")
    assert proc.returncode == 1
    one_line(err)
