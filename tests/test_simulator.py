"""The phone simulator page: where it is on, who may use it, what it carries (never the
webhook token), the relay to the real webhooks, and the inbox it shows."""
from __future__ import annotations

import json
import re

import pytest

from mrejesho import create_app
from mrejesho.extensions import db as _db
from mrejesho.models import InboundSms
from mrejesho.notify import queue_sms
from tests.factories import STAFF_PASSWORD, make_feedback, make_staff


def page_settings(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="sim-settings">(.*?)</script>',
                      html, re.S)
    return json.loads(found.group(1))


@pytest.fixture
def officer(staff_login):
    return staff_login(make_staff())


def test_page_shows_the_phone_in_swahili_without_the_webhook_token(client, officer):
    response = client.get("/simulator")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kiigizo cha simu" in html and "*152*00#" in html
    settings = page_settings(html)
    assert settings["serviceCode"] == "*152*00#" and "token" not in settings
    assert "test-token" not in html
    assert settings["text"]["noSms"] == "Hakuna SMS bado."


@pytest.mark.parametrize("path", ["/simulator", "/simulator/messages?phone=0712345678"])
def test_in_development_a_visitor_is_sent_to_sign_in(client, db, path):
    queue_sms("+255712345678", "Siri ya mwananchi")
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert b"Siri ya mwananchi" not in response.data


def test_a_visitor_cannot_use_the_relay(client):
    response = client.post("/simulator/relay/sms/inbound", data={
        "from": "+255712345678", "to": "15200", "text": "hello", "date": "2026-01-01",
        "id": "sim-1"})
    assert response.status_code == 302
    assert InboundSms.query.count() == 0


def test_relay_runs_the_real_webhooks_without_the_token(client, officer, db):
    response = client.post("/simulator/relay/ussd", data={
        "sessionId": "sim-relay-1", "serviceCode": "*152*00#", "phoneNumber": "+255712345678",
        "networkCode": "64002", "text": ""})
    assert response.status_code == 200 and "e-Mrejesho" in response.get_data(as_text=True)
    response = client.post("/simulator/relay/sms/inbound", data={
        "from": "+255712345678", "to": "15200", "text": "Maji hayatoki Sinza",
        "date": "2026-01-01 10:00:00", "id": "sim-relay-2", "linkId": "", "networkCode": "64002"})
    assert response.status_code < 300
    assert InboundSms.query.filter_by(text="Maji hayatoki Sinza").count() == 1
    assert client.post("/simulator/relay/sms/delivery", data={"id": "x"}).status_code == 404


def test_page_speaks_english_when_asked(client, officer):
    html = client.get("/simulator?lang=en").get_data(as_text=True)
    assert "Phone simulator" in html and "Number to dial" in html
    assert page_settings(html)["text"]["noSms"] == "No SMS yet."


@pytest.mark.parametrize("path", ["/simulator", "/simulator/messages?phone=0712345678"])
def test_simulator_is_not_found_when_disabled(app, backend, path):
    _name, _url, settings = backend
    disabled = create_app({**settings, "SIMULATOR_ENABLED": False})
    try:
        assert disabled.test_client().get(path).status_code == 404
    finally:
        with disabled.app_context():
            _db.engine.dispose()


def test_in_production_it_needs_a_staff_login(app, backend, db):
    _name, _url, settings = backend
    officer = make_staff()
    production = create_app({**settings, "MREJESHO_ENV": "production",
                             "SESSION_COOKIE_SECURE": True})
    https = "https://localhost"
    try:
        client = production.test_client()
        response = client.get("/simulator", base_url=https)
        assert response.status_code in (302, 401)
        assert "test-token" not in response.get_data(as_text=True)
        client.post("/staff/login", base_url=https,
                    data={"email": officer.email, "password": STAFF_PASSWORD})
        response = client.get("/simulator", base_url=https)
        assert response.status_code == 200 and "test-token" not in response.get_data(as_text=True)
    finally:
        with production.app_context():
            _db.engine.dispose()


def test_inbox_lists_sms_to_that_number_newest_first(client, db, officer):
    item = make_feedback(channel="web")
    queue_sms("+255712345678", "Ujumbe wa pili")
    queue_sms("+255754000111", "Si wako")
    db.session.commit()
    body = client.get("/simulator/messages?phone=0712 345 678").get_json()
    assert body["phone"] == "+255712345678"
    texts = [m["text"] for m in body["messages"]]
    assert texts[0] == "Ujumbe wa pili" and item.reference in texts[1] and len(texts) == 2
    assert body["messages"][0]["status"] == "queued"
    assert body["messages"][0]["status_label"] == "inasubiri kutumwa"


def test_inbox_refuses_a_bad_number_in_the_visitors_language(client, officer):
    response = client.get("/simulator/messages?phone=12345&lang=en")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("The phone number is not valid")


def test_inbox_refuses_a_bad_number_in_swahili_by_default(client, officer):
    response = client.get("/simulator/messages?phone=abc")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("Namba ya simu si sahihi")


def test_script_uses_the_real_endpoints(client):
    script = client.get("/static/simulator.js").get_data(as_text=True)
    assert 'post("/ussd"' in script and 'post("/sms/inbound"' in script
    assert 'post("/ussd/events"' in script


def test_relay_needs_the_pages_csrf_token(app, backend, db):
    _name, _url, settings = backend
    officer = make_staff()
    guarded = create_app({**settings, "WTF_CSRF_ENABLED": True})
    try:
        client = guarded.test_client()
        login_page = client.get("/staff/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)
        client.post("/staff/login", data={"email": officer.email, "password": STAFF_PASSWORD,
                                          "csrf_token": token.group(1)})
        settings_ = page_settings(client.get("/simulator").get_data(as_text=True))
        fields = {"sessionId": "sim-csrf", "serviceCode": "*152*00#",
                  "phoneNumber": "+255712345678", "networkCode": "64002", "text": ""}
        assert client.post("/simulator/relay/ussd", data=fields).status_code == 400
        answer = client.post("/simulator/relay/ussd", data=fields,
                             headers={"X-CSRFToken": settings_["csrf"]})
        assert answer.status_code == 200
    finally:
        with guarded.app_context():
            _db.engine.dispose()
