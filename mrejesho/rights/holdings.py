"""What e-Mrejesho holds about one phone number, and the erasure of its finished feedback.

"Held about them": the feedback naming the number (with what the citizen sees of its
timeline: the institution's public lines, their own additions and rating), the SMS they
sent and the SMS and emails sent to them, their USSD sessions and their preferences.
Officers' internal notes are the institution's working papers and are not shown here.
"""
from __future__ import annotations

import sqlalchemy as sa

from .. import audit
from .. import feedback as core
from ..extensions import db
from ..models import (
    Feedback,
    InboundSms,
    OutboundMessage,
    PhonePreference,
    UssdSession,
)
from ..retention import policy, scrub
from ..timeutil import utcnow

# What the citizen sees of a timeline, as on their private page (public.views).
OWN_EVENTS = ("follow_up", "rated")


def _when(moment) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def items(phone: str) -> list[Feedback]:
    """The feedback naming this number, newest first."""
    return list(db.session.scalars(sa.select(Feedback).filter_by(citizen_phone=phone)
                                   .order_by(Feedback.created_at.desc(), Feedback.id.desc())))


def count(phone: str) -> int:
    """How many feedback items name this number."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)
                             .where(Feedback.citizen_phone == phone))


def erasable(item: Feedback) -> bool:
    """Finished: closed, rejected, or resolved with its dispute window over."""
    return policy.finished_at(item.status, item.closed_at, item.resolved_at,
                              utcnow()) is not None


def visible_events(item: Feedback) -> list:
    """The lines of the item's timeline the citizen sees."""
    return [e for e in item.events if e.public or e.type in OWN_EVENTS]


def timeline(item: Feedback) -> list[dict]:
    """The same, for the JSON download."""
    return [{"at": _when(e.created_at), "type": e.type, "status": e.to_value
             if e.type == "status" else None, "text": e.text} for e in visible_events(item)]


def _feedback(item: Feedback) -> dict:
    return {
        "reference": item.reference, "kind": item.kind, "channel": item.channel,
        "institution": item.institution.code, "status": item.status,
        "created_at": _when(item.created_at), "closed_at": _when(item.closed_at),
        "name": item.citizen_name, "phone": item.citizen_phone, "email": item.citizen_email,
        "hidden_from_officers": item.anonymous, "subject": item.subject, "message": item.body,
        "attachment": item.attachment_name, "rating": item.rating,
        "rating_comment": item.rating_comment, "timeline": timeline(item),
        "erasable": erasable(item),
    }


def rows(phone: str) -> dict:
    """The rows held about the number: feedback, sent, received, sessions, preference."""
    mine = items(phone)
    emails = {item.citizen_email for item in mine if item.citizen_email}
    return {
        "feedback": mine,
        "sent": db.session.scalars(sa.select(OutboundMessage).where(
            sa.or_(OutboundMessage.to == phone, OutboundMessage.to.in_(emails)))
            .order_by(OutboundMessage.id)).all(),
        "received": db.session.scalars(sa.select(InboundSms).filter_by(sender=phone)
                                       .order_by(InboundSms.id)).all(),
        "sessions": db.session.scalars(sa.select(UssdSession).filter_by(phone=phone)
                                       .order_by(UssdSession.created_at)).all(),
        "preference": db.session.get(PhonePreference, phone),
    }


def collect(phone: str) -> dict:
    """Everything held about the number, as the JSON download gives it."""
    held = rows(phone)
    preference = held["preference"]
    return {
        "phone": phone,
        "feedback": [_feedback(item) for item in held["feedback"]],
        "messages_sent_to_you": [{"at": _when(m.created_at), "channel": m.channel, "to": m.to,
                                  "subject": m.subject, "text": m.text, "status": m.status}
                                 for m in held["sent"]],
        "sms_from_you": [{"at": _when(m.received_at), "text": m.text}
                         for m in held["received"]],
        "ussd_sessions": [{"at": _when(s.created_at), "ended": s.end_status}
                          for s in held["sessions"]],
        "preferences": None if preference is None else {
            "language": preference.language, "hidden_from_officers": preference.anonymous,
            "region_id": preference.region_id, "district_id": preference.district_id,
            "updated_at": _when(preference.updated_at)},
    }


def erase(phone: str, references: list[str]) -> tuple[list[str], list[str]]:
    """Anonymise the finished feedback among references that names phone; returns (erased,
    refused: still open). References not naming phone are ignored. The request is
    recorded in the audit log (its number only as a hash); the caller commits."""
    erased, refused = [], []
    for item in items(phone):
        if item.reference not in references:
            continue
        item = core.lock(item)
        if item.citizen_phone != phone:  # erased a moment ago by another request
            continue
        if not erasable(item):
            refused.append(item.reference)
            continue
        scrub.anonymise(item, reason="erasure")
        erased.append(item.reference)
    if erased and count(phone) == 0:
        # Nothing names the number any more: its remembered choices go too.
        db.session.execute(sa.delete(PhonePreference).where(PhonePreference.phone == phone))
    audit.record("data.erasure", phone=phone,
                 detail={"erased": erased, "refused": refused})
    db.session.flush()
    return erased, refused
