"""POST /sms/delivery: Africa's Talking delivery reports update the outbox and timeline."""
import pytest

from mrejesho.models import Event, OutboundSms
from sms.worker import Worker
from tests.factories import make_feedback
from tests.fake_at import post_delivery


@pytest.fixture
def sent(app, db):
    """A feedback whose acknowledgement SMS has been sent (fake gateway)."""
    item = make_feedback(channel="sms")
    Worker(app).drain()
    row = db.session.scalars(db.select(OutboundSms)).one()
    assert row.status == "sent"
    return item, row


def timeline(db, item):
    return db.session.scalars(
        db.select(Event).filter_by(feedback_id=item.id, type="sms_delivery")).all()


def current(db, row):
    db.session.expire_all()
    return db.session.get(OutboundSms, row.id)


def test_success_report_marks_delivered_once_however_often_it_comes(client, db, sent):
    item, row = sent
    for _ in range(3):
        assert post_delivery(client, row.provider_id, "Success").status_code == 200
    row = current(db, row)
    assert row.status == "delivered" and row.delivered_at is not None
    [event] = timeline(db, item)
    assert event.to_value == "delivered"


@pytest.mark.parametrize("status, reason", [
    ("Failed", "UserInBlacklist"), ("Rejected", "DeliveryFailure"),
    ("AbsentSubscriber", None), ("Expired", None),
])
def test_failure_report_marks_failed_with_the_reason(client, db, sent, status, reason):
    item, row = sent
    post_delivery(client, row.provider_id, status, reason)
    post_delivery(client, row.provider_id, status, reason)
    row = current(db, row)
    assert (row.status, row.last_error) == ("failed", reason or status)
    [event] = timeline(db, item)
    assert event.to_value == "failed" and (reason or status) in event.text


@pytest.mark.parametrize("status", ["Sent", "Submitted", "Buffered"])
def test_in_flight_reports_change_nothing(client, db, sent, status):
    item, row = sent
    post_delivery(client, row.provider_id, status)
    assert current(db, row).status == "sent"
    assert timeline(db, item) == []


def test_a_late_failure_does_not_undo_a_delivery(client, db, sent):
    item, row = sent
    post_delivery(client, row.provider_id, "Success")
    post_delivery(client, row.provider_id, "Failed", "AbsentSubscriber")
    assert current(db, row).status == "delivered"
    assert len(timeline(db, item)) == 1


def test_report_for_an_unknown_message_is_accepted_and_ignored(client, db):
    assert post_delivery(client, "ATXid_nobody", "Success").status_code == 200
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 0
