"""Staff sign-in: lock-out, no account enumeration, logout, password change, idle expiry."""
import logging
import os
import uuid
from datetime import timedelta

import pytest

from mrejesho import create_app
from mrejesho.extensions import db as _db
from mrejesho.models import StaffUser
from mrejesho.staff import accounts
from mrejesho.timeutil import utcnow
from tests.factories import STAFF_PASSWORD, make_staff

REDIS_URL = os.environ.get("REDIS_URL")


def login(client, email, password=STAFF_PASSWORD, **kwargs):
    return client.post("/staff/login", data={"email": email, "password": password}, **kwargs)


def test_staff_pages_send_a_visitor_to_sign_in(client):
    response = client.get("/staff/dashboard")
    assert response.status_code == 302
    assert "/staff/login?next=/staff/dashboard" in response.headers["Location"]


def test_sign_in_lands_on_the_queue_and_follows_a_safe_next(client, db):
    user = make_staff()
    response = login(client, user.email)
    assert response.headers["Location"].endswith("/staff/")
    client.post("/staff/logout")
    response = client.post("/staff/login?next=/staff/dashboard",
                           data={"email": user.email.upper(), "password": STAFF_PASSWORD})
    assert response.headers["Location"].endswith("/staff/dashboard")
    assert db.session.get(StaffUser, user.id).last_login_at is not None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/staff/",
                                    "/public", "/\\evil.example"])
def test_sign_in_never_redirects_outside_the_staff_area(client, target):
    user = make_staff()
    response = client.post("/staff/login", query_string={"next": target},
                           data={"email": user.email, "password": STAFF_PASSWORD})
    assert response.headers["Location"].endswith("/staff/")


def test_wrong_password_and_unknown_email_get_the_same_answer(client):
    make_staff()
    wrong = login(client, "officer.tanesco@example.go.tz", "wrong password")
    unknown = login(client, "nobody@example.go.tz", "wrong password")
    assert wrong.status_code == unknown.status_code == 401
    # The pages differ only in the address typed back into the field.
    assert wrong.data.replace(b"officer.tanesco", b"nobody") == unknown.data
    assert b"Barua pepe au nenosiri si sahihi" in wrong.data


def from_address(app, address):
    """A browser at another client address."""
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    return browser


def test_five_failures_lock_the_account_for_that_client_only(app, db):
    user = make_staff()
    stranger, desk = from_address(app, "203.0.113.9"), from_address(app, "10.0.0.5")
    for _ in range(accounts.MAX_FAILURES):
        assert login(stranger, user.email, "wrong").status_code == 401
    assert login(stranger, user.email).status_code == 401  # even the right password now
    # The officer at their own desk is not locked out by the stranger's guesses.
    assert login(desk, user.email).status_code == 302
    assert accounts.is_locked(user.email, "203.0.113.9")
    assert not accounts.is_locked(user.email, "10.0.0.5")
    db.session.refresh(user)
    assert user.locked_until > utcnow() + timedelta(minutes=accounts.LOCK_MINUTES - 1)


def test_unknown_addresses_lock_the_same_way(app):
    stranger = from_address(app, "203.0.113.10")
    for _ in range(accounts.MAX_FAILURES):
        login(stranger, "nobody@example.go.tz", "guess")
    assert accounts.is_locked("NOBODY@example.go.tz ", "203.0.113.10")


def test_a_success_forgets_the_earlier_failures_of_that_client(app):
    user = make_staff()
    browser = from_address(app, "10.0.0.6")
    for _ in range(accounts.MAX_FAILURES - 1):
        login(browser, user.email, "wrong")
    assert login(browser, user.email).status_code == 302
    browser.post("/staff/logout")
    for _ in range(accounts.MAX_FAILURES - 1):
        login(browser, user.email, "wrong")
    assert login(browser, user.email).status_code == 302


def test_an_admin_unlocks_the_account_and_both_are_logged(app, db, caplog, monkeypatch):
    # Alembic's logging set-up (migrations/env.py, run in this process by the test session's
    # migration) disables the loggers that existed before it; a server never migrates itself.
    monkeypatch.setattr(app.logger, "disabled", False)
    user = make_staff()
    admin = make_staff("DAWATI", role="admin")
    stranger, office = from_address(app, "203.0.113.11"), app.test_client()
    with caplog.at_level(logging.WARNING):
        for _ in range(accounts.MAX_FAILURES):
            login(stranger, user.email, "wrong")
        assert login(stranger, user.email).status_code == 401
        assert login(office, admin.email).status_code == 302
        page = office.get(f"/staff/users/{user.id}?lang=en").get_data(as_text=True)
        assert "Locked out after repeated failed sign-ins" in page and "Unlock" in page
        response = office.post(f"/staff/users/{user.id}/unlock?lang=en")
        assert response.status_code == 302
        assert b"unlocked" in office.get(response.headers["Location"]).data
    assert login(stranger, user.email).status_code == 302
    db.session.refresh(user)
    assert user.locked_until is None
    lines = [r.getMessage() for r in caplog.records]
    assert any(line.startswith("staff lock-out") and user.email in line
               and "203.0.113.11" in line for line in lines)
    assert any(line.startswith("staff unlock") and admin.email in line for line in lines)
    page = office.get(f"/staff/users/{user.id}?lang=en").get_data(as_text=True)
    assert "Unlock" not in page


def test_unlock_needs_a_manager_of_that_account(app, db, client, staff_login):
    target = make_staff("TRA")
    staff_login(make_staff())  # an officer of TANESCO
    assert client.post(f"/staff/users/{target.id}/unlock").status_code in (403, 404)


@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL")
def test_the_lock_out_is_shared_by_every_process_through_redis(app, backend, db):
    """Two app instances (two processes or hosts) with the limiter's storage in Redis see
    one count; the client address is unique to this run, so nothing outlives it."""
    _name, _url, settings = backend
    user = make_staff()
    address = f"198.51.100.{uuid.uuid4().int % 250}-{uuid.uuid4().hex}"
    first, second = (create_app({**settings, "RATELIMIT_STORAGE_URI": REDIS_URL})
                     for _ in range(2))
    try:
        for number in range(accounts.MAX_FAILURES):
            web = first if number % 2 else second
            login(from_address(web, address), user.email, "x")
        assert login(from_address(first, address), user.email).status_code == 401
    finally:
        for instance in (first, second):
            with instance.app_context():
                _db.engine.dispose()


def test_a_deactivated_account_cannot_sign_in_or_keep_its_session(client, db, staff_login):
    user = staff_login(make_staff())
    assert client.get("/staff/").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get("/staff/").status_code == 302
    assert login(client, user.email).status_code == 401


def test_empty_fields_are_shown_beside_the_form_in_english(client):
    response = client.post("/staff/login?lang=en", data={"email": "", "password": ""})
    assert response.status_code == 422
    assert b"This field is required." in response.data


def test_logout_needs_a_post_and_ends_the_session(client, staff_login):
    staff_login(make_staff())
    assert client.get("/staff/logout").status_code == 405
    assert client.post("/staff/logout").status_code == 302
    assert client.get("/staff/").status_code == 302


def test_a_cookie_saved_before_logout_is_refused_afterwards(app, client, staff_login):
    staff_login(make_staff())
    assert client.get("/staff/").status_code == 200
    saved = client.get_cookie("session").value
    assert client.post("/staff/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", saved)
    response = thief.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_password_change_ends_other_sessions_but_keeps_this_one(app, db):
    user = make_staff()
    laptop, phone = app.test_client(), app.test_client()
    for browser in (laptop, phone):
            assert login(browser, user.email).status_code == 302
    response = laptop.post("/staff/password", data={
        "current": STAFF_PASSWORD, "new": "a new long passphrase",
        "confirm": "a new long passphrase"})
    assert response.status_code == 302
    assert laptop.get("/staff/").status_code == 200
    assert phone.get("/staff/").status_code == 302
    assert login(phone, user.email, "a new long passphrase").status_code == 302


@pytest.mark.parametrize("data, message", [
    ({"current": "wrong", "new": "long enough pass", "confirm": "long enough pass"},
     b"The current password is wrong."),
    ({"current": STAFF_PASSWORD, "new": "short", "confirm": "short"}, b"at least 10 characters"),
    ({"current": STAFF_PASSWORD, "new": "long enough pass", "confirm": "different pass"},
     b"The two passwords differ."),
])
def test_password_change_explains_what_is_wrong(client, staff_login, data, message):
    staff_login(make_staff())
    response = client.post("/staff/password?lang=en", data=data)
    assert response.status_code == 422
    assert message in response.data


def test_session_expires_after_the_configured_idle_time(app, client, staff_login):
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=60)
    staff_login(make_staff())
    assert client.get("/staff/").status_code == 200
    cookie = client.get_cookie("session")
    assert cookie.expires is not None
    assert cookie.expires - utcnow().replace(tzinfo=cookie.expires.tzinfo) < timedelta(seconds=61)


def test_language_chosen_in_the_header_is_remembered_for_the_next_sign_in(app, db, staff_login,
                                                                          client):
    user = staff_login(make_staff())
    client.get("/staff/?lang=en")
    assert db.session.get(StaffUser, user.id).language == "en"
    fresh = app.test_client()
    login(fresh, user.email)
    assert b"Sign out" in fresh.get("/staff/").data
