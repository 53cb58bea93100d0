"""What an officer does to a feedback: assign, reply, note, set status, transfer, mark as a
duplicate. Each view checks its form, calls the core, and on an error shows the page again
with the message beside the form and the typed text kept."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import feedback as core
from .. import references, routing
from ..extensions import db
from ..models import StaffUser
from ..templating import current_language
from .access import by_reference, feedback_or_404
from .blueprint import bp
from .case import render_case
from .forms import AssignForm, DuplicateForm, StatusForm, TextForm, TransferForm


def _failed(item, name: str, form, message: str | None = None):
    """Show the page again with this form's error (422)."""
    if message is None:
        message = next(iter(form.errors.values()))[0] if form.errors else _("Check the form.")
    return render_case(item, forms={name: form}, errors={name: message}, status=422)


def _done(item, message: str, anchor: str = "actions"):
    flash(message, "success")
    return redirect(url_for("staff.feedback", feedback_id=item.id, _anchor=anchor))


@bp.post("/feedback/<int:feedback_id>/assign")
def assign(feedback_id: int):
    """Give the case to an officer of its institution, to oneself, or back to the pool."""
    item = feedback_or_404(current_user, feedback_id)
    form = AssignForm()
    if not form.validate_on_submit():
        return _failed(item, "assign", form)
    choice = form.assignee.data or ""
    assignee = None
    if choice == "me":
        assignee = current_user
    elif choice:
        assignee = db.session.get(StaffUser, int(choice)) if choice.isdigit() else None
        if assignee is None or not assignee.active:
            return _failed(item, "assign", form, _("Choose an officer from the list."))
    try:
        core.assign(item, current_user, assignee)
    except core.FeedbackError as exc:
        return _failed(item, "assign", form, exc.text(current_language()))
    if assignee is None:
        return _done(item, _("The case is back in the unassigned pool."))
    return _done(item, _("Assigned to %(name)s.", name=assignee.name))


@bp.post("/feedback/<int:feedback_id>/reply")
def reply(feedback_id: int):
    """Send the citizen a reply (by SMS through the core's outbox)."""
    item = feedback_or_404(current_user, feedback_id)
    form = TextForm()
    if not form.validate_on_submit():
        return _failed(item, "reply", form)
    try:
        core.reply(item, current_user, form.text.data)
    except core.FeedbackError as exc:
        return _failed(item, "reply", form, exc.text(current_language()))
    if item.citizen_phone:
        return _done(item, _("Reply sent to the citizen by SMS."), "timeline")
    return _done(item, _("Reply saved. The citizen gave no phone number and will see it "
                         "on the tracking page."), "timeline")


@bp.post("/feedback/<int:feedback_id>/note")
def note(feedback_id: int):
    """Add an internal note, which the citizen never sees."""
    item = feedback_or_404(current_user, feedback_id)
    form = TextForm()
    if not form.validate_on_submit():
        return _failed(item, "note", form)
    try:
        core.note(item, current_user, form.text.data)
    except core.FeedbackError as exc:
        return _failed(item, "note", form, exc.text(current_language()))
    return _done(item, _("Internal note added."), "timeline")


@bp.post("/feedback/<int:feedback_id>/status")
def status(feedback_id: int):
    """Move the case along its lifecycle; resolving or rejecting needs a message."""
    item = feedback_or_404(current_user, feedback_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _failed(item, "status", form)
    try:
        core.set_status(item, current_user, form.status.data, form.message.data)
    except core.FeedbackError as exc:
        return _failed(item, "status", form, exc.text(current_language()))
    return _done(item, _("Status changed."))


@bp.post("/feedback/<int:feedback_id>/transfer")
def transfer(feedback_id: int):
    """Move the case to another institution's queue, with the reason."""
    item = feedback_or_404(current_user, feedback_id)
    form = TransferForm()
    if not form.validate_on_submit():
        return _failed(item, "transfer", form)
    target = routing.by_code(form.institution.data)
    if target is None:
        return _failed(item, "transfer", form, _("Choose an institution from the list."))
    try:
        core.transfer(item, current_user, target, form.reason.data)
    except core.FeedbackError as exc:
        return _failed(item, "transfer", form, exc.text(current_language()))
    flash(_("Transferred to %(inst)s.", inst=target.code), "success")
    # After a transfer the case usually leaves this user's sight: go back to the queue.
    return redirect(url_for("staff.queue"))


@bp.post("/feedback/<int:feedback_id>/duplicate")
def duplicate(feedback_id: int):
    """Reject the case as a duplicate of another visible case."""
    item = feedback_or_404(current_user, feedback_id)
    form = DuplicateForm()
    if not form.validate_on_submit():
        return _failed(item, "duplicate", form)
    reference = references.normalize(form.reference.data)
    original = by_reference(current_user, reference) if reference else None
    if original is None:
        return _failed(item, "duplicate", form,
                       _("No feedback in your queues has that reference number."))
    try:
        core.mark_duplicate(item, current_user, original)
    except core.FeedbackError as exc:
        return _failed(item, "duplicate", form, exc.text(current_language()))
    return _done(item, _("Marked as a duplicate of %(ref)s.",
                         ref=references.display(original.reference)))
