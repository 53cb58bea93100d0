"""The read replica: the dashboards and the public statistics read their figures through
reading(), a session on DATABASE_REPLICA_URL (a PostgreSQL streaming replica, a Flask-
SQLAlchemy bind named "replica") when it is set, else the request's own session on the
primary. Figures are kept for seconds anyway (stats/cache.py), so a replica's lag of a
moment changes nothing a reader would see; nothing that writes may use it."""
from __future__ import annotations

from flask import Flask, g
from sqlalchemy.orm import Session

from ..extensions import db

BIND = "replica"
KEY = "_mrejesho_replica_session"


def init_app(app: Flask) -> None:
    """Add the replica's bind when DATABASE_REPLICA_URL is set (before db.init_app)."""
    url = app.config.get("DATABASE_REPLICA_URL")
    if url:
        binds = dict(app.config.get("SQLALCHEMY_BINDS") or {})
        binds[BIND] = url
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
        session = g.setdefault(KEY, Session(engines[BIND]))
    return session
