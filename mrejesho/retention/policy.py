"""How long personal data is kept, and which feedback is due for anonymising.

The period of an item: its institution's `retention_days` when set, else the setting
RETENTION_DAYS_BY_KIND for its kind, else RETENTION_DAYS (730: two years). It counts from
when the item was finished: closed or rejected (closed_at), or resolved with its dispute
window over (resolved_at; the escalation job closes those soon after anyway). An open item,
or a resolved one the citizen may still dispute, is never due, however old.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from ..extensions import db
from ..lifecycle import FINISHED, Status
from ..models import Feedback, Institution


def default_days() -> int:
    """The period for anything not tied to a kind or an institution (SMS, sessions)."""
    return int(current_app.config["RETENTION_DAYS"])


def period_days(institution: Institution, kind: str) -> int:
    """How many days this institution keeps the personal data of feedback of this kind."""
    if institution.retention_days:
        return int(institution.retention_days)
    by_kind = current_app.config.get("RETENTION_DAYS_BY_KIND") or {}
    return int(by_kind.get(kind, default_days()))


def finished_at(status: str, closed_at: datetime | None, resolved_at: datetime | None,
                now: datetime) -> datetime | None:
    """When nothing more could happen to an item, or None while something still can."""
    if status in FINISHED:
        return closed_at
    dispute = timedelta(days=current_app.config["DISPUTE_DAYS"])
    if status == Status.RESOLVED and resolved_at is not None and resolved_at + dispute < now:
        return resolved_at
    return None


def is_due(item: Feedback, now: datetime) -> bool:
    """Whether the item's personal data is now older than its period (checked again on the
    locked row before anything is removed)."""
    if item.anonymised_at is not None:
        return False
    done = finished_at(item.status, item.closed_at, item.resolved_at, now)
    return done is not None and done < now - timedelta(
        days=period_days(item.institution, item.kind))


def _periods() -> tuple[dict[int, int], int]:
    """{institution id: its own period} and the shortest period any item can have."""
    own = dict(db.session.execute(db.select(Institution.id, Institution.retention_days).where(
        Institution.retention_days.is_not(None), Institution.retention_days > 0)).all())
    by_kind = current_app.config.get("RETENTION_DAYS_BY_KIND") or {}
    return own, min([default_days(), *by_kind.values(), *own.values()])


def due_ids(now: datetime) -> list[int]:
    """Ids of the feedback whose personal data is due for anonymising, oldest first. Only
    the few columns the rule needs are read, and only of items finished before the
    shortest period."""
    own, shortest = _periods()
    cutoff = now - timedelta(days=shortest)
    by_kind = current_app.config.get("RETENTION_DAYS_BY_KIND") or {}
    rows = db.session.execute(
        db.select(Feedback.id, Feedback.institution_id, Feedback.kind, Feedback.status,
                  Feedback.closed_at, Feedback.resolved_at)
        .where(Feedback.anonymised_at.is_(None), db.or_(
            db.and_(Feedback.status.in_(sorted(FINISHED)), Feedback.closed_at < cutoff),
            db.and_(Feedback.status == Status.RESOLVED, Feedback.resolved_at < cutoff)))
        .order_by(Feedback.id)).all()
    due = []
    for id_, institution_id, kind, status, closed_at, resolved_at in rows:
        days = own.get(institution_id) or by_kind.get(kind, default_days())
        done = finished_at(status, closed_at, resolved_at, now)
        if done is not None and done < now - timedelta(days=int(days)):
            due.append(id_)
    return due
