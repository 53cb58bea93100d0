"""The staff blueprint and what every staff page shares: sign-in required, safe redirects,
the idle session that expires, the language an officer picks, and what the menu offers."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, request, session, url_for
from flask_login import current_user

from .. import lifecycle
from ..languages import LANGUAGES
from . import access

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
    """Keep a language picked from the header as the officer's preference for next time
    (the request's unit of work saves it)."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and current_user.language != chosen:
        current_user.language = chosen


@bp.context_processor
def shared_context() -> dict:
    """Give staff templates what the user may do (`may`) and the lifecycle's status sets."""
    return {"may": access.permissions(current_user), "lifecycle": lifecycle}


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
