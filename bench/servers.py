"""Starting what the benchmark measures: gunicorn serving the real app (on a fresh, migrated
and seeded database) or the bare Flask app, on a free port of 127.0.0.1, all with the same
settings. Starting gunicorn and making a private PostgreSQL database live in
mrejesho.testing, which the tests share.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from mrejesho.testing import servers
from mrejesho.testing.databases import private_postgres

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"
# One worker per core; gthread keeps wrk's 32 keep-alive connections open in each worker's
# poller and hands the ready ones to its threads. Identical for the bare app and the real one.
WORKERS, THREADS = 2, 4
# A connection wrk has finished with waits for the others of its thread; the default 2 s
# keep-alive would close it under wrk (a read error), a load balancer's keeps it open.
KEEP_ALIVE = 75
SETTINGS = f"gunicorn gthread, {WORKERS} workers x {THREADS} threads, keep-alive {KEEP_ALIVE} s"


@contextmanager
def gunicorn(target: str, env: dict | None = None):
    """Serve target ("module:app") with the benchmark's settings; yields the base URL."""
    env = {**(env or os.environ), "PYTHONPATH": str(ROOT),
           "GUNICORN_CMD_ARGS": f"--keep-alive {KEEP_ALIVE}"}
    with servers.gunicorn(target, env, workers=WORKERS, threads=THREADS) as url:
        yield url


def app_environment(database_url: str) -> dict:
    """Settings for the real app under load. On PostgreSQL, USSD sessions live in Redis when
    BENCH_REDIS_URL names a server, as a deployment at scale would keep them."""
    env = {**os.environ, "DATABASE_URL": database_url, "WEBHOOK_TOKEN": TOKEN,
           "MREJESHO_ENV": "development", "SMS_GATEWAY": "fake", "RATELIMIT_ENABLED": "false",
           "PYTHONPATH": str(ROOT)}
    if database_url.startswith("postgresql") and redis_url():
        env["USSD_SESSION_STORE"] = redis_url()
        env["USSD_SESSION_PREFIX"] = f"bench-{os.getpid()}:ussd:"
    return env


def redis_url() -> str | None:
    """The Redis server for USSD sessions in the PostgreSQL runs, if any."""
    return os.environ.get("BENCH_REDIS_URL") or None


@contextmanager
def sqlite_database():
    """A temporary SQLite database file, migrated and seeded."""
    with tempfile.TemporaryDirectory(prefix="mrejesho-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        prepare(url)
        yield url


@contextmanager
def postgres_database(server_url: str):
    """A private, migrated and seeded database on the PostgreSQL server of server_url,
    dropped afterwards."""
    with private_postgres(server_url, "mrejesho_bench") as url:
        prepare(url)
        yield url


def prepare(database_url: str) -> None:
    """Run the migrations and load the institutions, as an operator would."""
    for args in (["db", "upgrade"], ["seed", "--no-demo"]):
        flask(database_url, *args)


def flask(database_url: str, *args: str, show: bool = False) -> subprocess.CompletedProcess:
    """Run `flask --app wsgi ARGS` on database_url; raises if it fails. With show, what it
    prints goes to our stderr (progress), keeping stdout for the table."""
    output = {"stdout": sys.stderr, "stderr": sys.stderr} if show else {"capture_output": True}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                          env=app_environment(database_url), check=True, text=True, **output)


def worker_memory() -> list[int]:
    """Resident memory (MB) of each gunicorn worker this process is serving with now: the
    children of the gunicorn master that is our child."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The command name may hold spaces; the parent id follows its closing ')'.
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # it ended meanwhile
    masters = {pid for pid, parent in parents.items() if parent == os.getpid()}
    return [_resident_mb(pid) for pid, parent in sorted(parents.items()) if parent in masters]


def _resident_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024)
    return 0
