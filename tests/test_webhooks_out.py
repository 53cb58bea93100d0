"""Webhooks out: a manager registers a URL (secret shown once, CSRF), the institution's
feedback events are queued in the outbox with the change, the worker POSTs them signed to a
real HTTP receiver on loopback, retries 5xx and timeouts with back-off, and the SSRF guard
refuses private, loopback, link-local and metadata addresses and never follows redirects."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mrejesho import outhooks, outhooks_net
from mrejesho.models import Institution, OutboundMessage, WebhookEndpoint
from mrejesho.testing.factories import (
    follow_up,
    make_feedback,
    make_staff,
    move_to,
    reply_to,
    transfer_to,
)
from mrejesho.timeutil import utcnow
from sms.worker import Worker


class Receiver:
    """An HTTP server on 127.0.0.1 that records each request and answers as planned: a
    status, ("redirect", url), or "hang" (waits, unanswered, until release())."""

    def __init__(self):
        self.requests: list[dict] = []
        self.plan: list = []
        self._released = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers),
                                          "body": body})
                step = receiver.plan.pop(0) if receiver.plan else 200
                if step == "hang":
                    receiver._released.wait(10)
                    return
                if isinstance(step, tuple):
                    self.send_response(302)
                    self.send_header("Location", step[1])
                    self.end_headers()
                    return
                self.send_response(step)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"x" * 100_000 if step == 200 else b"no")

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def release(self):
        self._released.set()

    def close(self):
        self.release()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(app):
    app.config["WEBHOOK_OUT_ALLOW_LOOPBACK"] = True
    found = Receiver()
    yield found
    found.close()


def _register(client, staff_login, url: str, code: str = "TANESCO") -> str:
    staff_login(make_staff(code, "manager"))
    answer = client.post("/staff/webhooks", data={"url": url})
    assert answer.status_code == 201, answer.data[:400]
    secret = re.search(r"whsec_[0-9a-f]{48}", answer.get_data(as_text=True)).group(0)
    client.post("/staff/logout")
    return secret


def _webhook_rows(db):
    return db.session.scalars(db.select(OutboundMessage).filter_by(channel="webhook")
                              .order_by(OutboundMessage.id)).all()


def _verify(secret: str, request: dict) -> dict:
    headers = request["headers"]
    timestamp = headers["X-Mrejesho-Timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + request["body"],
                        hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Mrejesho-Signature"], f"sha256={expected}")
    assert abs(int(timestamp) - int(utcnow().timestamp())) < 300
    return json.loads(request["body"])


def test_events_are_signed_and_sent_by_the_worker_never_the_request(
        app, db, client, staff_login, receiver):
    secret = _register(client, staff_login, receiver.url)
    item = make_feedback(body="Umeme umekatika Sinza tangu jana.")
    assert receiver.requests == []  # the submission only queued it
    [row] = _webhook_rows(db)
    assert row.to == receiver.url and row.subject == "feedback.created"
    Worker(app).drain()
    [request] = receiver.requests
    assert request["path"] == "/hook"
    assert request["headers"]["X-Mrejesho-Event"] == "feedback.created"
    assert request["headers"]["X-Mrejesho-Delivery"] == str(row.id)
    event = _verify(secret, request)
    assert event["type"] == "feedback.created"
    assert event["feedback"]["reference"] == item.reference
    assert event["feedback"]["description"] == "Umeme umekatika Sinza tangu jana."
    assert "712345678" not in request["body"].decode() and "Amina" not in request["body"].decode()
    db.session.expire_all()
    assert _webhook_rows(db)[0].status == "sent"
    forged = dict(request, body=request["body"].replace(b"Sinza", b"Kariakoo"))
    with pytest.raises(AssertionError):
        _verify(secret, forged)


def test_changes_and_the_citizens_answers_are_events(app, db, client, staff_login, receiver):
    _register(client, staff_login, receiver.url)
    officer = make_staff("TANESCO")
    item = make_feedback()
    reply_to(item, officer, "Fundi atafika kesho.")
    move_to(item, "awaiting_citizen", by=officer)
    follow_up(item, "Mita namba 12345.")
    assert [r.subject for r in _webhook_rows(db)] == [
        "feedback.created", "feedback.replied", "feedback.status_changed",
        "feedback.status_changed", "feedback.citizen_answered", "feedback.status_changed"]
    Worker(app).drain()
    bodies = [json.loads(r["body"]) for r in receiver.requests]
    answered = next(b for b in bodies if b["type"] == "feedback.citizen_answered")
    assert answered["event"]["text"] == "Mita namba 12345." and answered["event"]["actor"] == \
        "citizen"


def test_a_transfer_tells_both_institutions(app, db, client, staff_login, receiver):
    _register(client, staff_login, receiver.url + "/tanesco", "TANESCO")
    _register(client, staff_login, receiver.url + "/dawasa", "DAWASA")
    item = make_feedback()
    transfer_to(item, "DAWASA")
    sent = {(r.to.rsplit("/", 1)[1], r.subject) for r in _webhook_rows(db)}
    assert sent == {("tanesco", "feedback.created"), ("tanesco", "feedback.transferred"),
                    ("dawasa", "feedback.transferred")}


def test_other_institutions_hear_nothing(app, db, client, staff_login, receiver):
    _register(client, staff_login, receiver.url, "DAWASA")
    make_feedback()  # to TANESCO
    assert _webhook_rows(db) == []


def test_5xx_is_retried_with_backoff(app, db, client, staff_login, receiver):
    _register(client, staff_login, receiver.url)
    make_feedback()
    receiver.plan = [500, 503]
    start = utcnow()
    worker = Worker(app)
    worker.drain(start)
    [row] = _webhook_rows(db)
    assert (row.status, row.attempts, row.last_error) == ("queued", 1, "HTTP 500")
    assert row.next_attempt_at == start + timedelta(seconds=30)
    assert worker.run_pass(start + timedelta(seconds=29)) == 0
    worker.drain(start + timedelta(seconds=31))
    db.session.expire_all()
    row = _webhook_rows(db)[0]
    assert (row.status, row.attempts) == ("queued", 2)
    assert row.next_attempt_at == start + timedelta(seconds=31 + 60)
    worker.drain(start + timedelta(seconds=92))
    db.session.expire_all()
    assert _webhook_rows(db)[0].status == "sent"
    assert len(receiver.requests) == 3
    deliveries = {r["headers"]["X-Mrejesho-Delivery"] for r in receiver.requests}
    assert deliveries == {str(row.id)}  # the same delivery id on every try


def test_a_timeout_is_retried(app, db, client, staff_login, receiver):
    app.config["WEBHOOK_OUT_TIMEOUT"] = 0.5
    _register(client, staff_login, receiver.url)
    make_feedback()
    receiver.plan = ["hang"]
    start = utcnow()
    Worker(app).drain(start)
    receiver.release()
    [row] = _webhook_rows(db)
    assert row.status == "queued" and "timed out" in row.last_error.lower()
    Worker(app).drain(start + timedelta(seconds=31))
    db.session.expire_all()
    assert _webhook_rows(db)[0].status == "sent"


def test_redirects_are_not_followed(app, db, client, staff_login, receiver):
    _register(client, staff_login, receiver.url)
    make_feedback()
    receiver.plan = [("redirect", receiver.url.replace("/hook", "/elsewhere"))]
    Worker(app).drain()
    [row] = _webhook_rows(db)
    assert row.status == "failed" and "redirect" in row.last_error
    assert [r["path"] for r in receiver.requests] == ["/hook"]


def test_a_4xx_fails_without_retrying_and_leaves_the_timeline_alone(
        app, db, client, staff_login, receiver):
    _register(client, staff_login, receiver.url)
    item = make_feedback()
    receiver.plan = [410]
    Worker(app).drain()
    [row] = _webhook_rows(db)
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "HTTP 410")
    db.session.expire_all()
    assert "sms_delivery" not in {e.type for e in item.events}


def test_loopback_needs_the_explicit_setting(app, db, client, staff_login, receiver):
    _register(client, staff_login, receiver.url)
    make_feedback()
    app.config["WEBHOOK_OUT_ALLOW_LOOPBACK"] = False
    Worker(app).drain()
    [row] = _webhook_rows(db)
    assert row.status == "failed" and "refused" in row.last_error
    assert receiver.requests == []


@pytest.mark.parametrize("url", [
    "http://10.0.0.5/hook", "http://127.0.0.1:9/hook", "http://169.254.169.254/latest/",
    "http://localhost:9/hook",  # a name for loopback
    "http://167772161/hook", "http://0x0a000001/hook",  # names libc resolves to 10.0.0.1
    "http://2852039166/latest/meta-data/",  # the cloud metadata address, as a number
    "http://[::ffff:10.0.0.1]/hook", "http://[::1]/hook", "http://224.0.0.1/hook",
    "http://100.64.0.1/hook", "http://0.0.0.0/hook", "http://192.168.1.1/hook",
])
def test_the_guard_refuses_private_loopback_and_link_local_addresses(url):
    with pytest.raises(outhooks_net.Refused):
        outhooks_net.post(url, b"{}", {}, https_only=False, allow_loopback=False)


@pytest.mark.parametrize("url", ["ftp://example.org/", "http://user:pw@example.org/",
                                 "https://", "https://exa mple.org/", "x" * 300,
                                 "https://example.org:99999/"])
def test_the_guard_refuses_what_is_not_a_plain_url(url):
    with pytest.raises(outhooks_net.Refused):
        outhooks_net.check_url(url, https_only=False)


def test_production_takes_https_only(app, db, client, staff_login):
    with pytest.raises(outhooks_net.Refused):
        outhooks_net.check_url("http://example.org/hook", https_only=True)
    assert outhooks_net.check_url("https://example.org/h?x=1", https_only=True) == (
        "https", "example.org", 443, "/h?x=1")
    app.config["MREJESHO_ENV"] = "production"
    staff_login(make_staff("TANESCO", "manager"))
    answer = client.post("/staff/webhooks", data={"url": "http://example.org/hook"})
    assert answer.status_code == 422 and b"https://" in answer.data
    assert db.session.scalar(db.select(db.func.count(WebhookEndpoint.id))) == 0


def test_registration_refuses_private_addresses(app, db, client, staff_login):
    staff_login(make_staff("TANESCO", "manager"))
    for url in ("http://10.1.2.3/hook", "http://169.254.169.254/", "http://127.0.0.1/x",
                "javascript:alert(1)"):
        answer = client.post("/staff/webhooks", data={"url": url})
        assert answer.status_code == 422, url
    assert db.session.scalar(db.select(db.func.count(WebhookEndpoint.id))) == 0


def test_only_managers_register_and_the_form_needs_csrf(app, db, client, staff_login):
    staff_login(make_staff("TANESCO", "officer"))
    assert client.get("/staff/webhooks").status_code == 403
    client.post("/staff/logout")
    staff_login(make_staff("TANESCO", "manager"))
    app.config["WTF_CSRF_ENABLED"] = True
    answer = client.post("/staff/webhooks", data={"url": "https://example.org/hook"})
    assert answer.status_code == 400
    assert db.session.scalar(db.select(db.func.count(WebhookEndpoint.id))) == 0


def test_secret_is_shown_once_and_removal_stops_sending(
        app, db, client, staff_login, receiver):
    staff_login(make_staff("TANESCO", "manager"))
    created = client.post("/staff/webhooks", data={"url": receiver.url})
    secret = re.search(r"whsec_[0-9a-f]{48}", created.get_data(as_text=True)).group(0)
    page = client.get("/staff/webhooks").get_data(as_text=True)
    assert receiver.url in page and secret not in page
    endpoint = db.session.scalar(db.select(WebhookEndpoint))
    other = make_staff("DAWASA", "manager", email="meneja@dawasa.example")
    make_feedback()  # queued while the endpoint is live
    client.post("/staff/logout")
    staff_login(other)
    assert client.post("/staff/webhooks/remove",
                       data={"endpoint": str(endpoint.id)}).status_code == 404
    client.post("/staff/logout")
    staff_login(make_staff("TANESCO", "manager", email="meneja2@tanesco.example"))
    assert client.post("/staff/webhooks/remove",
                       data={"endpoint": str(endpoint.id)}).status_code == 302
    Worker(app).drain()
    assert receiver.requests == []
    [row] = _webhook_rows(db)
    assert row.status == "failed" and row.last_error == "webhook endpoint removed"
    make_feedback()
    assert len(_webhook_rows(db)) == 1


def test_registering_keeps_the_secret_and_the_institution(app, db):
    tanesco = db.session.scalar(db.select(Institution).filter_by(code="TANESCO"))
    endpoint, secret = outhooks.register(tanesco.id, " https://example.org/hook ", None)
    db.session.commit()
    assert endpoint.url == "https://example.org/hook" and endpoint.secret == secret
    assert outhooks.for_institution(tanesco.id) == [endpoint]
