"""The desk's intake page: an officer records feedback received by a call, a visit, a letter
or an email, for the citizen. It goes through mrejesho.intake like every channel; the
timeline names the officer and how it came, and the citizen gets the usual receipt."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import intake, reference, texts, urgency
from ...models import DESK_CHANNELS, KINDS
from ...public import attachments
from ...templating import current_language
from .. import access
from ..blueprint import bp
from ..words import channel_names, priority_names
from .forms import IntakeForm


@bp.url_value_preprocessor
def _let_letters_through(endpoint, _values):
    """A scanned letter may be larger than a page's body limit: read it as the citizen
    form does (attachments.accept_large_uploads), before CSRF reads the form."""
    if endpoint == "staff.intake" and request.method == "POST":
        attachments.accept_large_uploads()


def _choices(form: IntakeForm) -> None:
    """Fill the form's lists with what this officer may choose."""
    names = channel_names()
    form.channel.choices = [(code, names[code]) for code in DESK_CHANNELS]
    lang = current_language()
    form.kind.choices = [(kind, texts.kind_label(kind, lang).capitalize()) for kind in KINDS]
    form.priority.choices = [("", _("As the words suggest (router)"))] + [
        (urgency.NAMES[p], priority_names()[urgency.NAMES[p]]) for p in urgency.PRIORITIES]
    if access.records_for_any(current_user):
        desks = sorted((d for d in reference.current().desks if d.active),
                       key=lambda d: d.code)
        form.institution.choices = [("", _("Let the router decide"))] + [
            (d.code, f"{d.code} · {d.name(lang)}") for d in desks]
    else:
        own = current_user.institution
        form.institution.choices = [(own.code, f"{own.code} · {own.name(lang)}")]


def _errors(form: IntakeForm) -> dict[str, str]:
    """The form's own errors (CSRF, required, lengths) by field, one each."""
    return {name: str(found[0]) for name, found in form.errors.items() if found}


@bp.route("/intake", methods=["GET", "POST"])
def intake_form():
    """Record feedback the desk received for a citizen."""
    form = IntakeForm()
    _choices(form)
    if request.method == "GET":
        return render_template("staff/intake.html", form=form, errors={})
    errors = _errors(form) if not form.validate_on_submit() else {}
    lang = current_language()
    if form.channel.data not in DESK_CHANNELS:
        errors["channel"] = _("Choose how the feedback came.")
    institution = (form.institution.data or "").strip().upper()
    if not access.records_for_any(current_user) and institution != current_user.institution.code:
        errors["institution"] = _("You may record feedback only for your own institution.")
    priority = urgency.parse(form.priority.data) if form.priority.data else None
    if form.priority.data and priority is None:
        errors["priority"] = _("Choose a priority from the list.")
    raw = {"kind": form.kind.data, "institution": institution or None,
           "subject": form.subject.data, "body": form.body.data, "name": form.name.data,
           "phone": form.phone.data, "email": form.email.data,
           "anonymous": bool(form.anonymous.data), "language": form.language.data}
    try:
        intake.validate(raw, "desk")
    except intake.Rejected as exc:
        errors.update({field: texts.error(code, lang) for field, code in exc.errors.items()
                       if field not in errors})
    try:
        checked = attachments.check(form.attachment.data)
    except attachments.AttachmentError as exc:
        errors["attachment"], checked = texts.error(exc.code, lang), None
    if errors:
        return render_template("staff/intake.html", form=form, errors=errors), 422
    stored = attachments.store(*checked, form.attachment.data.filename) if checked else None
    try:
        item = intake.take(raw, channel=form.channel.data, attachment=stored,
                           officer=current_user._get_current_object(), priority=priority)
    except intake.Rejected as exc:  # the institution was closed a moment ago
        errors = {field: texts.error(code, lang) for field, code in exc.errors.items()}
        return render_template("staff/intake.html", form=form, errors=errors), 422
    flash(_("Recorded with reference number %(ref)s for %(inst)s.", ref=item.reference,
            inst=item.institution.code), "success")
    if access.by_id(current_user, item.id) is not None:
        return redirect(url_for("staff.feedback", feedback_id=item.id))
    return redirect(url_for("staff.intake_form"))  # the central desk, for another institution

