"""Incoming SMS: store first, so no message is ever lost; then parse and act.

The webhook stores and commits the raw message before anything else can fail. A message
whose processing failed stays stored with processed_at empty: the worker retries those
that never got an outcome, and `flask sms-reprocess` retries the rest once a fault is fixed.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from mrejesho import phones
from mrejesho.extensions import db
from mrejesho.models import InboundSms, Institution
from mrejesho.routing import TRIAGE_KIND
from mrejesho.timeutil import utcnow
from mrejesho.unit_of_work import unit_of_work

from . import commands, parser

log = logging.getLogger(__name__)
ERROR = "error"


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
    provider_id = (form.get("id") or "").strip()[:80] or _stand_in_id(form, sender, text)
    existing = _by_provider_id(provider_id)
    if existing is not None:
        return existing, False
    row = InboundSms(
        provider_id=provider_id, sender=sender[:20], recipient=(form.get("to") or "")[:20],
        text=text, gateway_date=(form.get("date") or "")[:40] or None,
        link_id=(form.get("linkId") or "")[:80] or None,
        network_code=(form.get("networkCode") or "")[:10] or None, received_at=utcnow(),
    )
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the same delivery, retried at the same moment, got in first
        return _by_provider_id(provider_id), False
    return row, True


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
        return row.outcome
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
    """Codes and aliases of the active institutions. The triage desk's aliases are left out:
    its words ("msaada", "malalamiko") are commands, and unrouted text lands there anyway."""
    rows = db.session.execute(
        db.select(Institution.code, Institution.aliases, Institution.kind)
        .filter_by(active=True)
    )
    return parser.Directory.build(
        (code, () if kind == TRIAGE_KIND else aliases) for code, aliases, kind in rows
    )
