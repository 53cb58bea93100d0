"""Guarding provider callbacks: Africa's Talking does not sign them, so each callback URL
carries a secret token (?token=...), compared in constant time, and an optional IP list."""
from __future__ import annotations

import hmac
from functools import wraps

from flask import abort, current_app, request


def token_ok() -> bool:
    """True when the request carries the configured webhook token and comes from an allowed IP."""
    expected = current_app.config["WEBHOOK_TOKEN"]
    given = request.args.get("token") or request.headers.get("X-Webhook-Token") or ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return False
    allowed = current_app.config.get("WEBHOOK_ALLOWED_IPS") or []
    return not allowed or request.remote_addr in allowed


def require_token(view):
    """Decorator: answer 403 unless token_ok()."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if not token_ok():
            abort(403)
        return view(*args, **kwargs)

    return guarded
