"""Several SMS workers at once never send one message twice (PostgreSQL: SKIP LOCKED)."""
import threading
import zlib
from collections import Counter

import pytest
import sqlalchemy as sa

from mrejesho import create_app, escalation
from mrejesho.models import OutboundSms
from mrejesho.timeutil import utcnow
from sms import outbox
from sms.worker import Worker
from tests.fake_at import API_KEY, USERNAME

pytestmark = pytest.mark.postgres_only
MESSAGES = 1000


@pytest.fixture
def postgres(backend):
    name, url, settings = backend
    if name != "postgresql":
        pytest.skip("PostgreSQL only (SKIP LOCKED, advisory locks); SQLite has one writer")
    return url, settings


def queue_many(db, count: int, texts: int | None = None) -> list[str]:
    """count messages to distinct numbers: each text its own, or `texts` texts shared."""
    numbers = [f"+2557{n:08d}" for n in range(count)]
    now = utcnow()
    db.session.execute(sa.insert(OutboundSms), [
        {"to": number, "text": f"e-Mrejesho: ujumbe {i % (texts or count)}", "status": "queued",
         "attempts": 0, "next_attempt_at": now, "created_at": now}
        for i, number in enumerate(numbers)
    ])
    db.session.commit()
    return numbers


@pytest.mark.parametrize("texts", [None, 7], ids=["unique texts", "seven shared texts"])
def test_two_workers_send_each_of_1000_messages_exactly_once(postgres, app, db, fake_at,
                                                             texts):
    _url, settings = postgres
    numbers = queue_many(db, MESSAGES, texts)
    overrides = {**settings, "SMS_GATEWAY": "africastalking", "AT_API_BASE_URL": fake_at.url,
                 "AT_USERNAME": USERNAME, "AT_API_KEY": API_KEY, "SMS_SEND_TIMEOUT": 5}
    # Each worker has its own app, engine and connections, like two worker processes.
    workers = [Worker(create_app(dict(overrides)), batch_size=20) for _ in range(2)]
    start, failures = threading.Barrier(2), []

    def run(worker):
        start.wait()
        try:
            worker.drain()
        except Exception as exc:  # reported below; a thread's exception is otherwise lost
            failures.append(exc)
        finally:
            with worker.app.app_context():
                from mrejesho.extensions import db as worker_db
                worker_db.engine.dispose()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures
    assert Counter(fake_at.sent_to()) == Counter(numbers)  # every number once, no more
    rows = db.session.scalars(db.select(OutboundSms)).all()
    assert Counter(row.status for row in rows) == {"sent": MESSAGES}
    assert len({row.provider_id for row in rows}) == MESSAGES
    assert all(row.attempts == 1 for row in rows)
    sent_by = [w.counts["sent"] for w in workers]
    assert sum(sent_by) == MESSAGES and min(sent_by) > 0  # both really worked


def test_rows_locked_by_another_worker_are_skipped_not_waited_for(postgres, app, db):
    url, _settings = postgres
    queue_many(db, 4)
    other = sa.create_engine(url)
    try:
        with other.connect() as connection, connection.begin():
            locked = connection.scalars(
                sa.select(OutboundSms.id).order_by(OutboundSms.id).limit(2).with_for_update()
            ).all()
            # Without SKIP LOCKED the claim would wait; fail fast instead of hanging.
            db.session.execute(sa.text("SET lock_timeout = '3s'"))
            claimed = outbox.claim(limit=10)
        all_ids = set(db.session.scalars(sa.select(OutboundSms.id)))
        assert {c.id for c in claimed} == all_ids - set(locked)
    finally:
        other.dispose()


def test_only_one_worker_escalates_at_a_time(postgres, app, monkeypatch):
    url, _settings = postgres
    calls = []
    monkeypatch.setattr(escalation, "escalate_overdue", lambda: calls.append(1) or {})
    key = {"key": zlib.crc32(b"mrejesho:escalate")}
    other = sa.create_engine(url)
    try:
        with other.connect() as connection:  # another worker, in the middle of escalating
            connection.scalar(sa.text("SELECT pg_advisory_lock(:key)"), key)
            Worker(app)._escalate()
            assert calls == []
            connection.scalar(sa.text("SELECT pg_advisory_unlock(:key)"), key)
        Worker(app)._escalate()
        assert calls == [1]
    finally:
        other.dispose()
