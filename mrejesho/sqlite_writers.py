"""SQLite's writers take turns through a lock that wakes the next one at once.

SQLite admits one writer at a time. A writer that finds the database locked waits in its busy
handler, which sleeps and retries in growing steps (up to 100 ms between tries), so under a
burst most of a USSD step's latency was sleeping while the lock stood free (docs/core.md).
Here each write transaction first takes a lock shared by every thread and process using the
same database file (a thread lock, then flock on a file beside it), released the moment the
transaction commits or rolls back; the waiting writer is woken by the kernel, not by a timer.
The kernel drops the lock with the process, so a killed worker never leaves it held.

Connections made by other programs (sqlite3 on the command line) do not take this lock; they
and the app still exclude each other through SQLite's own lock and busy timeout.
"""
from __future__ import annotations

import fcntl
import os
import sqlite3
import threading

_locks: dict[str, WriterLock] = {}
_registry = threading.Lock()


class WriterLock:
    """The turn to write to one database file, for the threads and processes using it."""

    def __init__(self, path: str):
        self._thread_lock = threading.Lock()
        self._fd = os.open(path + "-writer", os.O_RDWR | os.O_CREAT, 0o600)

    def acquire(self) -> None:
        self._thread_lock.acquire()
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._thread_lock.release()
            raise

    def release(self) -> None:
        try:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()


def lock_for(database: str) -> WriterLock | None:
    """The writer lock of this database file (None for an in-memory database)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = os.path.realpath(database)
    with _registry:
        if path not in _locks:
            _locks[path] = WriterLock(path)
        return _locks[path]


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
