"""USSD session rows: one primary-key read and one write per step, shared by every app
instance through the database, purged after a few minutes.

A session lives for seconds, so its row need not survive a crash like a feedback does: on
PostgreSQL its commit skips waiting for the disk (synchronous_commit off), except in the
step that files a feedback: that unit of work is an ordinary durable transaction. The
request commits (mrejesho.unit_of_work); these functions only flush.
"""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from mrejesho.extensions import db
from mrejesho.models import UssdSession
from mrejesho.timeutil import utcnow

ABANDONED = ("Incomplete", "Failed")


def load(session_id: str) -> UssdSession | None:
    """The stored session, or None for a new one."""
    return db.session.get(UssdSession, session_id)


def begin(session_id: str, phone: str, service_code: str | None) -> UssdSession:
    """A new session row, added to the unit of work (flushed by save())."""
    row = UssdSession(session_id=session_id, phone=phone[:20], state={}, last_text="",
                      service_code=(service_code or "")[:20] or None, created_at=utcnow())
    db.session.add(row)
    return row


def new_input(text: str, last_text: str) -> str:
    """What the caller typed this step: text is every input so far joined by '*', and a typed
    message may itself hold '*', so take what follows the text seen last time."""
    if not last_text:
        return text
    if text.startswith(last_text + "*"):
        return text[len(last_text) + 1:]
    return text.rsplit("*", 1)[-1]  # not an extension of the last text: the newest part


def save(row: UssdSession, *, text: str, screen: str, state: dict,
         feedback_id: int | None = None) -> None:
    """Store the step's outcome (flushed now, so a twin first request that stored the same
    session meanwhile raises IntegrityError here). Relaxed durability unless the step filed
    a feedback."""
    row.last_text, row.last_screen, row.state = text, screen, state
    row.updated_at = utcnow()
    if feedback_id is not None:
        row.feedback_id = feedback_id
    else:
        _relax_durability()
    db.session.flush()


def _relax_durability() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL synchronous_commit TO OFF"))


def record_end(form) -> UssdSession:
    """Store Africa's Talking's end-of-session notice on the session row (made if unseen)."""
    session_id = form.get("sessionId", "").strip()
    row = load(session_id) or begin(session_id, form.get("phoneNumber", ""),
                                     form.get("serviceCode"))
    row.end_status = (form.get("status") or "")[:20] or None
    row.hops = _int(form.get("hops"))
    row.duration_ms = _int(form.get("durationInMillis"))
    row.end_screen = ((row.state or {}).get("screen") or "")[:40] or None
    row.updated_at = utcnow()
    _relax_durability()
    db.session.flush()
    return row


def _int(value: str | None) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def abandoned_by_screen(older_than: timedelta | None = None) -> Counter:
    """How many sessions were dropped (Incomplete or Failed) at each screen."""
    query = db.select(UssdSession.end_screen, sa.func.count()).where(
        UssdSession.end_status.in_(ABANDONED)
    ).group_by(UssdSession.end_screen)
    if older_than is not None:
        query = query.where(UssdSession.updated_at < utcnow() - older_than)
    return Counter({screen or "unknown": count for screen, count in db.session.execute(query)})


def purge(older_than: timedelta) -> tuple[int, Counter]:
    """Delete sessions idle for longer than older_than (a job: it commits); returns the
    number deleted and, for the record, where the abandoned ones among them stopped."""
    abandoned = abandoned_by_screen(older_than)
    result = db.session.execute(
        sa.delete(UssdSession).where(UssdSession.updated_at < utcnow() - older_than)
    )
    db.session.commit()
    return result.rowcount, abandoned
