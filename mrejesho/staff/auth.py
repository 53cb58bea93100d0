"""Sign in, sign out, change the password, and choose which email notices to get."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField

from .. import notify
from ..extensions import limiter
from ..unit_of_work import unit_of_work
from . import accounts
from .blueprint import bp, safe_next
from .forms import ButtonForm, LoginForm, PasswordForm


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10/minute;60/hour", methods=["POST"])
def login():
    """Show the sign-in form and sign the officer in."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("staff.queue"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        # Its own unit of work: a failed attempt must count towards the lock-out although
        # the page then answers 401, which rolls the rest of the request back.
        with unit_of_work():
            user = accounts.authenticate(form.email.data, form.password.data,
                                         client=request.remote_addr)
        if user is not None:
            login_user(user)
            session.permanent = True
            session.setdefault("lang", user.language)
            return redirect(safe_next(request.args.get("next")) or url_for("staff.queue"))
        # One message for every failure: it must not tell whether the address exists.
        error = _("The email or password is wrong, or the account is locked for %(n)d "
                  "minutes after repeated failures.", n=accounts.LOCK_MINUTES)
    status = 401 if error else (422 if form.errors else 200)
    return render_template("staff/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    """Sign out (a POST with the CSRF token, so another site cannot sign you out). The
    account's session version moves on, so a copy of the cookie is refused afterwards
    (this signs the officer out of their other browsers too)."""
    if ButtonForm().validate_on_submit():
        if current_user.is_authenticated:
            accounts.end_sessions(current_user._get_current_object())
        logout_user()
        flash(_("You have signed out."), "success")
    return redirect(url_for("staff.login"))


@bp.route("/password", methods=["GET", "POST"])
def password():
    """Change one's own password; other sessions of the account end."""
    form = PasswordForm()
    error = None
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            error = _("The current password is wrong.")
        else:
            accounts.change_password(current_user, form.new.data)
            login_user(current_user._get_current_object())  # the id carries the new session version
            flash(_("Your password has been changed. Other sessions have been signed out."),
                  "success")
            return redirect(url_for("staff.queue"))
    status = 422 if (error or form.errors) else 200
    return render_template("staff/password.html", form=form, error=error,
                           notices=NoticesForm(obj=current_user)), status


class NoticesForm(FlaskForm):
    """The email notices an officer wants (mrejesho.emails.OFFICER_KEYS)."""

    email_on_assignment = BooleanField(_l("A case is assigned to me"))
    email_on_citizen_answer = BooleanField(_l("The citizen answers on a case assigned to me"))
    email_on_escalation = BooleanField(_l("A case is escalated to my institution (managers)"))
    email_on_urgent = BooleanField(_l("An urgent case reaches my institution (managers)"))


@bp.post("/notices")
def notices():
    """Save which email notices the signed-in officer wants."""
    form = NoticesForm()
    if form.validate_on_submit():
        form.populate_obj(current_user)
        flash(_("Your email notices have been saved."), "success")
    return redirect(url_for("staff.password"))


@bp.app_template_global("sms_count")
def sms_count(item, key: str, text: str | None = None):
    """The count of the SMS an officer's text would make (the hint beside the reply and
    status boxes, which static/js/segments.js keeps up to date as they type)."""
    counted, before, after = notify.sms_preview(key, item, text or "")
    return {"segments": counted.segments, "encoding": counted.encoding, "before": before,
            "after": after, "max": notify.MAX_SEGMENTS}
