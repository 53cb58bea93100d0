"""One-time codes that prove a citizen holds a phone number: six digits sent by SMS through
the outbox, valid DATA_CODE_MINUTES (10), spent after DATA_CODE_TRIES (5) wrong guesses or
one right one. Neither the number nor the code is stored readable: both are keyed hashes
(HMAC-SHA256 under a key derived from SECRET_KEY), so a copy of the table reveals nothing
and cannot be brute-forced without the key. Asking again replaces the earlier code.

Guesses are counted with a conditional UPDATE, so simultaneous guesses cannot get more
than their share of tries, and a right code is used once however many tabs send it.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from .. import notify
from ..extensions import db
from ..models import DataAccessCode
from ..timeutil import utcnow
from . import messages

DIGITS = 6
_PURPOSE = b"mrejesho.data-access-code.v1"


def _key() -> bytes:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, _PURPOSE, hashlib.sha256).digest()


def phone_key(phone: str) -> str:
    """The keyed hash a phone's codes are found by."""
    return hmac.new(_key(), b"phone:" + phone.encode(), hashlib.sha256).hexdigest()


def _code_hash(key: str, code: str) -> str:
    return hmac.new(_key(), f"code:{key}:{code}".encode(), hashlib.sha256).hexdigest()


def issue(phone: str, lang: str) -> None:
    """Make a new code for phone, spend its earlier ones and queue the SMS (the caller
    commits)."""
    key, now = phone_key(phone), utcnow()
    db.session.execute(sa.update(DataAccessCode).where(
        DataAccessCode.phone_key == key, DataAccessCode.used_at.is_(None)).values(used_at=now))
    code = f"{secrets.randbelow(10 ** DIGITS):0{DIGITS}d}"
    minutes = int(current_app.config["DATA_CODE_MINUTES"])
    db.session.add(DataAccessCode(phone_key=key, code_hash=_code_hash(key, code),
                                  created_at=now, expires_at=now + timedelta(minutes=minutes)))
    notify.queue_sms(phone, messages.code(code, minutes, lang))
    db.session.flush()


def check(phone: str, typed: str) -> tuple[str, int]:
    """Check a typed code: ("ok", 0), ("wrong", tries left), or ("expired" | "spent" |
    "none", 0). A right code is used up; a wrong one costs a try (the caller commits)."""
    key, now = phone_key(phone), utcnow()
    row = db.session.scalar(sa.select(DataAccessCode).where(
        DataAccessCode.phone_key == key, DataAccessCode.used_at.is_(None))
        .order_by(DataAccessCode.id.desc()).limit(1))
    limit = int(current_app.config["DATA_CODE_TRIES"])
    if row is None:
        return "none", 0
    if row.expires_at < now:
        return "expired", 0
    if row.tries >= limit:
        return "spent", 0
    before = row.tries  # the UPDATEs below refresh row in the session
    typed = "".join(typed.split())[:DIGITS * 2]
    if typed.isascii() and hmac.compare_digest(row.code_hash, _code_hash(key, typed)):
        used = db.session.execute(sa.update(DataAccessCode).where(
            DataAccessCode.id == row.id, DataAccessCode.used_at.is_(None),
            DataAccessCode.tries < limit).values(used_at=now)).rowcount
        return ("ok", 0) if used else ("spent", 0)
    counted = db.session.execute(sa.update(DataAccessCode).where(
        DataAccessCode.id == row.id, DataAccessCode.tries < limit)
        .values(tries=DataAccessCode.tries + 1)).rowcount
    if not counted:
        return "spent", 0
    left = limit - before - 1
    return ("wrong", left) if left > 0 else ("spent", 0)
