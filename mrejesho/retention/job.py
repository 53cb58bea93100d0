"""The retention run: anonymise the personal data of every feedback item due
(mrejesho.retention.policy) and sweep what is not tied to such an item: SMS in and out,
USSD sessions and phone preferences older than RETENTION_DAYS, expired data-access codes.

Run daily by the SMS worker and by `flask retention run`. Each item is its own unit of work
(one that fails is rolled back alone and tried again next run); the sweeps go in batches.
A dry run reads the same rows and counts the same changes, and writes nothing; a real run
is recorded in the audit log with its counts.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import sqlalchemy as sa

from .. import audit
from .. import feedback as core
from ..extensions import db
from ..models import (
    DataAccessCode,
    Feedback,
    InboundSms,
    OutboundMessage,
    PhonePreference,
    UssdSession,
)
from ..timeutil import utcnow
from ..unit_of_work import unit_of_work
from . import policy, scrub

TABLES = ("feedback", "event", "inbound_sms", "outbound_message", "ussd_session",
          "phone_preference", "data_access_code", "attachment_file")
BATCH = 500
# Codes are useless ten minutes after they are sent; a day more keeps the rate evidence.
CODES_KEPT = timedelta(days=1)


def run(now: datetime | None = None, *, dry_run: bool = False) -> dict[str, int]:
    """Run retention once; returns how many rows of each table (and files) it changed, or,
    with dry_run, would change."""
    now = now or utcnow()
    counts: Counter = Counter(dict.fromkeys(TABLES, 0))
    due = policy.due_ids(now)
    for feedback_id in due:
        if dry_run:
            counts.update(scrub.anonymise(db.session.get(Feedback, feedback_id),
                                          reason="retention", dry_run=True))
            continue
        with unit_of_work():
            item = core.lock(db.session.get(Feedback, feedback_id))
            if policy.is_due(item, now):  # nobody reopened it since it was listed
                counts.update(scrub.anonymise(item, reason="retention"))
    # A dry run has left the due items named: the sweep must count as if they were not.
    counts.update(_sweep(now, dry_run, due if dry_run else []))
    if dry_run:
        db.session.rollback()
    else:
        with unit_of_work():
            audit.record("retention.run", detail={"now": now.isoformat(timespec="seconds"),
                                                  "counts": dict(counts)})
    return dict(counts)


def _anonymised_items():
    return sa.select(Feedback.id).where(Feedback.anonymised_at.is_not(None))


def _sweep(now: datetime, dry_run: bool, named_until_now: list[int]) -> Counter:
    """What is not part of an item due today: old SMS and sessions, left-over preferences,
    expired codes, and the outbox rows of erased items that were still waiting to go."""
    cutoff = now - timedelta(days=policy.default_days())
    old_or_erased = lambda when, link: sa.or_(  # noqa: E731
        sa.and_(link.is_(None), when < cutoff), link.in_(_anonymised_items()))
    counts = Counter()
    counts["inbound_sms"] = _batches(
        InboundSms, InboundSms.id, sa.and_(InboundSms.sender != "", old_or_erased(
            InboundSms.received_at, InboundSms.feedback_id)), scrub.scrub_inbound_row, dry_run)
    counts["outbound_message"] = _batches(
        OutboundMessage, OutboundMessage.id, sa.and_(
            OutboundMessage.to != "", OutboundMessage.status.not_in(scrub.PENDING),
            old_or_erased(OutboundMessage.created_at, OutboundMessage.feedback_id)),
        scrub.scrub_outbound_row, dry_run)
    counts["ussd_session"] = _delete(UssdSession, sa.and_(
        UssdSession.feedback_id.is_(None), UssdSession.updated_at < cutoff), dry_run)
    still_named = sa.select(Feedback.id).where(
        Feedback.citizen_phone == PhonePreference.phone,
        Feedback.id.not_in(named_until_now)).exists()
    counts["phone_preference"] = _delete(
        PhonePreference, sa.and_(PhonePreference.updated_at < cutoff, ~still_named), dry_run)
    counts["data_access_code"] = _delete(
        DataAccessCode, DataAccessCode.expires_at < now - CODES_KEPT, dry_run)
    return counts


def _batches(model, key, where, change, dry_run: bool) -> int:
    """Apply change to every row matching where, BATCH rows per unit of work."""
    if dry_run:
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(where))
    done = 0
    while True:
        with unit_of_work():
            rows = db.session.scalars(sa.select(model).where(where).order_by(key)
                                      .limit(BATCH)).all()
            for row in rows:
                change(row)
        done += len(rows)
        if len(rows) < BATCH:
            return done


def _delete(model, where, dry_run: bool) -> int:
    """Delete the rows matching where (or count them)."""
    if dry_run:
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(where))
    with unit_of_work():
        return db.session.execute(sa.delete(model).where(where)).rowcount
