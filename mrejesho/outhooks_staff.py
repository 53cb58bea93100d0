"""The manager's page of the institution's webhooks (staff workspace, /staff/webhooks): add
a URL and see its signing secret once, remove one; each change goes to the audit log."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from . import outhooks
from .audit import record
from .extensions import db
from .models import WebhookEndpoint
from .outhooks_net import URL_MAX, allowed
from .staff import access
from .staff.blueprint import bp
from .staff.forms import REQUIRED, ButtonForm


class WebhookForm(FlaskForm):
    url = StringField(_l("Address (URL) of your system's receiver"), validators=[
        DataRequired(REQUIRED), Length(max=URL_MAX)])


def _page(form: WebhookForm, secret: str | None = None, error: str | None = None,
          status: int = 200):
    rows = outhooks.for_institution(current_user.institution_id)
    return render_template("staff/webhooks.html", form=form, rows=rows, secret=secret,
                           error=error, remove=ButtonForm()), status


@bp.route("/webhooks", methods=["GET", "POST"])
@access.role_required(*access.MANAGERS)
def webhooks():
    """The institution's webhooks; a POST adds one and shows its secret this once."""
    form = WebhookForm()
    if not form.validate_on_submit():
        return _page(form, status=422 if form.errors else 200)
    url = form.url.data.strip()
    try:
        outhooks.check_url(url, https_only=outhooks.https_only())
        host = outhooks.host_of(url)
        # An address is checked now; a name when each event is sent (its address may change).
        if outhooks.is_ip(host) and not allowed(host,
                                                allow_loopback=outhooks.loopback_allowed()):
            raise outhooks.Refused(host)
    except outhooks.Refused:
        https = outhooks.https_only()
        return _page(form, error=_("Give an address that starts with https://, on the "
                                   "public internet.") if https else
                     _("Give an address that starts with https:// or http://, on the "
                       "public internet."), status=422)
    endpoint, secret = outhooks.register(current_user.institution_id, url, current_user)
    record("webhook.created", actor=current_user,
           detail={"webhook_id": endpoint.id, "url": url,
                   "institution": current_user.institution.code})
    db.session.commit()
    return _page(WebhookForm(formdata=None), secret=secret, status=201)


@bp.post("/webhooks/remove")
@access.role_required(*access.MANAGERS)
def webhook_remove():
    """Remove one of the institution's webhooks: nothing more is sent to it."""
    raw = request.form.get("endpoint", "")
    endpoint = db.session.get(WebhookEndpoint, int(raw)) if raw.isdigit() and \
        len(raw) < 10 else None
    if endpoint is None or endpoint.institution_id != current_user.institution_id:
        return _page(WebhookForm(formdata=None), status=404)
    if ButtonForm().validate_on_submit() and endpoint.removed_at is None:
        outhooks.remove(endpoint)
        record("webhook.removed", actor=current_user,
               detail={"webhook_id": endpoint.id, "url": endpoint.url})
        db.session.commit()
        flash(_("The webhook is removed."), "success")
    return redirect(url_for("staff.webhooks"))
