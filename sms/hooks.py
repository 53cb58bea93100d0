"""Sending webhook rows of the outbox (mrejesho.outhooks queued them): each is POSTed,
signed, to its endpoint through the SSRF guard (mrejesho.outhooks_net).

Headers: X-Mrejesho-Event (the type), X-Mrejesho-Delivery (the outbox row's id: the same on
every retry, so a receiver can drop repeats), X-Mrejesho-Timestamp (Unix seconds, at this
try) and X-Mrejesho-Signature: sha256=<hex>, the HMAC-SHA256 under the endpoint's secret of
"<timestamp>.<body>": the timestamp is signed with the body, so a receiver that refuses old
timestamps cannot be replayed an old event. The answer: 2xx sent; 408, 425, 429, 5xx, a
timeout or a failed connection: retried with the outbox's back-off; any other status, a
redirect (never followed), a refused address or a removed endpoint: failed.
"""
from __future__ import annotations

import hashlib
import hmac
import http.client
import time

from flask import current_app

from mrejesho import outhooks
from mrejesho.extensions import db
from mrejesho.models import OutboundMessage, WebhookEndpoint
from mrejesho.outhooks_net import TIMEOUT, Refused, post

from .gateways import SendResult

RETRIED = {408, 425, 429}


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The X-Mrejesho-Signature value: sha256=HMAC-SHA256(secret, "<timestamp>." + body)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def sender(message):
    """What sends one claimed webhook row (called in the worker's app context, which it
    reads the endpoint and settings from); the returned call needs no app context."""
    endpoint = db.session.execute(
        db.select(WebhookEndpoint.secret, WebhookEndpoint.removed_at)
        .join(OutboundMessage, OutboundMessage.webhook_id == WebhookEndpoint.id)
        .where(OutboundMessage.id == message.id)).first()
    https_only, allow_loopback = outhooks.https_only(), outhooks.loopback_allowed()
    timeout = float(current_app.config.get("WEBHOOK_OUT_TIMEOUT", TIMEOUT))
    if endpoint is None or endpoint.removed_at is not None:
        return lambda: [SendResult("failed", error="webhook endpoint removed")]
    secret = endpoint.secret

    def send() -> list[SendResult]:
        body = message.text.encode("utf-8")
        timestamp = str(int(time.time()))
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "User-Agent": "e-Mrejesho-Webhooks/1",
                   "X-Mrejesho-Event": message.subject or "",
                   "X-Mrejesho-Delivery": str(message.id),
                   "X-Mrejesho-Timestamp": timestamp,
                   "X-Mrejesho-Signature": signature(secret, timestamp, body)}
        return [deliver(message.to, body, headers, https_only=https_only,
                        allow_loopback=allow_loopback, timeout=timeout)]

    return send


def deliver(url: str, body: bytes, headers: dict, **guard) -> SendResult:
    """POST one event and judge the answer (see the module's doc)."""
    try:
        status, _answer = post(url, body, headers, **guard)
    except Refused as refused:
        return SendResult("failed", error=f"refused: {refused}"[:255])
    except (OSError, http.client.HTTPException) as exc:  # timeouts are OSErrors
        return SendResult("retry", error=f"{type(exc).__name__}: {exc}"[:255])
    if 200 <= status < 300:
        return SendResult("sent", provider_id=None)
    if status >= 500 or status in RETRIED:
        return SendResult("retry", error=f"HTTP {status}")
    if 300 <= status < 400:
        return SendResult("failed", error=f"HTTP {status}: redirects are not followed")
    return SendResult("failed", error=f"HTTP {status}")
