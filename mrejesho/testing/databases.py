"""A private PostgreSQL database per test session or benchmark run, so parallel runs (pytest
workers, a benchmark beside the suite) never share tables."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def private_postgres(server_url: str, prefix: str) -> Iterator[str]:
    """A fresh, empty database on the PostgreSQL server of server_url, dropped afterwards;
    yields its URL."""
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
