"""USSD sessions: what a caller has answered so far, read and written once per step and shared
by every app instance, and what is kept of each session for the statistics.

The in-between state lives where USSD_SESSION_STORE says. "database" (the default, so that
`make run` needs no server): a row per session, read and written with plain SQL statements
(through the ORM they took a third of a step's time). A redis:// URL: a key per session that
expires by itself, about ten times cheaper per step than a database row (docs/benchmark.md);
the database then gets the session's row only when it files a feedback (in that feedback's
transaction: the durable part) and when Africa's Talking reports its end.

A session lives for seconds, so its state need not survive a crash like a feedback does: on
PostgreSQL a step's commit skips waiting for the disk (synchronous_commit off), except in the
step that files a feedback. The request commits (mrejesho.unit_of_work); save() writes within
it, and publish() (Redis only) after it.
"""
from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import redis
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from mrejesho.extensions import db
from mrejesho.models import UssdAbandonment, UssdSession
from mrejesho.timeutil import to_local, utcnow
from mrejesho.unit_of_work import WROTE

ABANDONED = ("Incomplete", "Failed")
NO_SCREEN = "none"  # an end notice for a session that never reached a screen
# The network lets a caller type at most 182 characters a step; a session's text (every
# step joined by '*') longer than TEXT_LIMIT is refused before any work.
INPUT_LIMIT = 182
TEXT_LIMIT = 40 * (INPUT_LIMIT + 1)


@dataclass
class Step:
    """A session as one step reads and writes it (plain data: the hot path skips the ORM)."""

    session_id: str
    phone: str
    service_code: str | None
    state: dict
    last_text: str = ""
    last_screen: str | None = None
    stored: bool = False  # False until the session exists in its store
    created_at: str | None = None  # ISO time the session began (Redis store)


class Raced(Exception):
    """A twin first request of the same session stored it first."""


# The statements are built once: building them took as long as running them.
_table = UssdSession.__table__
_LOAD = sa.select(_table.c.phone, _table.c.service_code, _table.c.state, _table.c.last_text,
                  _table.c.last_screen).where(_table.c.session_id == sa.bindparam("id"))
_UPDATE = sa.update(_table).where(_table.c.session_id == sa.bindparam("id"))
_INSERT = sa.insert(_table)


TTL_SECONDS = 600  # Africa's Talking ends a session after about three minutes


def _redis():
    """The Redis client of USSD_SESSION_STORE, or None when sessions live in the database."""
    url = current_app.config.get("USSD_SESSION_STORE") or "database"
    if url == "database":
        return None
    client = _clients.get(url)
    if client is None:
        with _clients_lock:
            client = _clients.setdefault(url, redis.Redis.from_url(url, socket_timeout=2))
    return client


_clients: dict = {}
_clients_lock = threading.Lock()


def store_name() -> str:
    """"database" or "redis": where this app keeps sessions' in-between state."""
    return "database" if _redis() is None else "redis"


def _key(session_id: str) -> str:
    return current_app.config.get("USSD_SESSION_PREFIX", "mrejesho:ussd:") + session_id


def load(session_id: str) -> Step | None:
    """The stored session, or None for a new one."""
    client = _redis()
    if client is not None:
        raw = client.get(_key(session_id))
        if raw is None:
            return None
        data = json.loads(raw)
        return Step(session_id, data["phone"], data.get("service_code"), data.get("state") or {},
                    data.get("last_text") or "", data.get("last_screen"), stored=True,
                    created_at=data.get("created_at"))
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
    message may itself hold '*', so take what follows the text seen last time. Cut at the
    network's limit of INPUT_LIMIT characters per step."""
    if not last_text:
        return text[:INPUT_LIMIT]
    if text.startswith(last_text + "*"):
        return text[len(last_text) + 1:][:INPUT_LIMIT]
    # not an extension of the last text: the newest part
    return text.rsplit("*", 1)[-1][:INPUT_LIMIT]


def save(step: Step, *, text: str, screen: str, state: dict,
         feedback_id: int | None = None) -> None:
    """Write the step's outcome within the unit of work (in the database store a new session
    is inserted now, so a twin first request that stored it meanwhile raises IntegrityError
    here). Relaxed durability unless the step filed a feedback. In the Redis store only a
    step that filed a feedback writes here (its session row); publish() does the rest."""
    if _redis() is not None:
        step.last_text, step.last_screen, step.state = text, screen, state
        if feedback_id is not None:
            _record_filed(step, feedback_id)
        return
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


def publish(step: Step) -> None:
    """After the commit, put the step in the Redis store (nothing to do in the database
    store). Raises Raced when this was a session's first step and a twin stored it first."""
    client = _redis()
    if client is None:
        return
    step.created_at = step.created_at or utcnow().isoformat()
    value = json.dumps({"phone": step.phone, "service_code": step.service_code,
                        "state": step.state, "last_text": step.last_text,
                        "last_screen": step.last_screen, "created_at": step.created_at})
    first = not step.stored
    if not client.set(_key(step.session_id), value, ex=TTL_SECONDS, nx=first):
        raise Raced(step.session_id)
    step.stored = True


def _record_filed(step: Step, feedback_id: int) -> None:
    """The durable part of a Redis-stored session: its row, linked to the feedback it filed."""
    row = db.session.get(UssdSession, step.session_id)
    if row is None:
        row = UssdSession(session_id=step.session_id, phone=step.phone, state={},
                          service_code=step.service_code, last_text="",
                          created_at=_created(step))
        db.session.add(row)
    row.last_text, row.last_screen, row.state = step.last_text, step.last_screen, step.state
    row.feedback_id, row.updated_at = feedback_id, utcnow()
    db.session.flush()


def _created(step: Step):
    return datetime.fromisoformat(step.created_at) if step.created_at else utcnow()


def _relax_durability() -> None:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")


def record_end(form) -> UssdSession:
    """Store Africa's Talking's end-of-session notice on the session row (made if unseen).
    The first notice of a session is kept (a retried one changes nothing), and a session it
    says was dropped (ABANDONED) without filing feedback is counted for its day and screen."""
    session_id = form.get("sessionId", "").strip()
    row = db.session.get(UssdSession, session_id) or _add_unseen(session_id, form)
    status = (form.get("status") or "")[:20] or None
    screen = ((row.state or {}).get("screen") or "")[:40] or None
    # Conditional, so that of two notices racing for one session only one claims its end.
    claimed = db.session.execute(
        sa.update(_table).where(_table.c.session_id == session_id,
                                _table.c.end_status.is_(None))
        .values(end_status=status, hops=_int(form.get("hops")),
                duration_ms=_int(form.get("durationInMillis")), end_screen=screen,
                updated_at=utcnow())
    ).rowcount
    if claimed and status in ABANDONED and row.feedback_id is None:
        count_abandoned(to_local(utcnow()).date(), screen or NO_SCREEN)
    _relax_durability()
    db.session.flush()
    db.session.expire(row)
    return row


def _add_unseen(session_id: str, form) -> UssdSession:
    """The session's row, made from what the Redis store kept (or from the notice alone);
    a twin notice that made it first is taken instead."""
    kept = load(session_id) if _redis() is not None else None
    row = UssdSession(session_id=session_id, phone=form.get("phoneNumber", "")[:20],
                      service_code=(form.get("serviceCode") or "")[:20] or None, state={},
                      last_text="", created_at=utcnow())
    if kept is not None:  # the Redis store: the row is made from what it kept
        row.phone, row.service_code, row.state = kept.phone, kept.service_code, kept.state
        row.last_text, row.last_screen = kept.last_text, kept.last_screen
        row.created_at = _created(kept)
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        row = db.session.get(UssdSession, session_id, populate_existing=True)
    return row


def count_abandoned(day: date, screen: str) -> None:
    """Add one abandoned session to its day and screen: one INSERT ... ON CONFLICT DO
    UPDATE, so notices counted at once never lose one."""
    table = UssdAbandonment.__table__
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[
        db.session.get_bind().dialect.name]
    db.session.execute(
        insert(table).values(day=day, screen=screen, sessions=1)
        .on_conflict_do_update(index_elements=[table.c.day, table.c.screen],
                               set_={"sessions": table.c.sessions + 1})
    )


def _int(value: str | None) -> int | None:
    """A count the gateway sent, or None when it is not a number an INTEGER column holds."""
    try:
        number = int(float((value or "")[:20]))
    except (TypeError, ValueError, OverflowError):  # "", "abc", "inf", "1e400"
        return None
    return number if 0 <= number <= 2**31 - 1 else None


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
