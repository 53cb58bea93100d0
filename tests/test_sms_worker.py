"""The outbox worker sends through the real africastalking SDK to a local fake server."""
import io
from datetime import timedelta

import pytest

from mrejesho import escalation, notify
from mrejesho.models import Event, OutboundSms
from mrejesho.timeutil import utcnow
from sms import outbox
from sms.gateways import ConsoleGateway, current_gateway
from sms.worker import Worker
from tests.factories import make_feedback
from tests.fake_at import API_KEY, CITIZEN, USERNAME

OTHER = "+255754000111"


@pytest.fixture
def at_app(app, fake_at):
    """The app sending through the africastalking SDK to the fake server."""
    app.config.update(SMS_GATEWAY="africastalking", AT_API_BASE_URL=fake_at.url,
                      AT_USERNAME=USERNAME, AT_API_KEY=API_KEY, AT_SENDER_ID="MREJESHO",
                      SMS_SEND_TIMEOUT=0.3)
    return app


def queue(db, to=CITIZEN, text="e-Mrejesho: jaribio", item=None) -> OutboundSms:
    row = notify.queue_sms(to, text, item)
    db.session.commit()
    return row


def reload(db, row) -> OutboundSms:
    db.session.expire_all()
    return db.session.get(OutboundSms, row.id)


def delivery_events(db, item):
    return db.session.scalars(db.select(Event).filter_by(feedback_id=item.id,
                                                         type="sms_delivery")).all()


def test_worker_sends_through_the_sdk_and_stores_the_message_id(at_app, db, fake_at):
    row = queue(db, text="e-Mrejesho 1234567890: Imetatuliwa.")
    counts = Worker(at_app).drain()
    assert counts["sent"] == 1
    [request] = fake_at.requests
    assert (request["username"], request["to"], request["from"], request["message"]) == (
        USERNAME, CITIZEN, "MREJESHO", "e-Mrejesho 1234567890: Imetatuliwa.")
    row = reload(db, row)
    assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None
    assert row.provider_id.startswith("ATXid_")


def test_wrong_api_key_is_retried_not_lost(at_app, db, fake_at):
    at_app.config["AT_API_KEY"] = "not-the-key"
    row = queue(db)
    Worker(at_app).drain()
    row = reload(db, row)
    assert row.status == "queued"
    assert "authentication" in row.last_error
    assert fake_at.requests == []


@pytest.mark.parametrize("code, name", [(403, "InvalidPhoneNumber"), (406, "UserInBlacklist"),
                                        (409, "DoNotDisturbRejection")])
def test_permanent_recipient_failure_is_marked_failed_and_shown_on_the_timeline(
        at_app, db, fake_at, code, name):
    item = make_feedback(channel="sms")  # queues the acknowledgement
    fake_at.codes[CITIZEN] = code
    counts = Worker(at_app).drain()
    assert counts["failed"] == 1
    [row] = db.session.scalars(db.select(OutboundSms)).all()
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, f"{code} {name}")
    [event] = delivery_events(db, item)
    assert event.to_value == "failed" and name in event.text


def test_only_the_failing_recipient_fails(at_app, db, fake_at):
    good, bad = queue(db, to=CITIZEN), queue(db, to=OTHER)
    fake_at.codes[OTHER] = 403
    Worker(at_app).drain()
    assert (reload(db, good).status, reload(db, bad).status) == ("sent", "failed")


@pytest.mark.parametrize("code", [405, 500, 501, 502])
def test_transient_recipient_status_is_retried_with_back_off(at_app, db, fake_at, code):
    fake_at.codes[CITIZEN] = code
    row = queue(db)
    now = utcnow()
    Worker(at_app).drain(now)
    row = reload(db, row)
    assert (row.status, row.attempts) == ("queued", 1)
    assert row.next_attempt_at == now + timedelta(seconds=30)


def test_http_500_is_retried_after_the_back_off_and_then_sent(at_app, db, fake_at):
    fake_at.http_errors = [500]
    row = queue(db)
    start = utcnow()
    worker = Worker(at_app)
    worker.drain(start)
    assert reload(db, row).status == "queued"
    assert worker.run_pass(start + timedelta(seconds=29)) == 0  # not due yet
    worker.drain(start + timedelta(seconds=31))
    row = reload(db, row)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)
    assert len(fake_at.requests) == 1  # the 500 was not an accepted request


def test_timeout_is_retried(at_app, db, fake_at):
    fake_at.delay = 2.0  # the worker's timeout is 0.3 s
    row = queue(db)
    Worker(at_app).drain()
    row = reload(db, row)
    assert row.status == "queued"
    assert "Timeout" in row.last_error


def test_worker_gives_up_after_the_last_attempt_and_tells_the_timeline(at_app, db, fake_at):
    item = make_feedback(channel="sms")
    fake_at.http_errors = [500] * outbox.MAX_ATTEMPTS
    worker, moment = Worker(at_app), utcnow()
    for _ in range(outbox.MAX_ATTEMPTS):
        worker.drain(moment)
        moment += timedelta(hours=2)
    [row] = db.session.scalars(db.select(OutboundSms)).all()
    assert (row.status, row.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert worker.counts == {"queued": outbox.MAX_ATTEMPTS - 1, "failed": 1}
    assert delivery_events(db, item)[0].to_value == "failed"


def test_back_off_doubles_and_is_capped_at_an_hour():
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert outbox.backoff(20) == timedelta(hours=1)


def test_message_of_a_worker_that_died_while_sending_is_sent_again(app, db):
    row = queue(db)
    claimed = outbox.claim()
    assert [c.id for c in claimed] == [row.id]
    # The worker died here. Once the lease runs out, another worker sends it.
    later = utcnow() + outbox.LEASE + timedelta(seconds=1)
    assert Worker(app).drain(later)["sent"] == 1
    row = reload(db, row)
    assert (row.status, row.attempts) == ("sent", 2)


def test_two_claims_never_share_a_message(app, db):
    rows = [queue(db, text=f"m{i}") for i in range(5)]
    first, second = outbox.claim(limit=3), outbox.claim(limit=3)
    assert len(first) == 3 and len(second) == 2
    assert {c.id for c in first} | {c.id for c in second} == {r.id for r in rows}


def test_stopping_worker_hands_unsent_messages_back(app, db):
    rows = [queue(db, text=f"m{i}") for i in range(3)]
    worker = Worker(app)
    worker.stop.set()
    worker.run_pass()
    assert [(r.status, r.attempts) for r in map(lambda r: reload(db, r), rows)] == [
        ("queued", 0)] * 3


def test_console_gateway_prints_a_readable_block():
    out = io.StringIO()
    result = ConsoleGateway(out).send(CITIZEN, "e-Mrejesho: Habari")
    assert result.outcome == "sent" and result.provider_id == "console-1"
    assert f"SMS to {CITIZEN} (1 segment, 18 characters)" in out.getvalue()
    assert "e-Mrejesho: Habari" in out.getvalue()


def test_sms_worker_once_command_sends_through_the_configured_gateway(app, db, runner):
    queue(db, text="moja")
    queue(db, to=OTHER, text="mbili")
    result = runner.invoke(args=["sms-worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "sent=2" in result.output
    assert current_gateway(app).sent == [(CITIZEN, "moja"), (OTHER, "mbili")]


def test_worker_runs_escalation_on_its_schedule(app, monkeypatch):
    calls = []
    monkeypatch.setattr(escalation, "escalate_overdue", lambda: calls.append(1) or {})
    now = [0.0]
    worker = Worker(app, escalate_every=600, clock=lambda: now[0])
    worker._run_due_jobs()  # at start
    now[0] = 599
    worker._run_due_jobs()
    now[0] = 601
    worker._run_due_jobs()
    assert len(calls) == 2
