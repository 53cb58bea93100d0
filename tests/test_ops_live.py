"""Operations against real servers: /readyz follows a private PostgreSQL cluster that is
stopped and started again; gunicorn with deploy/gunicorn.conf.py adds up every worker's
metrics and logs JSON with the request id; the dashboards read from DATABASE_REPLICA_URL."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from mrejesho import create_app
from mrejesho.extensions import db
from mrejesho.testing import cluster as private_cluster
from mrejesho.testing.servers import ROOT, SETTINGS_VARIABLE, _read, _wait_until_ready
from tests.factories import STAFF_PASSWORD, make_feedback, make_staff
from tests.fake_at import CITIZEN, WEBHOOK_TOKEN

HEALTHZ = ("mrejesho_http_requests_total",
           (("method", "GET"), ("route", "/healthz"), ("status", "200")))


@pytest.fixture
def cluster():
    """A private PostgreSQL cluster of this test's own (never the shared server)."""
    if not private_cluster.available():
        message = "PostgreSQL's initdb/pg_ctl not found: apt-get install postgresql"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with private_cluster.Cluster() as server:
        yield server


def test_readyz_goes_red_when_postgresql_stops_and_green_when_it_returns(cluster):
    url = cluster.create_database("ready")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x",
                      "WEBHOOK_TOKEN": "x", "MREJESHO_ENV": "testing", "READINESS_TIMEOUT": 2})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    cluster.stop()
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json["database"] == "unreachable"
    assert client.get("/healthz").status_code == 200  # the process itself is fine
    cluster.start()
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.json["migrations"] == "current"


def _scrape(base_url: str) -> dict:
    text = urllib.request.urlopen(base_url + "/metrics", timeout=10).read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def _per_process(folder: Path) -> dict[str, float]:
    """The /healthz count in each worker's own file (not added up)."""
    counts = {}
    for path in folder.glob("counter_*.db"):
        for metric in MultiProcessCollector.merge([str(path)]):
            for sample in metric.samples:
                if (sample.name, tuple(sorted(sample.labels.items()))) == HEALTHZ:
                    counts[path.name] = sample.value
    return counts


def test_gunicorn_config_adds_up_every_workers_metrics_and_logs_json(backend, tmp_path):
    _name, _url, settings = backend
    folder = tmp_path / "prometheus"
    env = {**os.environ, SETTINGS_VARIABLE: json.dumps(settings), "PYTHONPATH": str(ROOT),
           "PROMETHEUS_MULTIPROC_DIR": str(folder), "LOG_FORMAT": "json"}
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
               "--bind", "127.0.0.1:0", "--workers", "2", "--worker-class", "sync",
               "mrejesho.testing.wsgi:app"]
    errors, access = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=access, stderr=errors)
    try:
        base_url = _wait_until_ready(process, errors)

        def hit(_):
            request = urllib.request.Request(base_url + "/healthz",
                                             headers={"X-Request-ID": "ops-live-1"})
            return urllib.request.urlopen(request, timeout=10).status

        sent = 0
        with ThreadPoolExecutor(8) as pool:
            # Sync workers answer one request at a time, so parallel requests spread over
            # both; bounded: at most 20 rounds of 16.
            for _round in range(20):
                assert set(pool.map(hit, range(16))) == {200}
                sent += 16
                if sum(1 for count in _per_process(folder).values() if count) >= 2:
                    break
        per_process = _per_process(folder)
        assert sum(1 for count in per_process.values() if count) >= 2, per_process
        assert sum(per_process.values()) == sent
        assert _scrape(base_url)[HEALTHZ] == sent  # one scrape, every worker's requests
        # An SMS too long to keep whole: the app logs its sender (sms/inbox.py), masked.
        form = urllib.parse.urlencode({"from": CITIZEN, "to": "15200", "text": "x" * 7000,
                                       "id": "ATXid_ops_live_long", "date": "2026-01-01"})
        request = urllib.request.Request(f"{base_url}/sms/inbound?token={WEBHOOK_TOKEN}",
                                         data=form.encode(),
                                         headers={"X-Request-ID": "ops-live-sms"})
        assert urllib.request.urlopen(request, timeout=10).status == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
    lines = [json.loads(line) for line in _read(access).splitlines() if line.startswith("{")]
    healthz = [line for line in lines if "/healthz" in line["message"]]
    assert len(healthz) == sent
    assert all(line["request_id"] == "ops-live-1" and line["logger"] == "gunicorn.access"
               for line in healthz)
    errors_text = _read(errors)
    records = [json.loads(line) for line in errors_text.splitlines() if line.strip()]
    cut = [r for r in records if r["logger"] == "sms.inbox"]
    assert cut and cut[0]["request_id"] == "ops-live-sms", records[-5:]
    assert "+2557•••••678" in cut[0]["message"]
    assert CITIZEN not in errors_text and CITIZEN not in _read(access)
    errors.close()
    access.close()


def test_dashboard_and_statistics_read_from_the_replica_setting(app, backend):
    _name, url, settings = backend
    replica_app = create_app({**settings, "DATABASE_REPLICA_URL": url})
    with replica_app.app_context():
        statements = []
        sa.event.listen(db.engines["replica"], "before_cursor_execute",
                        lambda *args: statements.append(args[2]))
        make_feedback()
        admin = make_staff("DAWATI", "admin", email="replica.admin@example.go.tz")
        client = replica_app.test_client()
        stats = client.get("/stats/")
        assert stats.status_code == 200 and b"TANESCO" in stats.data
        assert any("FROM feedback" in sql for sql in statements)
        statements.clear()
        assert client.post("/staff/login", data={"email": admin.email,
                                                 "password": STAFF_PASSWORD}).status_code == 302
        assert client.get("/staff/dashboard").status_code == 200
        assert any("FROM feedback" in sql for sql in statements)
        db.session.remove()
        db.engines["replica"].dispose()


def test_an_unreachable_replica_falls_back_to_the_primary(app, backend):
    _name, _url, settings = backend
    replica_app = create_app({**settings, "DATABASE_REPLICA_URL":
                              "postgresql+psycopg://postgres@127.0.0.1:1/gone"})
    with replica_app.app_context():
        make_feedback()
        answer = replica_app.test_client().get("/stats/")
        assert answer.status_code == 200 and b"TANESCO" in answer.data
        db.session.remove()
