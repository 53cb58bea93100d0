"""Starting what the benchmark measures: gunicorn serving the real app (on a fresh, migrated
and seeded database) or the bare Flask app, on a free port of 127.0.0.1. Starting gunicorn
and making a private PostgreSQL database live in mrejesho.testing, which the tests share.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from mrejesho.testing.databases import private_postgres
from mrejesho.testing.servers import THREADS, WORKERS, gunicorn

__all__ = ["THREADS", "TOKEN", "WORKERS", "app_environment", "gunicorn", "postgres_database",
           "prepare", "sqlite_database"]

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"


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
