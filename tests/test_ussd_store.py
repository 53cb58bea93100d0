"""Where a USSD session's in-between state lives: the database (the default) or Redis. Both
stores must behave alike at the webhook; Redis keys expire, and the database keeps the
durable part (the session row linked to the feedback it filed) in either."""
import os
from datetime import date, datetime

import pytest
import redis
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from mrejesho.models import Feedback, UssdAbandonment, UssdSession
from tests.test_ussd_webhook import Caller
from ussd import sessions

REDIS_URL = os.environ.get("REDIS_URL")
STORES = ["database"] + (["redis"] if REDIS_URL else [])


@pytest.fixture(params=STORES)
def store(request, app):
    """The app with its USSD sessions in the store named by the parameter."""
    if request.param == "redis":
        prefix = f"test-store-{os.getpid()}:"
        app.config.update(USSD_SESSION_STORE=REDIS_URL, USSD_SESSION_PREFIX=prefix)
        client = redis.Redis.from_url(REDIS_URL)
        yield client
        for key in client.scan_iter(prefix + "*"):
            client.delete(key)
        client.close()
    else:
        app.config.update(USSD_SESSION_STORE="database")
        yield None


def test_a_whole_session_files_once_and_keeps_its_link_in_the_database(client, db, store):
    caller = Caller(client)
    done = caller.walk("1", "1", "tanesco", "Umeme umekatika Sinza tangu jana", "2", "1")
    assert done.startswith("END Asante!")
    assert caller.post() == done  # the gateway retried the last step
    [item] = db.session.scalars(db.select(Feedback)).all()
    assert item.source_key == f"ussd:{caller.session_id}"
    row = db.session.get(UssdSession, caller.session_id)
    assert row.feedback_id == item.id and row.last_screen == done


def test_steps_go_on_from_where_the_caller_was(client, db, store):
    caller = Caller(client)
    caller.walk("1", "1")
    step = sessions.load(caller.session_id)
    assert (step.last_text, step.state["screen"], step.phone) == ("1*1", "sector", caller.phone)
    if store is not None:
        key = f"{client.application.config['USSD_SESSION_PREFIX']}{caller.session_id}"
        assert 0 < store.ttl(key) <= sessions.TTL_SECONDS  # Redis forgets it by itself
        assert db.session.get(UssdSession, caller.session_id) is None  # nothing filed yet


def test_a_twin_first_step_answers_the_screen_the_first_one_stored(client, db, store):
    first, twin = Caller(client), Caller(client)
    twin.session_id = first.session_id
    home = first.dial()
    assert twin.dial() == home
    step = sessions.load(first.session_id)
    with pytest.raises((sessions.Raced, IntegrityError)):
        # Storing it again as a first step is refused in both stores.
        sessions.save(sessions.begin(first.session_id, first.phone, "*152*00#"),
                      text="", screen="CON other", state={})
        db.session.commit()
        sessions.publish(sessions.begin(first.session_id, first.phone, "*152*00#"))
    db.session.rollback()
    assert sessions.load(first.session_id).last_screen == step.last_screen == home


def test_the_end_notice_records_where_a_redis_session_stopped(client, db, store):
    caller = Caller(client)
    caller.walk("1", "1", "98")
    client.post("/ussd/events?token=test-token", data={
        "sessionId": caller.session_id, "status": "Incomplete", "hops": "4",
        "phoneNumber": caller.phone, "serviceCode": "*152*00#", "durationInMillis": "2000"})
    row = db.session.get(UssdSession, caller.session_id)
    assert (row.end_status, row.end_screen, row.phone) == ("Incomplete", "sector", caller.phone)


def end(client, caller: Caller, status: str):
    return client.post("/ussd/events?token=test-token", data={
        "sessionId": caller.session_id, "status": status, "phoneNumber": caller.phone,
        "serviceCode": "*152*00#", "hops": "3", "durationInMillis": "9000"})


def abandonment(db) -> dict:
    rows = db.session.execute(sa.select(UssdAbandonment.day, UssdAbandonment.screen,
                                        UssdAbandonment.sessions)).all()
    return {(day, screen): count for day, screen, count in rows}


def test_sessions_ended_without_feedback_are_counted_per_day_and_screen(client, db, store,
                                                                       clock):
    # 21:30 UTC is already the next day in Dar es Salaam.
    clock.set(datetime(2026, 3, 2, 21, 30))
    for values, status in ((("1", "1"), "Incomplete"), (("1", "1"), "Failed"),
                           (("1",), "Incomplete"), (("1", "1"), "Success"),
                           (("1", "1", "tanesco", "Umeme umekatika Sinza", "2", "1"),
                            "Incomplete")):  # filed: not abandoned, whatever the status
        caller = Caller(client)
        caller.walk(*values)
        assert end(client, caller, status).status_code == 200
    clock.set(datetime(2026, 3, 3, 20, 0))
    typing = Caller(client)
    typing.walk("1", "1", "tanesco")
    end(client, typing, "Incomplete")
    end(client, typing, "Incomplete")  # Africa's Talking retried its notice: counted once
    response = client.post("/ussd/events?token=test-token", data={
        "sessionId": "ATUid_never_reached_us", "status": "Failed"})
    assert response.status_code == 200

    assert abandonment(db) == {(date(2026, 3, 3), "sector"): 2, (date(2026, 3, 3), "kind"): 1,
                               (date(2026, 3, 3), "message"): 1, (date(2026, 3, 3), "none"): 1}
