"""The feedback page: every detail, the whole timeline, who opened it, SMS delivery, and the
forms of the actions (posted to actions.py). Opening it records the officer's view."""
from __future__ import annotations

from flask import abort, current_app, render_template, request, send_from_directory
from flask_login import current_user
from sqlalchemy.orm import joinedload

from .. import feedback as core
from ..extensions import db
from ..models import STATUSES, CannedResponse, Event, Institution, OutboundSms, StaffUser
from ..timeutil import utcnow
from . import duplicates
from .access import feedback_or_404
from .blueprint import bp
from .forms import AssignForm, ButtonForm, DuplicateForm, StatusForm, TextForm, TransferForm


@bp.get("/feedback/<int:feedback_id>")
def feedback(feedback_id: int):
    """Show one feedback with its timeline and actions."""
    item = feedback_or_404(current_user, feedback_id)
    core.record_view(item, current_user)
    forms = {}
    canned = _canned(item, request.args.get("canned", type=int))
    if canned is not None:
        forms["reply"] = TextForm(formdata=None, data={"text": canned.body})
    return render_case(item, forms=forms)


def render_case(item, *, forms: dict | None = None, errors: dict | None = None,
                status: int = 200):
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
        "viewers": _viewers(events),
        "outbox": db.session.scalars(
            db.select(OutboundSms).where(OutboundSms.feedback_id == item.id)
            .order_by(OutboundSms.id)).all(),
        "colleagues": colleagues(item),
        "institutions": transfer_targets(item),
        "canned": _canned_list(item),
        "statuses": [s for s in STATUSES if s in core.TRANSITIONS.get(item.status, ())],
        "needs_message": core.NEEDS_MESSAGE,
        "suggestions": duplicates.suggestions(item) if item.is_open else [],
        "original": db.session.get(type(item), item.duplicate_of_id)
        if item.duplicate_of_id else None,
    }
    return render_template("staff/feedback.html", **context), status


def _viewers(events) -> list[tuple[StaffUser, object]]:
    """Each officer who opened the case, with when they first did."""
    return [(event.staff, event.created_at) for event in events
            if event.type == "viewed" and event.staff is not None]


def colleagues(item) -> list[StaffUser]:
    """Active officers of the feedback's institution, who may be assigned to it."""
    return db.session.scalars(
        db.select(StaffUser).where(StaffUser.institution_id == item.institution_id,
                                   StaffUser.active).order_by(StaffUser.name)
    ).all()


def transfer_targets(item) -> list[Institution]:
    """Active institutions the feedback may be transferred to."""
    return db.session.scalars(
        db.select(Institution).where(Institution.active, Institution.id != item.institution_id)
        .order_by(Institution.code)
    ).all()


def _canned_list(item) -> list[CannedResponse]:
    """The institution's canned responses, those in the citizen's language first."""
    rows = db.session.scalars(
        db.select(CannedResponse).where(CannedResponse.institution_id == item.institution_id)
        .order_by(CannedResponse.title)
    ).all()
    return sorted(rows, key=lambda row: row.language != item.language)


def _canned(item, canned_id: int | None) -> CannedResponse | None:
    if canned_id is None:
        return None
    row = db.session.get(CannedResponse, canned_id)
    return row if row is not None and row.institution_id == item.institution_id else None


@bp.get("/feedback/<int:feedback_id>/attachment")
def attachment(feedback_id: int):
    """The citizen's attachment, only to staff who may see the feedback."""
    item = feedback_or_404(current_user, feedback_id)
    if not item.attachment_path:
        abort(404)
    response = send_from_directory(
        current_app.config["UPLOAD_DIR"], item.attachment_path,
        mimetype=item.attachment_mime, download_name=item.attachment_name,
        as_attachment=item.attachment_mime == "application/pdf",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
