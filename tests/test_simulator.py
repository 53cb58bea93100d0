"""The phone simulator page: where it is on, what it carries, and the inbox it shows."""
from __future__ import annotations

import json
import re

import pytest

from mrejesho import create_app
from mrejesho.extensions import db as _db
from mrejesho.notify import queue_sms
from tests.factories import STAFF_PASSWORD, make_feedback, make_staff


def page_settings(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="sim-settings">(.*?)</script>',
                      html, re.S)
    return json.loads(found.group(1))


def test_page_shows_the_phone_in_swahili_with_service_code_and_token(client):
    response = client.get("/simulator")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kiigizo cha simu" in html and "*152*00#" in html
    settings = page_settings(html)
    assert settings["serviceCode"] == "*152*00#" and settings["token"] == "test-token"
    assert settings["text"]["noSms"] == "Hakuna SMS bado."


def test_page_speaks_english_when_asked(client):
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
        assert response.status_code == 200 and "test-token" in response.get_data(as_text=True)
    finally:
        with production.app_context():
            _db.engine.dispose()


def test_inbox_lists_sms_to_that_number_newest_first(client, db):
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


def test_inbox_refuses_a_bad_number_in_the_visitors_language(client):
    response = client.get("/simulator/messages?phone=12345&lang=en")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("The phone number is not valid")


def test_inbox_refuses_a_bad_number_in_swahili_by_default(client):
    response = client.get("/simulator/messages?phone=abc")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("Namba ya simu si sahihi")


def test_script_uses_the_real_endpoints(client):
    script = client.get("/static/simulator.js").get_data(as_text=True)
    assert 'post("/ussd"' in script and 'post("/sms/inbound"' in script
    assert 'post("/ussd/events"' in script
