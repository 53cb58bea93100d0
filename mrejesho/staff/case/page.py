"""The feedback page: every detail, the whole timeline, who opened it, SMS delivery, and the
forms of the actions (posted to actions.py). Opening it records the officer's view."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, render_template, request, send_from_directory
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ... import feedback as core
from ... import i18n, reference
from ...audit import record
from ...edge import small_int
from ...extensions import db
from ...lifecycle import NEEDS_MESSAGE, next_statuses
from ...models import (
    CannedResponse,
    District,
    Event,
    Institution,
    OutboundSms,
    Region,
    Ward,
)
from ...public.attachments import ALLOWED
from ...reference import TRIAGE_KIND
from ...stats.figures import InstitutionLabel
from ...timeutil import utcnow
from .. import access
from ..blueprint import bp
from ..forms import ButtonForm
from . import confidential, duplicates
from .forms import AssignForm, DuplicateForm, StatusForm, TextForm, TransferForm


def _place(item) -> str:
    """Ward, district, region: where the feedback is about, as given or found in its text."""
    names = []
    for model, key in ((Ward, item.ward_id), (District, item.district_id),
                       (Region, item.region_id)):
        if key is not None:
            names.append(db.session.scalar(sa.select(model.name).where(model.id == key)))
    return ", ".join(name for name in names if name)


def _routes(item) -> list[dict]:
    """At the central desk: the router's suggestions for an open feedback (best first), each
    with its name and score, and the reasons it gave; routed with one click."""
    if not item.is_open or item.institution.kind != TRIAGE_KIND:
        return []
    found = item.routing_reasons or {}
    snapshot = reference.current()
    routes = []
    for code, score in found.get("suggestions") or ():
        desk = snapshot.active(code)
        if desk is not None and desk.code != item.institution.code:
            routes.append({"code": desk.code, "name": desk.name, "score": score})
    return routes


@bp.get("/feedback/<int:feedback_id>")
def feedback(feedback_id: int):
    """Show one feedback with its timeline and actions."""
    item = access.feedback_or_404(current_user, feedback_id)
    core.record_view(item, current_user)
    confidential.record_view(item, current_user)
    forms = {}
    canned = _canned(item, small_int(request.args.get("canned")))
    if canned is not None:
        forms["reply"] = TextForm(formdata=None, data={"text": canned.body})
    return render_case(item, forms=forms)


def render_case(item, *, forms: dict | None = None, errors: dict | None = None,
                status: int = 200, revealed: bool = False):
    """Render the feedback page; actions re-render it with their errors and typed text."""
    forms = {
        "reply": TextForm(formdata=None), "note": TextForm(formdata=None),
        "assign": AssignForm(formdata=None), "status": StatusForm(formdata=None),
        "transfer": TransferForm(formdata=None), "duplicate": DuplicateForm(formdata=None),
        "button": ButtonForm(formdata=None), **(forms or {}),
    }
    events = db.session.scalars(
        db.select(Event).where(Event.feedback_id == item.id)
        .options(joinedload(Event.staff)).order_by(Event.id)
    ).unique().all()
    context = {
        "item": item, "forms": forms, "errors": errors or {}, "events": events, "now": utcnow(),
        # The version the forms send back, so a change made meanwhile is not overwritten.
        "version": getattr(item, "version", None),
        "viewers": confidential.viewers(item, events),
        "phone": confidential.citizen_phone(item, current_user, revealed),
        "outbox": db.session.scalars(
            db.select(OutboundSms).where(OutboundSms.feedback_id == item.id)
            .order_by(OutboundSms.id)).all(),
        "colleagues": access.assignable_officers(item),
        "may_take": access.may_be_assigned(current_user, item)
        and item.assigned_to_id != current_user.id,
        "institutions": _transfer_choices(item),
        "canned": _canned_list(item),
        "statuses": next_statuses(item.status),
        "needs_message": NEEDS_MESSAGE,
        "suggestions": duplicates.suggestions(item, current_user) if item.is_open else [],
        "original": access.by_id(current_user, item.duplicate_of_id),
        "place": _place(item),
        "routes": _routes(item),
        "route_reason": i18n.catalog(item.language).gettext(
            "Sent on by the central feedback desk."),
    }
    return render_template("staff/feedback.html", **context), status


def _transfer_choices(item) -> list[InstitutionLabel]:
    """The institutions offered in the transfer form, as plain codes and names: the same
    ones as access.transfer_targets (against which access.transfer_target checks the posted
    choice), without loading a hundred Institution objects with their sectors and settings
    on every view of a case."""
    return [InstitutionLabel(*row) for row in db.session.execute(
        sa.select(Institution.id, Institution.code, Institution.name_sw, Institution.name_en)
        .where(Institution.active, Institution.id != item.institution_id)
        .order_by(Institution.code))]


def _canned_list(item) -> list[CannedResponse]:
    """The institution's canned responses, those in the citizen's language first."""
    rows = db.session.scalars(access.canned_for(item).order_by(CannedResponse.title)).all()
    return sorted(rows, key=lambda row: row.language != item.language)


def _canned(item, canned_id: int | None) -> CannedResponse | None:
    if canned_id is None:
        return None
    return db.session.scalar(access.canned_for(item).where(CannedResponse.id == canned_id))


@bp.get("/feedback/<int:feedback_id>/attachment")
def attachment(feedback_id: int):
    """The citizen's attachment, only to staff who may see the feedback."""
    item = access.feedback_or_404(current_user, feedback_id)
    if not item.attachment_path:
        abort(404)
    record("attachment.download", actor=current_user, feedback_id=item.id,
           detail={"file": item.attachment_path})
    response = send_from_directory(
        current_app.config["UPLOAD_DIR"], item.attachment_path,
        mimetype=item.attachment_mime, download_name=item.attachment_name,
        as_attachment=item.attachment_mime == "application/pdf",
    )
    return _private_file(response)


@bp.get("/feedback/<int:feedback_id>/follow-up/<name>")
def follow_up_attachment(feedback_id: int, name: str):
    """A file the citizen sent with a follow-up (the event's from_value names it), only to
    staff who may see the feedback; any other name is a 404."""
    item = access.feedback_or_404(current_user, feedback_id)
    sent = db.session.scalar(sa.select(Event.id).where(
        Event.feedback_id == item.id, Event.type == "follow_up", Event.from_value == name))
    mime = _MIME_OF.get(name.rpartition(".")[2])
    if sent is None or mime is None:
        abort(404)
    record("attachment.download", actor=current_user, feedback_id=item.id,
           detail={"file": name})
    response = send_from_directory(current_app.config["UPLOAD_DIR"], name, mimetype=mime,
                                   as_attachment=mime == "application/pdf")
    return _private_file(response)


# The stored file's extension says its type, checked by content when it was stored.
_MIME_OF = {extension: mime for mime, extension in ALLOWED.items()}


def _private_file(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
