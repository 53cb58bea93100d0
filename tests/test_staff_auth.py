"""Staff sign-in: lock-out, no account enumeration, logout, password change, idle expiry."""
from datetime import timedelta

import pytest

from mrejesho.models import StaffUser
from mrejesho.staff import accounts
from mrejesho.timeutil import utcnow
from tests.factories import STAFF_PASSWORD, make_staff


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


def test_five_failures_lock_the_account_for_fifteen_minutes(client, db):
    user = make_staff()
    for _ in range(accounts.MAX_FAILURES):
        assert login(client, user.email, "wrong").status_code == 401
    locked = login(client, user.email)  # even the right password is refused now
    assert locked.status_code == 401
    db.session.refresh(user)
    assert user.locked_until > utcnow() + timedelta(minutes=accounts.LOCK_MINUTES - 1)
    user.locked_until = utcnow() - timedelta(seconds=1)  # the quarter of an hour has passed
    db.session.commit()
    assert login(client, user.email).status_code == 302
    db.session.refresh(user)
    assert user.failed_logins == 0 and user.locked_until is None


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
