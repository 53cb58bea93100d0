"""Staff accounts: admins manage everyone; a manager manages the officers of its own
institution. Another institution's account answers 404 to a manager."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ..extensions import db
from ..models import ROLES, Institution, StaffUser
from ..timeutil import utcnow
from . import accounts
from .admin_forms import ResetPasswordForm, UserForm
from .blueprint import bp, role_required


def manageable() -> sa.Select:
    """The accounts the signed-in user may manage."""
    stmt = db.select(StaffUser)
    if current_user.role == "manager":
        stmt = stmt.where(StaffUser.institution_id == current_user.institution_id,
                          StaffUser.role == "officer")
    return stmt


def _account_or_404(user_id: int) -> StaffUser:
    user = db.session.scalar(manageable().where(StaffUser.id == user_id))
    if user is None:
        abort(404)
    return user


@bp.get("/users")
@role_required("manager", "admin")
def users():
    """The accounts this user manages."""
    stmt = manageable().join(Institution).order_by(Institution.code, StaffUser.name)
    code = request.args.get("institution", "").strip().upper()
    if code and current_user.role == "admin":
        stmt = stmt.where(Institution.code == code)
    return render_template("staff/users.html", rows=db.session.scalars(stmt).all(), code=code,
                           now=utcnow())


def _prepare(form: UserForm) -> None:
    """Limit the choices to what this user may grant."""
    if current_user.role == "admin":
        everyone = db.session.scalars(db.select(Institution).order_by(Institution.code))
        form.institution.choices = [SelectChoice(i.code, f"{i.code} - {i.name_sw}")
                                    for i in everyone]
    else:
        form.role.choices = [SelectChoice("officer")]
        form.institution.choices = [SelectChoice(current_user.institution.code)]
        form.institution.data = current_user.institution.code


def _institution(form: UserForm) -> Institution | None:
    if current_user.role != "admin":
        return current_user.institution
    return db.session.scalar(db.select(Institution).filter_by(code=form.institution.data))


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("manager", "admin")
def user_form(user_id: int | None = None):
    """Create or edit an account (role, institution, active)."""
    user = _account_or_404(user_id) if user_id else None
    form = UserForm(obj=user)
    if request.method == "GET" and user is not None:
        form.institution.data = user.institution.code
    _prepare(form)
    error = None
    if form.validate_on_submit():
        error = _check(form, user)
        if error is None:
            _save(form, user)
            flash(_("Account %(email)s saved.", email=user.email if user else form.email.data),
                  "success")
            return redirect(url_for("staff.users"))
    status = 422 if (error or form.errors) else 200
    return render_template("staff/user_form.html", form=form, user=user, error=error,
                           reset=ResetPasswordForm(formdata=None)), status


def _save(form: UserForm, user: StaffUser | None) -> None:
    values = dict(name=form.name.data, role=form.role.data, institution=_institution(form),
                  language=form.language.data)
    if user is None:
        accounts.create_user(email=form.email.data, password=form.password.data, **values)
    else:
        accounts.update_user(user, active=form.active.data, **values)


def _check(form: UserForm, user: StaffUser | None) -> str | None:
    """The rule a valid-looking form still breaks, as a message; None when it is fine."""
    if form.role.data not in ROLES or _institution(form) is None:
        return _("Choose a role and an institution from the lists.")
    if user is None and accounts.email_taken(form.email.data):
        return _("Another account already uses this email address.")
    if user is None and not form.password.data:
        return _("Give the new account a first password.")
    if user is not None and user.id == current_user.id and (
            not form.active.data or form.role.data != user.role):
        return _("You cannot deactivate your own account or change your own role.")
    return None


@bp.post("/users/<int:user_id>/password")
@role_required("manager", "admin")
def user_password(user_id: int):
    """Set a new password for an account; its sessions end."""
    user = _account_or_404(user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.change_password(user, form.password.data)
        flash(_("New password set for %(email)s.", email=user.email), "success")
        return redirect(url_for("staff.users"))
    _prepare(edit := UserForm(obj=user, formdata=None))
    edit.institution.data = user.institution.code
    return render_template("staff/user_form.html", form=edit, user=user, reset=form,
                           error=None), 422
