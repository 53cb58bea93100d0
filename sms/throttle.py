"""A per-sender throttle and loop guard for incoming SMS: every answer is a paid SMS, and a
script or another system's auto-responder can send thousands.

- Only a phone number is ever answered: a short code or a sender name (a bank, a network's
  own service, another auto-responder) gets no reply at all (sms.commands answers
  phones.normalize_or_none(sender), None for those).
- At most SMS_REPLIES_PER_HOUR messages from one sender (default 10, a moving hour) are
  carried out, so at most that many answers go to one number in an hour and an
  auto-responder's loop stops there. The rest are kept, as every message is, and flagged:
  outcome "throttled", not carried out (no feedback filed, no answer), for an officer or
  administrator to read.

The counters live in the rate limiter's storage (RATELIMIT_STORAGE_URI: Redis in
production, shared by every instance), whether or not the web rate limits are enabled.
"""
from __future__ import annotations

import logging
import os

from flask import current_app
from limits import RateLimitItemPerHour
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from mrejesho.extensions import db
from mrejesho.models import InboundSms
from mrejesho.timeutil import utcnow

log = logging.getLogger(__name__)
THROTTLED = "throttled"
DEFAULT_PER_HOUR = 10
NAMESPACE = "sms-sender"


def per_hour() -> int:
    """The setting SMS_REPLIES_PER_HOUR (app config, else the environment); a value that is
    not a whole number >= 1 is logged and the default used (a message is never refused)."""
    raw = current_app.config.get("SMS_REPLIES_PER_HOUR",
                                 os.environ.get("SMS_REPLIES_PER_HOUR", DEFAULT_PER_HOUR))
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        log.error("SMS_REPLIES_PER_HOUR=%r is not a whole number >= 1; using %d",
                  raw, DEFAULT_PER_HOUR)
        return DEFAULT_PER_HOUR
    return value


def _counter() -> MovingWindowRateLimiter:
    app = current_app._get_current_object()
    counter = app.extensions.get("sms_throttle")
    if counter is None:
        uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
        counter = MovingWindowRateLimiter(storage_from_string(uri))
        app.extensions["sms_throttle"] = counter
    return counter


def admit(row: InboundSms) -> bool:
    """True when the stored message may be carried out now; otherwise flag it throttled
    (committed) and return False. A failing counter store admits: the message is never lost
    and the citizen still answered."""
    limit = per_hour()
    try:
        allowed = _counter().hit(RateLimitItemPerHour(limit), NAMESPACE, row.sender)
    except Exception:  # noqa: BLE001  (Redis down: answer rather than drop)
        log.exception("SMS throttle store failed; message %s admitted", row.id)
        return True
    if allowed:
        return True
    log.warning("Inbound SMS %s: its sender is over %d per hour; stored, flagged %s, not "
                "carried out", row.id, limit, THROTTLED)
    db.session.execute(db.update(InboundSms).where(InboundSms.id == row.id)
                       .values(outcome=THROTTLED, processed_at=utcnow()))
    db.session.commit()
    return False
