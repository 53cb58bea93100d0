"""Africa's Talking callbacks: incoming SMS and delivery reports.

Both URLs carry the webhook secret (?token=...). The answer is only a status code: anything
the citizen should read goes through the outbox.
"""
from __future__ import annotations

import logging

from flask import Blueprint, request
from sqlalchemy.exc import SQLAlchemyError

from mrejesho.extensions import csrf, db
from mrejesho.webhooks import require_token

from . import inbox, outbox, throttle

log = logging.getLogger(__name__)
bp = Blueprint("sms", __name__, url_prefix="/sms")
csrf.exempt(bp)  # a gateway posts here, not a browser form; the token guards it instead

PLAIN = {"Content-Type": "text/plain; charset=utf-8"}


@bp.post("/inbound")
@require_token
def inbound():
    """Store an incoming SMS, then act on it; 200 once it is stored, whatever follows."""
    try:
        row, new = inbox.store(request.form)
    except inbox.MissingField as exc:
        return f"Missing field: {exc}", 400, PLAIN
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("Could not store an inbound SMS")
        return "Not stored; please retry", 503, PLAIN  # the gateway retries until 200
    if new and throttle.admit(row):  # else stored, flagged, not answered
        inbox.process(row)  # never raises; a failure leaves the row for a retry
    return "OK", 200, PLAIN


@bp.post("/delivery")
@require_token
def delivery():
    """Record a delivery report on the outbox row and the feedback's timeline."""
    provider_id = (request.form.get("id") or "").strip()
    status = (request.form.get("status") or "").strip()
    if not provider_id or not status:
        return "Missing field: id and status are required", 400, PLAIN
    outcome = outbox.record_report(provider_id, status, request.form.get("failureReason"),
                                   phone=(request.form.get("phoneNumber") or "").strip() or None)
    if outcome == "unknown":
        log.info("Delivery report for unknown message id %s", provider_id)
    return "OK", 200, PLAIN
