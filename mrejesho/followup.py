"""The citizen's private follow-up link: the reference plus a secret nobody can guess.

The secret is derived, not stored: HMAC-SHA256 of the reference under the app's SECRET_KEY,
cut to 16 base32 characters (80 bits), so no column or table is needed and every channel
(the receipt page, the receipt SMS, the emails) can print the same link for a reference.
Rotating SECRET_KEY therefore invalidates every link already sent; the citizen can still
track with the reference alone (read-only) and follow up by SMS.

    link("4821937750")  ->  "https://mrejesho.example/f/4821937750/K3J5Q2ZL7M4XW6PA"
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app

TOKEN_LENGTH = 16
# Keeps the key for these links apart from any other use of SECRET_KEY (sessions, CSRF).
_PURPOSE = b"mrejesho.followup.v1:"


def token(reference: str) -> str:
    """The secret for this reference: 16 upper-case base32 characters (A-Z, 2-7)."""
    key = current_app.config["SECRET_KEY"]
    if isinstance(key, str):
        key = key.encode()
    digest = hmac.new(_PURPOSE + key, reference.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:TOKEN_LENGTH]


def verify(reference: str, candidate: str | None) -> bool:
    """True when candidate is this reference's token (constant-time; case-insensitive, as a
    citizen may retype it from an SMS)."""
    if not candidate or not reference:
        return False
    expected = token(reference).encode()
    return hmac.compare_digest(expected, candidate.strip().upper().encode("utf-8", "replace"))


def path(reference: str) -> str:
    """The link's path, short enough for an SMS: /f/<reference>/<token>."""
    return f"/f/{reference}/{token(reference)}"


def link(reference: str) -> str:
    """The absolute link, on PUBLIC_BASE_URL (the address citizens reach the site at)."""
    base = current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    return base.rstrip("/") + path(reference)
