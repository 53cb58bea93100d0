"""/data: a citizen proves a phone number with a code sent to it by SMS, then sees what is
held about the number, downloads it as JSON, and erases their finished feedback
(mrejesho.rights). The proof lasts VERIFIED_MINUTES in this browser's session."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.fields import TelField

from .. import audit, phones
from ..extensions import db, limiter
from ..rights import codes, holdings
from ..templating import current_language
from ..timeutil import utcnow

bp = Blueprint("data", __name__, url_prefix="/data")
VERIFIED_MINUTES = 30


class PhoneForm(FlaskForm):
    phone = TelField()


class CodeForm(FlaskForm):
    code = StringField()


class ActionForm(FlaskForm):
    """Erase the chosen items, or finish: only the CSRF token is a field."""


def _phone_typed() -> str:
    """The rate-limit key of a code request: the number asked for (else the client)."""
    phone = phones.normalize_or_none((request.form.get("phone") or "")[:40])
    return f"data-phone:{phone}" if phone else get_remote_address()


def verified_phone() -> str | None:
    """The number this browser proved, while the proof lasts."""
    proof = session.get("data_verified") or {}
    try:
        until = datetime.fromisoformat(proof.get("until", ""))
    except (TypeError, ValueError):
        return None
    return proof.get("phone") if utcnow() < until else None


@bp.route("", methods=["GET", "POST"])
@limiter.limit("10/hour", methods=["POST"])
@limiter.limit("3/hour;6/day", key_func=_phone_typed, methods=["POST"])
def ask():
    """Explain what is kept, and send a code to the number typed."""
    form = PhoneForm()
    error = None
    if form.validate_on_submit():
        phone = phones.normalize_or_none((form.phone.data or "")[:40])
        if phone is None:
            error = _("Type a valid Tanzanian phone number, e.g. 0712 345 678.")
        else:
            codes.issue(phone, current_language())
            audit.record("data.code_sent", phone=phone)
            session["data_pending"] = phone
            return redirect(url_for("data.code"))
    days = current_app.config["RETENTION_DAYS"]
    return render_template("public/data.html", form=form, error=error,
                           days=days), 422 if error else 200


@bp.route("/code", methods=["GET", "POST"])
@limiter.limit("30/hour", methods=["POST"])
def code():
    """Type the code the SMS brought; five wrong ones spend it."""
    phone = session.get("data_pending")
    if not phone:
        return redirect(url_for("data.ask"))
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        outcome, left = codes.check(phone, form.code.data or "")
        if outcome == "ok":
            until = utcnow() + timedelta(minutes=VERIFIED_MINUTES)
            session["data_verified"] = {"phone": phone, "until": until.isoformat()}
            session.pop("data_pending", None)
            audit.record("data.viewed", phone=phone)
            return redirect(url_for("data.mine"))
        # A wrong guess must count although the answer is an error (which rolls back).
        db.session.commit()
        error = (_("That code is not right. You have %(n)s more tries.", n=left)
                 if outcome == "wrong" else
                 _("That code no longer works. Ask for a new code."))
    return render_template("public/data_code.html", form=form, error=error,
                           masked=phones.mask(phone)), 422 if error else 200


@bp.get("/mine")
def mine():
    """Everything held about the proved number."""
    phone = verified_phone()
    if phone is None:
        return redirect(url_for("data.ask"))
    return render_template("public/data_mine.html", held=holdings.rows(phone),
                           masked=phones.mask(phone), form=ActionForm(),
                           erasable=holdings.erasable, events=holdings.visible_events)


@bp.get("/mine.json")
def download():
    """The same, as a JSON file."""
    phone = verified_phone()
    if phone is None:
        return redirect(url_for("data.ask"))
    audit.record("data.downloaded", phone=phone)
    body = json.dumps(holdings.collect(phone), ensure_ascii=False, indent=2)
    return current_app.response_class(body, mimetype="application/json", headers={
        "Content-Disposition": "attachment; filename=e-mrejesho-data.json",
        "Cache-Control": "no-store"})


@bp.post("/erase")
@limiter.limit("30/hour")
def erase():
    """Erase the chosen finished items; open ones are refused, each with its sentence.
    (CSRFProtect checks the token of every POST before the view.)"""
    phone = verified_phone()
    if phone is None:
        return redirect(url_for("data.ask"))
    chosen = [ref[:20] for ref in request.form.getlist("ref")][:500]
    erased, refused = holdings.erase(phone, chosen)
    for reference in refused:
        flash(_("Feedback %(ref)s is still being handled, so it cannot be erased yet. Ask "
                "again once it is closed.", ref=reference), "error")
    if erased:
        flash(_("Your personal data was removed from %(n)s feedback item(s).",
                n=len(erased)), "success")
    elif not refused:
        flash(_("Choose the feedback to erase."), "error")
    return redirect(url_for("data.mine"))


@bp.post("/end")
def end():
    """Forget the proof in this browser."""
    session.pop("data_verified", None)
    session.pop("data_pending", None)
    return redirect(url_for("data.ask"))
