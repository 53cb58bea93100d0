"""USSD session rows: one primary-key read and one write per step, shared by every app
instance through the database, purged after a few minutes.

A session lives for seconds, so its row need not survive a crash like a feedback does: on
PostgreSQL its commit skips waiting for the disk (synchronous_commit off), except in the
step that files a feedback: that unit of work is an ordinary durable transaction. The
request commits (mrejesho.unit_of_work); these functions only write. A step reads and writes
its row with plain SQL statements: through the ORM they took a third of a step's time.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from mrejesho.extensions import db
from mrejesho.models import UssdSession
from mrejesho.unit_of_work import WROTE
from mrejesho.timeutil import utcnow

ABANDONED = ("Incomplete", "Failed")


@dataclass
class Step:
    """A session as one step reads and writes it (plain data: the hot path skips the ORM)."""

    session_id: str
    phone: str
    service_code: str | None
    state: dict
    last_text: str = ""
    last_screen: str | None = None
    stored: bool = False  # False until the row exists in the database


# The statements are built once: building them took as long as running them.
_table = UssdSession.__table__
_LOAD = sa.select(_table.c.phone, _table.c.service_code, _table.c.state, _table.c.last_text,
                  _table.c.last_screen).where(_table.c.session_id == sa.bindparam("id"))
_UPDATE = sa.update(_table).where(_table.c.session_id == sa.bindparam("id"))
_INSERT = sa.insert(_table)


def load(session_id: str) -> Step | None:
    """The stored session, or None for a new one."""
    row = db.session.connection().execute(_LOAD, {"id": session_id}).first()
    if row is None:
        return None
    return Step(session_id, row.phone, row.service_code, row.state or {}, row.last_text or "",
                row.last_screen, stored=True)


def begin(session_id: str, phone: str, service_code: str | None) -> Step:
    """A new session, stored by save()."""
    return Step(session_id, phone[:20], (service_code or "")[:20] or None, {})


def new_input(text: str, last_text: str) -> str:
    """What the caller typed this step: text is every input so far joined by '*', and a typed
    message may itself hold '*', so take what follows the text seen last time."""
    if not last_text:
        return text
    if text.startswith(last_text + "*"):
        return text[len(last_text) + 1:]
    return text.rsplit("*", 1)[-1]  # not an extension of the last text: the newest part


def save(step: Step, *, text: str, screen: str, state: dict,
         feedback_id: int | None = None) -> None:
    """Store the step's outcome (a new session is inserted now, so a twin first request that
    stored the same session meanwhile raises IntegrityError here). Relaxed durability unless
    the step filed a feedback."""
    now = utcnow()
    values = {"last_text": text, "last_screen": screen, "state": state, "updated_at": now}
    if feedback_id is not None:
        values["feedback_id"] = feedback_id
    else:
        _relax_durability()
    connection = db.session.connection()
    if step.stored:
        connection.execute(_UPDATE, {"id": step.session_id, **values})
    else:
        connection.execute(_INSERT, {"session_id": step.session_id, "phone": step.phone,
                                     "service_code": step.service_code, "created_at": now,
                                     **values})
        step.stored = True
    db.session.info[WROTE] = True  # plain statements on the connection: tell the unit of work
    step.last_text, step.last_screen, step.state = text, screen, state


def _relax_durability() -> None:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")


def record_end(form) -> UssdSession:
    """Store Africa's Talking's end-of-session notice on the session row (made if unseen)."""
    session_id = form.get("sessionId", "").strip()
    row = db.session.get(UssdSession, session_id)
    if row is None:
        row = UssdSession(session_id=session_id, phone=form.get("phoneNumber", "")[:20],
                          service_code=(form.get("serviceCode") or "")[:20] or None, state={},
                          last_text="", created_at=utcnow())
        db.session.add(row)
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
