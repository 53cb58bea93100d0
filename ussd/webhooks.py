"""POST /ussd and POST /ussd/events, exactly as Africa's Talking calls them.

Each step: read the session row, work out the new input, let the pure menu decide, do its
action through the core, store the outcome, answer "CON ..." or "END ..." as text/plain.
A repeated request (same text as last time) gets the stored screen back untouched.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from sqlalchemy.exc import IntegrityError

from mrejesho import phones
from mrejesho.extensions import csrf, db
from mrejesho.gsm import septets
from mrejesho.webhooks import require_token

from . import actions, catalog, menu, sessions
from .render import render
from .screens import END, LIMIT
from .texts import say

bp = Blueprint("ussd", __name__)
csrf.exempt(bp)  # Africa's Talking cannot send a CSRF token; the URL token guards these


@bp.post("/ussd")
@require_token
def ussd():
    """Answer one step of a USSD session."""
    session_id = request.form.get("sessionId", "").strip()
    if not session_id or len(session_id) > 80:
        return _reply(END + say("bad_request", "sw"), 400)
    text = request.form.get("text", "")
    if len(text) > sessions.TEXT_LIMIT:  # more than the network lets a caller type
        return _reply(END + say("bad_request", "sw"), 400)
    try:
        return _reply(_answer(session_id, text))
    except Exception:
        # The operator shows whatever we answer; a plain apology beats its generic error.
        db.session.rollback()
        current_app.logger.exception("USSD step failed (session %s)", session_id)
        return _reply(END + say("failure", _language_of(session_id)))


def _answer(session_id: str, text: str) -> str:
    row = sessions.load(session_id)
    if row is not None and text == row.last_text and row.last_screen:
        return row.last_screen  # the gateway retried: same screen, nothing done twice
    lists = catalog.current()
    raw_phone = request.form.get("phoneNumber", "")
    phone = phones.normalize_or_none(raw_phone)
    if row is None:
        lang, region, district, anonymous = actions.caller(phone)
        state = menu.start(lang, region, district, anonymous=anonymous,
                           sms_number=current_app.config.get("SMS_SHORT_CODE"),
                           retention_years=_retention_years())
        # Digits dialled after the code (*152*00*2#) arrive as the first text: menu choices.
        values = text[:sessions.INPUT_LIMIT].split("*") if text else []
    else:
        state = row.state or menu.start()
        values = [sessions.new_input(text, row.last_text)]
    outcome, feedback_id = None, None
    for value in values:
        outcome = menu.step(outcome.state if outcome else state, value, lists)
        if outcome.action is not None:
            result = actions.perform(outcome.action, session_id, phone)
            if outcome.action.name == "submit":
                feedback_id = result.get("feedback_id")
            outcome = menu.complete(outcome.state, outcome.action, result, lists)
    if outcome is None:  # a new session: the home screen
        outcome = menu.Step(render(state, lists), state)
    # The row is added only now, so no query above can flush a half-made session.
    row = row or sessions.begin(session_id, phone or raw_phone, request.form.get("serviceCode"))
    try:
        sessions.save(row, text=text, screen=outcome.screen, state=outcome.state,
                      feedback_id=feedback_id)
        # The step's unit of work ends here rather than after the response is built: the
        # database's write lock (SQLite) is then held for the write and commit alone.
        db.session.commit()
        sessions.publish(row)
    except (IntegrityError, sessions.Raced):
        # Two first requests of one session raced; the other stored it: answer as it did.
        db.session.rollback()
        stored = sessions.load(session_id)
        return stored.last_screen if stored and stored.last_screen else outcome.screen
    return outcome.screen


def _retention_years() -> int:
    """RETENTION_DAYS in whole years (at least one), as the privacy screen says it."""
    return max(1, round(int(current_app.config.get("RETENTION_DAYS", 730)) / 365))


def _language_of(session_id: str) -> str:
    try:
        row = sessions.load(session_id)
    except Exception:  # the database itself may be what failed
        db.session.rollback()
        return "sw"
    return ((row.state or {}).get("lang") if row else None) or "sw"


def _reply(screen: str, status: int = 200) -> Response:
    if septets(screen) > LIMIT:  # a layout bug must not make the operator drop the session
        current_app.logger.warning("USSD screen over %d characters: %r", LIMIT, screen)
        screen = screen[:LIMIT]
    return Response(screen, status=status, mimetype="text/plain")


@bp.post("/ussd/events")
@require_token
def events():
    """Record Africa's Talking's end-of-session notice: status, hops, duration."""
    session_id = request.form.get("sessionId", "").strip()
    if not session_id or len(session_id) > 80:
        return Response("sessionId is required", status=400, mimetype="text/plain")
    sessions.record_end(request.form)
    return Response("OK", mimetype="text/plain")
