"""Feedback, institutions and timelines as the API's schemas (api.schemas) dump them."""
from __future__ import annotations

from flask import url_for

from .. import followup, phones, texts
from ..extensions import db
from ..models import District, Event, Feedback, Institution, Region

# The public timeline: what the tracking page shows (templates/public/_timeline.html).
PUBLIC_TYPES = ("created", "status", "reply", "transferred", "escalated", "duplicate")


def institution(inst: Institution, lang: str) -> dict:
    """An institution's public facts."""
    return {"code": inst.code, "name": inst.name(lang), "name_sw": inst.name_sw,
            "name_en": inst.name_en, "sector": inst.sector.code, "kind": inst.kind,
            "parent": inst.parent.code if inst.parent_id else None,
            "short_name": inst.short_name}


def public_event(event: Event) -> dict:
    """One line of the public timeline: the officers' public words, never the citizen's."""
    row = {"type": event.type, "at": event.created_at, "status": None, "text": None,
           "institution": None, "reference": None}
    if event.type == "status":
        row.update(status=event.to_value, text=event.text)
    elif event.type == "reply":
        row["text"] = event.text
    elif event.type in ("created", "transferred", "escalated"):
        row["institution"] = event.to_value
    elif event.type == "duplicate":
        row["reference"] = event.to_value
    return row


def public_status(item: Feedback, lang: str) -> dict:
    """The public tracking page's facts and timeline, nothing about the citizen."""
    return {
        "reference": item.reference, "kind": item.kind, "status": item.status,
        "status_label": texts.status_label(item.status, lang),
        "institution": institution(item.institution, lang),
        "received_at": item.created_at,
        "answer_expected_by": item.due_at if item.is_open else None,
        "timeline": [public_event(e) for e in item.events
                     if e.public and e.type in PUBLIC_TYPES],
    }


def created(item: Feedback) -> dict:
    """The answer to a submission: the reference and where to follow it."""
    return {"reference": item.reference, "status": item.status,
            "institution": item.institution.code,
            "track_url": url_for("public.status", reference=item.reference, _external=True),
            "status_url": url_for("api_v1.track", reference=item.reference, _external=True),
            "private_url": url_for("public.private", reference=item.reference,
                                   token=followup.token(item.reference), _external=True)}


def _place_key(model, place_id: int | None) -> str | None:
    if place_id is None:
        return None
    return db.session.scalar(db.select(model.key).where(model.id == place_id))


def reveals_phone(row: Feedback) -> bool:
    """True when a read of this one feedback gives the citizen's whole number: as on the
    case page, a named citizen's, while the case is open (the caller audits it)."""
    return bool(row.citizen_phone and not row.anonymous and row.is_open)


def item(row: Feedback, reveal: bool = False) -> dict:
    """One feedback as its institution's key sees it: an anonymous citizen stays hidden, and
    the number is masked unless reveal (lists never reveal: one audited read at a time)."""
    phone = row.citizen_phone if reveal and reveals_phone(row) else (
        phones.mask(row.citizen_phone) or None)
    citizen = None if row.anonymous else {
        "name": row.citizen_name, "phone": phone, "email": row.citizen_email}
    assignee = ({"id": row.assigned_to.id, "name": row.assigned_to.name}
                if row.assigned_to_id else None)
    return {
        "reference": row.reference, "version": row.version, "kind": row.kind,
        "channel": row.channel, "status": row.status, "subject": row.subject,
        "body": row.body, "language": row.language, "institution": row.institution.code,
        "region": _place_key(Region, row.region_id),
        "district": _place_key(District, row.district_id),
        "anonymous": row.anonymous, "citizen": citizen, "assignee": assignee,
        "created_at": row.created_at, "updated_at": row.updated_at, "due_at": row.due_at,
        "first_response_at": row.first_response_at, "resolved_at": row.resolved_at,
        "closed_at": row.closed_at, "escalated_at": row.escalated_at, "rating": row.rating,
        "has_attachment": bool(row.attachment_path),
    }


def event(row: Event) -> dict:
    """A timeline event, internal notes included (the institution's own)."""
    return {"id": row.id, "type": row.type, "at": row.created_at, "actor_type": row.actor_type,
            "actor": row.staff.name if row.staff_id else None, "from_value": row.from_value,
            "to_value": row.to_value, "text": row.text, "public": row.public}


def item_with_timeline(row: Feedback) -> dict:
    """item() with the number revealed where allowed, and its whole timeline."""
    return {**item(row, reveal=True), "timeline": [event(e) for e in row.events]}
