"""Starting what the benchmark measures: gunicorn serving the real app (on a fresh, migrated
and seeded database) or the bare Flask app, on a free port of 127.0.0.1.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"
WORKERS, THREADS = 2, 4  # gthread workers keep connections alive; sync workers would not


def app_environment(database_url: str) -> dict:
    """Settings for the real app under load."""
    return {**os.environ, "DATABASE_URL": database_url, "WEBHOOK_TOKEN": TOKEN,
            "MREJESHO_ENV": "development", "SMS_GATEWAY": "fake", "RATELIMIT_ENABLED": "false",
            "PYTHONPATH": str(ROOT)}


@contextmanager
def sqlite_database():
    """A temporary SQLite database file, migrated and seeded."""
    with tempfile.TemporaryDirectory(prefix="mrejesho-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        prepare(url)
        yield url


@contextmanager
def private_postgres(server_url: str, prefix: str):
    """A fresh, empty database on the PostgreSQL server of server_url, dropped afterwards
    (also used by the test fixtures, so parallel runs never share tables)."""
    server = sa.engine.make_url(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def postgres_database(server_url: str):
    """A private, migrated and seeded database on the PostgreSQL server of server_url."""
    with private_postgres(server_url, "mrejesho_bench") as url:
        prepare(url)
        yield url


def prepare(database_url: str) -> None:
    """Run the migrations and load the institutions, as an operator would."""
    env = app_environment(database_url)
    for args in (["db", "upgrade"], ["seed", "--no-demo"]):
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                       env=env, check=True, capture_output=True)


@contextmanager
def gunicorn(target: str, env: dict | None = None):
    """Serve target ("module:app") with gunicorn; yields the base URL."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", target, "--bind", f"127.0.0.1:{port}",
               "--workers", str(WORKERS), "--worker-class", "gthread", "--threads",
               str(THREADS), "--log-level", "warning"]
    log = tempfile.TemporaryFile()  # not a pipe: a chatty server must never block on it
    env = env or {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base_url, process, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_ready(base_url: str, process: subprocess.Popen, log, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn exited: {log.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(base_url + "/", timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # it answered, even if not with 200
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{base_url} did not answer within {timeout} s")
