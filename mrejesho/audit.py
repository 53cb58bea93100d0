"""The audit log: who saw or changed personal data, and when (issue 15).

Append-only: the application only inserts, and the database refuses UPDATE and DELETE on the
table (triggers in migration 0015). Rows name no foreign keys, so the log outlives the
accounts and feedback it mentions; the officer's name and the reference are copied in.
Phone numbers are never stored readable: only a keyed hash (phone_hash), so a citizen's
erasure leaves no copy here, while an admin can still find the entries for a number.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Any

import phonenumbers
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, Session, mapped_column

from . import phones
from .extensions import db
from .timeutil import utcnow

PHONE_MARK = "[phone]"


class AuditEntry(db.Model):
    """One access to personal data or one change, as recorded by record()."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(index=True)  # staff_user.id; None: system
    actor_name: Mapped[str | None] = mapped_column(sa.String(120))
    actor_role: Mapped[str | None] = mapped_column(sa.String(10))
    feedback_id: Mapped[int | None] = mapped_column(index=True)
    reference: Mapped[str | None] = mapped_column(sa.String(30), index=True)
    phone_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    detail: Mapped[dict | None] = mapped_column(sa.JSON)


def _key() -> bytes:
    # A dedicated AUDIT_KEY survives a SECRET_KEY rotation (old entries stay searchable);
    # without one the key is derived from SECRET_KEY, never SECRET_KEY itself.
    key = current_app.config.get("AUDIT_KEY")
    if key:
        return key.encode()
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"mrejesho audit phone key", hashlib.sha256).digest()


def phone_hash(phone: str) -> str:
    """The keyed hash (HMAC-SHA256, hex) of a phone number, normalised to E.164 first."""
    number = phones.normalize_or_none(phone) or (phone or "").strip()
    return hmac.new(_key(), number.encode(), hashlib.sha256).hexdigest()


def _scrub(value: Any) -> Any:
    """The value with every phone number in its texts replaced by PHONE_MARK."""
    if isinstance(value, str):
        value = value[:1000]  # details are short; a hostile megabyte is not kept nor parsed
        found = list(phonenumbers.PhoneNumberMatcher(value, phones.DEFAULT_REGION))
        for match in reversed(found):
            value = value[:match.start] + PHONE_MARK + value[match.end:]
        return value
    if isinstance(value, dict):
        return {str(key): _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def record(action: str, *, actor=None, feedback_id: int | None = None,
           phone: str | None = None, detail: dict | None = None) -> None:
    """Add one audit entry to the session (the caller commits); phones only as a hash."""
    db.session.add(_entry(action, actor, feedback_id, phone, detail))


def record_now(action: str, *, actor=None, detail: dict | None = None) -> None:
    """Write one entry in a transaction of its own, committed at once: for what happens in a
    request that answers an error and so rolls its own work back (a sign-in lock-out)."""
    with Session(db.engine) as session:
        session.add(_entry(action, actor, None, None, detail))
        session.commit()


def _entry(action: str, actor, feedback_id: int | None, phone: str | None,
           detail: dict | None) -> AuditEntry:
    reference = None
    if feedback_id is not None:
        from .models import Feedback  # models imports nothing from here; keep it that way

        item = db.session.get(Feedback, feedback_id)
        reference = item.reference if item is not None else None
    return AuditEntry(
        created_at=utcnow(), action=action[:40],
        actor_id=getattr(actor, "id", None), actor_name=getattr(actor, "name", None),
        actor_role=getattr(actor, "role", None), feedback_id=feedback_id,
        reference=reference, phone_hash=phone_hash(phone) if phone else None,
        # Free text in detail (a search, a filter) may hold a number: never kept readable.
        detail=_scrub(detail) if detail else None)
