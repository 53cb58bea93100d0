"""The domain core: every change to a feedback happens here, in one transaction that also
writes the timeline event and queues the citizen's notification.

Channels (web, SMS, USSD, API) and the staff workspace call these functions and nothing
else writes Feedback or Event rows or changes a status.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError

from . import notify, references, routing, sla
from .extensions import db
from .models import OPEN_STATUSES, Event, Feedback, Institution, StaffUser
from .timeutil import utcnow

# Allowed status changes; anything else is refused before a row is touched.
TRANSITIONS = {
    "new": {"in_progress", "awaiting_citizen", "resolved", "rejected"},
    "in_progress": {"awaiting_citizen", "resolved", "rejected"},
    "awaiting_citizen": {"in_progress", "resolved", "rejected"},
    "reopened": {"in_progress", "awaiting_citizen", "resolved", "rejected"},
    "resolved": {"closed", "reopened"},
    "closed": set(),
    "rejected": set(),
}
NEEDS_MESSAGE = {"resolved", "rejected", "awaiting_citizen"}
CITIZEN_TOLD = {"awaiting_citizen", "resolved", "rejected", "closed", "reopened"}


class FeedbackError(ValueError):
    """A requested change is not allowed; code says why, text() says it to a person."""

    TEXTS = {
        "transition": ("Hali hii haiwezi kubadilishwa kuwa {to} kutoka {frm}.",
                       "The status cannot change from {frm} to {to}."),
        "message_required": ("Andika ujumbe kwa mwananchi kwa hatua hii.",
                             "Write a message to the citizen for this step."),
        "closed": ("Mrejesho huu umefungwa.", "This feedback is closed."),
        "not_open": ("Mrejesho huu haupo wazi tena.", "This feedback is no longer open."),
        "same_institution": ("Tayari uko kwenye taasisi hii.",
                             "It is already with this institution."),
        "not_rateable": ("Unaweza kutoa alama baada ya kutatuliwa tu.",
                         "You can rate only after it is resolved."),
        "already_rated": ("Alama imeshatolewa.", "A rating has already been given."),
        "rating_range": ("Alama ni kati ya 1 na 5.", "The rating must be from 1 to 5."),
        "wrong_institution": ("Afisa huyu si wa taasisi hii.",
                              "This officer does not belong to this institution."),
        "empty_text": ("Andika ujumbe.", "Type a message."),
        "self_duplicate": ("Mrejesho hauwezi kuwa nakala yake wenyewe.",
                           "Feedback cannot duplicate itself."),
    }

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def text(self, lang: str = "sw") -> str:
        sw, en = self.TEXTS[self.code]
        return (en if lang == "en" else sw).format(**self.params)


@contextmanager
def _transaction():
    """Commit what the block did, or roll all of it back."""
    try:
        yield
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def _event(feedback: Feedback, type_: str, *, actor: StaffUser | None = None,
           citizen: bool = False, text: str | None = None, from_value: str | None = None,
           to_value: str | None = None, public: bool = False) -> Event:
    event = Event(
        feedback=feedback, type=type_, text=text, from_value=from_value, to_value=to_value,
        public=public, staff=actor,
        actor_type="citizen" if citizen else ("staff" if actor else "system"),
        created_at=utcnow(),
    )
    db.session.add(event)
    return event


def _require_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise FeedbackError("empty_text")
    return text


# --- citizens -----------------------------------------------------------------------------

def submit(data: dict, *, channel: str, source_key: str | None = None,
           attachment: dict | None = None) -> Feedback:
    """Create feedback from validated data (schemas.load_submission); idempotent on source_key."""
    if source_key:
        existing = db.session.scalar(db.select(Feedback).filter_by(source_key=source_key))
        if existing is not None:
            return existing
    institution = routing.route(data.get("institution"))
    now = utcnow()
    feedback = Feedback(
        reference=_unused_reference(), kind=data["kind"], channel=channel,
        institution=institution, subject=data.get("subject"), body=data["body"],
        status="new", language=data.get("language") or "sw",
        citizen_name=data.get("name"), citizen_phone=data.get("phone"),
        citizen_email=data.get("email"), anonymous=bool(data.get("anonymous")),
        created_at=now, updated_at=now,
        due_at=sla.add_working_days(now, institution.sla_for(data["kind"])),
        source_key=source_key, **_attachment_columns(attachment),
    )
    db.session.add(feedback)
    _event(feedback, "created", citizen=True, to_value=institution.code, public=True)
    notify.citizen(feedback, "received")
    try:
        db.session.commit()
    except IntegrityError:
        # Two deliveries of one message raced; the other one stored it.
        db.session.rollback()
        if source_key:
            existing = db.session.scalar(db.select(Feedback).filter_by(source_key=source_key))
            if existing is not None:
                return existing
        raise
    return feedback


def _unused_reference() -> str:
    while True:
        candidate = references.new_reference()
        if db.session.scalar(db.select(Feedback.id).filter_by(reference=candidate)) is None:
            return candidate


def _attachment_columns(attachment: dict | None) -> dict:
    if not attachment:
        return {}
    return {"attachment_path": attachment["path"], "attachment_name": attachment["name"],
            "attachment_mime": attachment["mime"]}


def find(reference: str) -> Feedback | None:
    """The feedback with this reference, typed with or without separators."""
    normalized = references.normalize(reference)
    if normalized is None:
        return None
    return db.session.scalar(db.select(Feedback).filter_by(reference=normalized))


def recent_for_phone(phone: str, limit: int = 5) -> list[Feedback]:
    """The newest feedback sent from this phone number (E.164), newest first."""
    return list(db.session.scalars(
        db.select(Feedback).filter_by(citizen_phone=phone)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(limit)
    ))


def follow_up(feedback: Feedback, text: str, *, channel: str, acknowledge: bool = True) -> None:
    """The citizen adds information; it resumes a paused clock or disputes a resolution."""
    text = _require_text(text)
    with _transaction():
        _event(feedback, "follow_up", citizen=True, text=text, to_value=channel)
        if feedback.status == "awaiting_citizen":
            _change_status(feedback, None, "in_progress", citizen=True)
        elif feedback.status == "resolved" and _within_dispute_window(feedback):
            _change_status(feedback, None, "reopened", citizen=True)
            notify.citizen(feedback, "reopened")
            return
        if acknowledge:
            notify.citizen(feedback, "follow_up")


def _within_dispute_window(feedback: Feedback) -> bool:
    days = current_app.config["DISPUTE_DAYS"]
    return feedback.resolved_at is not None and utcnow() - feedback.resolved_at <= timedelta(
        days=days
    )


def rate(feedback: Feedback, score: int, comment: str | None = None) -> None:
    """The citizen rates how their resolved feedback was handled (1-5, once)."""
    if feedback.status not in ("resolved", "closed"):
        raise FeedbackError("not_rateable")
    if feedback.rating is not None:
        raise FeedbackError("already_rated")
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise FeedbackError("rating_range")
    with _transaction():
        feedback.rating = score
        feedback.rating_comment = (comment or "").strip()[:500] or None
        _event(feedback, "rated", citizen=True, to_value=str(score),
               text=feedback.rating_comment)
        notify.citizen(feedback, "rated", text=str(score))


# --- officers -----------------------------------------------------------------------------

def record_view(feedback: Feedback, officer: StaffUser) -> None:
    """Note on the timeline the first time each officer opens the case."""
    seen = db.session.scalar(
        db.select(Event.id).filter_by(feedback_id=feedback.id, type="viewed", staff_id=officer.id)
    )
    if seen is None:
        with _transaction():
            _event(feedback, "viewed", actor=officer)


def reply(feedback: Feedback, officer: StaffUser, text: str) -> None:
    """Send the citizen a public reply; the first one starts work on a new item."""
    text = _require_text(text)
    if feedback.status in ("closed", "rejected"):
        raise FeedbackError("closed")
    with _transaction():
        _event(feedback, "reply", actor=officer, text=text, public=True)
        _first_response(feedback)
        if feedback.status in ("new", "reopened"):
            _change_status(feedback, officer, "in_progress")
        notify.citizen(feedback, "reply", text=text)


def note(feedback: Feedback, officer: StaffUser, text: str) -> None:
    """Add an internal note the citizen never sees."""
    text = _require_text(text)
    with _transaction():
        _event(feedback, "note", actor=officer, text=text)


def assign(feedback: Feedback, officer: StaffUser, assignee: StaffUser | None) -> None:
    """Give the case to an officer of its institution (or take it back to the pool)."""
    if not feedback.is_open:
        raise FeedbackError("not_open")
    if assignee is not None and assignee.institution_id != feedback.institution_id:
        raise FeedbackError("wrong_institution")
    with _transaction():
        previous = feedback.assigned_to
        feedback.assigned_to = assignee
        _event(feedback, "assigned", actor=officer,
               from_value=previous.name if previous else None,
               to_value=assignee.name if assignee else None)
        if assignee is not None and feedback.status in ("new", "reopened"):
            _change_status(feedback, officer, "in_progress")


def set_status(feedback: Feedback, actor: StaffUser | None, status: str,
               message: str | None = None) -> None:
    """Move the case along its lifecycle; resolving, rejecting or asking needs a message."""
    message = (message or "").strip() or None
    _check_transition(feedback.status, status)
    if status in NEEDS_MESSAGE and not message:
        raise FeedbackError("message_required")
    with _transaction():
        _change_status(feedback, actor, status, text=message)
        if message and status in NEEDS_MESSAGE:
            _first_response(feedback)
        if status in CITIZEN_TOLD:
            notify.citizen(feedback, status, text=message or "")


def transfer(feedback: Feedback, actor: StaffUser | None, institution: Institution,
             reason: str) -> None:
    """Move the case to another institution's queue as new; the citizen is told who."""
    reason = _require_text(reason)
    if not feedback.is_open:
        raise FeedbackError("not_open")
    if institution.id == feedback.institution_id:
        raise FeedbackError("same_institution")
    with _transaction():
        now = utcnow()
        previous = feedback.institution
        _event(feedback, "transferred", actor=actor, from_value=previous.code,
               to_value=institution.code, text=reason, public=True)
        if feedback.status != "new":
            _event(feedback, "status", actor=actor, from_value=feedback.status, to_value="new")
        feedback.institution = institution
        feedback.status = "new"
        feedback.assigned_to = None
        feedback.paused_at = None
        feedback.escalation_level = 0
        feedback.overdue_flagged_at = None
        feedback.escalated_at = None
        feedback.due_at = sla.add_working_days(now, institution.sla_for(feedback.kind))
        notify.citizen(feedback, "transferred")


def mark_duplicate(feedback: Feedback, officer: StaffUser, original: Feedback) -> None:
    """Reject the case as a duplicate of another, telling the citizen which reference."""
    if original.id == feedback.id:
        raise FeedbackError("self_duplicate")
    _check_transition(feedback.status, "rejected")
    reason = f"{original.reference}"
    with _transaction():
        feedback.duplicate_of_id = original.id
        _event(feedback, "duplicate", actor=officer, to_value=original.reference)
        text = {"sw": f"Ni nakala ya mrejesho {reason}.",
                "en": f"It duplicates feedback {reason}."}[feedback.language]
        _change_status(feedback, officer, "rejected", text=text)
        notify.citizen(feedback, "rejected", text=text)


# --- the system ---------------------------------------------------------------------------

def record_delivery(feedback: Feedback | None, status: str, detail: str | None = None) -> None:
    """Put an SMS delivery outcome on the feedback's timeline (caller commits)."""
    if feedback is not None:
        _event(feedback, "sms_delivery", to_value=status, text=detail)


def escalate_overdue(now: datetime | None = None) -> dict:
    """Flag overdue open items, escalate those overdue past the grace period, close old
    resolved items nobody disputed. Safe to run as often as you like."""
    now = now or utcnow()
    grace = current_app.config["ESCALATION_GRACE_DAYS"]
    counts = {"flagged": 0, "escalated": 0, "closed": 0}
    overdue = db.session.scalars(
        db.select(Feedback).where(
            Feedback.status.in_(OPEN_STATUSES), Feedback.status != "awaiting_citizen",
            Feedback.due_at < now,
        )
    )
    for feedback in overdue:
        with _transaction():
            if feedback.overdue_flagged_at is None:
                feedback.overdue_flagged_at = now
                _event(feedback, "overdue", to_value=feedback.institution.code)
                counts["flagged"] += 1
            elif (feedback.escalated_at is None
                  and sla.working_days_between(feedback.due_at, now) >= grace
                  and feedback.institution.parent_id is not None):
                feedback.escalation_level += 1
                feedback.escalated_at = now
                _event(feedback, "escalated", from_value=feedback.institution.code,
                       to_value=feedback.institution.parent.code, public=True)
                counts["escalated"] += 1
    cutoff = now - timedelta(days=current_app.config["DISPUTE_DAYS"])
    stale = db.session.scalars(
        db.select(Feedback).where(Feedback.status == "resolved", Feedback.resolved_at < cutoff)
    )
    for feedback in stale:
        with _transaction():
            _change_status(feedback, None, "closed")
            notify.citizen(feedback, "closed")
            counts["closed"] += 1
    return counts


# --- helpers ------------------------------------------------------------------------------

def _check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, set()):
        raise FeedbackError("transition", frm=current, to=target)


def _first_response(feedback: Feedback) -> None:
    if feedback.first_response_at is None:
        feedback.first_response_at = utcnow()


def _change_status(feedback: Feedback, actor: StaffUser | None, status: str, *,
                   text: str | None = None, citizen: bool = False) -> None:
    """Apply a checked status change and its clock effects; caller holds the transaction."""
    _check_transition(feedback.status, status)
    now = utcnow()
    previous = feedback.status
    if previous == "awaiting_citizen" and feedback.paused_at is not None:
        paused = sla.working_days_between(feedback.paused_at, now)
        feedback.due_at = sla.add_working_days(feedback.due_at, paused)
        feedback.paused_at = None
    if status == "awaiting_citizen":
        feedback.paused_at = now
    if status == "resolved":
        feedback.resolved_at = now
    if status == "reopened":
        feedback.resolved_at = None
        feedback.due_at = max(feedback.due_at, sla.add_working_days(now, 3))
    if status in ("closed", "rejected"):
        feedback.closed_at = now
    feedback.status = status
    feedback.updated_at = now
    _event(feedback, "status", actor=actor, citizen=citizen, from_value=previous,
           to_value=status, text=text, public=True)
