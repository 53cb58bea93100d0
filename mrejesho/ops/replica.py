"""The read replica: the dashboards and the public statistics read their figures through
reading(), a session on DATABASE_REPLICA_URL (a PostgreSQL streaming replica, a Flask-
SQLAlchemy bind named "replica") when it is set, else the request's own session on the
primary, and so does a request that finds the replica unreachable. Figures are kept for
seconds anyway (stats/cache.py), so a replica's lag of a moment changes nothing a reader
would see; nothing that writes may use it."""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask, g
from sqlalchemy.orm import Session

from ..extensions import db

BIND = "replica"
KEY = "_mrejesho_replica_session"
CONNECT_TIMEOUT = 2  # seconds
log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Add the replica's bind when DATABASE_REPLICA_URL is set (before db.init_app)."""
    url = app.config.get("DATABASE_REPLICA_URL")
    if url:
        binds = dict(app.config.get("SQLALCHEMY_BINDS") or {})
        binds[BIND] = {"url": url}
        if sa.engine.make_url(url).get_backend_name() == "postgresql":
            # A replica that went away must not hold a page for long: the primary answers.
            binds[BIND]["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT}
        app.config["SQLALCHEMY_BINDS"] = binds

    @app.teardown_request
    def close_replica_session(_error=None):
        session = g.pop(KEY, None)
        if session is not None:
            session.close()


def reading() -> Session:
    """The session for read-only figures: the replica's, or the primary's when none."""
    engines = db.engines
    if BIND not in engines:
        return db.session
    session = g.get(KEY)
    if session is None:
        session = Session(engines[BIND])
        try:
            session.connection()  # checked out (and pinged) now, so a failure falls back
        except sa.exc.OperationalError:
            session.close()
            log.warning("read replica unreachable; reading from the primary")
            return db.session
        g.setdefault(KEY, session)
    return session
