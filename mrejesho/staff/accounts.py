"""Staff account operations: sign-in with lock-out, password changes, and the accounts
admins and managers create and edit. Views call these; they do not write users themselves.
Like the core, these change and flush; the caller's unit of work commits.

The lock-out counts failed sign-ins per account AND client address together, in the rate
limiter's storage (RATELIMIT_STORAGE_URI: memory in development, Redis in production, so
every process and host sees the same counts): a stranger's wrong passwords lock only the
stranger out, never the officer at their own desk. An admin or manager unlocks an account
from its page (a new generation number, kept in the same storage, retires every lock of
the account). Each lock-out and unlock is a line in the application log and an entry in
the audit log (mrejesho.audit), as are account creations, changes (role, institution,
active) and passwords set; StaffUser.locked_until keeps the latest lock-out's end for the
account pages (it is shown, never consulted)."""
from __future__ import annotations

import hashlib
import threading
from datetime import timedelta
from functools import lru_cache

from flask import current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit import record, record_now
from ..extensions import db
from ..models import Institution, StaffUser
from ..timeutil import utcnow

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 10
LOCKOUT = parse(f"{MAX_FAILURES} per {LOCK_MINUTES} minutes")
GENERATION_SECONDS = 30 * 24 * 3600  # how long an unlock's generation number is kept
_STORE_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("not-a-real-password")


def find_by_email(email: str) -> StaffUser | None:
    """The account with this e-mail address (any case), or None."""
    return db.session.scalar(db.select(StaffUser).filter_by(email=(email or "").strip().lower()))


def _lockouts() -> FixedWindowRateLimiter:
    """The counter of failed sign-ins, on the limiter's storage, one per app."""
    app = current_app._get_current_object()
    strategy = app.extensions.get("mrejesho_lockout")
    if strategy is None:
        with _STORE_LOCK:
            strategy = app.extensions.get("mrejesho_lockout")
            if strategy is None:
                storage = storage_from_string(
                    app.config.get("RATELIMIT_STORAGE_URI") or "memory://",
                    **(app.config.get("RATELIMIT_STORAGE_OPTIONS") or {}))
                strategy = app.extensions["mrejesho_lockout"] = FixedWindowRateLimiter(storage)
    return strategy


def _account(email: str) -> str:
    """The typed address, normalised and hashed (no address is kept in the storage)."""
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]


def _generation_key(account: str) -> str:
    return f"mrejesho/staff-unlock/{account}"


def _identifiers(email: str, client: str | None) -> tuple[str, ...]:
    account = _account(email)
    generation = _lockouts().storage.get(_generation_key(account))
    return ("staff-login", account, str(generation), client or "-")


def is_locked(email: str, client: str | None) -> bool:
    """True while this account is locked for this client address."""
    return not _lockouts().test(LOCKOUT, *_identifiers(email, client))


def authenticate(email: str, password: str, client: str | None = None) -> StaffUser | None:
    """The user when the password is right and the account active and not locked for this
    client address; else None.

    Every failure looks the same to the caller, so the page cannot reveal whether an
    address exists or is locked; unknown addresses still pay for one hash check and
    count towards the lock-out like known ones.
    """
    user = find_by_email(email)
    locked = is_locked(email, client)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        if not locked:
            _record_failure(email, client, None)
        return None
    correct = user.check_password(password or "")
    if locked:
        return None
    if not correct or not user.active:
        _record_failure(email, client, user)
        return None
    _lockouts().clear(LOCKOUT, *_identifiers(email, client))
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def _record_failure(email: str, client: str | None, user: StaffUser | None) -> None:
    """Count one failure; the one that reaches MAX_FAILURES locks the pair, and is logged."""
    identifiers = _identifiers(email, client)
    strategy = _lockouts()
    strategy.hit(LOCKOUT, *identifiers)
    if strategy.test(LOCKOUT, *identifiers):
        return
    # The sign-in answers 401, which rolls the request's work back: the entry commits alone.
    record_now("staff.locked", detail={"user_id": user.id if user else None,
                                       "email": user.email if user else None,
                                       "client": client or "-", "minutes": LOCK_MINUTES})
    current_app.logger.warning(
        "staff lock-out: %s failed sign-ins for %s from %s; locked for %s minutes",
        MAX_FAILURES, user.email if user else "an unknown address", client or "-",
        LOCK_MINUTES)
    if user is not None:
        user.locked_until = utcnow() + timedelta(minutes=LOCK_MINUTES)
        db.session.flush()


def unlock(user: StaffUser, by: StaffUser) -> None:
    """Lift every lock of this account, from every address, and log who did it."""
    _lockouts().storage.incr(_generation_key(_account(user.email)), GENERATION_SECONDS)
    user.locked_until = None
    user.failed_logins = 0
    record("staff.unlocked", actor=by, detail={"user_id": user.id, "email": user.email})
    db.session.flush()
    current_app.logger.warning("staff unlock: %s unlocked by %s (id %s)",
                               user.email, by.email, by.id)


def locked_recently(user: StaffUser) -> bool:
    """True while the account's latest lock-out may still hold for some address."""
    return user.locked_until is not None and user.locked_until > utcnow()


def end_sessions(user: StaffUser) -> None:
    """Sign the account out everywhere: every session cookie issued so far is refused
    (mrejesho.auth compares the version in the cookie with the account's)."""
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()


def change_password(user: StaffUser, new_password: str, by: StaffUser | None = None) -> None:
    """Set a new password (by: who set it, default the user); this ends every other session
    of the user."""
    user.set_password(new_password)
    record("staff.password_set", actor=by or user, detail={"user_id": user.id,
                                                           "email": user.email})
    db.session.flush()


def create_user(*, email: str, name: str, role: str, institution: Institution,
                password: str, language: str = "sw", by: StaffUser | None = None) -> StaffUser:
    """Create a staff account (by: the admin or manager who did)."""
    user = StaffUser(email=email.strip().lower(), name=name.strip(), role=role,
                     institution=institution, language=language, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record("staff.created", actor=by, detail={"user_id": user.id, "email": user.email,
                                              "role": role, "institution": institution.code})
    return user


def update_user(user: StaffUser, *, name: str, role: str, institution: Institution,
                active: bool, language: str, by: StaffUser | None = None) -> None:
    """Change an account's details; deactivating or moving it ends its sessions. The
    changes are audited (a role change under its own action)."""
    if not active or institution.id != user.institution_id or role != user.role:
        user.session_version = (user.session_version or 0) + 1
    before = _details(user)
    user.name, user.role, user.institution = name.strip(), role, institution
    user.active, user.language = active, language
    after = _details(user)
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changes:
        record("staff.role_changed" if "role" in changes else "staff.updated", actor=by,
               detail={"user_id": user.id, "email": user.email, "changes": changes})
    db.session.flush()


def _details(user: StaffUser) -> dict:
    return {"name": user.name, "role": user.role, "institution": user.institution.code,
            "active": user.active, "language": user.language}


def email_taken(email: str, except_id: int | None = None) -> bool:
    """True when another account already uses this address."""
    user = find_by_email(email)
    return user is not None and user.id != except_id
