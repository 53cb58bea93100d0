"""/simulator: a phone on the screen that dials USSD and sends SMS through the real /ussd
and /sms/inbound endpoints, and lists the SMS the system queued or sent to that number.

On by default in development, off in production unless SIMULATOR_ENABLED is set; whenever
it is on, every page of it needs a staff login (the inbox shows what the system sent to any
number). The page never carries the webhook token: its script posts to /simulator/relay/...,
which runs the real webhook view for the signed-in officer (with the CSRF token), skipping
only the token and address checks that guard the provider's calls.
"""
from __future__ import annotations

import inspect

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from .. import texts
from ..extensions import db, login_manager
from ..models import OutboundSms
from ..phones import InvalidPhone, normalize
from ..templating import current_language

bp = Blueprint("simulator", __name__, url_prefix="/simulator")

NETWORK_CODE = "64002"  # what Africa's Talking sends for a Tanzanian operator
MESSAGE_LIMIT = 20


@bp.before_request
def guard():
    """404 unless enabled; then only for signed-in staff, in every environment."""
    if not current_app.config.get("SIMULATOR_ENABLED"):
        abort(404)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


@bp.get("")
def phone():
    """The phone page."""
    service_code = current_app.config["USSD_SERVICE_CODE"]
    settings = {
        "serviceCode": service_code,
        "shortCode": current_app.config["SMS_SHORT_CODE"],
        "networkCode": NETWORK_CODE,
        "relay": "/simulator/relay",
        "csrf": generate_csrf(),
        "text": js_texts(service_code),
    }
    return render_template("simulator/phone.html", settings=settings, service_code=service_code,
                           short_code=settings["shortCode"])


@bp.get("/messages")
def messages():
    """The SMS sent or waiting to be sent to ?phone=, newest first, as JSON."""
    try:
        number = normalize(request.args.get("phone", ""))
    except InvalidPhone:
        return jsonify(error=texts.error("phone.invalid", current_language())), 400
    rows = db.session.scalars(
        db.select(OutboundSms).filter_by(to=number)
        .order_by(OutboundSms.created_at.desc(), OutboundSms.id.desc()).limit(MESSAGE_LIMIT)
    )
    labels = status_labels()
    return jsonify(phone=number, messages=[
        {"id": row.id, "text": row.text, "status": row.status,
         "status_label": labels.get(row.status, row.status),
         "time": row.created_at.isoformat(timespec="seconds") + "Z"}
        for row in rows
    ])


# The webhooks the page may reach through the relay: its path there -> the view's endpoint.
RELAYED = {"ussd": "ussd.ussd", "ussd/events": "ussd.events", "sms/inbound": "sms.inbound"}


@bp.post("/relay/<path:path>")
def relay(path: str):
    """Run the real webhook view on this request's form, as Africa's Talking would reach it.
    The guard above has checked the staff login and CSRF protects the POST; the view's
    own token check is skipped because the token must never reach a browser."""
    endpoint = RELAYED.get(path)
    if endpoint is None:
        abort(404)
    return inspect.unwrap(current_app.view_functions[endpoint])()


def status_labels() -> dict[str, str]:
    """Outbox statuses as the visitor reads them."""
    return {"queued": _("waiting to be sent"), "sending": _("sending"), "sent": _("sent"),
            "delivered": _("delivered"), "failed": _("failed"),
            "calling": _("sending"), "unknown": _("outcome unknown")}


def js_texts(service_code: str) -> dict[str, str]:
    """The sentences the page's script shows, in the visitor's language."""
    return {
        "badCode": _("Unknown service code. Dial %(code)s.", code=service_code),
        "network": _("Connection problem. Try again."),
        "ended": _("Session ended."),
        "smsSent": _("SMS sent."),
        "smsMissing": _("The SMS channel is not available."),
        "emptySms": _("Type a message."),
        "noSms": _("No SMS yet."),
        "running": _("USSD code running..."),
    }
