"""Which institution's queue a submission lands in."""
from __future__ import annotations

from .extensions import db
from .models import Institution

TRIAGE_KIND = "triage"


class UnknownInstitution(LookupError):
    """No active institution has that code."""


def triage_desk() -> Institution:
    """The built-in desk that receives what cannot be routed and forwards it."""
    desk = db.session.scalar(
        db.select(Institution).filter_by(kind=TRIAGE_KIND, active=True).order_by(Institution.id)
    )
    if desk is None:
        raise RuntimeError("No triage desk: run 'flask seed' to create it")
    return desk


def by_code(code: str) -> Institution | None:
    """The active institution with this code (any case), or None."""
    return db.session.scalar(
        db.select(Institution).filter_by(code=(code or "").strip().upper(), active=True)
    )


def route(code: str | None) -> Institution:
    """The institution named by code, or the triage desk when none was named."""
    if not code:
        return triage_desk()
    institution = by_code(code)
    if institution is None:
        raise UnknownInstitution(code)
    return institution
