"""Which institution's queue a submission lands in, once decided: the desk of a code (or the
triage desk). Deciding the code from what the citizen wrote is the router's
(mrejesho.router, called by mrejesho.intake for every channel)."""
from __future__ import annotations

from . import reference
from .extensions import db
from .models import Institution
from .reference import TRIAGE_KIND  # noqa: F401  (kept here: the channels ask routing for it)


class UnknownInstitution(LookupError):
    """No active institution has that code."""


def known(code: str | None) -> bool:
    """True when an active institution has this code (any case): no database read."""
    return reference.current().active(code) is not None


def by_code(code: str) -> Institution | None:
    """The active institution with this code (any case), or None."""
    desk = reference.current().active(code)
    return db.session.get(Institution, desk.id) if desk is not None else None


def route(code: str | None) -> reference.Desk:
    """The institution named by code, or the triage desk when none was named (as reference
    data: the submission needs only its id, code and SLA)."""
    snapshot = reference.current()
    desk = snapshot.active(code) if code else snapshot.triage
    if desk is None:
        if code:
            raise UnknownInstitution(code)
        raise RuntimeError("No triage desk: run 'flask seed' to create it")
    return desk
