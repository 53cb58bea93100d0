"""Canned responses: ready texts an officer inserts into a reply. Managers keep their own
institution's; admins any institution's (access.py)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ...extensions import db
from ...models import CannedResponse, Institution
from .. import access
from ..admin import directory
from ..blueprint import bp
from ..forms import ButtonForm
from .forms import CannedForm


@bp.get("/canned")
@access.role_required(*access.MANAGERS)
def canned_list():
    """The canned responses this user manages."""
    rows = db.session.scalars(access.canned_responses(current_user).order_by(
        CannedResponse.institution_id, CannedResponse.title)).all()
    codes = dict(db.session.execute(db.select(Institution.id, Institution.code)).all())
    return render_template("staff/canned.html", rows=rows, codes=codes, delete=ButtonForm())


@bp.route("/canned/new", methods=["GET", "POST"])
@bp.route("/canned/<int:canned_id>", methods=["GET", "POST"])
@access.role_required(*access.MANAGERS)
def canned_form(canned_id: int | None = None):
    """Create or edit a canned response."""
    row = access.canned_or_404(current_user, canned_id) if canned_id else None
    form = CannedForm(obj=row)
    institutions = [i for i in access.institutions_managed(current_user) if i.active]
    form.institution.choices = [SelectChoice(i.code) for i in institutions]
    if request.method == "GET":
        owner = db.session.get(Institution, row.institution_id) if row else None
        form.institution.data = (owner or current_user.institution).code
    error = None
    if form.validate_on_submit():
        owner = next((i for i in institutions if i.code == form.institution.data), None)
        if owner is None:
            error = _("Choose an institution from the list.")
        else:
            directory.save_canned(row, institution=owner, title=form.title.data,
                                  body=form.body.data, language=form.language.data)
            flash(_("Canned response saved."), "success")
            return redirect(url_for("staff.canned_list"))
    status = 422 if (error or form.errors) else 200
    return render_template("staff/canned_form.html", form=form, row=row, error=error), status


@bp.post("/canned/<int:canned_id>/delete")
@access.role_required(*access.MANAGERS)
def canned_delete(canned_id: int):
    """Remove a canned response."""
    row = access.canned_or_404(current_user, canned_id)
    if ButtonForm().validate_on_submit():
        directory.delete_canned(row)
        flash(_("Canned response deleted."), "success")
    return redirect(url_for("staff.canned_list"))
