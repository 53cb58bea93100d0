"""What the menu asks of the database, done through the core: submit, track, recent, remember
the caller's language, and act on one of the caller's own items (answer, add, dispute, rate).

Results are plain dicts, so the pure menu never sees a model object. An act is checked here
again, on the locked row and against the caller's phone: the menu's state says which item
and what may be done, but a state is only what the session stored, so it is never trusted.
"""
from __future__ import annotations

from datetime import timedelta

from mrejesho import feedback as core
from mrejesho import intake, preferences, reference
from mrejesho.extensions import db
from mrejesho.feedback import FeedbackError
from mrejesho.lifecycle import OPEN, RESOLVED, Status
from mrejesho.models import District, Event, Feedback, Region
from mrejesho.timeutil import to_local, utcnow

from .menu import Action
from .render import ACTS
from .screens import shorten

RECENT_LIMIT = 5
QUESTION_WIDTH = 120  # of the officer's question kept in the session state
# A raced or retried confirmation of the same text within this long adds it once.
REPEAT_WINDOW = timedelta(minutes=10)


def perform(action: Action, session_id: str, phone: str | None):
    """Do the action for this session and caller; returns what menu.complete() expects."""
    if action.name == "track":
        found = core.find(action.args["reference"])
        return summary(found, phone) if found else None
    if action.name == "recent":
        if not phone:
            return []
        return [summary(item, phone) for item in core.recent_for_phone(phone, RECENT_LIMIT)]
    if action.name == "language":
        if phone:
            preferences.remember(phone, language=action.args["language"])
        return None
    if action.name in ACTS:
        return _act(action, phone)
    return _submit(action.args, session_id, phone)


def _submit(args: dict, session_id: str, phone: str | None) -> dict:
    try:
        # The session id makes a retried or raced final step return the same feedback.
        item = intake.take({**args, "phone": phone}, channel="ussd",
                           source_key=f"ussd:{session_id}")
    except intake.Rejected as exc:
        return {"error": exc.first}
    return {"reference": item.reference, "sms": bool(item.citizen_phone),
            "feedback_id": item.id}


def summary(item: Feedback, phone: str | None = None) -> dict:
    """What the menu shows of a feedback: no personal data, nothing of the message; to the
    phone that sent it, also what it may do now and the officer's question it awaits."""
    shown = {"reference": item.reference, "kind": item.kind,
             "institution": item.institution.code, "status": item.status,
             "date": to_local(item.created_at).strftime("%d/%m/%Y")}
    if _is_theirs(item, phone):
        shown["can"] = allowed(item)
        if item.status == Status.AWAITING_CITIZEN:
            shown["question"] = shorten(_question(item), QUESTION_WIDTH)
    return shown


def allowed(item: Feedback) -> list[str]:
    """What the citizen may do with this item now, as the core would take it: answer the
    question it awaits, add to it while open, dispute its resolution within the window,
    rate it once resolved."""
    acts = [act for act in ACTS if _may(act, item)]
    return ["answer"] if "answer" in acts else acts


def _may(act: str, item: Feedback) -> bool:
    if act == "answer":
        return item.status == Status.AWAITING_CITIZEN
    if act == "add":
        return item.status in OPEN
    if act == "dispute":
        # The very rule core.follow_up applies when it reopens (it has no public name yet).
        return core.within_dispute_window(item)
    return item.status in RESOLVED and item.rating is None


def _act(action: Action, phone: str | None) -> dict:
    """Answer, add, dispute or rate: only the caller's own item, only what it allows now."""
    item = core.find(str(action.args.get("reference") or ""))
    if item is None or not _is_theirs(item, phone):
        return {"error": "error.not_found"}  # the same whether it exists or not
    item = core.lock(item)  # checked on the row as it is now, held until the commit
    done = {"reference": item.reference}
    if action.name == "rate":
        score = action.args.get("score")
        if item.rating is not None and item.rating == score:
            return done  # a retried confirmation
        try:
            core.rate(item, score)
        except FeedbackError as exc:
            return {"error": exc.code}
        return done
    text = str(action.args.get("text") or "")
    if _repeated(item, text):
        return done
    # An answer to an item no longer awaiting one is still information added while open.
    act = "add" if action.name == "answer" else action.name
    if not _may(act, item):
        return {"error": _refusal(act, item)}
    try:
        core.follow_up(item, text, channel="ussd")
    except FeedbackError as exc:
        return {"error": exc.code}
    return done


def _refusal(act: str, item: Feedback) -> str:
    if act == "dispute" and item.status == Status.RESOLVED:
        return "error.dispute_window"
    return "closed" if item.status == Status.CLOSED else "not_open"


def _repeated(item: Feedback, text: str) -> bool:
    """Whether this very text came by USSD a moment ago (a twin request of one step)."""
    return db.session.scalar(
        db.select(Event.id).where(
            Event.feedback_id == item.id, Event.type == "follow_up", Event.to_value == "ussd",
            Event.text == text.strip(), Event.created_at >= utcnow() - REPEAT_WINDOW)
        .limit(1)
    ) is not None


def _question(item: Feedback) -> str:
    """What the officer asked when the item was put to await the citizen."""
    return db.session.scalar(
        db.select(Event.text)
        .where(Event.feedback_id == item.id, Event.type == "status", Event.public.is_(True),
               Event.text.is_not(None), Event.to_value == Status.AWAITING_CITIZEN)
        .order_by(Event.id.desc()).limit(1)
    ) or ""


def _is_theirs(item: Feedback, phone: str | None) -> bool:
    return bool(phone) and item.citizen_phone == phone


def caller(phone: str | None) -> tuple[str, str | None, str | None, bool]:
    """What is known of this phone (mrejesho.preferences): the language (else Swahili), the
    region and district keys it last wrote about (else None), and whether it asked by SMS to
    stay anonymous by default."""
    if not phone:
        return "sw", None, None, False
    known = preferences.get(phone)
    keys = reference.current().derived("ussd.place_keys", _place_keys)
    return (known.language or "sw", keys["region"].get(known.region_id),
            keys["district"].get(known.district_id), known.anonymous)


def _place_keys(_snapshot) -> dict[str, dict[int, str]]:
    return {name: dict(db.session.execute(db.select(model.id, model.key)).all())
            for name, model in (("region", Region), ("district", District))}
