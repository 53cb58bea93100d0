"""Operations: /healthz, /readyz, /metrics (and who may read it), request ids, structured
logs with phone numbers masked, the SMS worker's counters. Both databases."""
from __future__ import annotations

import io
import json
import logging
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from prometheus_client.parser import text_string_to_metric_families

from mrejesho import create_app, notify
from mrejesho.models import OutboundMessage
from mrejesho.ops import logs, metrics
from mrejesho.ops.health import head
from mrejesho.timeutil import utcnow
from sms.worker import Worker
from tests.fake_at import CITIZEN, WEBHOOK_TOKEN

CLOSED_PORT_URL = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"


def _app(url: str, **settings):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x",
                       "WEBHOOK_TOKEN": "x", "MREJESHO_ENV": "testing",
                       "READINESS_TIMEOUT": 1, **settings})


def scrape(client, **kwargs) -> dict[tuple[str, tuple], float]:
    """The samples of /metrics: (name, sorted labels) -> value."""
    answer = client.get("/metrics", **kwargs)
    assert answer.status_code == 200, answer.data
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(answer.get_data(as_text=True))
            for s in family.samples}


def test_healthz_answers_without_a_database():
    client = _app(CLOSED_PORT_URL).test_client()
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}


def test_readyz_is_green_on_a_migrated_database(client):
    answer = client.get("/readyz")
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "ready"
    assert answer.json["migrations"] == "current"
    assert answer.json["revision"] == head()


def test_readyz_is_red_when_the_database_does_not_answer():
    answer = _app(CLOSED_PORT_URL).test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.json == {"status": "not ready", "database": "unreachable"}


def test_readyz_says_what_is_wrong_with_the_schema(tmp_path):
    app = _app(f"sqlite:///{tmp_path / 'r.db'}")
    client = app.test_client()
    assert client.get("/readyz").json["migrations"] == "missing"
    with app.app_context():
        upgrade(revision="0012")
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json["migrations"] == "behind"
    with app.app_context():
        upgrade()
    assert client.get("/readyz").status_code == 200
    # A newer release's expand migration ran: this code still serves (rolling deploy).
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_next_release'"))
    engine.dispose()
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.json["migrations"] == "ahead"


def test_requests_are_counted_by_url_rule_not_raw_path(client):
    before = scrape(client)
    for reference in ("MRJ-0000-0001", "MRJ-0000-0002", "nothing-like-it"):
        client.get(f"/track/{reference}")
    after = scrape(client)
    rows = {key: value for key, value in after.items()
            if key[0] == "mrejesho_http_requests_total"
            and dict(key[1])["route"] == "/track/<reference>"}
    assert rows, sorted(k for k in after if k[0] == "mrejesho_http_requests_total")
    assert sum(rows.values()) - sum(before.get(k, 0) for k in rows) == 3
    assert not any("MRJ-0000" in str(key) for key in after)
    timed = ("mrejesho_http_request_duration_seconds_count", (("route", "/track/<reference>"),))
    assert after[timed] - before.get(timed, 0) == 3


def test_outbox_depth_and_age_are_read_at_scrape_time(app, db, client):
    for _ in range(3):
        notify.queue_sms(CITIZEN, "e-Mrejesho: jaribio", None)
    db.session.flush()
    db.session.execute(sa.update(OutboundMessage).values(
        created_at=utcnow() - timedelta(minutes=30)))
    db.session.commit()
    figures = scrape(client)
    assert figures[("mrejesho_outbox_depth", (("status", "queued"),))] == 3
    assert figures[("mrejesho_outbox_depth", (("status", "sending"),))] == 0
    age = figures[("mrejesho_outbox_oldest_queued_age_seconds", ())]
    assert 30 * 60 <= age < 40 * 60
    assert figures[("mrejesho_outbox_figures_up", ())] == 1


def test_ussd_sessions_and_screens_are_counted(client):
    before = scrape(client)
    form = {"sessionId": "ATUid_ops_metrics_1", "serviceCode": "*152*00#",
            "phoneNumber": CITIZEN, "networkCode": "64002", "text": ""}
    assert client.post(f"/ussd?token={WEBHOOK_TOKEN}", data=form).status_code == 200
    client.post(f"/ussd?token={WEBHOOK_TOKEN}", data={**form, "text": "1"})
    after = scrape(client)
    started = ("mrejesho_ussd_sessions_total", ())
    assert after[started] - before.get(started, 0) == 1
    screens = ("mrejesho_ussd_screens_total", (("kind", "CON"),))
    assert after[screens] - before.get(screens, 0) == 2


def test_worker_counts_what_it_sent(app, db):
    notify.queue_sms(CITIZEN, "e-Mrejesho: jaribio", None)
    db.session.commit()
    sent = metrics.SMS.labels("sent")
    before = sent._value.get()
    worker = Worker(app)
    metrics.instrument_worker(worker, None)
    assert worker.drain()["sent"] == 1
    assert sent._value.get() - before == 1


@pytest.mark.parametrize(("settings", "kwargs", "status"), [
    ({"METRICS_TOKEN": "s3cret"}, {}, 401),
    ({"METRICS_TOKEN": "s3cret"}, {"headers": {"Authorization": "Bearer wrong"}}, 401),
    ({"METRICS_TOKEN": "s3cret"}, {"headers": {"Authorization": "Bearer s3cret"}}, 200),
    ({"METRICS_ALLOWED_IPS": "10.0.0.0/8"}, {}, 403),
    ({"METRICS_ALLOWED_IPS": "10.0.0.0/8"},
     {"environ_base": {"REMOTE_ADDR": "10.1.2.3"}}, 200),
    ({"METRICS_ALLOWED_IPS": "10.0.0.0/8", "TRUSTED_PROXY_HOPS": 1},
     {"headers": {"X-Forwarded-For": "10.9.9.9"}}, 200),
    ({"METRICS_ALLOWED_IPS": "10.0.0.0/8", "TRUSTED_PROXY_HOPS": 1},
     {"headers": {"X-Forwarded-For": "10.9.9.9, 192.0.2.7"}}, 403),
    ({}, {}, 200),  # development, from the machine itself
    ({}, {"environ_base": {"REMOTE_ADDR": "192.0.2.7"}}, 404),
    ({"MREJESHO_ENV": "production"}, {}, 404),  # production: nobody unless configured
])
def test_metrics_are_only_for_the_allowed(tmp_path, settings, kwargs, status):
    client = _app(f"sqlite:///{tmp_path / 'm.db'}", **settings).test_client()
    answer = client.get("/metrics", **kwargs)
    assert answer.status_code == status, answer.data[:200]
    if status == 401:
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_request_id_is_kept_when_sane_and_made_up_otherwise(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-42.abc"}).headers[
        "X-Request-ID"] == "lb-42.abc"
    for bad in ("a b", "x" * 200, "<script>", ""):
        made = client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert made != bad and len(made) == 32 and made.isalnum()


@pytest.mark.parametrize(("text", "masked"), [
    ("+255712345678", "+2557•••••678"),
    ("from=%2B255712345678&to=15200", "from=%2B2557•••••678&to=15200"),
    ("simu 0712345678.", "simu 0712•••678."),
    ("255712345678", "2557•••••678"),
    ("nipigie 0712 345 678 leo", "nipigie 0712 ••• 678 leo"),
    ("+255 712-345-678", "+255 •••-•••-678"),
    ("namba 0754-321-987,", "namba 0754-•••-987,"),
    ("ATXid_1234567890abc", "ATXid_1234567890abc"),  # an id, not a phone
    ("2026-11-25 19:48:27 ref MRJ-2026-00001234", "2026-11-25 19:48:27 ref MRJ-2026-00001234"),
])
def test_phone_numbers_are_masked(text, masked):
    assert logs.mask(text) == masked


def _logger() -> logging.Logger:
    """A logger of its own (Alembic's fileConfig disables the loggers that existed when a
    test session migrates its database)."""
    return logging.getLogger(f"mrejesho.test.{uuid.uuid4().hex[:8]}")


def test_every_json_log_record_has_the_request_id_and_no_phone(app, client):
    log = _logger()
    stream = io.StringIO()
    handler = logs.configure("json", stream=stream)
    try:
        @app.get("/_ops_log_probe")
        def probe():
            log.warning("SMS from %s", CITIZEN)
            try:
                raise ValueError(f"bad number {CITIZEN}")
            except ValueError:
                log.exception("failed", extra={"to": CITIZEN})
            return "ok"

        answer = client.get("/_ops_log_probe", headers={"X-Request-ID": "probe-1"})
    finally:
        logging.getLogger().removeHandler(handler)
    assert answer.headers["X-Request-ID"] == "probe-1"
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    ours = [r for r in records if r["logger"] == log.name]
    assert [r["message"] for r in ours] == ["SMS from +2557•••••678", "failed"]
    assert all(r["request_id"] == "probe-1" and r["level"] for r in ours)
    assert "+2557•••••678" in ours[1]["exc_info"] and ours[1]["to"] == "+2557•••••678"
    assert CITIZEN not in stream.getvalue() and CITIZEN[1:] not in stream.getvalue()


def test_text_log_format_and_a_bad_setting(tmp_path):
    stream = io.StringIO()
    handler = logs.configure("text", stream=stream)
    try:
        log = _logger()
        log.warning("to %s", CITIZEN)
    finally:
        logging.getLogger().removeHandler(handler)
    assert stream.getvalue().rstrip().endswith(f"WARNING {log.name} [-] to +2557•••••678")
    with pytest.raises(ValueError):
        _app(f"sqlite:///{tmp_path / 'l.db'}", LOG_FORMAT="xml")
