"""Incoming SMS: a per-sender throttle and loop guard (issue 12 #14). Every message is stored;
at most SMS_REPLIES_PER_HOUR from one sender are carried out and answered, the rest flagged."""
from __future__ import annotations

import pytest

from mrejesho.models import Feedback, InboundSms
from sms import throttle
from tests.fake_at import CITIZEN, post_inbound

OTHER = "+255754000111"


def rows(db, sender=None):
    query = db.select(InboundSms).order_by(InboundSms.id)
    if sender:
        query = query.where(InboundSms.sender == sender)
    db.session.expire_all()
    return db.session.scalars(query).all()


def test_a_sender_gets_at_most_n_answers_an_hour_the_rest_stored_and_flagged(
        app, client, db, sms_sent):
    app.config["SMS_REPLIES_PER_HOUR"] = 3
    for _ in range(8):
        assert post_inbound(client, "MSAADA").status_code == 200
    assert len(sms_sent(to=CITIZEN)) == 3
    stored = rows(db, CITIZEN)
    assert len(stored) == 8  # nothing dropped
    assert [row.outcome for row in stored] == ["help"] * 3 + [throttle.THROTTLED] * 5
    assert all(row.processed_at is not None for row in stored)
    # Another citizen is not affected.
    assert post_inbound(client, "MSAADA", sender=OTHER).status_code == 200
    assert len(sms_sent(to=OTHER)) == 1


def test_an_auto_responder_loop_stops_at_the_limit_and_files_nothing_more(
        app, client, db, sms_sent):
    app.config["SMS_REPLIES_PER_HOUR"] = 2
    for n in range(50):
        post_inbound(client, f"LALAMIKO TANESCO Asante kwa ujumbe wako namba {n}")
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 2
    assert len(sms_sent(to=CITIZEN)) == 2
    assert len(rows(db, CITIZEN)) == 50


def test_a_retried_delivery_of_a_stored_message_is_not_counted_again(
        app, client, db, sms_sent):
    app.config["SMS_REPLIES_PER_HOUR"] = 2
    for _ in range(5):
        post_inbound(client, "MSAADA", msg_id="ATXid_same")
    post_inbound(client, "MSAADA")
    assert [row.outcome for row in rows(db)] == ["help", "help"]


@pytest.mark.parametrize("sender", ["15200", "TANESCO", "M-PESA", "100", "AirtelMoney"])
def test_short_codes_and_sender_names_are_never_answered(client, db, sms_sent, sender):
    for _ in range(3):
        assert post_inbound(client, "MSAADA", sender=sender).status_code == 200
    assert sms_sent() == []
    assert len(rows(db, sender)) == 3


def test_the_default_limit_is_ten_and_a_wrong_setting_falls_back_to_it(app):
    assert throttle.per_hour() == 10
    app.config["SMS_REPLIES_PER_HOUR"] = "many"
    assert throttle.per_hour() == 10
    app.config["SMS_REPLIES_PER_HOUR"] = "25"
    assert throttle.per_hour() == 25
