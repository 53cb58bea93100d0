"""The outbox worker sends through the real africastalking SDK to a local fake server."""
import io
from datetime import timedelta

import pytest

from mrejesho import escalation, notify
from mrejesho.models import Event, OutboundSms
from mrejesho.timeutil import utcnow
from sms import outbox
from sms.gateways import ConsoleGateway, SendResult, current_gateway, read_recipients
from sms.worker import Worker
from tests.factories import make_feedback
from tests.fake_at import API_KEY, CITIZEN, USERNAME

OTHER = "+255754000111"
THIRD = "+255688000222"


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


def test_timeout_is_not_resent_at_once(at_app, db, fake_at):
    fake_at.delay = 2.0  # the worker's timeout is 0.3 s
    row = queue(db)
    Worker(at_app).drain()
    row = reload(db, row)
    # It may have gone out: it waits for a delivery report (tests/test_sms_unknown.py).
    assert row.status == "unknown"
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


def test_equal_texts_go_in_one_call_and_different_texts_one_call_each(app, db):
    for number in (CITIZEN, OTHER, THIRD):
        queue(db, to=number, text="e-Mrejesho: MSAADA")
    queue(db, to=OTHER, text="e-Mrejesho 1234567890: Imetatuliwa.")
    assert Worker(app).drain()["sent"] == 4
    assert current_gateway(app).calls == [
        ("e-Mrejesho: MSAADA", [CITIZEN, OTHER, THIRD]),
        ("e-Mrejesho 1234567890: Imetatuliwa.", [OTHER]),
    ]


def test_calls_hold_at_most_max_recipients_in_the_order_claimed():
    claimed = [outbox.Claimed(i, f"+2557{i:08d}", "same" if i % 2 else f"own {i}", 1)
               for i in range(1, 12)]
    calls = outbox.calls(claimed, max_recipients=2)
    assert [[m.id for m in call] for call in calls] == [
        [1, 3], [5, 7], [9, 11], [2], [4], [6], [8], [10]]


def test_one_sdk_call_for_equal_texts_and_each_row_gets_its_recipients_id(at_app, db, fake_at):
    rows = [queue(db, to=number, text="e-Mrejesho: MSAADA") for number in (CITIZEN, OTHER)]
    assert Worker(at_app).drain()["sent"] == 2
    [request] = fake_at.requests
    assert request["to"] == f"{CITIZEN},{OTHER}"
    rows = [reload(db, row) for row in rows]
    assert [row.status for row in rows] == ["sent", "sent"]
    assert len({row.provider_id for row in rows}) == 2


def test_a_number_twice_in_one_call_gets_two_messages_and_each_row_its_own_id(
        at_app, db, fake_at):
    first, other, second = (queue(db, to=number, text="e-Mrejesho: MSAADA")
                            for number in (CITIZEN, OTHER, CITIZEN))
    Worker(at_app).drain()
    [request] = fake_at.requests
    assert request["to"] == f"{CITIZEN},{OTHER},{CITIZEN}"
    ids = [reload(db, row).provider_id for row in (first, other, second)]
    assert all(ids) and len(set(ids)) == 3
    assert sorted(fake_at.sent_to()) == sorted([CITIZEN, CITIZEN, OTHER])


def test_accepted_rejected_and_transient_recipients_of_one_call_land_on_their_rows(
        at_app, db, fake_at):
    item = make_feedback(channel="sms", phone=OTHER)  # queues the acknowledgement
    [acknowledgement] = db.session.scalars(db.select(OutboundSms)).all()
    good = queue(db, to=CITIZEN, text=acknowledgement.text)
    later = queue(db, to=THIRD, text=acknowledgement.text)
    fake_at.codes.update({OTHER: 403, THIRD: 500})
    counts = Worker(at_app).drain()
    assert len(fake_at.requests) == 1
    assert counts == {"sent": 1, "failed": 1, "queued": 1}
    assert [(r.status, r.last_error) for r in map(lambda r: reload(db, r),
                                                    (good, acknowledgement, later))] == [
        ("sent", None), ("failed", "403 InvalidPhoneNumber"), ("queued", "500 InternalServerError")]
    [event] = delivery_events(db, item)
    assert event.to_value == "failed" and f"SMS #{acknowledgement.id}" in event.text


def test_a_number_the_sdk_refuses_fails_alone_and_the_others_are_sent(at_app, db, fake_at):
    good = queue(db, to=CITIZEN, text="e-Mrejesho: MSAADA")
    bad = queue(db, to="0712345678", text="e-Mrejesho: MSAADA")
    Worker(at_app).drain()
    [request] = fake_at.requests
    assert request["to"] == CITIZEN
    assert (reload(db, good).status, reload(db, bad).status) == ("sent", "failed")


def test_a_call_that_times_out_is_unknown_for_every_row_in_it(at_app, db, fake_at):
    fake_at.delay = 2.0  # the worker's timeout is 0.3 s
    rows = [queue(db, to=number, text="e-Mrejesho: MSAADA") for number in (CITIZEN, OTHER)]
    Worker(at_app).drain()
    assert [(r.status, r.attempts) for r in map(lambda r: reload(db, r), rows)] == [
        ("unknown", 1), ("unknown", 1)]


def test_recipients_are_matched_by_number_then_order_and_a_missing_one_is_retried():
    answer = {"SMSMessageData": {"Message": "Sent to 2/3", "Recipients": [
        {"statusCode": 101, "number": OTHER, "status": "Success", "messageId": "id-other"},
        {"statusCode": 101, "number": CITIZEN, "status": "Success", "messageId": "id-1"},
        {"statusCode": 406, "number": CITIZEN, "status": "UserInBlacklist", "messageId": "None"},
    ]}}
    assert read_recipients(answer, [CITIZEN, OTHER, CITIZEN, THIRD]) == [
        SendResult("sent", "id-1"), SendResult("sent", "id-other"),
        SendResult("failed", error="406 UserInBlacklist"),
        SendResult("retry", error="No recipient: Sent to 2/3"),
    ]


def test_a_result_for_a_claim_that_ran_out_is_not_recorded(app, db):
    row = queue(db)
    [mine] = outbox.claim()
    later = utcnow() + outbox.LEASE + timedelta(seconds=1)
    outbox.requeue_stale(later)
    [theirs] = outbox.claim(now=later)  # another worker has it now
    assert outbox.record([(mine, SendResult("sent", "late"))]) == ["lost"]
    row = reload(db, row)
    assert (row.status, row.attempts, row.provider_id) == ("sending", theirs.attempts, None)


def test_sdk_calls_reuse_one_kept_alive_connection(at_app, db, fake_at):
    for i in range(3):
        queue(db, text=f"e-Mrejesho: ujumbe {i}")
    assert Worker(at_app, senders=1).drain()["sent"] == 3
    assert (len(fake_at.requests), fake_at.connections) == (3, 1)


def test_a_gateway_that_raises_retries_its_call_and_the_other_calls_are_recorded(app, db,
                                                                               monkeypatch):
    broken, fine = queue(db, to=CITIZEN, text="moja"), queue(db, to=OTHER, text="mbili")
    gateway = current_gateway(app)
    send_many = gateway.send_many

    def fail_for_moja(text, numbers):
        if text == "moja":
            raise RuntimeError("gateway bug")
        return send_many(text, numbers)

    monkeypatch.setattr(gateway, "send_many", fail_for_moja)
    Worker(app).run_pass()
    assert (reload(db, broken).status, reload(db, broken).last_error) == (
        "queued", "RuntimeError: gateway bug")
    assert reload(db, fine).status == "sent"
