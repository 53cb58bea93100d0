"""How Flask-Login finds the signed-in staff member from the session cookie."""
from __future__ import annotations

from .extensions import db, login_manager
from .models import StaffUser


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """Session ids are "<id>:<session_version>", so a password change ends old sessions."""
    ident, _, version = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = db.session.get(StaffUser, int(ident))
    if user is None or str(user.session_version) != version:
        return None
    return user
