"""What an officer does to a feedback: assign, reply, note, set status, transfer, mark as a
duplicate. Each view checks its form, calls the core, and on a refusal shows the page again
with the message beside the form and the typed text kept: 409 when someone else changed
the feedback meanwhile (the forms carry the version the officer saw), 422 otherwise."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import edge, references, texts
from ... import feedback as core
from ...templating import current_language
from .. import access
from ..blueprint import bp
from .forms import AssignForm, DuplicateForm, StatusForm, TextForm, TransferForm
from .page import render_case


def _failed(item, name: str, form, message: str | None = None, status: int = 422):
    """Show the page again with this form's error."""
    if message is None:
        message = next(iter(form.errors.values()))[0] if form.errors else _("Check the form.")
    return render_case(item, forms={name: form}, errors={name: message}, status=status)


def _refused(item, name: str, form, exc: core.FeedbackError):
    """Show the page again with the core's refusal, in the officer's language."""
    status = 409 if isinstance(exc, core.Conflict) else 422
    message = texts.error(exc.code, current_language(), **exc.params)
    return _failed(item, name, form, message, status)


@bp.errorhandler(access.MovedAway)
def moved_away(exc: access.MovedAway):
    """A colleague transferred the case away while this officer was acting on it."""
    message = _("This feedback was changed by someone else a moment ago: it was transferred "
                "to %(inst)s and is no longer in your queue.", inst=exc.institution)
    return render_template("errors/error.html", code=409, message=message,
                           back=url_for("staff.queue")), 409


def _done(item, message: str, anchor: str = "actions"):
    flash(message, "success")
    return redirect(url_for("staff.feedback", feedback_id=item.id, _anchor=anchor))


@bp.post("/feedback/<int:feedback_id>/assign")
def assign(feedback_id: int):
    """Give the case to an officer of its institution, to oneself, or back to the pool."""
    item = access.feedback_for_action(current_user, feedback_id)
    form = AssignForm()
    if not form.validate_on_submit():
        return _failed(item, "assign", form)
    choice = form.assignee.data or ""
    assignee = None
    if choice == "me":
        assignee = current_user._get_current_object()
    elif choice:
        assignee = access.assignee(user_id) if (user_id := edge.small_int(choice)) else None
        if assignee is None:
            return _failed(item, "assign", form, _("Choose an officer from the list."))
    try:
        core.assign(item, current_user, assignee, version=form.version.data)
    except core.FeedbackError as exc:
        return _refused(item, "assign", form, exc)
    if assignee is None:
        return _done(item, _("The case is back in the unassigned pool."))
    return _done(item, _("Assigned to %(name)s.", name=assignee.name))


@bp.post("/feedback/<int:feedback_id>/reply")
def reply(feedback_id: int):
    """Send the citizen a reply (by SMS through the core's outbox)."""
    item = access.feedback_for_action(current_user, feedback_id)
    form = TextForm()
    if not form.validate_on_submit():
        return _failed(item, "reply", form)
    try:
        core.reply(item, current_user, form.text.data)
    except core.FeedbackError as exc:
        return _refused(item, "reply", form, exc)
    if item.citizen_phone:
        return _done(item, _("Reply sent to the citizen by SMS."), "timeline")
    if item.citizen_email:
        return _done(item, _("Reply saved and emailed to the citizen, who answers through "
                             "their private link."), "timeline")
    return _done(item, _("Reply saved. The citizen gave no phone number: they see it and "
                         "answer through their private link."), "timeline")


@bp.post("/feedback/<int:feedback_id>/note")
def note(feedback_id: int):
    """Add an internal note, which the citizen never sees."""
    item = access.feedback_for_action(current_user, feedback_id)
    form = TextForm()
    if not form.validate_on_submit():
        return _failed(item, "note", form)
    try:
        core.note(item, current_user, form.text.data)
    except core.FeedbackError as exc:
        return _refused(item, "note", form, exc)
    return _done(item, _("Internal note added."), "timeline")


@bp.post("/feedback/<int:feedback_id>/status")
def status(feedback_id: int):
    """Move the case along its lifecycle; resolving or rejecting needs a message."""
    item = access.feedback_for_action(current_user, feedback_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _failed(item, "status", form)
    try:
        core.set_status(item, current_user, form.status.data, form.message.data,
                        version=form.version.data)
    except core.FeedbackError as exc:
        return _refused(item, "status", form, exc)
    return _done(item, _("Status changed."))


@bp.post("/feedback/<int:feedback_id>/transfer")
def transfer(feedback_id: int):
    """Move the case to another institution's queue, with the reason."""
    item = access.feedback_for_action(current_user, feedback_id)
    form = TransferForm()
    if not form.validate_on_submit():
        return _failed(item, "transfer", form)
    target = access.transfer_target(item, form.institution.data)
    if target is None:
        return _failed(item, "transfer", form, _("Choose an institution from the list."))
    try:
        core.transfer(item, current_user, target, form.reason.data, version=form.version.data)
    except core.FeedbackError as exc:
        return _refused(item, "transfer", form, exc)
    flash(_("Transferred to %(inst)s.", inst=target.code), "success")
    # After a transfer the case usually leaves this user's sight: go back to the queue.
    return redirect(url_for("staff.queue"))


@bp.post("/feedback/<int:feedback_id>/duplicate")
def duplicate(feedback_id: int):
    """Reject the case as a duplicate of another visible case."""
    item = access.feedback_for_action(current_user, feedback_id)
    form = DuplicateForm()
    if not form.validate_on_submit():
        return _failed(item, "duplicate", form)
    reference = references.normalize(form.reference.data)
    original = access.by_reference(current_user, reference) if reference else None
    if original is None:
        return _failed(item, "duplicate", form,
                       _("No feedback in your queues has that reference number."))
    try:
        core.mark_duplicate(item, current_user, original, version=form.version.data)
    except core.FeedbackError as exc:
        return _refused(item, "duplicate", form, exc)
    return _done(item, _("Marked as a duplicate of %(ref)s.",
                         ref=references.display(original.reference)))
