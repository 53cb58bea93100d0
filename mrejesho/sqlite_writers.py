"""SQLite's writers take turns through a lock that wakes the next one at once.

SQLite admits one writer at a time. A writer that finds the database locked waits in its busy
handler, which sleeps and retries in growing steps (up to 100 ms between tries), so under a
burst most of a USSD step's latency was sleeping while the lock stood free (docs/core.md).
Here each write transaction first takes a lock on a file beside the database (flock, one open
file per connection, so threads and processes wait alike, in the kernel, without the GIL),
released the moment the transaction commits or rolls back; the waiting writer is woken by
the kernel, not by a timer. The kernel drops the lock with the process, so a killed worker
never leaves it held.

Measured with `make bench` on two cores (docs/benchmark.md): the lock cuts the p99 of a
whole USSD session from about 550 to 160-200 ms and of an inbound SMS from about 900 to
320-440 ms, and costs throughput (a menu step about 400 instead of 750 requests/s): a handed-
over lock waits for its next holder to be scheduled, where the busy handler's sleepers left
the processor to whoever held it. For a caller on a basic phone the tail is what counts.

Connections made by other programs (sqlite3 on the command line) do not take this lock; they
and the app still exclude each other through SQLite's own lock and busy timeout.
"""
from __future__ import annotations

import fcntl
import os
import sqlite3


class WriterLock:
    """One connection's hold on the turn to write to its database file. flock excludes
    every other open file description, so each connection opens the lock file itself: its
    threads and other processes' wait alike, in the kernel, without the GIL."""

    def __init__(self, path: str):
        self._fd = os.open(path + "-writer", os.O_RDWR | os.O_CREAT, 0o600)

    def acquire(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def release(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        os.close(self._fd)


def lock_for(database: str) -> WriterLock | None:
    """A writer lock on this database file for one connection (None in memory)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return WriterLock(os.path.realpath(database))


class Connection(sqlite3.Connection):
    """A sqlite3 connection whose write transactions take the database's writer lock
    (begin_write), released when the transaction ends however it ends."""

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        self._writer_lock = lock_for(os.fspath(database))
        self._holding = False

    def begin_write(self) -> None:
        """BEGIN IMMEDIATE, having waited for this database's turn to write."""
        if self._writer_lock is not None and not self._holding:
            self._writer_lock.acquire()
            self._holding = True
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._release()
            raise

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            if not self.in_transaction:
                self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release()
            if self._writer_lock is not None:
                self._writer_lock.close()
                self._writer_lock = None

    def _release(self) -> None:
        if self._holding:
            self._holding = False
            self._writer_lock.release()


def begin_write(dbapi_connection) -> None:
    """Begin a write transaction on a raw sqlite3 connection, through the writer lock when
    the connection has one."""
    if isinstance(dbapi_connection, Connection):
        dbapi_connection.begin_write()
    else:
        dbapi_connection.execute("BEGIN IMMEDIATE")
