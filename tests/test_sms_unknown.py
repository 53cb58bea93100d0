"""A send that timed out is `unknown`: Africa's Talking may have sent it (it has no
idempotency key, nor a way to ask), so it is never resent within its delivery-report window;
a report settles it, or it is resent once after the window, flagged. The real SDK talks to
the fake server made slower than the worker's timeout."""
import time
from datetime import timedelta

import pytest
import requests

from mrejesho import notify
from mrejesho.models import OutboundSms
from mrejesho.testing.cluster import free_port
from mrejesho.timeutil import utcnow
from sms import outbox
from sms.gateways import timeout_outcome
from sms.worker import Worker
from tests.fake_at import API_KEY, CITIZEN, USERNAME, post_delivery

WINDOW = timedelta(minutes=30)


@pytest.fixture
def at_app(app, fake_at):
    app.config.update(SMS_GATEWAY="africastalking", AT_API_BASE_URL=fake_at.url,
                      AT_USERNAME=USERNAME, AT_API_KEY=API_KEY, SMS_SEND_TIMEOUT=0.3,
                      SMS_UNKNOWN_WINDOW_MINUTES=WINDOW.total_seconds() / 60)
    return app


def queue(db, text="e-Mrejesho 1234567890: Tumepokea.") -> OutboundSms:
    row = notify.queue_sms(CITIZEN, text)
    db.session.commit()
    return row


def reload(db, row) -> OutboundSms:
    db.session.expire_all()
    return db.session.get(OutboundSms, row.id)


def received(fake_at, count: int) -> int:
    """How many sends the fake accepted, once its slow answers (sent after the worker gave
    up on them) have come in: waits for count, at most a few seconds."""
    deadline = time.monotonic() + 10
    while len(fake_at.requests) < count and time.monotonic() < deadline:
        time.sleep(0.05)  # waiting for the fake's handler thread, not timing the code
    return len(fake_at.requests)


def timed_out(at_app, db, fake_at) -> tuple[OutboundSms, object]:
    fake_at.delay = 1.0  # longer than the worker's 0.3 s: the SDK times out reading
    row = queue(db)
    moment = utcnow()
    Worker(at_app).drain(moment)
    fake_at.delay = 0
    return reload(db, row), moment


def test_a_timed_out_send_is_unknown_and_not_resent_within_its_window(at_app, db, fake_at):
    row, moment = timed_out(at_app, db, fake_at)
    assert (row.status, row.attempts, row.provider_id) == ("unknown", 1, None)
    assert "ReadTimeout" in row.last_error
    assert received(fake_at, 1) == 1  # it did go out: resending now would send it twice
    Worker(at_app).drain(moment + WINDOW - timedelta(seconds=1))
    assert reload(db, row).status == "unknown"
    assert len(fake_at.requests) == 1


def test_a_delivery_report_settles_an_unknown_send(at_app, db, fake_at, client):
    row, moment = timed_out(at_app, db, fake_at)
    assert received(fake_at, 1) == 1
    answer = post_delivery(client, "ATXid_the-timed-out-call", "Success")
    assert answer.status_code == 200
    row = reload(db, row)
    assert (row.status, row.provider_id) == ("delivered", "ATXid_the-timed-out-call")
    assert not row.resent_after_unknown
    Worker(at_app).drain(moment + WINDOW * 3)  # settled: never resent
    assert received(fake_at, 1) == 1 and reload(db, row).status == "delivered"


def test_a_report_that_it_is_on_its_way_marks_it_sent(at_app, db, fake_at, client):
    row, _ = timed_out(at_app, db, fake_at)
    assert post_delivery(client, "ATXid_buffered", "Buffered").status_code == 200
    row = reload(db, row)
    assert (row.status, row.provider_id) == ("sent", "ATXid_buffered")


def test_with_no_report_it_is_resent_once_after_the_window_and_flagged(at_app, db, fake_at):
    row, moment = timed_out(at_app, db, fake_at)
    worker = Worker(at_app)
    worker.drain(moment + WINDOW + timedelta(seconds=1))
    row = reload(db, row)
    assert (row.status, row.attempts, row.resent_after_unknown) == ("sent", 2, True)
    assert received(fake_at, 2) == 2  # the citizen may have it twice: the flag says so


def test_a_resent_row_that_times_out_again_is_never_sent_a_third_time(at_app, db, fake_at):
    row, moment = timed_out(at_app, db, fake_at)
    fake_at.delay = 1.0
    Worker(at_app).drain(moment + WINDOW + timedelta(seconds=1))
    row = reload(db, row)
    assert (row.status, row.attempts, row.resent_after_unknown) == ("unknown", 2, True)
    fake_at.delay = 0
    Worker(at_app).drain(moment + WINDOW * 5)
    assert reload(db, row).status == "unknown"
    assert received(fake_at, 2) == 2


def test_a_refused_connection_sent_nothing_and_is_retried(at_app, db):
    at_app.config["AT_API_BASE_URL"] = f"http://127.0.0.1:{free_port()}"  # nobody listens
    row = queue(db)
    Worker(at_app).drain()
    row = reload(db, row)
    assert (row.status, row.resent_after_unknown) == ("queued", False)


def test_a_report_for_an_unknown_id_and_phone_changes_nothing(at_app, db, client):
    row = queue(db)
    assert post_delivery(client, "ATXid_nobody", "Success").status_code == 200
    assert reload(db, row).status == "queued"


def test_timeouts_are_classified_by_whether_the_request_went_out():
    assert timeout_outcome(requests.ConnectTimeout()) == "retry"
    assert timeout_outcome(requests.ReadTimeout()) == "unknown"
    assert timeout_outcome(requests.ConnectionError("Connection aborted")) == "unknown"
    assert timeout_outcome(requests.exceptions.InvalidURL()) == "retry"


def test_resend_unknown_leaves_rows_within_their_window(app, db):
    row = queue(db)
    now = utcnow()
    db.session.execute(db.update(OutboundSms).where(OutboundSms.id == row.id)
                       .values(status="unknown", next_attempt_at=now + WINDOW))
    db.session.commit()
    assert outbox.resend_unknown(now) == 0
    assert outbox.resend_unknown(now + WINDOW + timedelta(seconds=1)) == 1
    assert outbox.resend_unknown(now + WINDOW * 9) == 0


def set_row(db, row, **values):
    db.session.execute(db.update(OutboundSms).where(OutboundSms.id == row.id).values(**values))
    db.session.commit()


def test_a_dead_workers_rows_in_a_call_become_unknown_the_rest_are_queued(app, db):
    """kill -9 mid-call: the rows it was calling for may have gone out; the ones it had
    only claimed had not."""
    calling, claimed = queue(db), queue(db, text="another text")
    now = utcnow()
    set_row(db, calling, status="calling", next_attempt_at=now - timedelta(seconds=1))
    set_row(db, claimed, status="sending", next_attempt_at=now - timedelta(seconds=1))
    assert outbox.requeue_stale(now, WINDOW) == 2
    calling, claimed = reload(db, calling), reload(db, claimed)
    assert (calling.status, calling.next_attempt_at) == ("unknown", now + WINDOW)
    assert claimed.status == "queued"


def test_a_report_that_comes_while_the_call_is_still_out_settles_it(app, db):
    row = queue(db)
    set_row(db, row, status="calling")
    assert outbox.record_report("ATXid_early", "Success", phone=CITIZEN) == "delivered"
    db.session.commit()
    assert reload(db, row).status == "delivered"


def test_calls_not_started_by_half_the_lease_are_handed_back(app, db):
    """A slow gateway and a big batch: what the worker could not start while its claim was
    surely its own goes back to the queue, never sent by two workers."""
    app.config.update(SMS_GATEWAY="fake", SMS_LEASE_SECONDS=60)
    rows = [queue(db, text=f"text {n}") for n in range(3)]
    ticks = iter([0, 0] + [1000] * 50)  # the lease's half passes after the first call
    worker = Worker(app, clock=lambda: next(ticks))
    assert worker.run_pass() == 3
    statuses = sorted((r.status, r.attempts) for r in (reload(db, r) for r in rows))
    assert statuses == [("queued", 0), ("queued", 0), ("sent", 1)]


def test_a_report_that_could_be_for_either_of_two_unknown_sends_settles_neither(app, db):
    """Found by the soak: the acknowledgement and an officer's reply to one citizen both
    timed out; the report (it names no text) settled the wrong one, marking sent a message
    that never went out."""
    first, second = queue(db), queue(db, text="e-Mrejesho: jibu la afisa")
    for row in (first, second):
        set_row(db, row, status="unknown", next_attempt_at=utcnow() + WINDOW)
    assert outbox.record_report("ATXid_which", "Success", phone=CITIZEN) == "unknown"
    db.session.commit()
    assert [reload(db, r).status for r in (first, second)] == ["unknown", "unknown"]
