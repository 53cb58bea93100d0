"""A fake Africa's Talking SMS API on 127.0.0.1, for the real SDK to talk to in tests.

It answers POST /version1/messaging as Africa's Talking does (form data in, JSON out with
one entry per recipient of the comma-separated `to`, in the order given, a number given
twice listed twice), checks the apiKey header and the username, records every
request, and can be scripted: a statusCode per number, HTTP errors for the next requests,
or a slow answer (to make the SDK time out).

The `fake_at` fixture (registered in tests/conftest.py with pytest_plugins) runs one;
point the app at fake_at.url with AT_API_BASE_URL. post_inbound() and
post_delivery() send the callbacks Africa's Talking sends us, shaped as it shapes them.
"""
from __future__ import annotations

import itertools
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

USERNAME, API_KEY = "mrejesho", "test-api-key"
WEBHOOK_TOKEN = "test-token"  # as tests/conftest.py configures the app
CITIZEN = "+255712345678"
STATUS_NAMES = {
    100: "Processed", 101: "Success", 102: "Queued", 401: "RiskHold", 402: "InvalidSenderId",
    403: "InvalidPhoneNumber", 404: "UnsupportedNumberType", 405: "InsufficientBalance",
    406: "UserInBlacklist", 407: "CouldNotRoute", 409: "DoNotDisturbRejection",
    500: "InternalServerError", 501: "GatewayError", 502: "RejectedByGateway",
}


class FakeAfricasTalking:
    """The server and its script; all methods are safe to call from the test thread."""

    def __init__(self, username: str = USERNAME, api_key: str = API_KEY, port: int = 0):
        self.username, self.api_key = username, api_key
        self.requests: list[dict] = []  # every accepted messaging request, in order
        self.connections = 0  # TCP connections accepted (a kept-alive one carries many)
        self.codes: dict[str, int] = {}  # number -> statusCode (default 101 Success)
        self.http_errors: list[int] = []  # HTTP statuses for the next requests, in order
        self.delay = 0.0  # seconds to hold each answer
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._id_prefix = f"ATXid_{uuid.uuid4().hex[:12]}_"
        self._closing = threading.Event()
        self._server = _Server(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeAfricasTalking:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._closing.set()  # cut any scripted delay short
        self._server.shutdown()
        self._server.server_close()

    def sent_to(self) -> list[str]:
        """Every number a message was accepted for, once per time it was sent."""
        with self._lock:
            return [n for r in self.requests for n in r["to"].split(",")]

    def answer(self, form: dict) -> tuple[int, dict | str]:
        """What the API says to one request: (HTTP status, JSON body or text)."""
        with self._lock:
            if self.http_errors:
                return self.http_errors.pop(0), "Internal Server Error"
            self.requests.append(form)
        recipients = []
        for number in form["to"].split(","):
            code = self.codes.get(number, 101)
            ok = code in (100, 101, 102)
            recipients.append({
                "statusCode": code, "number": number, "status": STATUS_NAMES.get(code, "Error"),
                "cost": "TZS 20.0000" if ok else "0",
                "messageId": f"{self._id_prefix}{next(self._ids)}" if ok else "None",
            })
        sent = sum(r["statusCode"] in (100, 101, 102) for r in recipients)
        message = f"Sent to {sent}/{len(recipients)} Total Cost: TZS {20 * sent}.0000"
        return 201, {"SMSMessageData": {"Message": message, "Recipients": recipients}}


def post_inbound(client, text: str, sender: str = CITIZEN, msg_id: str | None = None,
                 token: str = WEBHOOK_TOKEN):
    """POST /sms/inbound as Africa's Talking does for an SMS to our short code."""
    return client.post(f"/sms/inbound?token={token}", data={
        "from": sender, "to": "15200", "text": text, "date": "2025-03-04 09:15:00",
        "id": msg_id or f"ATXid_{uuid.uuid4().hex}", "linkId": uuid.uuid4().hex[:12],
        "networkCode": "64002",
    })


def post_delivery(client, msg_id: str, status: str, reason: str | None = None,
                  token: str = WEBHOOK_TOKEN):
    """POST /sms/delivery as Africa's Talking does for a delivery report."""
    data = {"id": msg_id, "status": status, "phoneNumber": CITIZEN, "networkCode": "64002",
            "retryCount": "0"}
    if reason:
        data["failureReason"] = reason
    return client.post(f"/sms/delivery?token={token}", data=data)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 refuses connections when workers send at once


def _handler_for(fake: FakeAfricasTalking):
    class Handler(BaseHTTPRequestHandler):
        # Keep-alive for clients that reuse connections, and each answer in one segment
        # without Nagle's delay: the fake must not be what a benchmark of the worker measures.
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def setup(self):
            super().setup()
            with fake._lock:
                fake.connections += 1

        def do_POST(self):  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path != "/version1/messaging":
                return self._reply(404, "Not Found")
            if self.headers.get("apiKey") != fake.api_key or form.get("username") != fake.username:
                return self._reply(401, "The supplied authentication is invalid")
            if fake.delay:
                fake._closing.wait(fake.delay)
            status, body = fake.answer(form)
            self._reply(status, body)

        def _reply(self, status: int, body) -> None:
            is_json = isinstance(body, dict)
            data = (json.dumps(body) if is_json else body).encode()
            # The SDK parses JSON only when the content type is exactly this.
            kind = "application/json" if is_json else "text/plain"
            head = (f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}\r\n"
                    f"Content-Type: {kind}\r\nContent-Length: {len(data)}\r\n\r\n")
            try:
                self.wfile.write(head.encode() + data)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up waiting (a timeout test)

        def log_message(self, *_args):  # keep test output clean
            pass

    return Handler


@pytest.fixture
def fake_at():
    """A running fake Africa's Talking; stopped after the test."""
    server = FakeAfricasTalking().start()
    yield server
    server.stop()


if __name__ == "__main__":  # a stand-alone fake for `make run` or a soak: python -m tests.fake_at
    import argparse

    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--port", type=int, default=8099)
    port = options.parse_args().port
    fake = FakeAfricasTalking(port=port).start()
    print(f"Fake Africa's Talking at {fake.url} (AT_USERNAME={USERNAME} AT_API_KEY={API_KEY});"
          " Ctrl-C to stop", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()
