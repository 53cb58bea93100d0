"""The staff blueprint and what every staff page shares: sign-in required, roles, safe
redirects, the idle session that expires."""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, request, session, url_for
from flask_login import current_user

from ..extensions import db

bp = Blueprint("staff", __name__, url_prefix="/staff")

# The only staff pages a visitor may open without signing in.
OPEN_ENDPOINTS = {"staff.login"}


@bp.before_request
def require_sign_in():
    """Every staff page needs a signed-in, active account (safe by default for new routes)."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        target = request.full_path if request.method == "GET" else None
        return redirect(url_for("staff.login", next=target))
    # A permanent session expires PERMANENT_SESSION_LIFETIME after the last request.
    session.permanent = True
    _remember_language_choice()
    return None


def _remember_language_choice() -> None:
    """Keep a language picked from the header as the officer's preference for next time."""
    chosen = request.args.get("lang")
    if chosen in ("sw", "en") and current_user.language != chosen:
        current_user.language = chosen
        db.session.commit()


def role_required(*roles: str):
    """Decorator: answer 403 unless the signed-in user has one of these roles."""

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorator


def safe_next(target: str | None) -> str | None:
    """A redirect target only if it is a path inside the staff area (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/staff/"):
        return None
    if target.startswith("//") or "\\" in target:
        return None
    return target
