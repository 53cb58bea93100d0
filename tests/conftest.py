"""Shared fixtures: an app on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set.

Each database is migrated once per test session with the real Alembic migrations and the
seed institutions; after every test the rows the test made are deleted (not rolled back),
so tests may use several connections, threads and processes like the real deployment.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import ExitStack
from pathlib import Path

import flask_babel
import pytest
import redis
import sqlalchemy as sa
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import g
from flask_migrate import upgrade

from mrejesho import create_app, reference
from mrejesho.extensions import db as _db
from mrejesho.models import Institution, StaffUser
from mrejesho.seed import (
    DATA_FILE,
    JURISDICTIONS_FILE,
    load_institutions,
    load_jurisdictions,
    load_places,
)
from mrejesho.testing.databases import private_postgres
from mrejesho.testing.servers import serve_app
from tests.factories import STAFF_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = os.environ.get("REDIS_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
# fake_at: a fake Africa's Talking API; clock: a clock the test stops and moves;
# scheduling: how `pytest -n` shares the modules between workers.
pytest_plugins = ["tests.fake_at", "mrejesho.testing.fixtures", "mrejesho.testing.scheduling"]
# Tables emptied after each test; sector and institution hold the seed and are kept.
TRANSIENT = ("case_view", "event", "outbound_message", "inbound_sms", "ussd_session",
             "canned_response", "phone_preference", "ussd_abandonment", "data_access_code",
             "api_idempotency", "api_key", "webhook_endpoint")


def _compile_translations() -> None:
    """Compile .po catalogs that are newer than their .mo (plain `pytest` needs no make).
    Each pytest-xdist worker does this too, so a catalog is written aside and renamed into
    place: no worker ever reads a half-written one."""
    for po_path in ROOT.glob("mrejesho/**/translations/*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as src:
                catalog = read_po(src)
            with tempfile.NamedTemporaryFile(dir=mo_path.parent, suffix=".mo.tmp",
                                             delete=False) as out:
                write_mo(out, catalog, use_fuzzy=True)
            os.replace(out.name, mo_path)


_compile_translations()


def _settings(url: str, tmp: Path) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SMS_GATEWAY": "fake",
        "WEBHOOK_TOKEN": "test-token",
        "UPLOAD_DIR": str(tmp / "uploads"),
        "SIMULATOR_ENABLED": True,
        "MREJESHO_ENV": "testing",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory):
    """A migrated, seeded database for the whole session: (name, url, settings). Each
    pytest-xdist worker has its own session, hence its own SQLite file (in its own
    tmp_path) and its own private PostgreSQL database."""
    tmp = tmp_path_factory.mktemp(request.param)
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp / 'test.db'}"
        else:
            url = stack.enter_context(
                private_postgres(PG_URL, f"mrejesho_test_{os.getpid()}"))
        settings = _settings(url, tmp)
        if request.param == "postgresql" and REDIS_URL:
            # As deployed at scale: PostgreSQL, and USSD sessions in Redis (SQLite runs
            # the whole suite with the database store, as `make run` does).
            settings["USSD_SESSION_STORE"] = REDIS_URL
            settings["USSD_SESSION_PREFIX"] = f"test-{os.getpid()}:ussd:"
        app = create_app(settings)
        with app.app_context():
            upgrade()
            load_places()
            load_institutions()
            load_jurisdictions()  # every council, secretariat and water authority, as shipped
            _db.engine.dispose()
        yield request.param, url, settings


def _forget_cached_user() -> None:
    """Flask-Login caches the signed-in user in g too; two clients in one test must not share.
    (A before_request function must return None, or its value becomes the response.)"""
    g.pop("_login_user", None)


@pytest.fixture
def app(backend):
    """The Flask app bound to this session's database; rows are cleaned after the test."""
    _name, _url, settings = backend
    application = create_app(dict(settings))
    # The test keeps one app context open across requests, and Flask-Babel caches the
    # locale there; a real deployment gets a fresh context per request.
    application.before_request(flask_babel.refresh)
    application.before_request(_forget_cached_user)
    with application.app_context():
        before = _reference_version()
        yield application
        _clean(before)
        _forget_ussd_sessions(settings)
        _db.engine.dispose()


def _forget_ussd_sessions(settings: dict) -> None:
    if settings.get("USSD_SESSION_STORE", "database") != "database":
        client = redis.Redis.from_url(settings["USSD_SESSION_STORE"])
        keys = list(client.scan_iter(settings["USSD_SESSION_PREFIX"] + "*"))
        if keys:
            client.delete(*keys)
        client.close()


SEEDED_CODES = frozenset(
    item["code"] for path in (DATA_FILE, JURISDICTIONS_FILE)
    for item in json.loads(path.read_text(encoding="utf-8"))["institutions"])


def _empty_audit_log(conn) -> None:
    """The audit log refuses DELETE (migration 0015), so the cleanup does what only the
    schema's owner can: TRUNCATE on PostgreSQL (no DELETE trigger fires for it), and on
    SQLite drops the triggers, deletes and puts the same triggers back."""
    if conn.execute(sa.text("SELECT 1 FROM audit_entry LIMIT 1")).first() is None:
        return  # most tests write none: skip TRUNCATE's exclusive lock
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("TRUNCATE audit_entry"))
        return
    triggers = conn.execute(sa.text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name = 'audit_entry'")).all()
    for name, _sql in triggers:
        conn.execute(sa.text(f"DROP TRIGGER {name}"))
    conn.execute(sa.text("DELETE FROM audit_entry"))
    for _name, sql in triggers:
        conn.execute(sa.text(sql))


def _reference_version() -> int:
    with _db.engine.connect() as conn:
        return conn.exec_driver_sql(reference.VERSION_SQL).scalar() or 0


def _clean(reference_before: int | None = None) -> None:
    _db.session.rollback()
    _db.session.remove()
    with _db.engine.begin() as conn:
        for table in TRANSIENT:
            conn.execute(sa.text(f"DELETE FROM {table}"))
        _empty_audit_log(conn)
        if conn.execute(sa.text("DELETE FROM routing_alias")).rowcount:
            # Aliases are reference data: every process must rebuild its router's index,
            # this one at once (others read the version within a second).
            conn.execute(sa.text("UPDATE reference_version SET version = version + 1"))
            reference.clear()
        conn.execute(sa.text("UPDATE feedback SET duplicate_of_id = NULL"))
        conn.execute(sa.text("DELETE FROM feedback"))
        conn.execute(sa.text("DELETE FROM staff_user"))
    if reference_before is not None and _reference_version() == reference_before:
        return  # no institution or sector was added or changed (every such write bumps it)
    extra = _db.session.scalars(
        sa.select(Institution).where(Institution.code.not_in(SEEDED_CODES))).all()
    for inst in extra:
        _db.session.delete(inst)
    _db.session.commit()
    load_institutions()


@pytest.fixture
def app_server(app, backend):
    """The real app under gunicorn (2 processes x 4 threads) on this test's database, with
    the test app's settings; yields its base URL. Like any other instance it sees only what
    the test committed, and it keeps the real time whatever the `clock` fixture says."""
    _name, _url, settings = backend
    with serve_app(settings) as url:
        yield url


@pytest.fixture
def db(app):
    """The Flask-SQLAlchemy handle, inside the app context."""
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def staff_login(client):
    """Log a staff member in through the real login form: staff_login(user)."""

    def login(user: StaffUser):
        response = client.post(
            "/staff/login", data={"email": user.email, "password": STAFF_PASSWORD}
        )
        assert response.status_code in (302, 303), response.data[:500]
        return user

    return login


@pytest.fixture
def sms_sent(db):
    """Return the outbox rows queued so far, oldest first: sms_sent() -> [OutboundSms]."""
    from mrejesho.models import OutboundSms

    def rows(to: str | None = None):
        query = sa.select(OutboundSms).order_by(OutboundSms.id)
        if to:
            query = query.where(OutboundSms.to == to)
        return db.session.scalars(query).all()

    return rows
