"""Where outgoing SMS go: Africa's Talking (the official SDK), the console, or a fake.

Each gateway sends one message to one number and says what happened: "sent" (with the
provider's message id), "retry" (a transient failure: try again later) or "failed" (a
permanent one: retrying cannot help). SMS_GATEWAY picks one: console (default), fake,
africastalking.
"""
from __future__ import annotations

import itertools
import sys
import threading
from dataclasses import dataclass

import africastalking
import requests
from africastalking.Service import AfricasTalkingException
from flask import Flask, current_app

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

    outcome: str  # "sent", "retry" or "failed"
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
        self.outcomes: dict[str, SendResult] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def send(self, to: str, text: str) -> SendResult:
        """Record the message and return the scripted outcome (sent by default)."""
        with self._lock:
            scripted = self.outcomes.get(to)
            if scripted is not None and scripted.outcome != "sent":
                return scripted
            self.sent.append((to, text))
            return SendResult("sent", f"fake-{next(self._numbers)}")


class AfricasTalkingGateway:
    """Production: Africa's Talking's SMS API through its official Python SDK."""

    def __init__(self, username: str, api_key: str, *, sender_id: str | None = None,
                 base_url: str | None = None, timeout=DEFAULT_TIMEOUT):
        self._service = africastalking.SMSService(username, api_key)
        if base_url:
            # The SDK has no setting for its server; its URLs are built from _baseUrl. Tests
            # and the soak point it at a local fake Africa's Talking this way.
            self._service._baseUrl = base_url.rstrip("/") + "/version1"
        self._sender_id = sender_id
        self._timeout = timeout

    def send(self, to: str, text: str) -> SendResult:
        """Send through the API and read this recipient's statusCode."""
        try:
            answer = self._service.send(text, [to], sender_id=self._sender_id,
                                        timeout=self._timeout)
        except ValueError as exc:  # the SDK refuses a number that is not +<digits>
            return SendResult("failed", error=str(exc)[:255])
        except AfricasTalkingException as exc:  # any non-2xx answer; its body is the reason
            return SendResult("retry", error=f"HTTP error: {exc}"[:255])
        except requests.RequestException as exc:  # timeout, refused connection, DNS...
            return SendResult("retry", error=f"{type(exc).__name__}: {exc}"[:255])
        return _read_recipient(answer, to)


def _read_recipient(answer, to: str) -> SendResult:
    try:
        data = answer["SMSMessageData"]
        recipients = data.get("Recipients") or []
    except (TypeError, KeyError, AttributeError):
        return SendResult("retry", error=f"Unexpected answer: {str(answer)[:200]}")
    mine = next((r for r in recipients if r.get("number") == to), None)
    mine = mine or (recipients[0] if len(recipients) == 1 else None)
    if mine is None:  # e.g. {"Message": "InvalidSenderId", "Recipients": []}
        return SendResult("retry", error=f"No recipient: {data.get('Message')}"[:255])
    try:
        code = int(mine.get("statusCode"))
    except (TypeError, ValueError):
        code = -1
    error = f"{code} {mine.get('status')}"[:255]
    if code in SENT_CODES:
        return SendResult("sent", mine.get("messageId"))
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
