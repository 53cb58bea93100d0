"""Staff account operations: sign-in with lock-out, password changes, and the accounts
admins and managers create and edit. Views call these; they do not write users themselves.
Like the core, these change and flush; the caller's unit of work commits."""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import Institution, StaffUser
from ..timeutil import utcnow

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 10


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("not-a-real-password")


def find_by_email(email: str) -> StaffUser | None:
    """The account with this e-mail address (any case), or None."""
    return db.session.scalar(db.select(StaffUser).filter_by(email=(email or "").strip().lower()))


def authenticate(email: str, password: str) -> StaffUser | None:
    """The user when the password is right and the account active and not locked; else None.

    Every failure looks the same to the caller, so the page cannot reveal whether an
    address exists or is locked; unknown addresses still pay for one hash check.
    """
    user = find_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    now = utcnow()
    locked = user.locked_until is not None and user.locked_until > now
    correct = user.check_password(password or "")
    if locked:
        return None
    if not correct or not user.active:
        _record_failure(user, now)
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    db.session.flush()
    return user


def _record_failure(user: StaffUser, now) -> None:
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= MAX_FAILURES:
        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        user.failed_logins = 0
    db.session.flush()


def end_sessions(user: StaffUser) -> None:
    """Sign the account out everywhere: every session cookie issued so far is refused
    (mrejesho.auth compares the version in the cookie with the account's)."""
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()


def change_password(user: StaffUser, new_password: str) -> None:
    """Set a new password; this ends every other session of the user."""
    user.set_password(new_password)
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()


def create_user(*, email: str, name: str, role: str, institution: Institution,
                password: str, language: str = "sw") -> StaffUser:
    """Create a staff account."""
    user = StaffUser(email=email.strip().lower(), name=name.strip(), role=role,
                     institution=institution, language=language, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def update_user(user: StaffUser, *, name: str, role: str, institution: Institution,
                active: bool, language: str) -> None:
    """Change an account's details; deactivating or moving it ends its sessions."""
    if not active or institution.id != user.institution_id or role != user.role:
        user.session_version = (user.session_version or 0) + 1
    user.name, user.role, user.institution = name.strip(), role, institution
    user.active, user.language = active, language
    db.session.flush()


def email_taken(email: str, except_id: int | None = None) -> bool:
    """True when another account already uses this address."""
    user = find_by_email(email)
    return user is not None and user.id != except_id
