"""USSD sessions in the database: shared by app instances, ended by notices, purged."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from mrejesho import create_app
from mrejesho.extensions import db as _db
from mrejesho.models import Feedback, UssdSession
from mrejesho.timeutil import utcnow
from tests.test_ussd_webhook import Caller
from ussd import catalog, sessions


@pytest.fixture(autouse=True)
def fresh_catalog(app):
    catalog.clear()
    yield
    catalog.clear()


@pytest.fixture
def second_app(backend):
    """Another app instance on the same database, as behind a load balancer."""
    _name, _url, settings = backend
    other = create_app(dict(settings))
    yield other
    with other.app_context():
        _db.engine.dispose()


def end_notice(client, session_id, **fields):
    data = {"sessionId": session_id, "serviceCode": "*152*00#", "networkCode": "64002",
            "phoneNumber": "+255712345678", "date": "2026-11-23 10:00:00", "cost": "TZS 0.00",
            **fields}
    return client.post("/ussd/events?token=test-token", data=data)


def test_steps_alternating_between_two_instances_make_one_session(client, second_app, db):
    other = second_app.test_client()
    caller = Caller(client)
    caller.dial()
    assert caller.send("1", client=other).startswith("CON Chagua aina:")
    assert caller.send("1").startswith("CON Sekta")
    assert caller.send("DAWASA", client=other).startswith("CON Andika ujumbe wako kwa DAWASA")
    assert caller.send("Bomba limepasuka * Mbezi").startswith("CON Ficha namba yako?")
    assert caller.send("2", client=other).startswith("CON Tuma lalamiko")
    done = caller.send("1", client=other)
    assert caller.post(client) == done  # the gateway retries on the other instance
    [item] = db.session.scalars(db.select(Feedback)).all()
    assert item.body == "Bomba limepasuka * Mbezi" and item.reference in done.replace(" ", "")


def test_racing_retries_of_the_final_step_file_one_feedback(app, backend, db):
    caller = Caller(app.test_client())
    caller.walk("1", "1", "TANESCO", "Nguzo imeanguka barabarani", "2")
    caller.text += "*1"
    screens, barrier = [], threading.Barrier(4)

    def confirm():
        barrier.wait()
        screens.append(caller.post(app.test_client()))

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    items = db.session.scalars(db.select(Feedback)).all()
    assert len(items) == 1
    assert len(screens) == 4 and all(s.startswith("END Asante!") for s in screens)
    assert all(items[0].reference[:3] in s for s in screens)


def test_end_notice_records_status_hops_duration_and_screen(client, db):
    caller = Caller(client)
    caller.walk("1", "1", "98")
    response = end_notice(client, caller.session_id, status="Incomplete", input="98", hops="4",
                          durationInMillis="28005", errorMessage="")
    assert response.status_code == 200
    row = db.session.get(UssdSession, caller.session_id)
    db.session.refresh(row)
    assert (row.end_status, row.hops, row.duration_ms, row.end_screen) == (
        "Incomplete", 4, 28005, "sector")


def test_end_notice_for_an_unseen_session_is_still_recorded(client, db):
    response = end_notice(client, "ATUid_never_seen", status="Failed", hops="x",
                          errorMessage="timeout")
    assert response.status_code == 200
    row = db.session.get(UssdSession, "ATUid_never_seen")
    assert (row.end_status, row.hops, row.end_screen) == ("Failed", None, None)


def test_end_notice_needs_token_and_session_id(client):
    assert client.post("/ussd/events", data={"sessionId": "a"}).status_code == 403
    assert end_notice(client, "").status_code == 400


def test_abandoned_sessions_are_counted_by_the_screen_they_stopped_at(client, db):
    for values, status in ((("1", "1"), "Incomplete"), (("1", "1", "2"), "Incomplete"),
                           (("1",), "Failed"), (("1", "1"), "Success"), (("2",), "Incomplete")):
        caller = Caller(client)
        caller.walk(*values)
        end_notice(client, caller.session_id, status=status)
    assert sessions.abandoned_by_screen() == {"sector": 1, "institution": 1, "kind": 1,
                                              "track": 1}


def test_purge_deletes_only_sessions_idle_longer_than_asked(client, runner, db):
    old, recent = Caller(client), Caller(client)
    old.walk("1", "1")
    recent.walk("1")
    end_notice(client, old.session_id, status="Incomplete")
    end_notice(client, recent.session_id, status="Incomplete")  # a row in either store
    db.session.get(UssdSession, old.session_id).updated_at = utcnow() - timedelta(minutes=11)
    db.session.commit()

    result = runner.invoke(args=["purge-sessions", "--older-than", "600"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 USSD sessions" in result.output and "abandoned at sector: 1" in result.output
    db.session.expire_all()
    assert db.session.get(UssdSession, old.session_id) is None
    assert db.session.get(UssdSession, recent.session_id) is not None


def test_purge_refuses_a_negative_age(runner):
    result = runner.invoke(args=["purge-sessions", "--older-than", "-5"])
    assert result.exit_code != 0


def test_catalog_is_kept_until_the_institutions_change(app, db):
    from mrejesho.models import Institution

    first = catalog.current()
    assert catalog.current() is first  # cached: no database work on the hot path
    db.session.scalar(db.select(Institution).filter_by(code="TANESCO")).active = False
    db.session.commit()
    assert catalog.current().find("TANESCO") is None  # the change shows at once


def test_racing_end_notices_of_one_session_count_it_once(app, client, db):
    from mrejesho.models import UssdAbandonment

    caller = Caller(client)
    caller.walk("1", "1")
    barrier, codes = threading.Barrier(4), []

    def notice():
        barrier.wait()
        codes.append(end_notice(app.test_client(), caller.session_id,
                                status="Incomplete").status_code)

    threads = [threading.Thread(target=notice) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert codes == [200] * 4
    counted = db.session.scalars(db.select(UssdAbandonment)).all()
    assert [(row.screen, row.sessions) for row in counted] == [("sector", 1)]
