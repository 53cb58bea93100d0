"""Idempotent submissions: a retry with the same Idempotency-Key answers the same reference.

Race-safe twice over: the feedback is created with a source_key derived from the key, which
is unique (the core's own idempotency, mrejesho.feedback.submit), and the key's row here has
(scope, key) as its primary key; whichever of two concurrent requests inserts second gets
the first one's feedback back."""
from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import ApiIdempotency, Feedback
from .errors import ApiProblem, language


def scope_of(key) -> str:
    """Whose keys these are: one API key's, or the public's (no key)."""
    return f"key:{key.id}" if key is not None else "public"


def body_hash(body) -> str:
    """The sha256 of the request's JSON body, keys sorted."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def source_key(scope: str, key: str) -> str:
    """The feedback's source_key for this Idempotency-Key (fits the column's 120)."""
    return "api:" + hashlib.sha256(f"{scope}\n{key}".encode("utf-8", "surrogatepass")
                                   ).hexdigest()


def replay(scope: str, key: str, digest: str) -> Feedback | None:
    """The feedback an earlier request with this key made, or None; 422 when that request
    had another body (a key is for one submission only)."""
    row = db.session.get(ApiIdempotency, (scope, key), populate_existing=True)
    if row is None:
        return None
    if row.request_hash != digest:
        with force_locale(language()):
            detail = _("This Idempotency-Key was already used for another submission.")
        raise ApiProblem(422, detail, code="idempotency_key.reused", errors=[{
            "field": "Idempotency-Key", "pointer": "#/Idempotency-Key",
            "code": "idempotency_key.reused", "detail": detail}])
    return db.session.get(Feedback, row.feedback_id)


def remember(scope: str, key: str, digest: str, item: Feedback) -> Feedback:
    """Record the key for this feedback; if a concurrent request recorded it first, check
    and answer that one's feedback (the same, by the source_key)."""
    try:
        with db.session.begin_nested():
            db.session.execute(sa.insert(ApiIdempotency).values(
                scope=scope, key=key, request_hash=digest, feedback_id=item.id,
                created_at=item.created_at))
    except IntegrityError:
        return replay(scope, key, digest) or item
    return item
