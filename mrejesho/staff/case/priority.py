"""An officer sets how urgent a case is (issue 16); the core records it on the timeline,
gives an urgent case its shorter due date and alerts the managers."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField

from ... import feedback as core
from ... import texts, urgency
from ...templating import current_language
from .. import access
from ..blueprint import bp
from ..words import priority_names
from .forms import VersionField
from .page import render_case


class PriorityForm(FlaskForm):
    priority = SelectField(choices=[], validate_choice=False)
    version = VersionField()


@bp.app_template_global("priority_name")
def priority_name(priority: int) -> str:
    """A stored priority's name (urgent, high, normal, low)."""
    return urgency.NAMES.get(priority, "normal")


@bp.app_template_global("priority_form")
def priority_form(item) -> PriorityForm:
    """The case page's priority form, showing the case's priority and version."""
    form = PriorityForm(formdata=None, data={"priority": urgency.NAMES[item.priority],
                                             "version": item.version})
    names = priority_names()
    form.priority.choices = [(urgency.NAMES[p], names[urgency.NAMES[p]])
                             for p in urgency.PRIORITIES]
    return form


@bp.post("/feedback/<int:feedback_id>/priority")
def set_priority(feedback_id: int):
    """Set the case's priority (urgent, high, normal, low)."""
    item = access.feedback_for_action(current_user, feedback_id)
    form = PriorityForm()
    chosen = urgency.parse(form.priority.data)
    if not form.validate_on_submit() or chosen is None:
        message = _("Choose a priority from the list.")
        return render_case(item, errors={"priority": message}, status=422)
    try:
        core.set_priority(item, current_user, chosen, version=form.version.data)
    except core.FeedbackError as exc:
        status = 409 if isinstance(exc, core.Conflict) else 422
        message = texts.error(exc.code, current_language(), **exc.params)
        return render_case(item, errors={"priority": message}, status=status)
    flash(_("Priority set to %(priority)s.", priority=priority_names()[urgency.NAMES[chosen]]),
          "success")
    return redirect(url_for("staff.feedback", feedback_id=item.id, _anchor="priority"))
