"""The unit of work: one per request, webhook call or job, which commits or rolls back all
that its callers did.

Core operations (mrejesho.feedback) change, flush and record, and never commit. The request
commits once at its end, when it wrote something and answered below 400; otherwise
everything is rolled back, so an error never leaves half a change behind. Requests that
change nothing commit nothing.

On SQLite, reads run outside a transaction, each statement seeing the latest commit (as
READ COMMITTED does on PostgreSQL). The transaction begins, with BEGIN IMMEDIATE, at the
first write or when the core locks a feedback (hold_write_lock): SQLite allows one writer
at a time, and taking the write lock before reading what is to be changed makes concurrent
writers wait their turn (busy_timeout) instead of failing on a stale snapshot, while the
lock is held only from there to the commit. Writers wait for their turn in line rather than
in SQLite's sleeping busy handler (mrejesho.sqlite_writers). PostgreSQL locks rows instead
(feedback.lock).
"""
from __future__ import annotations

import logging
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from . import sqlite_writers
from .extensions import db

log = logging.getLogger(__name__)
WROTE = "wrote"  # key in Session.info: something was flushed or executed as a write


def register(app: Flask) -> None:
    """Commit each request's unit of work at its end, or roll it back."""

    @app.after_request
    def finish_unit_of_work(response):
        if response.status_code < 400 and has_writes(db.session):
            db.session.commit()
        else:
            try:
                db.session.rollback()
            except SQLAlchemyError:
                # The database went away after the answer was made (a restart): nothing was
                # to be written, so the answer stands; the dead connection is discarded.
                log.warning("Rollback failed at the end of a request", exc_info=True)
                db.session.invalidate()
        return response


def has_writes(session: Session) -> bool:
    """True when the session holds writes that a commit would make durable."""
    return bool(session.info.get(WROTE) or session.new or session.dirty or session.deleted)


@contextmanager
def unit_of_work():
    """For jobs and commands: commit what the block did, or roll all of it back."""
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def hold_write_lock() -> None:
    """On SQLite, begin this unit of work's transaction now, holding the database's write
    lock until it ends, so what is read next cannot change before it is written. (A write
    already made in this unit began it. PostgreSQL locks rows instead: SELECT FOR UPDATE.)"""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        if not raw.in_transaction:
            sqlite_writers.begin_write(raw)


@event.listens_for(Session, "after_flush")
def _remember_flush(session, _context) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _remember_bulk_write(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_writes(session, transaction) -> None:
    # Only when the unit of work's own transaction ends: a savepoint released or rolled
    # back inside it (one item of a bulk action) leaves the other writes to commit.
    if transaction.parent is None:
        session.info.pop(WROTE, None)


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_settings(dbapi_connection, _record) -> None:
    if not _is_sqlite(dbapi_connection):
        return
    # WAL lets readers go on while one writer writes; busy_timeout makes writers queue.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (below).
    dbapi_connection.isolation_level = None


WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "CREATE", "ALTER",
                    "DROP")


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_begin_before_write(connection, cursor, statement, _params, _context, _many):
    if (connection.dialect.name == "sqlite" and not cursor.connection.in_transaction
            and statement.lstrip()[:9].upper().startswith(WRITE_STATEMENTS)):
        sqlite_writers.begin_write(cursor.connection)
