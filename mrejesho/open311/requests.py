"""Feedback as Open311 service requests: what anyone may see, what a key of its institution
sees, the search of GET requests, and the tokens of POST requests.

Citizens write about bribes, neighbours and employers, so without a key a request shows
only its reference, kind, service, institution, status, dates and the officers' public words
(status_notes): never the citizen's text, name, phone, email, place or attachment. A key of
the feedback's institution also sees the citizen's text (description). No answer ever
carries a name, phone number or email: Open311 has no field for them.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from .. import lifecycle, reference
from ..extensions import db
from ..models import Event, Feedback
from ..timeutil import utcnow

DEFAULT_DAYS = 90  # the specification's default window without dates
MAX_RESULTS = 1000  # and its largest answer
OFFICER_WORDS = ("reply", "status")  # public events whose text is an officer's own words


def w3c(moment: datetime | None) -> str | None:
    """A stored (naive UTC) time as a W3C datetime, e.g. 2026-11-25T09:15:00Z."""
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"


def parse_w3c(text: str) -> datetime:
    """A W3C datetime (a zone offset or Z; without one, UTC; a bare date is its midnight) as
    naive UTC; ValueError when it is not one (or is out of range)."""
    text = text.strip()
    if not 10 <= len(text) <= 35:
        raise ValueError(text)
    moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        except OverflowError as exc:
            raise ValueError(text) from exc
    return moment


def status_of(feedback: Feedback) -> str:
    """open or closed, from the lifecycle's sets."""
    return "open" if feedback.status in lifecycle.OPEN else "closed"


def status_notes(feedback_id: int) -> str | None:
    """The officers' latest public words on it (a reply, a resolution, a reason)."""
    return db.session.scalar(
        sa.select(Event.text).where(
            Event.feedback_id == feedback_id, Event.public.is_(True),
            Event.actor_type == "staff", Event.type.in_(OFFICER_WORDS),
            Event.text.is_not(None))
        .order_by(Event.id.desc()).limit(1))


def represent(feedback: Feedback, lang: str, *, full: bool) -> dict:
    """One request as the specification shapes it; full (its institution's key) adds the
    citizen's text."""
    desk = reference.current().by_id.get(feedback.institution_id)
    name = desk.name(lang) if desk else ""
    description = None
    if full:
        description = "\n\n".join(p for p in (feedback.subject, feedback.body) if p)
    return {
        "service_request_id": feedback.reference, "status": status_of(feedback),
        "status_notes": status_notes(feedback.id),
        "service_name": name, "service_code": desk.code if desk else None,
        "description": description, "agency_responsible": name, "service_notice": None,
        "requested_datetime": w3c(feedback.created_at),
        "updated_datetime": w3c(feedback.updated_at),
        "expected_datetime": w3c(feedback.due_at) if feedback.is_open else None,
        "address": None, "address_id": None, "zipcode": None, "lat": None, "long": None,
        "media_url": None,
        # Not in the specification (clients ignore what they do not know): the kind.
        "kind": feedback.kind,
    }


def search(institution_id: int, *, references: list[str] | None = None,
           codes: list[str] | None = None, statuses: set[str] | None = None,
           start: datetime | None = None, end: datetime | None = None) -> list[Feedback]:
    """GET requests for one institution's key: by references, or else by service codes,
    status and dates (the last DEFAULT_DAYS without dates), newest first, MAX_RESULTS."""
    query = sa.select(Feedback).where(Feedback.institution_id == institution_id)
    if references is not None:
        query = query.where(Feedback.reference.in_(references or ["-"]))
    else:
        if codes is not None:
            query = query.where(Feedback.institution_id.in_(
                [d.id for d in reference.current().desks if d.code in codes] or [-1]))
        if statuses == {"open"}:
            query = query.where(Feedback.status.in_(lifecycle.OPEN))
        elif statuses == {"closed"}:
            query = query.where(Feedback.status.in_(lifecycle.NOT_OPEN))
        if start is None and end is None:
            start = utcnow() - timedelta(days=DEFAULT_DAYS)
        if start is not None:
            query = query.where(Feedback.created_at >= start)
        if end is not None:
            query = query.where(Feedback.created_at <= end)
    limit = current_app.config.get("OPEN311_MAX_RESULTS", MAX_RESULTS)
    return list(db.session.scalars(
        query.order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(limit)))


def _tokens() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="open311-token")


def token_for(reference_number: str) -> str:
    """The token POST requests answers with: the reference, signed."""
    return _tokens().dumps(reference_number)


def reference_of(token: str) -> str | None:
    """The reference a token stands for, or None when it is not one of ours."""
    if not token or len(token) > 200:
        return None
    try:
        value = _tokens().loads(token)
    except (BadSignature, UnicodeError, ValueError):
        return None
    return value if isinstance(value, str) else None
