"""Issue 12's fourteen findings, reproduced as the hostile test did: over HTTP, against
gunicorn serving wsgi:app in production mode (MREJESHO_ENV=production, secrets from the
environment, CSRF and rate limits on, one trusted proxy in front), on SQLite and PostgreSQL.
Each test is one row of the issue's table: its reproduction, then the answer the row's last
column asks for. The in-process tests (test_hostile_edges, test_rate_limits, ...) pin each
fix in detail; these show the deployed shape answers the same."""
from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import uuid

import pytest
import requests
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from mrejesho import references
from mrejesho.models import Feedback, InboundSms, OutboundSms
from mrejesho.testing.servers import ROOT, gunicorn
from tests.factories import STAFF_PASSWORD, make_feedback, make_staff

PROVIDER = "196.201.214.200"  # Africa's Talking, as the load balancer forwards it
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_clients = iter(range(1, 60_000))


@pytest.fixture(scope="module")
def production(backend, tmp_path_factory):
    """(base URL, webhook token) of gunicorn serving wsgi:app as production runs it."""
    _name, url, _settings = backend
    token = secrets.token_urlsafe(24)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MREJESHO_ENV": "production",
           "SECRET_KEY": secrets.token_hex(32), "WEBHOOK_TOKEN": token, "DATABASE_URL": url,
           "RATELIMIT_STORAGE_URI": "memory://", "TRUSTED_PROXY_HOPS": "1",
           "WEBHOOK_ALLOWED_IPS": PROVIDER, "SMS_GATEWAY": "console",
           "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads"))}
    # One worker: the memory:// counters are then the whole server's (Redis in production).
    with gunicorn("wsgi:app", env, workers=1, threads=4) as base_url:
        yield base_url, token


class Client:
    """One citizen or officer behind the load balancer: their own forwarded address, and
    cookies kept by hand (production cookies are Secure; the balancer speaks HTTPS to them)."""

    def __init__(self, base_url: str, address: str | None = None):
        n = next(_clients)
        self.base_url, self.cookies = base_url, {}
        self.address = address or f"41.59.{n // 250}.{n % 250 + 1}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        # Over HTTPS, Flask-WTF also checks that a form comes from a page of this site.
        headers = {"X-Forwarded-For": self.address, "X-Forwarded-Proto": "https",
                   "Referer": self.base_url.replace("http://", "https://") + path,
                   **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(method, self.base_url + path, headers=headers,
                                    allow_redirects=False, timeout=60, **kwargs)
        self.cookies.update(response.cookies.get_dict())
        return response

    def csrf(self, path: str) -> str:
        return CSRF.search(self.request("GET", path).text).group(1)

    def sign_in(self, email: str, password: str = STAFF_PASSWORD) -> requests.Response:
        return self.request("POST", "/staff/login", data={
            "csrf_token": self.csrf("/staff/login"), "email": email, "password": password})


def webhook(production, path: str, data, address: str = PROVIDER, **kwargs):
    base_url, token = production
    return Client(base_url, address).request("POST", f"{path}?token={token}", data=data,
                                              **kwargs)


def sms(phone: str, text: str = "LALAMIKO TANESCO umeme umekatika Sinza", **fields) -> dict:
    return {"from": phone, "to": "15200", "text": text, "date": "2026-11-25 09:15:00",
            "id": f"ATXid_{uuid.uuid4().hex}", "linkId": uuid.uuid4().hex[:12],
            "networkCode": "64002", **fields}


def stored(db, phone: str) -> list[InboundSms]:
    db.session.expire_all()
    return db.session.scalars(db.select(InboundSms).filter_by(sender=phone)).all()


def replies(db, phone: str) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count(OutboundSms.id)).filter_by(to=phone))


def test_1_limits_count_per_real_client_behind_the_proxy(production, db):
    base_url, _token = production
    first = Client(base_url)
    token = first.csrf("/submit")
    # An empty form (422) counts against the limit like a full one and stores nothing.
    codes = [Client(base_url, f"41.60.0.{n + 1}").request(
        "POST", "/submit", data={"csrf_token": token},
        headers={"Cookie": f"session={first.cookies['session']}"}).status_code
        for n in range(45)]
    assert set(codes) == {422}
    own = [first.request("POST", "/submit", data={"csrf_token": token}).status_code
           for _ in range(21)]
    assert own[:20] == [422] * 20 and own[20] == 429
    # The webhook allow-list is checked on the real address, not the proxy's.
    assert webhook(production, "/sms/inbound", sms("+255713000001")).status_code == 200
    assert webhook(production, "/sms/inbound", sms("+255713000001"),
                   address="41.60.9.9").status_code == 403


def test_2_no_public_secret_gives_a_session(production, db):
    base_url, _token = production
    admin = make_staff(role="admin")
    old_key = Flask("forger")
    old_key.secret_key = "dev-only-not-secret"
    forged = SecureCookieSessionInterface().get_signing_serializer(old_key).dumps(
        {"_user_id": admin.get_id(), "_fresh": True})
    visitor = Client(base_url)
    visitor.cookies["session"] = forged
    response = visitor.request("GET", "/staff/users")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


@pytest.mark.parametrize("env", [{"SECRET_KEY": ""}, {"WEBHOOK_TOKEN": ""},
                                 {"MREJESHO_ENV": "prod"}])
def test_2_production_without_its_secrets_or_a_known_environment_refuses_to_start(env):
    variables = {**os.environ, "PYTHONPATH": str(ROOT), "MREJESHO_ENV": "production",
                 "SECRET_KEY": "s" * 64, "WEBHOOK_TOKEN": "t" * 32, **env}
    started = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=variables,
                             capture_output=True, text=True, timeout=60)
    assert started.returncode != 0
    assert "MREJESHO_ENV" in started.stderr


@pytest.mark.parametrize("field", ["id", "to", "linkId", "networkCode", "date"])
def test_3_a_nul_byte_in_any_sms_field_is_stored_and_answered(production, db, field):
    phone = f"+2557130001{len(field):02d}"
    message = sms(phone)
    message[field] = message[field][:4] + "\x00" + message[field][4:]
    assert webhook(production, "/sms/inbound", message).status_code == 200
    assert len(stored(db, phone)) == 1


def test_3_nul_bytes_and_long_values_on_the_web_and_webhooks_are_never_a_500(production, db):
    base_url, _token = production
    citizen = Client(base_url)
    token = citizen.csrf("/submit")
    form = {"csrf_token": token, "kind": "complaint", "institution": "TANESCO",
            "body": "Umeme \x00 umekatika Sinza tangu jana.", "name": "Amina\x00 Juma"}
    assert citizen.request("POST", "/submit", data=form).status_code in (302, 303)
    [item] = db.session.scalars(db.select(Feedback)).all()
    assert "\x00" not in item.body + (item.citizen_name or "")
    long_email = {**form, "email": "a" * 189 + "@mfano.go.tz"}  # 201 characters
    assert citizen.request("POST", "/submit", data=long_email).status_code == 422
    officer = Client(base_url)
    assert officer.request("POST", "/staff/login", data={
        "csrf_token": officer.csrf("/staff/login"), "email": "a\x00b",
        "password": "x"}).status_code == 401  # a failed sign-in, said on the form
    officer.sign_in(make_staff().email)
    assert officer.request("GET", "/staff/?q=%00").status_code == 200
    assert webhook(production, "/ussd/events", {"sessionId": "ATUid_nul", "status": "\x00",
                                                "phoneNumber": "+255713000200"}).status_code == 200
    assert webhook(production, "/sms/delivery", {"id": "x\x00", "status": "Success",
                                                 "phoneNumber": "+255713000200"}).status_code == 200


def test_4_guessing_references_meets_a_limit(production, db):
    base_url, _token = production
    guesser = Client(base_url)
    codes = set()
    for n in range(300):
        digits = f"{700_000_000 + n * 7919:09d}"
        codes.add(guesser.request("GET", f"/track/{digits}{references.check_digit(digits)}")
                  .status_code)
        if 429 in codes:
            break
    assert codes == {404, 429}


def test_5_pages_carry_the_security_headers(production):
    base_url, _token = production
    headers = Client(base_url).request("GET", "/staff/login").headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=")  # HTTPS at the proxy


def test_6_overflowing_numbers_and_dates_are_client_errors(production, db):
    base_url, _token = production
    for hops in ("inf", "1e400", "9" * 23):
        assert webhook(production, "/ussd/events", {
            "sessionId": f"ATUid_{hops[:5]}", "status": "Success", "hops": hops,
            "phoneNumber": "+255713000300"}).status_code == 200
    officer = Client(base_url)
    officer.sign_in(make_staff().email)
    assert officer.request("GET", "/staff/feedback/" + "9" * 23).status_code == 404
    for query in ("from=0001-01-01", "to=9999-12-31", "after=" + "9" * 400):
        assert officer.request("GET", f"/staff/?{query}").status_code in (200, 400, 422)
    item = make_feedback(channel="web")
    answer = officer.request("POST", f"/staff/feedback/{item.id}/assign", data={
        "csrf_token": officer.csrf(f"/staff/feedback/{item.id}"), "assignee": "9" * 5000,
        "version": item.version})
    assert 400 <= answer.status_code < 500 or answer.status_code in (302, 303)


def test_7_a_million_stars_on_a_new_ussd_session_is_refused(production, db):
    answer = webhook(production, "/ussd", {"sessionId": "ATUid_stars", "serviceCode": "*152*00#",
                                           "phoneNumber": "+255713000400", "text": "*" * 10**6})
    assert answer.status_code == 400 and answer.text.startswith("END ")


def test_8_a_cookie_saved_before_logout_is_refused_after_it(production, db):
    base_url, _token = production
    officer = Client(base_url)
    assert officer.sign_in(make_staff().email).status_code == 302
    saved = dict(officer.cookies)
    assert officer.request("GET", "/staff/").status_code == 200
    officer.request("POST", "/staff/logout", data={"csrf_token": officer.csrf("/staff/")})
    replay = Client(base_url, officer.address)
    replay.cookies = saved
    answer = replay.request("GET", "/staff/")
    assert answer.status_code == 302 and "/staff/login" in answer.headers["Location"]


def test_9_language_links_on_a_404_page_stay_on_this_site(production):
    base_url, _token = production
    page = Client(base_url).request("GET", "/%5Cevil.example/")
    assert page.status_code == 404
    links = re.findall(r'href="([^"]*)"', page.text)
    assert links and not [link for link in links if "evil" in link or link.startswith("//")]


def test_10_invalid_utf8_in_an_sms_is_stored_with_replacement(production, db):
    base_url, token = production
    body = ("from=%2B255713000500&to=15200&id=ATXid_live_utf8&text=LALAMIKO TANESCO "
            "umeme \xff\xfe umekatika").encode("latin-1")
    answer = Client(base_url, PROVIDER).request(
        "POST", f"/sms/inbound?token={token}", data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 200
    [row] = stored(db, "+255713000500")
    assert "\ufffd" in row.text


def test_11_huge_fields_get_clear_errors_and_a_huge_sms_is_stored_cut(production, db):
    base_url, _token = production
    citizen = Client(base_url)
    answer = citizen.request("POST", "/submit", data={
        "csrf_token": citizen.csrf("/submit"), "kind": "complaint", "institution": "TANESCO",
        "body": "Umeme umekatika Sinza.", "email": "a" * (3 * 2**20) + "@mfano.go.tz"})
    assert answer.status_code == 422 and 'id="email-error"' in answer.text
    assert webhook(production, "/sms/inbound",
                   sms("+255713000600", "LALAMIKO TANESCO " + "a" * (5 * 2**20))).status_code == 200
    [row] = stored(db, "+255713000600")
    assert 0 < len(row.text) < 2**20


def test_12_failures_lock_the_account_only_for_the_client_that_made_them(production, db):
    base_url, _token = production
    email = make_staff().email
    attacker = Client(base_url)
    for _ in range(6):
        attacker.sign_in(email, "si-sahihi")
    assert attacker.sign_in(email).status_code in (401, 429)  # locked here, right password too
    assert Client(base_url).sign_in(email).status_code == 302  # the officer elsewhere is not


def test_13_the_simulator_is_off_in_production(production):
    base_url, _token = production
    answer = Client(base_url).request("GET", "/simulator/messages?phone=%2B255713000700")
    assert answer.status_code == 404


def test_14_a_sender_gets_at_most_ten_replies_an_hour_and_short_codes_none(production, db):
    for n in range(15):
        webhook(production, "/sms/inbound", sms("+255713000800", f"HALI {n}"))
    assert len(stored(db, "+255713000800")) == 15
    assert replies(db, "+255713000800") == 10
    webhook(production, "/sms/inbound", sms("MPESA", "Umepokea TSh 5,000"))
    assert len(stored(db, "MPESA")) == 1 and replies(db, "MPESA") == 0
