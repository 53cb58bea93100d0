"""Anonymising one feedback item: what retention (mrejesho.retention.job) and a citizen's
erasure request (mrejesho.rights) both do to it, in every table that holds its personal data.

What goes: the citizen's name, phone and email; phone numbers and email addresses written
in any free text (the feedback, its timeline, the SMS in and out); the attachments on disk;
the phone on its USSD sessions. What stays: the kind, the institution, the place, the
dates, the statuses and the rating, so every statistic is the same before and after, and
the rest of the text, which is the institution's record of what was reported and answered
(names written in prose cannot be found reliably and stay). The item keeps its reference;
`anonymised_at` says it was done, and a timeline line says why and how many files went.

Every step counts what it would change, and changes it only when not a dry run, so
`flask retention run --dry-run` prints exactly what the real run then does.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import phonenumbers
from flask import current_app

from ..extensions import db
from ..models import Event, Feedback, InboundSms, OutboundMessage, UssdSession
from ..timeutil import utcnow

PHONE_MARK = "[phone]"
EMAIL_MARK = "[email]"
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Longer texts are cut before matching: phonenumbers' matcher gives up on them anyway.
_MATCH_LIMIT = 100_000
# Outbox rows still to be sent keep their address: the last notice of an item erased on
# the day it closed must still reach the citizen (a later run clears it).
PENDING = ("queued", "sending")


def redact(text: str | None) -> str | None:
    """text with every phone number and email address replaced by a mark."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL_MARK, text)
    found = phonenumbers.PhoneNumberMatcher(text[:_MATCH_LIMIT], "TZ",
                                            leniency=phonenumbers.Leniency.POSSIBLE)
    spans = [(match.start, match.end) for match in found]
    for start, end in reversed(spans):
        text = text[:start] + PHONE_MARK + text[end:]
    return text


def _redacted(row, field: str, dry_run: bool) -> bool:
    """Redact one text column of a row; True when it changed."""
    before = getattr(row, field)
    after = redact(before)
    if after == before:
        return False
    if not dry_run:
        setattr(row, field, after)
    return True


def _remove_file(name: str | None, dry_run: bool) -> bool:
    """Delete one stored upload (a bare file name under UPLOAD_DIR); True if it was there."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return False
    path = Path(current_app.config["UPLOAD_DIR"]) / name
    if not path.is_file():
        return False
    if not dry_run:
        path.unlink(missing_ok=True)
    return True


def anonymise(item: Feedback, *, reason: str, dry_run: bool = False) -> Counter:
    """Remove the personal data of one feedback item from every table; returns how many rows
    of each table (and files) changed, or would. The caller locks the item and commits."""
    counts: Counter = Counter()
    counts["attachment_file"] += _remove_file(item.attachment_path, dry_run)
    for event in item.events:
        changed = _redacted(event, "text", dry_run)
        if event.type == "follow_up" and event.from_value:
            counts["attachment_file"] += _remove_file(event.from_value, dry_run)
            changed = True
            if not dry_run:
                event.from_value = None
        counts["event"] += changed
    counts["inbound_sms"] += _scrub_inbound(item.id, dry_run)
    counts["outbound_message"] += _scrub_outbound(item.id, dry_run)
    counts["ussd_session"] += _scrub_sessions(item.id, dry_run)
    counts["feedback"] += 1
    if dry_run:
        return counts
    for field in ("subject", "body", "rating_comment"):
        _redacted(item, field, dry_run)
    item.citizen_name = item.citizen_phone = item.citizen_email = None
    item.attachment_path = item.attachment_name = None
    item.anonymised_at = utcnow()
    db.session.add(Event(feedback=item, type="anonymised", actor_type="system",
                         to_value=reason, from_value=str(counts["attachment_file"]),
                         created_at=utcnow()))
    db.session.flush()
    return counts


def _scrub_inbound(feedback_id: int, dry_run: bool) -> int:
    rows = db.session.scalars(db.select(InboundSms).where(
        InboundSms.feedback_id == feedback_id, InboundSms.sender != "")).all()
    for row in rows:
        scrub_inbound_row(row, dry_run)
    return len(rows)


def _scrub_outbound(feedback_id: int, dry_run: bool) -> int:
    rows = db.session.scalars(db.select(OutboundMessage).where(
        OutboundMessage.feedback_id == feedback_id, OutboundMessage.to != "",
        OutboundMessage.status.not_in(PENDING))).all()
    for row in rows:
        scrub_outbound_row(row, dry_run)
    return len(rows)


def _scrub_sessions(feedback_id: int, dry_run: bool) -> int:
    rows = db.session.scalars(db.select(UssdSession).where(
        UssdSession.feedback_id == feedback_id, UssdSession.phone != "")).all()
    for row in rows:
        if not dry_run:
            row.phone, row.state, row.last_text, row.last_screen = "", {}, "", None
    return len(rows)


def scrub_inbound_row(row: InboundSms, dry_run: bool = False) -> None:
    """An SMS received: no sender, and its text without phones and emails."""
    if not dry_run:
        row.sender, row.link_id, row.text = "", None, redact(row.text) or ""


def scrub_outbound_row(row: OutboundMessage, dry_run: bool = False) -> None:
    """An SMS or email sent: no address, and its text without phones and emails."""
    if not dry_run:
        row.to, row.text = "", redact(row.text) or ""
