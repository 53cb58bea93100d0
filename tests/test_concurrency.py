"""Races through the real entry points: 20 requests at once against the app under gunicorn
(2 workers x 4 threads, as deployed), on SQLite and on PostgreSQL.

Of 20 simultaneous resolves, transfers or ratings of one feedback exactly one applies, with
one event and one SMS, and every other caller is told why; 20 simultaneous first steps of
one USSD session all get the home screen and leave one session.
"""
from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
import requests

from mrejesho import feedback as core
from mrejesho.models import Event, Feedback, InboundSms, Institution, OutboundSms, UssdSession
from tests.factories import STAFF_PASSWORD, make_staff, submission
from ussd import sessions

CALLERS = 20
TOKEN = "test-token"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')


@pytest.fixture
def live(backend, app, db):
    """The real app under gunicorn on this test's database; yields its base URL."""
    from mrejesho.testing.servers import serve_app

    _name, _url, settings = backend
    # CSRF on, as in production: each officer's browser posts the token its page carried.
    # The races here send up to 20 SMS from one phone at once: the per-sender throttle
    # (tests/test_sms_throttle.py) would answer only the first ten of them.
    with serve_app({**settings, "WTF_CSRF_ENABLED": True,
                    "SMS_REPLIES_PER_HOUR": 1000}) as base_url:
        yield base_url


def all_at_once(calls) -> list:
    """Run each call in its own thread, released together; their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def officer_session(base_url: str, email: str) -> requests.Session:
    """A browser session signed in as this officer through the real login form."""
    browser = requests.Session()
    page = browser.get(f"{base_url}/staff/login")
    response = browser.post(f"{base_url}/staff/login", allow_redirects=False, data={
        "email": email, "password": STAFF_PASSWORD,
        "csrf_token": CSRF.search(page.text).group(1)})
    assert response.status_code in (302, 303), response.text[:300]
    return browser


def case_form(browser: requests.Session, base_url: str, item_id: int) -> dict:
    """The CSRF token and the version the case page shows this officer."""
    page = browser.get(f"{base_url}/staff/feedback/{item_id}")
    assert page.status_code == 200
    return {"csrf_token": CSRF.search(page.text).group(1),
            "version": VERSION.search(page.text).group(1)}


def officers(count: int) -> list[str]:
    emails = [f"officer{n}@tanesco.go.tz" for n in range(count)]
    for email in emails:
        make_staff(email=email, name=email.split("@")[0])
    return emails


def case_in_progress(db, **overrides) -> Feedback:
    item = core.submit(submission(**overrides), channel="web")
    core.set_status(item, None, "in_progress")
    db.session.commit()
    return item


def count(db, model, **filters) -> int:
    db.session.rollback()  # a fresh look at what the server committed
    return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**filters))


def prepared_officers(base_url: str, item_id: int, count_: int):
    sessions = [officer_session(base_url, email) for email in officers(4)]
    browsers = [sessions[n % len(sessions)] for n in range(count_)]
    return [(browser, case_form(browser, base_url, item_id)) for browser in browsers]


def test_twenty_officers_resolving_at_once_resolve_once(live, db):
    item = case_in_progress(db)
    prepared = prepared_officers(live, item.id, CALLERS)
    url = f"{live}/staff/feedback/{item.id}/status"
    responses = all_at_once([
        (lambda b=browser, f=form: b.post(url, allow_redirects=False, data={
            **f, "status": "resolved", "message": "Umeme umerudi."}))
        for browser, form in prepared
    ])
    codes = sorted(response.status_code for response in responses)
    assert codes.count(302) + codes.count(303) == 1, codes
    losers = [response for response in responses if response.status_code not in (302, 303)]
    assert all(response.status_code == 409 for response in losers), codes
    assert all("mtu mwingine" in response.text for response in losers)  # in Swahili
    assert count(db, Event, feedback_id=item.id, type="status", to_value="resolved") == 1
    resolved_sms = db.session.scalars(db.select(OutboundSms.text).filter_by(
        feedback_id=item.id)).all()
    assert sum("Imetatuliwa" in text for text in resolved_sms) == 1


def test_twenty_transfers_at_once_transfer_once(live, db):
    item = case_in_progress(db)
    prepared = prepared_officers(live, item.id, CALLERS)
    url = f"{live}/staff/feedback/{item.id}/transfer"
    targets = ["TRA", "DAWASA"]
    responses = all_at_once([
        (lambda b=browser, f=form, n=n: b.post(url, allow_redirects=False, data={
            **f, "institution": targets[n % 2], "reason": "Si suala letu."}))
        for n, (browser, form) in enumerate(prepared)
    ])
    codes = [response.status_code for response in responses]
    assert sum(code in (302, 303) for code in codes) == 1, codes
    losers = [response for response in responses if response.status_code not in (302, 303)]
    # Each loser is told: the case changed (409), and where it went once it left their queue.
    assert all(response.status_code == 409 for response in losers), codes
    assert all("mtu mwingine" in response.text for response in losers)
    assert count(db, Event, feedback_id=item.id, type="transferred") == 1
    assert count(db, OutboundSms, feedback_id=item.id) == 2  # the receipt and one transfer
    moved_to = db.session.get(Feedback, item.id).institution.code
    assert moved_to in targets


def test_twenty_sms_ratings_at_once_rate_once(live, db):
    item = case_in_progress(db)
    core.set_status(item, None, "resolved", "Tayari.")
    db.session.commit()
    phone = item.citizen_phone
    url = f"{live}/sms/inbound?token={TOKEN}"
    responses = all_at_once([
        (lambda n=n: requests.post(url, data={
            "from": phone, "to": "15200", "text": str(n % 5 + 1), "id": f"ATXrate{n}",
            "date": "2026-11-25 10:00:00"}))
        for n in range(CALLERS)
    ])
    assert [response.status_code for response in responses] == [200] * CALLERS
    assert count(db, InboundSms) == CALLERS
    assert count(db, Event, feedback_id=item.id, type="rated") == 1
    texts = db.session.scalars(db.select(OutboundSms.text).filter_by(to=phone)).all()
    assert sum("Asante kwa alama" in text for text in texts) == 1
    assert sum("Alama imeshatolewa" in text for text in texts) == CALLERS - 1
    rated = db.session.get(Feedback, item.id)
    rated_event = db.session.scalar(db.select(Event).filter_by(feedback_id=item.id, type="rated"))
    assert str(rated.rating) == rated_event.to_value


def test_twenty_first_ussd_steps_at_once_all_see_home(live, db):
    url = f"{live}/ussd?token={TOKEN}"
    form = {"sessionId": "ATUid_race", "serviceCode": "*152*00#",
            "phoneNumber": "+255712345678", "networkCode": "62002", "text": ""}
    responses = all_at_once([
        (lambda: requests.post(url, data=urlencode(form), headers={
            "Content-Type": "application/x-www-form-urlencoded"}))
        for _ in range(CALLERS)
    ])
    screens = {response.text for response in responses}
    assert [response.status_code for response in responses] == [200] * CALLERS
    assert len(screens) == 1 and screens.pop().startswith("CON Karibu e-Mrejesho")
    assert sessions.load("ATUid_race").last_screen.startswith("CON Karibu e-Mrejesho")
    assert count(db, UssdSession, session_id="ATUid_race") == (
        1 if sessions.store_name() == "database" else 0)  # Redis: a row once it files or ends


def test_institution_targets_exist(db):
    codes = set(db.session.scalars(db.select(Institution.code)))
    assert {"TANESCO", "TRA", "DAWASA"} <= codes
