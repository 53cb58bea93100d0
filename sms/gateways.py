"""Where outgoing SMS go: Africa's Talking (the official SDK), the console, or a fake.

Each gateway sends one text to one or more numbers in one call (send_many; send is the
one-number case) and says, for each number in the order given, what happened: "sent" (with
the provider's message id), "retry" (a transient failure: try again later) or "failed" (a
permanent one: retrying cannot help). SMS_GATEWAY picks one: console (default), fake,
africastalking.
"""
from __future__ import annotations

import itertools
import queue
import sys
import threading
from collections import defaultdict, deque
from dataclasses import dataclass

import africastalking
import requests
from africastalking.Service import AfricasTalkingException, validate_phone
from flask import Flask, current_app
from urllib3.exceptions import NameResolutionError, NewConnectionError

from mrejesho.gsm import segments

# Africa's Talking per-recipient statusCode values.
SENT_CODES = {100, 101, 102}  # Processed, Sent, Queued
# InsufficientBalance is ours to fix (top up), not the citizen's: keep the message and retry.
# 500/501/502 are the gateway's own failures. Every other code is about the number itself
# (401 RiskHold, 403 InvalidPhoneNumber, 406 UserInBlacklist, 409 DoNotDisturb...).
TRANSIENT_CODES = {405, 500, 501, 502}
DEFAULT_TIMEOUT = (3.05, 9.05)  # the SDK's own (connect, read) seconds


@dataclass(frozen=True)
class SendResult:
    """What the gateway did with one message."""

    outcome: str  # "sent", "retry", "failed" or "unknown" (timed out: it may have gone out)
    provider_id: str | None = None
    error: str | None = None


class ConsoleGateway:
    """Development: print each SMS in a readable block instead of sending it."""

    def __init__(self, stream=None):
        self._stream = stream
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def send(self, to: str, text: str) -> SendResult:
        """Print the message; always succeeds."""
        return self.send_many(text, [to])[0]

    def send_many(self, text: str, numbers: list[str]) -> list[SendResult]:
        """Print the message once per number."""
        return [self._print(to, text) for to in numbers]

    def _print(self, to: str, text: str) -> SendResult:
        with self._lock:
            number = next(self._numbers)
        count = segments(text)
        block = (f"\n----- SMS to {to} ({count} segment{'s' if count != 1 else ''}, "
                 f"{len(text)} characters) -----\n{text}\n{'-' * 48}\n")
        stream = self._stream or sys.stdout
        stream.write(block)
        stream.flush()
        return SendResult("sent", f"console-{number}")


class FakeGateway:
    """Tests: keep sent messages in memory; outcomes[number] scripts a result."""

    def __init__(self):
        self.sent: list[tuple[str, str]] = []
        self.calls: list[tuple[str, list[str]]] = []  # (text, numbers) of each call
        self.outcomes: dict[str, SendResult] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def send(self, to: str, text: str) -> SendResult:
        """Record the message and return the scripted outcome (sent by default)."""
        return self.send_many(text, [to])[0]

    def send_many(self, text: str, numbers: list[str]) -> list[SendResult]:
        """Record one call; each number gets its scripted outcome (sent by default)."""
        with self._lock:
            self.calls.append((text, list(numbers)))
            return [self._one(to, text) for to in numbers]

    def _one(self, to: str, text: str) -> SendResult:
        scripted = self.outcomes.get(to)
        if scripted is not None and scripted.outcome != "sent":
            return scripted
        self.sent.append((to, text))
        return SendResult("sent", f"fake-{next(self._numbers)}")


class AfricasTalkingGateway:
    """Production: Africa's Talking's SMS API through its official Python SDK."""

    networked = True  # calls wait on the network: the worker keeps several in flight

    def __init__(self, username: str, api_key: str, *, sender_id: str | None = None,
                 base_url: str | None = None, timeout=DEFAULT_TIMEOUT):
        self._service = _KeptAliveSMSService(username, api_key)
        if base_url:
            # The SDK has no setting for its server; its URLs are built from _baseUrl. Tests
            # and the soak point it at a local fake Africa's Talking this way.
            self._service._baseUrl = base_url.rstrip("/") + "/version1"
        self._sender_id = sender_id
        self._timeout = timeout

    def send(self, to: str, text: str) -> SendResult:
        """Send one message through the API."""
        return self.send_many(text, [to])[0]

    def send_many(self, text: str, numbers: list[str]) -> list[SendResult]:
        """Send one text to all numbers in one API call; read each recipient's statusCode."""
        # The SDK refuses the whole call if one number is not +<digits>: fail that one alone.
        valid = [to for to in numbers if validate_phone(to)]
        answers = iter(self._call(text, valid) if valid else [])  # in the order of valid
        return [next(answers) if validate_phone(to)
                else SendResult("failed", error=f"Invalid phone number: {to}"[:255])
                for to in numbers]

    def _call(self, text: str, numbers: list[str]) -> list[SendResult]:
        try:
            answer = self._service.send(text, numbers, sender_id=self._sender_id,
                                        timeout=self._timeout)
        except AfricasTalkingException as exc:  # any non-2xx answer; its body is the reason
            return [SendResult("retry", error=f"HTTP error: {exc}"[:255])] * len(numbers)
        except requests.RequestException as exc:  # timeout, refused connection, DNS...
            error = f"{type(exc).__name__}: {exc}"[:255]
            return [SendResult(timeout_outcome(exc), error=error)] * len(numbers)
        return read_recipients(answer, numbers)


def timeout_outcome(exc: requests.RequestException) -> str:
    """"retry" when the request never reached Africa's Talking (no connection made), else
    "unknown": it was sent and no answer came back, so it may have gone out, and the API has
    no idempotency key nor a way to ask; resending at once could send it twice."""
    if isinstance(exc, requests.ConnectTimeout):
        return "retry"
    if isinstance(exc, requests.ReadTimeout | requests.exceptions.ChunkedEncodingError):
        return "unknown"
    if isinstance(exc, requests.ConnectionError):
        reason = getattr(exc.args[0] if exc.args else None, "reason", None)
        # Refused or unresolvable: urllib3 never opened the connection, nothing was sent.
        if isinstance(reason, NewConnectionError | NameResolutionError):
            return "retry"
        return "unknown"  # the connection dropped after the request went out
    return "retry"  # a bad URL or the like: nothing was sent


class _KeptAliveSMSService(africastalking.SMSService):
    """The SDK's SMS service, its calls made over kept-alive connections. The SDK posts with
    requests.post, a new connection (on the real API a new TLS handshake) for every call,
    which costs more than the call itself at the worker's rate. urllib3 drops a pooled
    connection the server has closed before reusing it."""

    def __init__(self, username: str, api_key: str):
        super().__init__(username, api_key)
        self._idle: queue.SimpleQueue[requests.Session] = queue.SimpleQueue()

    # Replaces the SDK's private Service.__make_post_request (a name-mangled staticmethod
    # that _make_request calls); the rest of the SDK (validation, form, answer) is its own.
    def _Service__make_post_request(self, url, headers, data, params, callback=None,
                                    timeout=DEFAULT_TIMEOUT):
        try:
            http = self._idle.get_nowait()
        except queue.Empty:
            http = requests.Session()
        try:
            response = http.post(url=url, headers=headers, params=params, data=data,
                                 timeout=timeout)
        except BaseException:
            http.close()
            raise
        self._idle.put(http)  # one session per concurrent call: a session is not shared
        if callback is None or callback == {}:
            return response
        callback(response)


def read_recipients(answer, numbers: list[str]) -> list[SendResult]:
    """Each number's result from an answer to one call, in the order of numbers. A number
    given twice takes its entries in the order they come; a number the answer does not
    list is tried again."""
    try:
        data = answer["SMSMessageData"]
        recipients = data.get("Recipients") or []
    except (TypeError, KeyError, AttributeError):
        error = f"Unexpected answer: {str(answer)[:200]}"
        return [SendResult("retry", error=error)] * len(numbers)
    if len(numbers) == 1 and len(recipients) == 1:
        entries = {numbers[0]: deque(recipients)}  # whatever way it spelled the number
    else:
        entries = defaultdict(deque)
        for entry in recipients:
            if isinstance(entry, dict):
                entries[entry.get("number")].append(entry)
    missing = SendResult("retry", error=f"No recipient: {data.get('Message')}"[:255])
    return [_result(entries[to].popleft()) if entries.get(to) else missing for to in numbers]


def _result(entry: dict) -> SendResult:
    try:
        code = int(entry.get("statusCode"))
    except (TypeError, ValueError):
        code = -1
    error = f"{code} {entry.get('status')}"[:255]
    if code in SENT_CODES:
        return SendResult("sent", entry.get("messageId"))
    if code in TRANSIENT_CODES or code not in range(400, 500):
        return SendResult("retry", error=error)
    return SendResult("failed", error=error)


def current_gateway(app: Flask | None = None):
    """The gateway SMS_GATEWAY names, made once per app and settings."""
    app = app or current_app._get_current_object()
    cfg = app.config
    name = cfg.get("SMS_GATEWAY", "console")
    key = (name, cfg.get("AT_USERNAME"), cfg.get("AT_API_KEY"), cfg.get("AT_SENDER_ID"),
           cfg.get("AT_API_BASE_URL"), str(cfg.get("SMS_SEND_TIMEOUT")))
    cache = app.extensions.setdefault("sms_gateways", {})
    if key not in cache:
        cache[key] = _make(name, cfg)
    return cache[key]


def _make(name: str, cfg):
    if name == "console":
        return ConsoleGateway()
    if name == "fake":
        return FakeGateway()
    if name == "africastalking":
        timeout = cfg.get("SMS_SEND_TIMEOUT") or DEFAULT_TIMEOUT
        return AfricasTalkingGateway(
            cfg["AT_USERNAME"], cfg.get("AT_API_KEY") or "", sender_id=cfg.get("AT_SENDER_ID"),
            base_url=cfg.get("AT_API_BASE_URL"), timeout=timeout,
        )
    raise ValueError(f"Unknown SMS_GATEWAY {name!r}: use console, fake or africastalking")
