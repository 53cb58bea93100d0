"""Probes for the load balancer and the orchestrator: /healthz says the process answers
(no database), /readyz that it can serve: the database answers within READINESS_TIMEOUT
seconds and its schema is the one this code was written for."""
from __future__ import annotations

import logging
import math
from functools import cache

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy.pool import NullPool

from ..config import PROJECT_ROOT

bp = Blueprint("ops_health", __name__)
log = logging.getLogger(__name__)
MIGRATIONS = PROJECT_ROOT / "migrations"
ENGINE_KEY = "mrejesho_readiness_engine"


@bp.get("/healthz")
def healthz():
    """The process is alive and answering; touches nothing else."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Ready to serve: the database is reachable and migrated (200), else 503."""
    answer = {"status": "ready", "database": "ok"}
    try:
        revision = database_revision(probe_engine(current_app))
    except sa.exc.SQLAlchemyError as error:
        log.warning("readiness: database unreachable: %s", type(error).__name__)
        return jsonify(status="not ready", database="unreachable"), 503
    state = migration_state(revision)
    answer.update(migrations=state, revision=revision, head=head())
    if state not in ("current", "ahead"):
        answer["status"] = "not ready"
        return jsonify(answer), 503
    return jsonify(answer)


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


def head() -> str:
    """The newest migration of this code (read once per process)."""
    return _scripts().get_current_head()


def migration_state(revision: str | None) -> str:
    """current: the database is at this code's head. ahead: at a revision this code does
    not know, i.e. a newer release's expand step already ran (expand-then-contract keeps
    the old code working on it, docs/deployment.md), so a rolling deploy keeps the old
    instances in service. behind: older than this code needs. missing: never migrated."""
    if revision is None:
        return "missing"
    if revision == head():
        return "current"
    try:
        _scripts().get_revision(revision)
    except CommandError:
        return "ahead"
    return "behind"


def database_revision(engine: sa.Engine) -> str | None:
    """The database's alembic_version, None when it has none."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.scalar(sa.text("SELECT version_num FROM alembic_version"))


def probe_engine(app: Flask) -> sa.Engine:
    """An engine for the probe alone: a fresh connection each time (no pool to hide a dead
    server) that gives up after READINESS_TIMEOUT seconds instead of hanging the probe."""
    engine = app.extensions.get(ENGINE_KEY)
    if engine is None:
        timeout = float(app.config.get("READINESS_TIMEOUT", 2))
        url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        if url.get_backend_name() == "postgresql":
            args = {"connect_timeout": max(1, math.ceil(timeout)),
                    "options": f"-c statement_timeout={int(timeout * 1000)}"}
        else:
            args = {"timeout": timeout}
        engine = app.extensions[ENGINE_KEY] = sa.create_engine(
            url, poolclass=NullPool, connect_args=args)
    return engine
