"""Institution API keys: made, checked and revoked here; only a sha256 of each key is kept."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import ApiKey
from ..timeutil import utcnow

PREFIX = "mrj_"
# last_used_at is written at most this often per key, so a busy key does not turn every
# request into an UPDATE of the same row.
TOUCH_EVERY = timedelta(minutes=1)


def digest(raw: str) -> str:
    """The sha256 (hex) a raw key is stored as."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def create(institution, name: str, created_by) -> tuple[ApiKey, str]:
    """Make a key for the institution; return it and the raw key, which is never seen again."""
    raw = PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(institution_id=institution.id, name=name.strip()[:80], prefix=raw[:12],
                 key_hash=digest(raw),
                 created_by_id=getattr(created_by, "id", None))
    db.session.add(key)
    db.session.flush()
    return key, raw


def authenticate(raw: str | None) -> ApiKey | None:
    """The live key whose raw value this is, or None (unknown, revoked or malformed)."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    key = db.session.scalar(sa.select(ApiKey).where(ApiKey.key_hash == digest(raw)))
    if key is None or key.revoked_at is not None:
        return None
    now = utcnow()
    if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY:
        # A conditional UPDATE in its own statement: concurrent requests of one key do not
        # conflict, and the caller's transaction commits it with the rest of the request.
        db.session.execute(
            sa.update(ApiKey).where(ApiKey.id == key.id,
                                    sa.or_(ApiKey.last_used_at.is_(None),
                                           ApiKey.last_used_at <= now - TOUCH_EVERY))
            .values(last_used_at=now).execution_options(synchronize_session=False))
        key.last_used_at = now
    return key


def revoke(key: ApiKey, by) -> None:
    """Revoke the key (no-op if already revoked); the caller commits."""
    if key.revoked_at is None:
        key.revoked_at = utcnow()


def for_institution(institution_id: int) -> list[ApiKey]:
    """The institution's keys, live ones first, newest first."""
    return list(db.session.scalars(
        sa.select(ApiKey).where(ApiKey.institution_id == institution_id)
        .order_by(ApiKey.revoked_at.is_not(None), ApiKey.created_at.desc(), ApiKey.id.desc())))
