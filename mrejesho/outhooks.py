"""Webhooks out: an institution's own system is told, as signed JSON, when its feedback is
created, changed or answered by the citizen.

Each event is a row of the outbox (channel webhook, one per endpoint) added in the same
transaction as the change, so it leaves exactly when the change is committed, and never
while a request waits: the worker sends it (sms/hooks.py), with the outbox's retries and
back-off. What an event carries: its type, the timeline line (who, from, to, its text) and
the feedback (reference, kind, channel, status, institution, dates and the citizen's text).
Never the citizen's name, phone number or email: the receiver reads the case through the
API if it needs more. Endpoints are made and removed by managers (mrejesho/staff/webhooks).
"""
from __future__ import annotations

import ipaddress
import json
import secrets
import uuid
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from . import reference
from .extensions import db
from .models import Event, Feedback, OutboundMessage, WebhookEndpoint
from .outhooks_net import Refused, check_url
from .timeutil import utcnow

# Timeline lines an institution's system hears of, as event types.
EVENT_TYPES = {"created": "feedback.created", "status": "feedback.status_changed",
               "transferred": "feedback.transferred", "reply": "feedback.replied",
               "assigned": "feedback.assigned", "duplicate": "feedback.duplicate",
               "escalated": "feedback.escalated", "follow_up": "feedback.citizen_answered",
               "rated": "feedback.rated", "priority": "feedback.priority_changed"}
# These concern two institutions: the one it leaves (from) and the one it reaches (to).
BOTH_SIDES = {"transferred", "escalated"}


def queue(feedback: Feedback, event: Event) -> None:
    """Queue the event for every live endpoint of the institutions it concerns, in the
    caller's transaction (the core calls this for each timeline line it writes)."""
    if event.type not in EVENT_TYPES:
        return
    snapshot = reference.current()
    if event.type in BOTH_SIDES:
        ids = {getattr(snapshot.by_code.get(code), "id", None)
               for code in (event.from_value, event.to_value)} - {None}
    else:
        ids = {_institution_id(feedback)}
    with db.session.no_autoflush:  # the core flushes once, when its change is whole
        endpoints = db.session.execute(
            sa.select(WebhookEndpoint.id, WebhookEndpoint.url).where(
                WebhookEndpoint.institution_id.in_(ids), WebhookEndpoint.removed_at.is_(None))
        ).all()
    if not endpoints:
        return
    body = json.dumps(payload(feedback, event), ensure_ascii=False, separators=(",", ":"))
    for endpoint_id, url in endpoints:
        db.session.add(OutboundMessage(channel="webhook", to=url, text=body,
                                       subject=EVENT_TYPES[event.type], feedback=feedback,
                                       webhook_id=endpoint_id))


def _institution_id(feedback: Feedback) -> int:
    """The feedback's institution now (a transfer sets the object before the id)."""
    institution = feedback.__dict__.get("institution")
    return institution.id if institution is not None else feedback.institution_id


def payload(feedback: Feedback, event: Event) -> dict:
    """The JSON document of one event (see the module's doc: no contact details)."""
    desk = reference.current().by_id.get(_institution_id(feedback))
    when = event.created_at or utcnow()
    return {
        "id": uuid.uuid4().hex, "type": EVENT_TYPES[event.type], "occurred_at": _w3c(when),
        "event": {"type": event.type, "actor": event.actor_type, "from": event.from_value,
                  "to": event.to_value, "text": event.text, "public": bool(event.public)},
        "feedback": {
            "reference": feedback.reference, "kind": feedback.kind,
            "channel": feedback.channel, "status": str(feedback.status),
            "institution": desk.code if desk else None, "subject": feedback.subject,
            "description": feedback.body, "anonymous": bool(feedback.anonymous),
            "created_at": _w3c(feedback.created_at), "due_at": _w3c(feedback.due_at)},
    }


def _w3c(moment):
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"


def https_only() -> bool:
    """Production accepts https URLs only; development and tests http too."""
    return current_app.config.get("MREJESHO_ENV") == "production"


def loopback_allowed() -> bool:
    """Loopback addresses only where WEBHOOK_OUT_ALLOW_LOOPBACK says so (the tests' own
    receiver), and never in production."""
    return bool(current_app.config.get("WEBHOOK_OUT_ALLOW_LOOPBACK")) and not https_only()


def register(institution_id: int, url: str, created_by) -> tuple[WebhookEndpoint, str]:
    """Add an endpoint (its URL checked: Refused says why not); returns it and its
    signing secret, which is shown this once. The caller commits."""
    url = (url or "").strip()
    check_url(url, https_only=https_only())
    secret = "whsec_" + secrets.token_hex(24)
    endpoint = WebhookEndpoint(institution_id=institution_id, url=url, secret=secret,
                               created_by_id=getattr(created_by, "id", None))
    db.session.add(endpoint)
    db.session.flush()
    return endpoint, secret


def remove(endpoint: WebhookEndpoint) -> None:
    """Stop sending to an endpoint; its queued events fail when their turn comes."""
    if endpoint.removed_at is None:
        endpoint.removed_at = utcnow()


def for_institution(institution_id: int) -> list[WebhookEndpoint]:
    """The institution's live endpoints, newest first."""
    return list(db.session.scalars(sa.select(WebhookEndpoint).where(
        WebhookEndpoint.institution_id == institution_id,
        WebhookEndpoint.removed_at.is_(None)).order_by(WebhookEndpoint.id.desc())))


def host_of(url: str) -> str:
    """The host name or address of a URL that check_url accepted."""
    return urlsplit(url).hostname or ""


def is_ip(host: str) -> bool:
    """Whether host is an IP address rather than a name."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


__all__ = ["Refused", "check_url", "queue", "register", "remove", "for_institution",
           "payload", "host_of", "is_ip"]
