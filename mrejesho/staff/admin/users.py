"""Staff accounts: admins manage everyone; a manager manages the officers of its own
institution (access.py). Another institution's account answers 404 to a manager."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ...extensions import db
from ...models import Institution, StaffUser
from ...timeutil import utcnow
from .. import access, accounts
from ..blueprint import bp
from ..forms import ButtonForm
from .forms import ResetPasswordForm, UserForm


@bp.get("/users")
@access.role_required(*access.MANAGERS)
def users():
    """The accounts this user manages."""
    stmt = access.accounts_managed(current_user).join(Institution).order_by(
        Institution.code, StaffUser.name)
    code = request.args.get("institution", "").strip().upper()
    if code and access.permissions(current_user)["every_institution"]:
        stmt = stmt.where(Institution.code == code)
    return render_template("staff/users.html", rows=db.session.scalars(stmt).all(), code=code,
                           now=utcnow())


def _prepare(form: UserForm) -> None:
    """Limit the choices to what this user may grant."""
    form.role.choices = [SelectChoice(role) for role in access.roles_granted(current_user)]
    form.institution.choices = [SelectChoice(i.code, f"{i.code} - {i.name_sw}")
                                for i in access.institutions_managed(current_user)]
    if len(form.institution.choices) == 1:
        form.institution.data = form.institution.choices[0].value


def _institution(form: UserForm) -> Institution | None:
    """The institution picked, if this user may give accounts to it."""
    return next((i for i in access.institutions_managed(current_user)
                 if i.code == form.institution.data), None)


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@access.role_required(*access.MANAGERS)
def user_form(user_id: int | None = None):
    """Create or edit an account (role, institution, active)."""
    user = access.account_or_404(current_user, user_id) if user_id else None
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
                           reset=ResetPasswordForm(formdata=None), **_lock_state(user)), status


def _lock_state(user: StaffUser | None) -> dict:
    """What the account page says about a lock-out, and the unlock button's form."""
    locked = user is not None and accounts.locked_recently(user)
    return {"locked": locked, "unlock": ButtonForm(formdata=None) if locked else None}


@bp.post("/users/<int:user_id>/unlock")
@access.role_required(*access.MANAGERS)
def user_unlock(user_id: int):
    """Lift the account's lock-out after failed sign-ins, from every address (logged)."""
    user = access.account_or_404(current_user, user_id)
    if ButtonForm().validate_on_submit():
        accounts.unlock(user, current_user)
        flash(_("Account %(email)s unlocked.", email=user.email), "success")
    return redirect(url_for("staff.user_form", user_id=user.id))


def _save(form: UserForm, user: StaffUser | None) -> None:
    values = dict(name=form.name.data, role=form.role.data, institution=_institution(form),
                  language=form.language.data)
    if user is None:
        accounts.create_user(email=form.email.data, password=form.password.data,
                             by=current_user, **values)
    else:
        accounts.update_user(user, active=form.active.data, by=current_user, **values)


def _check(form: UserForm, user: StaffUser | None) -> str | None:
    """The rule a valid-looking form still breaks, as a message; None when it is fine."""
    if form.role.data not in access.roles_granted(current_user) or _institution(form) is None:
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
@access.role_required(*access.MANAGERS)
def user_password(user_id: int):
    """Set a new password for an account; its sessions end."""
    user = access.account_or_404(current_user, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.change_password(user, form.password.data, by=current_user)
        flash(_("New password set for %(email)s.", email=user.email), "success")
        return redirect(url_for("staff.users"))
    _prepare(edit := UserForm(obj=user, formdata=None))
    edit.institution.data = user.institution.code
    return render_template("staff/user_form.html", form=edit, user=user, reset=form,
                           error=None, **_lock_state(user)), 422

