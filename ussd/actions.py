"""What the menu asks of the database, done through the core: submit, track, recent.

Results are plain dicts, so the pure menu never sees a model object.
"""
from __future__ import annotations

from mrejesho import feedback as core
from mrejesho import intake
from mrejesho.models import Feedback
from mrejesho.timeutil import to_local

from .menu import Action

RECENT_LIMIT = 5


def perform(action: Action, session_id: str, phone: str | None):
    """Do the action for this session and caller; returns what menu.complete() expects."""
    if action.name == "track":
        found = core.find(action.args["reference"])
        return summary(found) if found else None
    if action.name == "recent":
        if not phone:
            return []
        return [summary(item) for item in core.recent_for_phone(phone, RECENT_LIMIT)]
    return _submit(action.args, session_id, phone)


def _submit(args: dict, session_id: str, phone: str | None) -> dict:
    try:
        # The session id makes a retried or raced final step return the same feedback.
        item = intake.take({**args, "phone": phone}, channel="ussd",
                           source_key=f"ussd:{session_id}")
    except intake.Rejected as exc:
        return {"error": exc.first}
    return {"reference": item.reference, "sms": bool(item.citizen_phone),
            "feedback_id": item.id}


def summary(item: Feedback) -> dict:
    """What the menu shows of a feedback: no personal data, nothing of the message."""
    return {"reference": item.reference, "kind": item.kind, "institution": item.institution.code,
            "status": item.status, "date": to_local(item.created_at).strftime("%d/%m/%Y")}


def preferred_language(phone: str | None) -> str:
    """The language of this phone's latest feedback, else Swahili."""
    return (core.latest_language(phone) if phone else None) or "sw"
