"""Incoming SMS: store first, so no message is ever lost; then parse and act.

The webhook stores and commits the raw message before anything else can fail. A message
whose processing failed stays stored with processed_at empty: the worker retries those
that never got an outcome, and `flask sms-reprocess` retries the rest once a fault is fixed.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import make_transient_to_detached

from mrejesho import phones, reference
from mrejesho.extensions import db
from mrejesho.models import InboundSms
from mrejesho.routing import TRIAGE_KIND
from mrejesho.timeutil import utcnow
from mrejesho.unit_of_work import unit_of_work

from . import commands, parser

log = logging.getLogger(__name__)
ERROR = "error"
# Far beyond the longest concatenated SMS (about 40 segments): a longer text is stored cut
# and marked, never refused, so nothing a phone sent is lost.
TEXT_LIMIT = 6000
TOO_LONG = " [...]"


class MissingField(ValueError):
    """The gateway's request lacks a field we cannot do without."""


def store(form) -> tuple[InboundSms, bool]:
    """Save and commit the message as Africa's Talking posted it, before anything else can
    fail (a deliberate unit of work of its own); (row, False) if that id was seen."""
    sender = (form.get("from") or "").replace("\x00", "").strip()
    if not sender:
        raise MissingField("from")
    # PostgreSQL text cannot hold NUL; a phone never means one.
    text = (form.get("text") or "").replace("\x00", "")
    if len(text) > TEXT_LIMIT:
        log.warning("Inbound SMS from %s of %d characters stored cut", sender[:20], len(text))
        text = text[:TEXT_LIMIT] + TOO_LONG
    provider_id = (form.get("id") or "").strip()[:80] or _stand_in_id(form, sender, text)
    values = {
        "provider_id": provider_id, "sender": sender[:20],
        "recipient": (form.get("to") or "")[:20], "text": text,
        "gateway_date": (form.get("date") or "")[:40] or None,
        "link_id": (form.get("linkId") or "")[:80] or None,
        "network_code": (form.get("networkCode") or "")[:10] or None,
        "received_at": utcnow(), "processed_at": None, "outcome": None, "feedback_id": None,
    }
    # One statement both stores a new delivery and recognises a retried one, at any moment.
    new_id = db.session.execute(_insert_new(values)).scalar()
    db.session.commit()
    if new_id is None:
        return _by_provider_id(provider_id), False
    # The row as just stored, attached without reading it back.
    row = InboundSms(id=new_id, **values)
    make_transient_to_detached(row)
    db.session.add(row)
    return row, True


def _insert_new(values: dict):
    table = InboundSms.__table__
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    return (insert(table).values(values)
            .on_conflict_do_nothing(index_elements=[table.c.provider_id])
            .returning(table.c.id))


def _stand_in_id(form, sender: str, text: str) -> str:
    # Africa's Talking always sends an id; a hand-made request might not. Hash what is there
    # so that the same request posted twice is still stored once.
    digest = hashlib.sha256(f"{sender}|{form.get('date')}|{text}".encode()).hexdigest()
    return f"noid-{digest[:40]}"


def _by_provider_id(provider_id: str) -> InboundSms | None:
    return db.session.scalar(db.select(InboundSms).filter_by(provider_id=provider_id))


def process(row: InboundSms) -> str:
    """Parse the stored message and carry it out in one unit of work of its own: the change,
    the answer and the outcome are committed together. Returns the outcome. Never raises: a
    failure is logged and recorded on the row, which stays unprocessed for a retry."""
    row_id = row.id
    try:
        with unit_of_work():
            command = parser.parse(row.text, directory())
            commands.carry_out(row, command, phones.normalize_or_none(row.sender))
            outcome = row.outcome  # read before the commit expires it
        return outcome
    except (OperationalError, InterfaceError):
        # The database failed (a restart, a lost connection), not the message: leave it
        # without an outcome, so that the worker's reprocessing carries it out once the
        # database is back. Marked "error", it would never be retried: a lost complaint.
        _rollback()
        log.exception("Processing inbound SMS %s failed on the database; it will be retried",
                      row_id)
        return ERROR
    except Exception:
        db.session.rollback()
        log.exception("Processing inbound SMS %s failed; it stays stored", row_id)
        try:
            db.session.execute(
                db.update(InboundSms).where(InboundSms.id == row_id).values(outcome=ERROR)
            )
            db.session.commit()
        except Exception:  # the database itself is failing: the worker will retry
            db.session.rollback()
        return ERROR


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection is gone: drop it, the pool makes a new one
        db.session.invalidate()


def reprocess(older_than: timedelta = timedelta(minutes=1), *, errors: bool = False,
              limit: int = 500) -> int:
    """Process stored messages that have no outcome yet (and, with errors=True, those
    that failed before); returns how many were tried."""
    query = db.select(InboundSms).where(
        InboundSms.processed_at.is_(None), InboundSms.received_at < utcnow() - older_than,
    )
    if not errors:
        query = query.where(InboundSms.outcome.is_(None))
    rows = db.session.scalars(query.order_by(InboundSms.id).limit(limit)).all()
    for row in rows:
        process(row)
    return len(rows)


def directory() -> parser.Directory:
    """Codes and aliases of the active institutions, built once per reference snapshot."""
    return reference.current().derived("sms.directory", _build_directory)


def _build_directory(snapshot: reference.Snapshot) -> parser.Directory:
    # The triage desk's aliases are left out: its words ("msaada", "malalamiko") are
    # commands, and unrouted text lands there anyway.
    return parser.Directory.build(
        (desk.code, () if desk.kind == TRIAGE_KIND else desk.aliases)
        for desk in snapshot.desks if desk.active
    )
