"""What the menu asks of the database, done through the core: submit, track, recent.

Results are plain dicts, so the pure menu never sees a model object.
"""
from __future__ import annotations

from mrejesho import feedback as core
from mrejesho import intake, reference
from mrejesho.extensions import db
from mrejesho.models import District, Feedback, Region
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


def caller(phone: str | None) -> tuple[str, str | None, str | None]:
    """What this phone's latest feedback says of its caller: the language (else Swahili),
    and the region and district keys it was about (else None)."""
    lang, region_id, district_id = core.latest_preferences(phone) if phone else (None,) * 3
    keys = reference.current().derived("ussd.place_keys", _place_keys)
    return lang or "sw", keys["region"].get(region_id), keys["district"].get(district_id)


def _place_keys(_snapshot) -> dict[str, dict[int, str]]:
    return {name: dict(db.session.execute(db.select(model.id, model.key)).all())
            for name, model in (("region", Region), ("district", District))}
