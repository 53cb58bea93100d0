"""The manager's page of the institution's API keys (staff workspace, /staff/api-keys):
name a new key, see it once, revoke it; each change goes to the audit log."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..audit import record
from ..extensions import db
from ..models import ApiKey
from ..staff import access
from ..staff.blueprint import bp
from ..staff.forms import REQUIRED, ButtonForm
from . import keys


class KeyForm(FlaskForm):
    name = StringField(_l("Name of the system that will use it"), validators=[
        DataRequired(REQUIRED), Length(max=80)])


def _page(form: KeyForm, raw: str | None = None, status: int = 200):
    rows = keys.for_institution(current_user.institution_id)
    return render_template("staff/api_keys.html", form=form, rows=rows, raw=raw,
                           revoke=ButtonForm()), status


@bp.route("/api-keys", methods=["GET", "POST"])
@access.role_required(*access.MANAGERS)
def api_keys():
    """The institution's API keys; a POST makes one and shows it this once."""
    form = KeyForm()
    if form.validate_on_submit():
        key, raw = keys.create(current_user.institution, form.name.data, current_user)
        record("api_key.created", actor=current_user,
               detail={"key_id": key.id, "name": key.name, "prefix": key.prefix,
                       "institution": current_user.institution.code})
        db.session.commit()
        return _page(KeyForm(formdata=None), raw=raw, status=201)
    return _page(form, status=422 if form.errors else 200)


@bp.post("/api-keys/<int:key_id>/revoke")
@access.role_required(*access.MANAGERS)
def api_key_revoke(key_id: int):
    """Revoke one of the institution's keys: it stops working at once."""
    key = db.session.get(ApiKey, key_id)
    if key is None or key.institution_id != current_user.institution_id:
        abort(404)
    if ButtonForm().validate_on_submit() and key.revoked_at is None:
        keys.revoke(key, current_user)
        record("api_key.revoked", actor=current_user,
               detail={"key_id": key.id, "name": key.name, "prefix": key.prefix})
        db.session.commit()
        flash(_("The key is revoked."), "success")
    return redirect(url_for("staff.api_keys"))
