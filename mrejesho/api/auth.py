"""Who calls the API: an institution's key (Authorization: Bearer <key>), its rate limit, and
the account its changes are made under."""
from __future__ import annotations

import secrets
from functools import wraps

import sqlalchemy as sa
from flask import current_app, request
from flask_limiter.util import get_remote_address
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..extensions import db
from ..models import ApiKey, StaffUser
from . import keys
from .errors import ApiProblem

# The accounts a key's changes are made under: never signed in (inactive, random password).
ACTOR_DOMAIN = "api-keys.invalid"
KEY = "mrejesho.api_key"


def bearer() -> str | None:
    """The raw key of the Authorization header, or None when there is none."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def current_key(*, required: bool) -> ApiKey | None:
    """The request's key; 401 when one is required or a given one is unknown or revoked."""
    # Kept on the request (not g, which a test's long app context shares between requests).
    if KEY not in request.environ:
        given = request.headers.get("Authorization")
        key = keys.authenticate(bearer()) if given else None
        if given and key is None:
            raise ApiProblem(401, code="key.invalid")
        if key is not None and not key.institution.active:
            raise ApiProblem(403, code="institution.inactive")  # closed since the key was made
        request.environ[KEY] = key
    if required and request.environ[KEY] is None:
        raise ApiProblem(401, code="key.missing")
    return request.environ[KEY]


def the_key() -> ApiKey:
    """The key of a request that key_required let through."""
    return request.environ[KEY]


def key_required(view):
    """Decorator: the view runs with a valid key (the_key())."""

    @wraps(view)
    def guarded(*args, **kwargs):
        current_key(required=True)
        return view(*args, **kwargs)

    return guarded


def rate_key() -> str:
    """Flask-Limiter's key: the API key when one is given (each key its own budget), else
    the client's address."""
    raw = bearer()
    if raw:
        return "key:" + keys.digest(raw)[:32]
    return "ip:" + (get_remote_address() or "")


def rate_limit() -> str:
    """The per-key (or per-address) limit of the API, from the API_RATE_LIMIT setting."""
    return current_app.config.get("API_RATE_LIMIT", "120/minute;5000/hour")


def actor(key: ApiKey) -> StaffUser:
    """The account the key's changes are made under, named after the key ("API: Desk
    (mrj_AbCdEfGh)"), so the timeline says which key did what; made on its first use."""
    email = f"key-{key.id}@{ACTOR_DOMAIN}"
    user = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == email))
    if user is None:
        user = StaffUser(email=email, name=f"API: {key.name} ({key.prefix})"[:120],
                         role="officer", institution_id=key.institution_id, active=False)
        user.set_password(secrets.token_urlsafe(32))
        try:
            with db.session.begin_nested():  # two first uses at once: one insert wins
                db.session.add(user)
                db.session.flush()
        except IntegrityError:
            user = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == email))
    return user


def is_actor(user: StaffUser) -> bool:
    """True for a key's account (never a person to assign work to)."""
    return user.email.endswith("@" + ACTOR_DOMAIN)


def audit(action: str, *, feedback_id: int | None = None, **detail) -> None:
    """Put what the key read or changed in the audit log, under the key's account."""
    key = the_key()
    record(f"api_key.{action}"[:40], actor=actor(key), feedback_id=feedback_id,
           detail={"key_id": key.id, "prefix": key.prefix, **detail})


def audit_reveal(item) -> None:
    """A read that gives the citizen's whole number is a reveal, audited as the case page's
    "show number" is (phone.reveal, the number kept as its keyed hash)."""
    from .serialize import reveals_phone  # serialize imports nothing from here

    if reveals_phone(item):
        key = the_key()
        record("phone.reveal", actor=actor(key), feedback_id=item.id,
               phone=item.citizen_phone, detail={"key_id": key.id, "prefix": key.prefix})
